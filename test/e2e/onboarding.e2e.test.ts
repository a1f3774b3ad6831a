import { e2eTest } from './support/fixtures'
import { integrationPage } from './pages/integration-page'
import { consentThrough } from './pages/consent-page'
import { canary } from './support/canary'

const test = e2eTest({ demoProfiles: 300 })

describe('onboarding wizard', () => {
  test('takes a new Demo tenant from nothing to a connected test user, resuming after a restart midway', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } })
    await page.goto(bridge.launchUrl)
    await page.getByTestId('open-onboarding').click()
    // 1. Account: saved to the keychain and checked against Sahha.
    await page.getByTestId('wizard-name').fill('Acme Onboard')
    await page.getByTestId('wizard-env').selectOption('demo')
    await page.getByTestId('wizard-client-id').fill('acme-account-client-id')
    await page.getByTestId('wizard-client-secret').fill(canary.acmeAccountSecret)
    await page.getByTestId('wizard-account-next').click()
    await page.getByTestId('wizard-portal').waitFor()
    // 2. The Oura portal: callback URL, checklist, and the 10-user cap warning.
    expect(await page.getByTestId('callback-url').textContent()).toMatch(/\/api\/v1\/integration\/oauth\/oura\/callback$/)
    expect(await page.getByTestId('wizard-portal').textContent()).toMatch(/at most 10 users can connect/)
    await page.getByTestId('wizard-portal-done').check()
    await page.getByTestId('wizard-portal-next').click()
    await page.getByTestId('wizard-integration').waitFor()

    // Restart the app midway: the wizard resumes at step 3.
    await bridge.restart('SIGKILL')
    await page.goto(bridge.launchUrl)
    await page.getByTestId('open-onboarding').click()
    expect(await page.getByTestId('wizard').getAttribute('data-step')).toBe('3')
    await page.getByTestId('wizard-resumed').waitFor()

    // 3. The integration, with the editor's checks.
    const ed = integrationPage(page)
    await page.getByTestId('oura-client-id').fill('ACME-OURA-CLIENT-ID')
    await page.getByTestId('oura-client-secret').fill(canary.acmeOuraSecret)
    for (const s of ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2']) await ed.setOnApp(s, true)
    for (const s of ['ring_configuration', 'stress', 'heart_health']) await ed.setRequested(s, false)
    await ed.addWhitelist('https://acme.example/onboarded')
    await ed.reviewAndSave()
    await expect.poll(() => page.getByTestId('wizard-integration-next').isEnabled()).toBe(true)
    await page.getByTestId('wizard-integration-next').click()

    // 4. A test user through the (simulated) Oura consent page.
    await page.getByTestId('wizard-test-start').click()
    const url = (await page.getByTestId('wizard-test-url').textContent())!
    // The link can be copied to hand to the test user (issue 16 item 11).
    expect(await page.getByTestId('wizard-test-copy').textContent()).toBe('Copy')
    await consentThrough(browser, url, 'approve', { returnsTo: 'https://acme.example/onboarded' })
    await page.getByTestId('wizard-test-check').click()
    await page.getByTestId('wizard-done').waitFor()
    await page.screenshot({ path: 'test-results/screenshots/onboarding-done.png' })
    await page.getByTestId('wizard-finish').click()
    expect(await page.locator('[data-testid=tenant-item]', { hasText: 'Acme Onboard' }).count()).toBe(1)
    await page.close()
  })
})
