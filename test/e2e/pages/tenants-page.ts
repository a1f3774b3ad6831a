import type { Page } from 'playwright-core'

/** Page model of the tenant screen. */
export function tenantsPage(page: Page) {
  return {
    tenantItems: () => page.getByTestId('tenant-item'),
    async tenantNames() {
      return page.locator('[data-testid=tenant-item] .tenant-name').allTextContents()
    },
    async addTenant(t: { name: string; environment: 'demo' | 'sandbox' | 'production'; clientId: string; secret: string; documentedOnly?: boolean }) {
      await page.getByTestId('add-tenant').click()
      await page.getByTestId('tenant-name').fill(t.name)
      await page.getByTestId(`tenant-env-${t.environment}`).check()
      await page.getByTestId('tenant-client-id').fill(t.clientId)
      await page.getByTestId('tenant-client-secret').fill(t.secret)
      if (t.documentedOnly) await page.getByTestId('tenant-documented-only').check()
      await page.getByTestId('tenant-save').click()
      // Saved = the form is gone and the new tenant is selected in the sidebar. Acting before that raced
      // the save on a busy machine: the late save then selected the new tenant over the next click.
      await page.getByTestId('tenant-form').waitFor({ state: 'detached' })
      await page.locator('[data-testid=tenant-item].selected', { hasText: t.name }).waitFor()
    },
    async select(name: string) {
      await page.getByTestId('tenant-item').filter({ hasText: name }).click()
    },
    overview: () => page.getByTestId('tenant-overview'),
    /** Tenant check; resolves with the admin API state it found ('present' | 'absent' | 'unknown'). */
    async checkTenant() {
      await page.getByTestId('check-tenant').click()
      await page.getByTestId('check-tenant-ok').waitFor()
      return page.getByTestId('admin-api-state').getAttribute('data-state')
    },
    secretStatus: () => page.getByTestId('secret-status')
  }
}
