import { mkdir, readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import type { BridgeProcess } from './support/bridge-process'
import { e2eTest } from './support/fixtures'
import { tenantsPage } from './pages/tenants-page'
import { consentThrough } from './pages/consent-page'
import { canary } from './support/canary'

// Issue I item 4 and issue 16 K.7: the Changes view after a sync in which the simulator broke some users and
// fixed others, a spike alert that belongs to its tenant, and the local data settings form. On a documented-only
// Demo tenant, whose scan already writes the local connection store.
const SHOTS = 'test-results/screenshots'
const PROFILES = 300
const TENANT = 'Docs Changes'

let broken: string[] = []
let fixed: string[] = []

const test = e2eTest({ demoProfiles: PROFILES })
beforeAll(() => mkdir(SHOTS, { recursive: true }))

/** The documented-only simulator the bridge started (its URL is in the main log). */
async function documentedSimUrl(bridge: BridgeProcess): Promise<string> {
  const log = await readFile(bridge.logPath, 'utf8')
  const line = log.split('\n').find((l) => l.includes('demo.started') && l.includes('"off"'))
  const url = line && /"url":"([^"]+)"/.exec(line)?.[1]
  if (!url) throw new Error('the documented-only Demo simulator is not in the main log')
  return url
}

const changesState = (page: Page) => () => page.getByTestId('changes-view').getAttribute('data-state')

/** Starts a full scan on the Connections tab and waits on the Changes view until a newer sync than `after` is in. */
async function scanAndWait(page: Page) {
  await page.getByTestId('tab-changes').click()
  await page.getByTestId('changes-view').waitFor()
  await expect.poll(changesState(page)).not.toBe('loading')
  const after = await page.getByTestId('changes-view').getAttribute('data-sync-id')
  await page.getByTestId('tab-connections').click()
  await page.getByTestId('tier-view').waitFor()
  await page.getByTestId('tier-scan').click()
  await page.getByTestId('tab-changes').click()
  await expect
    .poll(
      async () => {
        if ((await page.getByTestId('changes-reload').isEnabled())) await page.getByTestId('changes-reload').click()
        const now = await page.getByTestId('changes-view').getAttribute('data-sync-id')
        return Boolean(now) && now !== after
      },
      { timeout: 120_000, interval: 1000 }
    )
    .toBe(true)
}

async function setField(page: Page, form: string, key: string, value: string) {
  await page.getByTestId(`${form}-${key}`).fill(value)
}

