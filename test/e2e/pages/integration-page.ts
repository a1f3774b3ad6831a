import type { Page } from 'playwright-core'

/** Page model of the Oura integration editor. */
export function integrationPage(page: Page) {
  return {
    async open() {
      await page.getByTestId('tab-integration').click()
      await page.getByTestId('integration-editor').waitFor()
    },
    callbackUrl: () => page.getByTestId('callback-url').textContent(),
    scopeIssues: () => page.getByTestId('scope-issues'),
    blocked: () => page.getByTestId('save-blocked'),
    async setRequested(scope: string, on: boolean) {
      await page.getByTestId(`scope-request-${scope}`).setChecked(on)
    },
    async setOnApp(scope: string, on: boolean) {
      await page.getByTestId(`scope-app-${scope}`).setChecked(on)
    },
    async addWhitelist(url: string) {
      await page.getByTestId('whitelist-add').click()
      const inputs = page.locator('[data-testid^=whitelist-input-]')
      await inputs.last().fill(url)
    },
    whitelistValues: () => page.locator('[data-testid^=whitelist-input-]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    async reviewAndSave(opts: { confirmName?: string } = {}) {
      await page.getByTestId('review-save').click()
      await page.getByTestId('preflight-result').waitFor()
      if (opts.confirmName) await page.getByTestId('save-confirm-name').fill(opts.confirmName)
      await page.getByTestId('confirm-save').click()
      await page.getByTestId('saved').waitFor()
    }
  }
}
