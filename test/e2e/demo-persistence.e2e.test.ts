import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { e2eTest } from './support/fixtures'
import { connectionsPage } from './pages/connections-page'
import { integrationPage } from './pages/integration-page'

// Issue 16 item 12: the Demo environment keeps its state across restarts unless the operator resets it,
// and a restored draft whose base version the reset removed says so.

const test = e2eTest({ demoProfiles: 200 })

describe('the Demo environment across restarts', () => {
  test('keeps a disconnect and a saved integration after a restart; a reset starts over, and the draft says its base version is gone', async ({ bridge, browser }) => {
    let page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(bridge.launchUrl)
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    // user-0000013 is a connected seed user: disconnect them.
    await page.getByTestId('conn-search').fill('user-0000013')
    await c.row('user-0000013').click()
    await page.getByTestId('conn-disconnect').click()
    await page.getByTestId('conn-disconnect-submit').click()
    await expect.poll(() => page.locator('[data-testid=conn-detail] .conn-pill').getAttribute('data-state')).toBe('disconnected')

    // Save the integration with one more whitelist entry (version 2), then start an unsaved edit (a draft on version 2).
    const ed = integrationPage(page)
    await ed.open()
    await ed.addWhitelist('https://demo-app.example/kept')
    await ed.reviewAndSave()
    await ed.addWhitelist('https://demo-app.example/draft-only')
    // Main has it (the status line may still show the time of the draft kept before the save).
    await expect.poll(() => readFile(join(bridge.userDataDir, 'drafts.json'), 'utf8').catch(() => '')).toContain('draft-only')
    await page.close()

    // Restart the app on the same data folder and keychain.
    await bridge.restart()
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(bridge.launchUrl)
    const c2 = connectionsPage(page)
    await c2.open()
    await c2.loaded()
    await page.getByTestId('conn-search').fill('user-0000013')
    await expect.poll(() => c2.visibleStates()).toEqual(['disconnected'])
    await integrationPage(page).open()
    await page.getByTestId('draft-restored').waitFor()
    // The draft's base (version 2) still exists: no warning.
    expect(await page.getByTestId('draft-base-gone').count()).toBe(0)

    // The operator asks for a reset: the Demo starts over from its seed.
    await page.getByTestId('tab-overview').click()
    await page.getByTestId('demo-reset').click()
    await page.getByTestId('demo-reset-confirm').click()
    await expect.poll(() => page.getByTestId('demo-reset-done').textContent()).toContain('reset to its seed')
    await integrationPage(page).open()
    await expect.poll(() => page.getByTestId('draft-base-gone').textContent()).toContain('version 2')
    expect(await page.getByTestId('draft-base-gone').textContent()).toContain('version 1 now')
    await page.screenshot({ path: 'test-results/screenshots/draft-base-gone.png' })
    const c3 = connectionsPage(page)
    await c3.open()
    await c3.loaded()
    await page.getByTestId('conn-search').fill('user-0000013')
    await expect.poll(() => c3.visibleStates()).toEqual(['connected'])
    await page.close()
  })
})
