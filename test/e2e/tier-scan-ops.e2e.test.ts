import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { tenantsPage } from './pages/tenants-page'
import { canary } from './support/canary'
import { e2eTest } from './support/fixtures'

// Issue J items 2, 3 and 5 on screen, for a documented-API-only Demo tenant: a scan's rate, ETA, progress and
// Cancel; resume after the app was killed mid-scan (every user counted once); the counts bar filtering the
// table; the CSV export in the tier's own state names; bulk reconnect links with their message; no Disconnect.
const PROFILES = 3000
const TENANT = 'Docs Ops'
const STATES = ['not_linked', 'linked_recent', 'linked_no_data', 'profile_gone', 'unknown'] as const
// One operator session for the file: the tests continue on the session page, and the bridge restart keeps PROFILES.
const test = e2eTest({ demoProfiles: PROFILES })

/** The tier view's counts, scan progress and toolbar on `page`. */
function tierScreen(page: Page) {
  const count = async (state: string) => Number(((await page.getByTestId(`tier-count-${state}`).textContent()) ?? '0').replace(/[^\d]/g, ''))
  const countsSum = async () => {
    let n = 0
    for (const s of STATES) n += await count(s)
    return n
  }
  /** "1,234 of 3,000 users · 250 users/s · ETA 1 min": the numbers, or null while it says "starting…". */
  async function progress(): Promise<{ done: number; rate: boolean; eta: boolean } | null> {
    const t = (await page.getByTestId('tier-progress').textContent({ timeout: 1000 }).catch(() => null)) ?? ''
    const m = /^([\d,]+) of ([\d,…]+) users · (\d+) users\/(s|min) · (ETA \d+ (?:min|s)|ETA —)/.exec(t)
    return m ? { done: Number(m[1]!.replace(/,/g, '')), rate: Number(m[3]) > 0, eta: m[5] !== 'ETA —' } : null
  }
  const scanToolbar = () => page.getByRole('toolbar', { name: 'Scan' })
  return { count, countsSum, progress, scanToolbar }
}

