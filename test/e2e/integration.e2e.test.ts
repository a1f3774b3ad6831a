import { mkdir, readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import type { BridgeProcess } from './support/bridge-process'
import { e2eTest } from './support/fixtures'
import { domDump, recordPage } from './support/browser'
import { tenantsPage } from './pages/tenants-page'
import { integrationPage } from './pages/integration-page'
import { canary } from './support/canary'

const SHOTS = 'test-results/screenshots'
const OURA_SECRET = canary.acmeOuraSecret
const ENABLED_ON_APP = ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2']

const test = e2eTest({ demoProfiles: 500 })
beforeAll(() => mkdir(SHOTS, { recursive: true }))

async function openAcme(page: Page, b: BridgeProcess) {
  await page.goto(b.launchUrl)
  const ui = tenantsPage(page)
  await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
  if (!(await ui.tenantNames()).includes('Acme Demo')) {
    await ui.addTenant({ name: 'Acme Demo', environment: 'demo', clientId: 'acme-account-client-id', secret: canary.acmeAccountSecret })
  }
  await ui.select('Acme Demo')
}

describe('Oura integration editor (seed steps 1 and 2)', () => {
  test('creates an integration: the scope mismatch blocks the save until fixed; saved config survives a reload', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } })
    const rec = recordPage(page)
    await openAcme(page, bridge)
    const ed = integrationPage(page)
    await ed.open()
    // Step 1: the callback URL of this environment, ready to copy.
    expect(await ed.callbackUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/integration\/oauth\/oura\/callback$/)
    // A new integration starts with all 11 scopes selected, as Sahha does: the mismatch shows at once.
    expect(await page.locator('[data-testid^=scope-request-]:checked').count()).toBe(11)
    expect(await ed.scopeIssues().textContent()).toMatch(/not enabled on your Oura app/)
    await page.screenshot({ path: `${SHOTS}/editor-new-mismatch.png`, fullPage: true })

    await page.getByTestId('oura-client-id').fill('ACME-OURA-CLIENT-ID')
    await page.getByTestId('oura-client-secret').fill(OURA_SECRET)
    await ed.addWhitelist('javascript:alert(1)')
    expect(await page.getByTestId('whitelist-entry-error-0').textContent()).toMatch(/never allowed/)
    // Look-alike hosts are refused as typed, with Chromium's own URL parser: the message names what is wrong.
    await page.getByTestId('whitelist-input-0').fill('https://\u0430cme.example/oura/done')
    expect(await page.getByTestId('whitelist-entry-error-0').textContent()).toMatch(/mixes Latin and Cyrillic letters \("\u0430" \(U\+0430\) is Cyrillic\)/)
    await page.getByTestId('whitelist-input-0').fill('https://acme.example./oura/done')
    expect(await page.getByTestId('whitelist-entry-error-0').textContent()).toMatch(/Remove the dot at the end of "acme\.example\."/)
    await page.getByTestId('whitelist-editor').screenshot({ path: `${SHOTS}/editor-whitelist-refusal.png` })
    await page.getByTestId('whitelist-input-0').fill('https://acme.example/oura/done')
    await ed.addWhitelist('com.acme.app:/oauth')
    for (const s of ENABLED_ON_APP) await ed.setOnApp(s, true)
    // Still blocked: stress, ring_configuration and heart_health are requested but not on the app.
    expect(await ed.blocked().textContent()).toMatch(/ring_configuration, stress, heart_health/)
    expect(await page.getByTestId('review-save').isDisabled()).toBe(true)
    await page.getByTestId('scopes-editor').screenshot({ path: `${SHOTS}/editor-blocked.png` })
    for (const s of ['ring_configuration', 'stress', 'heart_health']) await ed.setRequested(s, false)
    expect(await page.getByTestId('save-blocked').count()).toBe(0)

    await page.getByTestId('review-save').click()
    await page.getByTestId('preflight-result').waitFor()
    expect(await page.getByTestId('diff').textContent()).toContain('New integration with client ID ACME-OURA-CLIENT-ID')
    for (const id of ['whitelist', 'scopes', 'redirect_uri', 'provider_scopes', 'credentials']) {
      expect(await page.getByTestId(`preflight-${id}`).getAttribute('data-status'), id).toBe('pass')
    }
    await page.getByTestId('save-section').screenshot({ path: `${SHOTS}/editor-review.png` })
    await page.getByTestId('confirm-save').click()
    await page.getByTestId('saved').waitFor()

    await page.reload()
    await tenantsPage(page).select('Acme Demo')
    await ed.open()
    expect(await page.locator('.hint', { hasText: 'version 1' }).count()).toBe(1)
    expect(await ed.whitelistValues()).toEqual(['https://acme.example/oura/done', 'com.acme.app:/oauth'])
    expect(await page.getByTestId('default-badge').count()).toBe(1)
    expect(await page.getByTestId('oura-secret-status').textContent()).toMatch(/Set at Sahha/)
    // The URL tester answers Sahha's rule.
    await page.getByTestId('url-tester-input').fill('HTTPS://ACME.example/oura/done')
    await page.getByTestId('url-tester-run').click()
    expect(await page.getByTestId('url-tester-result').textContent()).toMatch(/matches entry 1/)
    await page.getByTestId('url-tester-input').fill('https://acme.example/other')
    await page.getByTestId('url-tester-run').click()
    expect(await page.getByTestId('url-tester-result').textContent()).toMatch(/refuse/)
    // A fullwidth "ａ" would become "a" under IDNA: the tester refuses it rather than matching entry 1.
    await page.getByTestId('url-tester-input').fill('https://\uff41cme.example/oura/done')
    await page.getByTestId('url-tester-run').click()
    expect(await page.getByTestId('url-tester-result').textContent()).toMatch(/Sahha would refuse this redirectUrl: The host contains "\uff41" \(U\+FF41\), which IDNA silently changes to "a"/)

    // Rotating the secret (the portal's value pasted again): the impact first, then keychain and Sahha only.
    await page.getByTestId('replace-secret').click()
    await expect.poll(() => page.getByTestId('impact-preview').textContent()).toMatch(/of \d[\d,]* connections are live/)
    // A native modal dialog, with the focus in its secret field.
    expect(await page.getByTestId('replace-secret-dialog').evaluate((d) => d.tagName === 'DIALOG' && d.matches(':modal'))).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-secret')
    const before = page.viewportSize()
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(viewport)
      await page.screenshot({ path: `${SHOTS}/modal-replace-secret-${viewport.width}x${viewport.height}.png` })
    }
    if (before) await page.setViewportSize(before)
    await page.getByTestId('new-secret').fill(OURA_SECRET)
    await page.getByTestId('replace-secret-submit').click()
    await page.getByTestId('replace-secret-dialog').waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('oura-secret-status').textContent()).toMatch(/Set at Sahha.*in this keychain/)
    await expect.poll(() => page.locator('.hint', { hasText: 'version 2' }).count()).toBe(1)

    await rec.settle()
    expect(rec.errors).toEqual([])
    for (const body of rec.bodies) expect(body).not.toContain(OURA_SECRET)
    expect(await domDump(page)).not.toContain(OURA_SECRET)
    expect(await readFile(bridge.logPath, 'utf8')).not.toContain(OURA_SECRET)
    const audit = await readFile(`${bridge.userDataDir}/audit-log.jsonl`, 'utf8')
    expect(audit).toContain('integration.create')
    expect(audit).toContain('integration.preflight')
    expect(audit).toContain('integration.replaceSecret')
    expect(audit).not.toContain(OURA_SECRET)
    await page.close()
  })

  test('keeps the draft through a killed main process and restores it after restart', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } })
    await openAcme(page, bridge)
    const ed = integrationPage(page)
    await ed.open()
    await ed.addWhitelist('https://acme.example/second')
    await expect.poll(() => page.getByTestId('draft-status').textContent()).toMatch(/Draft kept/)
    const drafts = await readFile(`${bridge.userDataDir}/drafts.json`, 'utf8')
    expect(drafts).toContain('https://acme.example/second')
    expect(drafts).not.toContain(OURA_SECRET)
    await bridge.restart('SIGKILL')
    await page.goto(bridge.launchUrl)
    await tenantsPage(page).select('Acme Demo')
    await ed.open()
    await page.getByTestId('draft-restored').waitFor()
    expect(await ed.whitelistValues()).toContain('https://acme.example/second')
    await page.screenshot({ path: `${SHOTS}/editor-draft-restored.png`, fullPage: true })
    await page.close()
  })

  test('exports a config without secrets and imports it into a new tenant, asking for the secret', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } })
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
    await ui.select('Demo tenant')
    const ed = integrationPage(page)
    await ed.open()
    // Changing the client ID: the review first counts the live connections that would have to reconnect.
    const clientId = await page.getByTestId('oura-client-id').inputValue()
    await page.getByTestId('oura-client-id').fill('ANOTHER-OURA-CLIENT-ID')
    await page.getByTestId('review-save').click()
    await expect.poll(() => page.getByTestId('impact').textContent()).toMatch(/^[1-9][\d,]* live connections would need to reconnect after this client ID change/)
    await page.getByRole('button', { name: 'Back to editing' }).click()
    await page.getByTestId('oura-client-id').fill(clientId)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('config-export').click()])
    const path = await download.path()
    const text = await readFile(path, 'utf8')
    const exported = JSON.parse(text)
    expect(exported.integrations[0]).toMatchObject({ provider: 'oura', clientId: 'DEMO-OURA-CLIENT-ID', clientSecret: 'TO BE ENTERED' })
    expect(text).not.toContain('demo-oura-secret')

    // The Demo keeps its state across restarts: the Acme account still holds the first test's integration.
    // Start the Demo over so Acme Copy is a new integration, as on a fresh account.
    await page.getByTestId('tab-overview').click()
    await page.getByTestId('demo-reset').click()
    await page.getByTestId('demo-reset-confirm').click()
    await page.getByTestId('demo-reset-done').waitFor()
    await ui.addTenant({ name: 'Acme Copy', environment: 'demo', clientId: 'acme-account-client-id', secret: canary.acmeAccountSecret })
    await ed.open()
    await page.getByTestId('config-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(text.replace('"TO BE ENTERED"', '"real-secret-in-file"')) })
    expect(await page.getByTestId('config-import-errors').textContent()).toMatch(/integrations\.0\.clientSecret/)
    await page.getByTestId('config-import').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(text) })
    expect(await page.getByTestId('config-import-preview').textContent()).toContain('New integration with client ID DEMO-OURA-CLIENT-ID')
    await page.getByTestId('config-import-load').click()
    expect(await ed.whitelistValues()).toEqual(exported.integrations[0].redirectUrlWhitelist)
    expect(await page.locator('[data-testid^=scope-request-]:checked').count()).toBe(exported.integrations[0].scopes.length)
    // The secret is asked for, never imported.
    expect(await page.getByTestId('oura-client-secret').inputValue()).toBe('')
    await page.getByTestId('review-save').click()
    await page.getByTestId('preflight-result').waitFor()
    await page.getByTestId('confirm-save').click()
    expect(await page.getByRole('alert').first().textContent()).toMatch(/client secret/)
    await page.getByTestId('oura-client-secret').fill(canary.demoOuraSecret)
    await ed.reviewAndSave()
    await page.reload()
    await ui.select('Acme Copy')
    await ed.open()
    expect(await ed.whitelistValues()).toEqual(exported.integrations[0].redirectUrlWhitelist)
    await page.close()
  })
})

