import { mkdir, readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import type { BridgeProcess } from './support/bridge-process'
import { domDump } from './support/browser'
import { e2eTest } from './support/fixtures'
import { tenantsPage } from './pages/tenants-page'
import { consentThrough } from './pages/consent-page'
import { canary } from './support/canary'

// Issue J: connections of a "documented API only" Demo tenant from documented endpoints, with honest states.
const SHOTS = 'test-results/screenshots'
const INVENTED_STATES = ['needs_reauth', 'scope_missing', 'membership_expired', 'needs reauth', 'scope missing', 'membership expired']
const PROFILES = 300

const test = e2eTest({ demoProfiles: PROFILES })
beforeAll(() => mkdir(SHOTS, { recursive: true }))

const count = async (page: Page, state: string) => Number(((await page.getByTestId(`tier-count-${state}`).textContent()) ?? '0').replace(/[^\d]/g, ''))
const countsSum = async (page: Page) => {
  let n = 0
  for (const s of ['not_linked', 'linked_recent', 'linked_no_data', 'profile_gone', 'unknown']) n += await count(page, s)
  return n
}

/** The documented-only simulator the bridge started (its URL is in the main log), for its request log. */
async function documentedSimUrl(bridge: BridgeProcess): Promise<string> {
  const log = await readFile(bridge.logPath, 'utf8')
  const line = log.split('\n').find((l) => l.includes('demo.started') && l.includes('"off"'))
  const url = line && /"url":"([^"]+)"/.exec(line)?.[1]
  if (!url) throw new Error('the documented-only Demo simulator is not in the main log')
  return url
}

describe('connections of a documented-API-only Demo tenant', () => {
  test('a full scan shows every user in an honest state, no invented state name anywhere', async ({ page }) => {
    const ui = tenantsPage(page)
    await ui.tenantItems().first().waitFor()
    await ui.addTenant({ name: 'Docs Scan', environment: 'demo', clientId: 'demo-account-client-id', secret: canary.demoAccountSecret, documentedOnly: true })
    await ui.overview().waitFor()
    expect(await ui.checkTenant()).toBe('absent')
    await page.getByRole('tab', { name: /Connections/ }).click()
    await page.getByTestId('tier-view').waitFor()
    expect(await page.getByTestId('data-source').first().textContent()).toContain('Sahha (documented API)')
    await page.getByTestId('tier-scan').click()
    await expect.poll(() => page.getByTestId('tier-last').textContent(), { timeout: 90_000 }).toContain('Last complete scan')
    await expect.poll(() => countsSum(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(PROFILES)
    expect(await count(page, 'linked_recent')).toBeGreaterThan(PROFILES / 2)
    expect(await count(page, 'linked_no_data')).toBeGreaterThan(0)
    expect(await count(page, 'not_linked')).toBeGreaterThan(0)
    expect(await count(page, 'unknown')).toBe(0)
    const dom = (await domDump(page)).toLowerCase()
    for (const name of INVENTED_STATES) expect(dom, `invented state name "${name}" in the DOM`).not.toContain(name)
    await page.screenshot({ path: `${SHOTS}/tier-scan-1440.png` })
  })

  test('"check these users" with 50 ids, 3 unknown: a filtered list of 50 with states, the unknown ones reported as profile gone', async ({ page }) => {
    const ids = [...Array.from({ length: 47 }, (_, i) => `user-${String(i + 1).padStart(7, '0')}`), 'ticket-unknown-1', 'ticket-unknown-2', 'ticket-unknown-3']
    await page.getByTestId('tier-check-open').click()
    await page.getByTestId('tier-paste').fill(ids.join('\n'))
    await page.getByTestId('tier-check-run').click()
    await page.getByTestId('tier-check-summary').waitFor()
    expect(await page.getByTestId('tier-check-summary').textContent()).toContain('Checking 50 user(s)')
    await expect.poll(() => page.locator('[data-testid="tier-table"] tbody tr').count(), { timeout: 30_000 }).toBe(50)
    await expect.poll(() => page.locator('[data-testid="tier-table"] tbody tr[data-state="profile_gone"]').count(), { timeout: 30_000 }).toBe(3)
    for (const u of ['ticket-unknown-1', 'ticket-unknown-2', 'ticket-unknown-3']) expect(await page.locator(`tr[data-external-id="${u}"]`).getAttribute('data-state')).toBe('profile_gone')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.screenshot({ path: `${SHOTS}/tier-check-1280.png` })
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test('a user whose data stopped shows "linked · no recent data" with its diagnosis; the reconnect link works through the consent', async ({ page, browser }) => {
    await page.locator('tr[data-external-id="user-0000019"] button').click()
    await page.getByTestId('tier-detail').waitFor()
    await expect.poll(() => page.getByTestId('tier-detail-state').textContent()).toBe('linked · no recent data')
    expect(await page.getByTestId('tier-diagnosis').getAttribute('data-mode')).toBe('SAHHA_LINKED_NO_RECENT_DATA')
    expect(await page.getByTestId('tier-evidence').textContent()).toContain('/api/v1/profile/biomarker/{externalId}')
    await page.screenshot({ path: `${SHOTS}/tier-detail-1440.png` })
    await page.getByTestId('tier-link').click()
    const link = (await page.getByTestId('tier-link-url').locator('a').getAttribute('href'))!
    expect(link).toContain('/_oura/cloud/oauth/authorize')
    expect(await consentThrough(browser, link, 'approve', { returnsTo: 'https://demo-app.example/' })).toContain('status=connected')
    await page.getByRole('button', { name: 'Check again' }).click()
    await expect.poll(() => page.getByTestId('tier-detail-state').textContent(), { timeout: 20_000 }).toBe('linked · data fresh')
  })

  test('the command palette opens a single user\'s check', async ({ page }) => {
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette').getByRole('combobox').fill('user-0000042')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('tier-detail').getAttribute('aria-label'), { timeout: 20_000 }).toBe('User user-0000042')
    await expect.poll(() => page.getByTestId('tier-detail-state').textContent(), { timeout: 20_000 }).toMatch(/linked|not linked/)
  })

  test('the documented-only simulator logged no request to an invented route', async ({ bridge }) => {
    const stats = (await (await fetch(`${await documentedSimUrl(bridge)}/_admin/stats`)).json()) as { byRoute: Record<string, number>; unmatched: Record<string, number> }
    const routes = Object.keys(stats.byRoute)
    expect(routes).toContain('GET /api/v1/profile/integration/{externalId}')
    expect(routes).toContain('GET /api/v1/profile/biomarker/{externalId}')
    expect(routes).toContain('GET /api/v1/account/profile/search')
    // Only issue H's capability probe (one read of the admin API's root) may touch an invented path.
    expect(Object.keys(stats.unmatched).filter((r) => r.includes(' /api/') && r !== 'GET /api/v1/account/integrations')).toEqual([])
  })
})
