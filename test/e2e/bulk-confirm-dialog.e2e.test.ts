import { connectionsPage } from './pages/connections-page'
import { e2eTest } from './support/fixtures'

const test = e2eTest({ demoProfiles: 2000 })
// Bulk reconnect asks before it acts, in a native modal dialog; Esc cancels and gives the focus back to the button.
test('the bulk reconnect confirmation is a modal dialog that Esc cancels, returning the focus to its button, at 1440x900 and 1280x720', async ({ bridge, browser }) => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
    const page = await browser.newPage({ viewport })
    await page.goto(bridge.launchUrl)
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    await page.getByTestId('conn-search').fill('user-0000')
    await page.getByTestId('conn-select-broken').click()
    const opener = page.getByTestId('conn-bulk-reconnect')
    await opener.click()
    const d = page.getByTestId('conn-bulk-confirm')
    await d.waitFor()
    expect(await d.evaluate((x) => x.tagName === 'DIALOG' && x.matches(':modal'))).toBe(true)
    await page.screenshot({ path: `test-results/screenshots/modal-bulk-confirm-${viewport.width}x${viewport.height}.png` })
    await page.keyboard.press('Escape')
    await d.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conn-bulk-reconnect')
    await page.close()
  }
})
