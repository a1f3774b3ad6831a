import type { Page } from 'playwright-core'

/** Page model of the Connections view. */
export function connectionsPage(page: Page) {
  const count = async () => {
    // The rows shown answer the current query, and the counts are in.
    await page.locator('[data-testid=conn-table][data-state=ready]').waitFor()
    await page.waitForFunction(() => /[\d,]+ of [\d,]+ shown/.test(document.querySelector('[data-testid=conn-count]')?.textContent ?? ''))
    const t = (await page.getByTestId('conn-count').textContent()) ?? ''
    const m = /([\d,]+) of ([\d,]+)/.exec(t)
    return m ? { shown: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) } : { shown: -1, total: -1 }
  }
  return {
    async open() {
      await page.getByTestId('tab-connections').click()
      await page.getByTestId('connections-view').waitFor()
    },
    count,
    async loaded() {
      // Loaded = a complete sync is on screen (the view carries its time) and no load is running or queued.
      // Rows shown alone are not enough: a sync streams them in, and the background refresh of an open starts
      // only once the cached rows are painted (data-refresh=queued until then).
      await page.waitForFunction(() => {
        const view = document.querySelector('[data-testid=connections-view]')
        return Boolean(view?.getAttribute('data-synced-at')) && view?.getAttribute('data-refresh') === 'idle'
      })
      await page.waitForFunction(() => /[1-9][\d,]* of [\d,]+ shown/.test(document.querySelector('[data-testid=conn-count]')?.textContent ?? ''))
    },
    /** The rows on screen once they answer the current query (filter, sort and the typed search). */
    visibleStates: async () => {
      await page.locator('[data-testid=conn-table][data-state=ready]').waitFor()
      return page.locator('[data-testid=conn-row] .conn-pill').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
    },
    visibleIds: async () => {
      await page.locator('[data-testid=conn-table][data-state=ready]').waitFor()
      return page.locator('[data-testid=conn-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-external-id')))
    },
    /** The row of a user, once the table answers the current query (a search typed a moment ago re-renders it). */
    row: (externalId: string) => page.locator(`[data-testid=conn-table][data-state=ready] [data-testid=conn-row][data-external-id="${externalId}"]`),
    /** "Connect a user…" for a new externalId with the default redirect: the authorization URL the app shows. */
    async connectNewUser(externalId: string): Promise<string> {
      await page.getByTestId('conn-connect-toggle').click()
      await page.getByTestId('conn-connect-external-id').fill(externalId)
      await page.getByTestId('conn-connect-submit').click()
      return (await page.getByTestId('conn-authorization-url').textContent())!
    },
    /** Reload the list after the end user acted, and narrow it to one externalId. */
    async refreshAndFind(externalId: string) {
      const before = await page.getByTestId('connections-view').getAttribute('data-synced-at')
      await page.getByTestId('conn-refresh').click()
      // Done when a newer sync is in: not merely when an old count is still on screen.
      await expect
        .poll(async () => {
          const now = await page.getByTestId('connections-view').getAttribute('data-synced-at')
          return Boolean(now) && now !== before
        })
        .toBe(true)
      await this.loaded()
      await page.getByTestId('conn-search').fill(externalId)
    }
  }
}