describe('a documented-only tenant: scan progress, cancel, resume after a crash, filters, CSV, bulk links', () => {
  test('a running scan shows its progress, rate and ETA; Cancel stops it and the screen offers to resume', async ({ page }) => {
    const { countsSum, progress, scanToolbar } = tierScreen(page)
    const ui = tenantsPage(page)
    await ui.tenantItems().first().waitFor()
    await ui.addTenant({ name: TENANT, environment: 'demo', clientId: 'demo-account-client-id', secret: canary.demoAccountSecret, documentedOnly: true })
    await ui.overview().waitFor()
    // The tenant check finds no admin API: the Connections tab becomes the documented tier's view.
    expect(await ui.checkTenant()).toBe('absent')
    await page.getByRole('tab', { name: /Connections/ }).click()
    await page.getByTestId('tier-view').waitFor()
    await page.getByTestId('tier-scan').click()
    await expect.poll(async () => (await progress())?.done ?? 0).toBeGreaterThan(0)
    await expect.poll(async () => { const p = await progress(); return p !== null && p.rate && p.eta }).toBe(true)
    await page.locator('progress[aria-label="Scan progress"]').waitFor()
    await scanToolbar().getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.getByTestId('tier-last').textContent()).toContain('Scan cancelled: resume continues where it stopped.')
    expect(await page.getByTestId('tier-scan').textContent()).toBe('Resume scan')
    await expect.poll(countsSum).toBeGreaterThan(0)
    expect(await countsSum()).toBeLessThan(PROFILES)
  })

  test('a scan killed with the app (SIGKILL) resumes after a restart and ends with every user counted exactly once', async ({ page, bridge }) => {
    const { count, countsSum, progress } = tierScreen(page)
    await page.getByTestId('tier-scan').click()
    const before = (await progress())?.done ?? 0
    await expect.poll(async () => (await progress())?.done ?? 0).toBeGreaterThan(before + 50)
    // Leave the page first: its event stream would otherwise end mid-chunk, which is the kill, not a page fault.
    await page.goto('about:blank')
    // SIGKILL, then a new process on the same user data and keychain, with the file's demoProfiles.
    await bridge.restart('SIGKILL')
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await ui.tenantItems().first().waitFor()
    await ui.select(TENANT)
    await page.getByRole('tab', { name: /Connections/ }).click()
    await expect.poll(() => page.getByTestId('tier-last').textContent()).toContain('Scan interrupted: resume continues where it stopped.')
    // The counts arrive after the status (rows and counts are their own call): wait for them, then they are partial.
    await expect.poll(countsSum).toBeGreaterThan(0)
    expect(await countsSum()).toBeLessThan(PROFILES)
    expect(await page.getByTestId('tier-scan').textContent()).toBe('Resume scan')
    await page.getByTestId('tier-scan').click()
    await expect.poll(() => page.getByTestId('tier-last').textContent(), { timeout: 150_000 }).toContain('Last complete scan')
    await expect.poll(countsSum).toBe(PROFILES)
    expect(await count('unknown')).toBe(0)
    expect(await page.getByTestId('tier-scan').textContent()).toBe('Scan all users')
  })

  test('the counts bar filters the table by honest state, and the CSV export holds exactly those users in the tier\'s state names', async ({ page }) => {
    const { count } = tierScreen(page)
    const n = await count('linked_no_data')
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(500)
    await page.getByTestId('tier-counts').locator('button[data-state="linked_no_data"]').click()
    await expect.poll(() => page.locator('[data-testid="tier-table"] tbody tr').count()).toBe(n)
    expect(await page.locator('[data-testid="tier-table"] tbody tr:not([data-state="linked_no_data"])').count()).toBe(0)
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
    const lines = (await readFile((await dl.path())!, 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('externalId,state,lastDataAt,checkedAt,diagnosis,error')
    expect(lines).toHaveLength(n + 1)
    for (const l of lines.slice(1)) expect(l.split(',')[1]).toBe('linked · no recent data')
    expect(lines.slice(1).every((l) => l.includes('SAHHA_LINKED_NO_RECENT_DATA'))).toBe(true)
  })

  test('bulk reconnect links for the filtered users, each with the message to send; Disconnect is absent and the screen says why', async ({ page }) => {
    const { count } = tierScreen(page)
    const n = await count('linked_no_data')
    await page.getByRole('button', { name: `Reconnect links for ${n} not linked / no recent data` }).click()
    await page.getByTestId('conn-bulk-confirm').waitFor()
    await page.getByTestId('conn-bulk-generate').click()
    await expect.poll(() => page.getByTestId('conn-bulk-done').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 120_000 }).toBe(`${n} link(s) generated; 0 failed.`)
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('conn-bulk-csv').click()])
    const rows = (await readFile((await dl.path())!, 'utf8')).trim().split('\n').slice(1)
    expect(rows).toHaveLength(n)
    for (const r of rows) expect(r).toMatch(/Please reconnect it here: http:\/\/127\.0\.0\.1:\d+\/_oura\/cloud\/oauth\/authorize/)
    await page.getByTestId('conn-bulk').getByRole('button', { name: 'Close' }).click()
    expect(await page.getByTestId('tier-view').getByRole('button', { name: /disconnect/i }).count()).toBe(0)
    expect(await page.getByTestId('tier-limits').textContent()).toContain('Disconnect is absent: Sahha publishes no disconnect endpoint.')
    await page.locator('[data-testid="tier-table"] tbody tr button').first().click()
    await page.getByTestId('tier-detail').waitFor()
    expect(await page.getByTestId('tier-detail').getByRole('button', { name: /disconnect/i }).count()).toBe(0)
    expect(await page.getByTestId('tier-detail').textContent()).toContain('Disconnect is not offered: Sahha publishes no disconnect endpoint')
  })
})
