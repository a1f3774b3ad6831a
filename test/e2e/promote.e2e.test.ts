import { tenantsPage } from './pages/tenants-page'
import { e2eTest } from './support/fixtures'
import { canary } from './support/canary'

const test = e2eTest({ demoProfiles: 300 })

describe('compare and promote', () => {
  test('shows the exact difference between two tenants, applies it, and then finds them the same', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } })
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
    await ui.addTenant({ name: 'Acme Target', environment: 'demo', clientId: 'acme-account-client-id', secret: canary.acmeAccountSecret })
    await ui.select('Demo tenant')
    await page.getByTestId('tab-compare').click()
    await page.getByTestId('compare-other').selectOption({ label: 'Acme Target (demo)' })
    await page.getByTestId('compare-diff').waitFor()
    const diff = await page.getByTestId('compare-diff').locator('li').allTextContents()
    expect(diff).toEqual([
      'New integration with client ID DEMO-OURA-CLIENT-ID',
      'Scopes: email, personal, daily, heartrate, workout, tag, session, spo2',
      'Whitelist: https://demo-app.example/integrations/callback, com.example.demo:/oauth'
    ])
    expect(await page.getByTestId('compare-secrets').textContent()).toMatch(/Cannot tell/)
    await page.screenshot({ path: 'test-results/screenshots/compare.png' })
    await page.getByTestId('promote-submit').click()
    await page.getByTestId('promote-done').waitFor()
    await page.getByTestId('compare-same').waitFor()
    expect(await page.getByTestId('compare-secrets').textContent()).toBe('Same in both')
    await page.close()
  })
})