describe('what changed since the previous sync, per tenant', () => {
  test('before any scan the Changes view says there is no sync yet, after the first one that changes come after the next', async ({ page }) => {
    const ui = tenantsPage(page)
    await ui.tenantItems().first().waitFor()
    await ui.addTenant({ name: TENANT, environment: 'demo', clientId: 'demo-account-client-id', secret: canary.demoAccountSecret, documentedOnly: true })
    await ui.overview().waitFor()
    expect(await ui.checkTenant()).toBe('absent')
    await page.getByTestId('tab-changes').click()
    await expect.poll(changesState(page)).toBe('no-sync')
    expect(await page.getByTestId('changes-empty').textContent()).toContain('No sync yet')
    expect(await page.getByTestId('data-source').first().textContent()).toContain('Sahha (documented API)')
    await scanAndWait(page)
    await expect.poll(changesState(page), { timeout: 20_000 }).toBe('one-sync')
    expect(await page.getByTestId('changes-empty').textContent()).toContain('changes appear after the next one')
  })

  test('the settings form shows a refusal at its field and keeps what was typed; a valid save sticks', async ({ page }) => {
    const form = 'local-settings-form'
    await page.getByTestId(form).waitFor()
    expect(await page.getByTestId(`${form}-retentionDays`).inputValue()).toBe('30')
    await setField(page, form, 'retentionDays', '0')
    await page.getByTestId(`${form}-save`).click()
    await expect.poll(() => page.getByTestId(`${form}-retentionDays-error`).textContent()).toBe('Keep at least 1 day of history.')
    expect(await page.getByTestId(`${form}-retentionDays`).inputValue()).toBe('0')
    expect(await page.getByTestId(`${form}-retentionDays`).getAttribute('aria-invalid')).toBe('true')
    await setField(page, form, 'retentionDays', '14')
    await setField(page, form, 'alertAbsolute', 'lots')
    await page.getByTestId(`${form}-save`).click()
    await expect.poll(() => page.getByTestId(`${form}-alertAbsolute-error`).textContent()).toBe('Enter a whole number of users.')
    expect(await page.getByTestId(`${form}-retentionDays-error`).count()).toBe(0)
    expect(await page.getByTestId(`${form}-alertAbsolute`).inputValue()).toBe('lots')
    // Thresholds low enough that this test's handful of broken users is a spike.
    await setField(page, form, 'alertAbsolute', '2')
    await setField(page, form, 'alertRelative', '0')
    await page.getByTestId(`${form}-save`).click()
    await page.getByTestId(`${form}-saved`).waitFor()
    // The documented scan's own settings have their form too, with the same field errors.
    await setField(page, 'tier-settings-form', 'freshDays', '99')
    await page.getByTestId('tier-settings-form-save').click()
    await expect.poll(() => page.getByTestId('tier-settings-form-freshDays-error').textContent()).toContain('freshDays must be a whole number from 1 to 30')
    await setField(page, 'tier-settings-form', 'freshDays', '3')
    await page.getByTestId('local-settings').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/settings-1440.png` })
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.getByTestId('local-settings').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/settings-1280.png` })
    await page.setViewportSize({ width: 1440, height: 900 })
    // Saved means kept: a fresh load of the page shows the saved values.
    await page.reload()
    await page.getByTestId('tenant-item').filter({ hasText: TENANT }).click()
    await page.getByTestId('tab-changes').click()
    await expect.poll(() => page.getByTestId(`${form}-alertAbsolute`).inputValue()).toBe('2')
    expect(await page.getByTestId(`${form}-retentionDays`).inputValue()).toBe('14')
  })

  test('after the simulator broke some users and fixed others, a scan shows who became broken (by failure mode) and who recovered', async ({ page, bridge, browser }) => {
    await page.getByTestId('tab-connections').click()
    await page.getByTestId('tier-view').waitFor()
    await expect.poll(() => page.locator('[data-testid="tier-table"] tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(100)
    const idsIn = (state: string) => page.locator(`[data-testid="tier-table"] tbody tr[data-state="${state}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-external-id')!))
    broken = (await idsIn('linked_recent')).slice(0, 5)
    fixed = ['user-0000019', ...(await idsIn('linked_no_data')).filter((id) => id !== 'user-0000019')].slice(0, 2)
    expect(broken).toHaveLength(5)
    expect(fixed).toHaveLength(2)
    // Break: their data stops three days ago (the scan calls that "linked · no recent data" at 3 fresh days).
    const sim = await documentedSimUrl(bridge)
    const r = await fetch(`${sim}/_admin/failure-modes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mode: 'OURA_DATA_LAG', externalIds: broken }) })
    expect(((await r.json()) as { applied: number }).applied).toBe(5)
    // Fix: each of these users reconnects through the consent; their data flows again.
    for (const id of fixed) {
      await page.locator(`tr[data-external-id="${id}"] button`).first().click()
      await expect.poll(() => page.getByTestId('tier-detail').getAttribute('aria-label')).toBe(`User ${id}`)
      await page.getByTestId('tier-link').click()
      const link = (await page.getByTestId('tier-link-url').locator('a').getAttribute('href'))!
      expect(await consentThrough(browser, link, 'approve', { returnsTo: 'https://demo-app.example/' })).toContain('status=connected')
    }
    await scanAndWait(page)
    await expect.poll(changesState(page), { timeout: 20_000 }).toBe('ready')
    const group = page.locator('[data-testid=change-group][data-mode-id=SAHHA_LINKED_NO_RECENT_DATA]')
    expect(await group.count()).toBe(1)
    expect(await group.getAttribute('data-count')).toBe('5')
    expect(await group.textContent()).toContain('Linked, but no recent data')
    expect((await group.locator('[data-testid=change-user]').evaluateAll((els) => els.map((e) => e.getAttribute('data-external-id')))).sort()).toEqual([...broken].sort())
    expect(await page.getByTestId('changes-broken').getAttribute('data-count')).toBe('5')
    expect(await page.getByTestId('changes-recovered').getAttribute('data-count')).toBe('2')
    expect((await page.getByTestId('changes-recovered').locator('[data-testid=change-user]').evaluateAll((els) => els.map((e) => e.getAttribute('data-external-id')))).sort()).toEqual([...fixed].sort())
    expect(await page.getByTestId('changes-recovered').textContent()).toContain('linked · data fresh 2')
    // The trend has both syncs, with integer ticks only.
    expect(await page.getByTestId('trend-chart').getAttribute('data-points')).toBe('2')
    for (const t of (await page.getByTestId('trend-chart').getAttribute('data-y-ticks'))!.split(' ')) expect(Number.isInteger(Number(t)), t).toBe(true)
    await page.screenshot({ path: `${SHOTS}/changes-1440.png` })
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.screenshot({ path: `${SHOTS}/changes-1280.png` })
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test('a spike alert is shown on its own tenant only; dismissed, it stays dismissed', async ({ page }) => {
    const alert = page.getByTestId('conn-alert')
    await alert.waitFor()
    expect(await alert.getAttribute('data-tenant-id')).toBeTruthy()
    expect(await alert.locator('[data-testid=spike-alert]').first().getAttribute('data-mode')).toContain('linked · no recent data')
    expect(await alert.textContent()).toContain('Linked, but no recent data')
    // Another tenant's pages: no alert of this one.
    await page.getByTestId('tenant-item').filter({ hasNotText: TENANT }).first().click()
    await page.getByTestId('tab-overview').click()
    await page.getByTestId('tenant-overview').waitFor()
    await page.getByTestId('tab-changes').click()
    await page.getByTestId('changes-view').waitFor()
    await expect.poll(changesState(page)).not.toBe('loading')
    expect(await page.getByTestId('conn-alert').count()).toBe(0)
    // Back on its tenant, it is there; dismissed, it is gone, and stays gone after a reload.
    await page.getByTestId('tenant-item').filter({ hasText: TENANT }).click()
    await alert.waitFor()
    await alert.getByTestId('spike-dismiss').first().click()
    await expect.poll(() => page.getByTestId('conn-alert').count()).toBe(0)
    await page.reload()
    await page.getByTestId('tenant-item').filter({ hasText: TENANT }).click()
    await page.getByTestId('tab-changes').click()
    await expect.poll(changesState(page)).toBe('ready')
    expect(await page.getByTestId('conn-alert').count()).toBe(0)
  })

  test("a user in the Changes view opens that user's detail, with the state across syncs beside the calls", async ({ page }) => {
    const id = broken[0]!
    await page.locator(`[data-testid=change-user][data-external-id="${id}"]`).first().click()
    await expect.poll(() => page.getByTestId('tier-detail').getAttribute('aria-label'), { timeout: 20_000 }).toBe(`User ${id}`)
    const history = page.getByTestId('tier-detail').getByTestId('state-history')
    await expect.poll(() => history.getAttribute('data-state')).toBe('ready')
    expect(await history.getByTestId('state-history-item').count()).toBe(1)
    expect(await history.textContent()).toContain('linked · data fresh → linked · no recent data')
    await history.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/tier-detail-history-1440.png` })
  })
})
