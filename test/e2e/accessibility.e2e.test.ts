import AxeBuilder from '@axe-core/playwright'
import { e2eTest } from './support/fixtures'
import type { Page } from 'playwright-core'
import { connectionsPage } from './pages/connections-page'

const test = e2eTest({ demoProfiles: 2000 })

async function serious(page: Page, screen: string) {
  const r = await new AxeBuilder({ page: page }).analyze()
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  return bad.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')}`)
}

describe('accessibility (axe-core) on every screen', () => {
  test('has no serious or critical violations, in light and dark themes', async ({ bridge, browser }) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    await page.goto(bridge.launchUrl)
    await page.getByTestId('tenant-item').first().waitFor()
    const found: string[] = []
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme-select').selectOption(theme)
      await page.getByTestId('tab-overview').click()
      found.push(...(await serious(page, `${theme}/tenant`)))
      await page.getByTestId('tab-integration').click()
      await page.getByTestId('integration-editor').waitFor()
      found.push(...(await serious(page, `${theme}/integration`)))
      const c = connectionsPage(page)
      await c.open()
      await c.loaded()
      await page.locator('[data-testid=conn-row]').nth(4).click()
      await page.getByTestId('conn-diagnosis').waitFor()
      found.push(...(await serious(page, `${theme}/connections`)))
      await page.getByTestId('tab-decoder').click()
      await page.getByTestId('dec-input').fill('426')
      found.push(...(await serious(page, `${theme}/decoder`)))
      await page.getByTestId('tab-audit').click()
      found.push(...(await serious(page, `${theme}/audit`)))
      await page.getByTestId('tab-compare').click()
      found.push(...(await serious(page, `${theme}/compare`)))
      await page.keyboard.press('Control+k')
      await page.getByTestId('palette').waitFor()
      found.push(...(await serious(page, `${theme}/palette`)))
      await page.keyboard.press('Escape')
      await page.getByTestId('add-tenant').click()
      found.push(...(await serious(page, `${theme}/add-tenant`)))
      await page.getByRole('button', { name: 'Cancel' }).click()
      await page.getByTestId('open-onboarding').click()
      await page.getByTestId('wizard-account').waitFor()
      found.push(...(await serious(page, `${theme}/onboarding`)))
      await page.getByRole('button', { name: 'Close (progress is kept)' }).click()
    }
    expect(found).toEqual([])
    await context.close()
  })
})
