import { connectionsPage } from './pages/connections-page'
import { e2eTest } from './support/fixtures'
import { simBase, whileSahhaIsSlow } from './support/simulator'

// Issue I items 3 and K.1: the Connections screen opens from the tenant's local store before any network
// call, and a failed refresh keeps the old rows with its typed error and a Retry that works.

const LISTING = 'GET /api/v1/account/integrations/{provider}/connections'
const SHOTS = 'test-results/screenshots'
const test = e2eTest({ demoProfiles: 2000 })

const listings = async (base: string): Promise<number> => ((await (await fetch(`${base}/_admin/stats`)).json()) as { byRoute: Record<string, number> }).byRoute[LISTING] ?? 0

describe('connections from the local store', () => {
  test('after a restart, rows and counts of the last sync show before any listing request reached the simulator', async ({ bridge, browser }) => {
    let page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(bridge.launchUrl)
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    const before = await c.count()
    const syncedAt = await page.getByTestId('conn-as-of').getAttribute('data-synced-at')
    expect(syncedAt).toBeTruthy()
    await page.close()

    await bridge.restart()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(bridge.launchUrl)
    const base = await simBase(page)
    // Every Sahha call now takes 5 s: a row on screen sooner cannot have come from the network.
    await whileSahhaIsSlow(base, 5000, async () => {
      expect(await listings(base)).toBe(0)
      await page.getByTestId('tab-connections').click()
      await page.locator('[data-testid=conn-row]').first().waitFor()
      await page.locator('[data-testid=conn-count][data-ready=true]').waitFor()
      expect(await listings(base)).toBe(0)
      expect(await page.getByTestId('conn-as-of').getAttribute('data-synced-at')).toBe(syncedAt)
      expect(await page.getByTestId('conn-as-of').textContent()).toMatch(/^as of \d{2}:\d{2}, (just now|\d+ (min\.|hr\.|days?) ago)$/)
      expect(await page.getByTestId('conn-table').getAttribute('data-total')).toBe(String(before.total))
      expect(await page.getByTestId('conn-broken-chip').textContent()).toMatch(/Broken [1-9]/)
      await page.screenshot({ path: `${SHOTS}/connections-open-from-cache-1440.png` })
      await page.setViewportSize({ width: 1280, height: 720 })
      await page.screenshot({ path: `${SHOTS}/connections-open-from-cache-1280.png` })
    })
    await page.close()
  })

  test('a failed refresh keeps the old rows with the typed error and its remedy; Retry works', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(bridge.launchUrl)
    const base = await simBase(page)
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    const before = await c.count()
    const syncedAt = await page.getByTestId('conn-as-of').getAttribute('data-synced-at')
    await fetch(`${base}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 1, kinds: ['http503'] }) })
    try {
      await page.getByTestId('conn-full-sync').click()
      const err = page.getByTestId('conn-sync-error')
      await err.waitFor({ timeout: 120_000 })
      expect(await err.locator('[data-testid=error-box]').getAttribute('data-code')).toBeTruthy()
      expect(await err.textContent()).toMatch(/still those of the last complete sync/)
      // The old rows and counts stay.
      expect((await c.count()).total).toBe(before.total)
      expect(await page.getByTestId('conn-row').count()).toBeGreaterThan(5)
      await page.screenshot({ path: `${SHOTS}/connections-refresh-failed-1440.png` })
      await page.setViewportSize({ width: 1280, height: 720 })
      await page.screenshot({ path: `${SHOTS}/connections-refresh-failed-1280.png` })
    } finally {
      await fetch(`${base}/_admin/faults`, { method: 'DELETE' })
    }
    await page.getByTestId('conn-sync-error').getByRole('button', { name: /retry/i }).click()
    await expect.poll(() => page.getByTestId('conn-sync-error').count(), { timeout: 60_000 }).toBe(0)
    await expect.poll(async () => (await page.getByTestId('conn-as-of').getAttribute('data-synced-at')) !== syncedAt, { timeout: 60_000 }).toBe(true)
    await page.close()
  })
  test('a first sync says how many users are loaded so far and shows no count as zero until it completes', async ({ browser, startBridge }) => {
    const fresh = await startBridge({ demoProfiles: 2000 })
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    try {
      await page.goto(fresh.launchUrl)
      const base = await simBase(page)
      // Every Sahha call takes 1.5 s, so the first sync is still running while the screen is read.
      await whileSahhaIsSlow(base, 1500, async () => {
        await page.getByTestId('tab-connections').click()
        await page.getByTestId('conn-progress').waitFor()
        await expect.poll(() => page.getByTestId('conn-count').textContent()).toMatch(/^[\d,]+ loaded so far$/)
        expect(await page.getByTestId('conn-count').getAttribute('data-ready')).toBe('false')
        // Counts that were never loaded are a dash, not a zero.
        expect(await page.getByTestId('conn-broken-chip').textContent()).toBe('Broken —')
      })
      await page.locator('[data-testid=conn-count][data-ready=true]').waitFor({ timeout: 120_000 })
      expect(await page.getByTestId('conn-count').textContent()).toMatch(/^[\d,]+ of [\d,]+ shown$/)
    } finally {
      await page.close()
    }
  })
})
