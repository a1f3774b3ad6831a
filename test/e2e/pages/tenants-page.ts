import type { Page } from 'playwright-core'

/** Page model of the tenant screen. */
export function tenantsPage(page: Page) {
  return {
    tenantItems: () => page.getByTestId('tenant-item'),
    async tenantNames() {
      return page.locator('[data-testid=tenant-item] .tenant-name').allTextContents()
    },
    async addTenant(t: { name: string; environment: 'demo' | 'sandbox' | 'production'; clientId: string; secret: string }) {
      await page.getByTestId('add-tenant').click()
      await page.getByTestId('tenant-name').fill(t.name)
      await page.getByTestId(`tenant-env-${t.environment}`).check()
      await page.getByTestId('tenant-client-id').fill(t.clientId)
      await page.getByTestId('tenant-client-secret').fill(t.secret)
      await page.getByTestId('tenant-save').click()
    },
    async select(name: string) {
      await page.getByTestId('tenant-item').filter({ hasText: name }).click()
    },
    overview: () => page.getByTestId('tenant-overview'),
    secretStatus: () => page.getByTestId('secret-status')
  }
}
