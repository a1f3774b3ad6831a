import keytar from 'keytar'
import { e2eTest } from './support/fixtures'
import { tenantsPage } from './pages/tenants-page'

// Issue 16 item 8: a missing keychain entry and a locked keychain are told apart, in the same words
// on the Tenant page and on the Integration page.

const test = e2eTest({ demoProfiles: 200 })

describe('keychain wording', () => {
  test('a deleted keychain entry reads "not in this keychain" on the Tenant page and on the Integration page, never "locked"', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await expect.poll(() => ui.secretStatus().getAttribute('data-state')).toBe('set')
    // The operator (or another tool) deletes both Demo entries from the OS keychain while the app runs.
    const entries = await keytar.findCredentials(bridge.keychainService)
    expect(entries.length).toBeGreaterThanOrEqual(2)
    for (const e of entries) await keytar.deletePassword(bridge.keychainService, e.account)

    await page.reload()
    await expect.poll(() => ui.secretStatus().getAttribute('data-state')).toBe('missing')
    const tenantText = (await ui.secretStatus().textContent())!
    expect(tenantText).toContain('not in this keychain')
    expect(tenantText).not.toMatch(/unlock|locked|unavailable/i)

    await page.getByTestId('tab-integration').click()
    await expect.poll(() => page.getByTestId('oura-secret-status').textContent()).toContain('not in this keychain')
    expect(await page.getByTestId('oura-secret-status').textContent()).not.toMatch(/unlock|locked|unavailable/i)
    await page.close()
  })
})
