import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import type { BridgeProcess } from './support/bridge-process'
import { e2eTest } from './support/fixtures'
import { connectionsPage } from './pages/connections-page'
import { consentThrough } from './pages/consent-page'

// Issue 16 (K. On call at 3 a.m.): states that do not lie, bulk links that do not hide the incident,
// and the audit trail of what was sent to whom.
const SHOTS = 'test-results/screenshots'

const test = e2eTest({ demoProfiles: 5000 })
beforeAll(() => mkdir(SHOTS, { recursive: true }))

async function openConnections({ bridge, browser }: { bridge: BridgeProcess; browser: Browser }, viewport = { width: 1440, height: 900 }) {
  const page = await browser.newPage({ viewport })
  await page.goto(bridge.launchUrl)
  const c = connectionsPage(page)
  await c.open()
  await c.loaded()
  return { page, c }
}

const chipCount = async (page: import('playwright-core').Page, testId: string) => Number(((await page.getByTestId(testId).locator('strong').textContent()) ?? '').replace(/,/g, ''))

describe('on call at 3 a.m.', () => {
  test('bulk reconnect states the selection, confirms links grouped by diagnosis leaving out users a link cannot help, and moves nobody out of their broken state', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    const brokenBefore = await chipCount(page, 'conn-broken-chip')
    const pendingBefore = await chipCount(page, 'conn-state-chip-pending')
    // The first 1,000 users hold one of each seeded failure mode (user-0000002 … user-0000019).
    await page.getByTestId('conn-search').fill('user-0000')
    await page.getByTestId('conn-select-broken').click()
    const note = (await page.getByTestId('conn-selection-note').textContent())!
    const m = /^([\d,]+) selected of ([\d,]+) broken users in view/.exec(note)
    expect(m, note).not.toBeNull()
    expect(m![1]).toBe(m![2])
    const selected = Number(m![1]!.replace(/,/g, ''))
    expect(selected).toBeGreaterThan(10)

    await page.getByTestId('conn-bulk-reconnect').click()
    await page.getByTestId('conn-bulk-confirm').waitFor()
    const groups = await page.getByTestId('conn-bulk-group').evaluateAll((els) =>
      els.map((e) => ({ key: e.getAttribute('data-diagnosis')!, included: e.getAttribute('data-included') === 'true', users: Number(e.children[1]!.textContent!.replace(/,/g, '')) }))
    )
    const group = (id: string) => groups.find((g) => g.key.split('+').includes(id))
    // Membership and configuration faults: a link will not help, so they are left out by default.
    for (const id of ['OURA_MEMBERSHIP_EXPIRED', 'OURA_INVALID_CLIENT', 'OURA_SCOPE_NOT_ON_APP', 'OURA_APP_OUTDATED']) expect(group(id)?.included, id).toBe(false)
    for (const id of ['OURA_USER_REVOKED', 'OURA_SCOPES_UNTICKED']) expect(group(id)?.included, id).toBe(true)
    expect(groups.reduce((n, g) => n + g.users, 0)).toBe(selected)
    const helped = groups.filter((g) => g.included).reduce((n, g) => n + g.users, 0)
    const left = selected - helped
    expect(await page.getByTestId('conn-bulk-generate').textContent()).toBe(`Generate ${helped.toLocaleString('en-US')} links`)
    // The operator may include them, and sees the count change.
    await page.getByTestId('conn-bulk-include-unhelped').check()
    expect(await page.getByTestId('conn-bulk-generate').textContent()).toBe(`Generate ${selected.toLocaleString('en-US')} links`)
    expect(await page.getByTestId('conn-bulk-confirm').textContent()).toContain(`the ${left.toLocaleString('en-US')} user(s) a link cannot help`)
    await page.getByTestId('conn-bulk-include-unhelped').uncheck()
    await page.screenshot({ path: `${SHOTS}/bulk-confirm-1440.png` })
    await page.getByTestId('conn-bulk-generate').click()
    await expect.poll(() => page.getByTestId('conn-bulk-done').textContent()).toContain(`${helped} link(s) generated`)

    // Nobody did anything yet: the broken count and the pending count stay as they were.
    await page.getByTestId('conn-search').fill('')
    await c.refreshAndFind('user-0000011')
    expect(await chipCount(page, 'conn-broken-chip')).toBe(brokenBefore)
    expect(await chipCount(page, 'conn-state-chip-pending')).toBe(pendingBefore)
    // The row keeps its state and says a link went out.
    await expect.poll(() => c.visibleStates()).toEqual(['needs_reauth'])
    expect(await c.row('user-0000011').getByTestId('conn-link-sent').textContent()).toMatch(/link sent \d\d:\d\d/)
    expect(await c.row('user-0000011').getByTestId('conn-link-sent').count()).toBe(1)
    // A membership-expired user left out of the run has no link.
    await page.getByTestId('conn-search').fill('user-0000014')
    await expect.poll(() => c.visibleStates()).toEqual(['membership_expired'])
    expect(await c.row('user-0000014').getByTestId('conn-link-sent').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/link-sent-1440.png` })

    // Selecting again skips the users who already have a link, and says so.
    await page.getByTestId('conn-search').fill('user-0000')
    await page.getByTestId('conn-select-broken').click()
    // The selection is asked from main: wait for its note.
    await expect.poll(() => page.getByTestId('conn-selection-note').textContent()).toContain(`${helped.toLocaleString('en-US')} already have a link from this app and were skipped`)
    await page.close()
  })

  test('a scope_missing user whose integration gained a scope shows it missing in the grid, against the current selection', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    await page.getByTestId('conn-search').fill('user-0000007')
    await expect.poll(() => c.visibleStates()).toEqual(['scope_missing'])
    // user-0000007 consented to 7 scopes; the integration now selects 8 (spo2 added later).
    await expect.poll(() => c.row('user-0000007').locator('.conn-scopes').textContent()).toBe('7/8 missing: spo2')
    await page.close()
  })

  test('a user who denies consent before ever connecting is not shown as needing re-authorization', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    const url = await c.connectNewUser('e2e-oncall-denies')
    expect(await consentThrough(browser, url, 'deny')).toContain('access_denied')
    await c.refreshAndFind('e2e-oncall-denies')
    await expect.poll(() => c.visibleStates()).toEqual(['pending'])
    expect(await c.row('e2e-oncall-denies').locator('code').textContent()).toBe('access_denied')
    await c.row('e2e-oncall-denies').click()
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_ACCESS_DENIED')
    await page.close()
  })

  test('disconnect says what happens for this user (no token to revoke when Oura already refuses it) and the diagnosis follows the disconnect', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    await page.getByTestId('conn-search').fill('user-0000012')
    await c.row('user-0000012').click()
    // user-0000012: OURA_USER_REVOKED, needs_reauth: its token is already dead.
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_USER_REVOKED')
    await page.getByTestId('conn-disconnect').click()
    const outcome = (await page.getByTestId('conn-disconnect-outcome').textContent())!
    expect(outcome).toContain('no working token to revoke')
    expect(outcome).not.toContain('revokes')
    await page.getByTestId('conn-disconnect-submit').click()
    await expect.poll(() => page.getByTestId('conn-disconnect-done').textContent()).toContain('no Oura token was revoked')
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('DISCONNECTED')
    expect(await page.locator('[data-testid=conn-detail] .conn-pill').getAttribute('data-state')).toBe('disconnected')

    // A healthy user: the confirmation promises the revocation, which then happens.
    // user-0000013: OURA_ACCESS_TOKEN_EXPIRED, connected (a refresh follows by itself).
    await page.getByTestId('conn-search').fill('user-0000013')
    await c.row('user-0000013').click()
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_ACCESS_TOKEN_EXPIRED')
    await page.getByTestId('conn-disconnect').click()
    expect(await page.getByTestId('conn-disconnect-outcome').textContent()).toContain("revokes this user's Oura token")
    await page.close()
  })

  test('the audit names the user of a single reconnect link and of an incident-bundle export, in clear only outside privacy mode, salted-hashed on disk', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    await page.getByTestId('conn-search').fill('user-0000006')
    await c.row('user-0000006').click()
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPES_UNTICKED')
    await page.getByTestId('conn-action-reconnect').click()
    await page.getByTestId('conn-reconnect-link').waitFor()
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('conn-export-bundle').click()])
    const bundle = JSON.parse(await readFile(await dl.path(), 'utf8'))
    const ref = bundle.connection.externalId as string
    expect(ref).toMatch(/^hmac:[0-9a-f]{32}$/)

    await page.getByTestId('tab-audit').click()
    const row = (action: string) => page.getByTestId('audit-table').locator('tr', { hasText: action }).first()
    await expect.poll(() => row('connection.link').textContent()).toContain('User: user-0000006')
    expect(await row('connection.incidentBundle').textContent()).toContain('User: user-0000006')

    await page.getByTestId('privacy-toggle').check()
    await expect.poll(() => row('connection.incidentBundle').textContent()).toContain(`User: ${ref}`)
    expect(await page.getByTestId('audit-view').textContent()).not.toContain('user-0000006')
    await page.getByTestId('privacy-toggle').uncheck()

    const onDisk = await readFile(join(bridge.userDataDir, 'audit-log.jsonl'), 'utf8')
    expect(onDisk).toContain(ref)
    expect(onDisk).not.toContain('user-0000006')
    await page.close()
  })

  test('Esc closes the detail from anywhere; the palette clears a filter that hides its user; the default redirect is listed once; the chart labels powers of ten and every state at 1024 px', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser }, { width: 1280, height: 720 })
    await page.locator('[data-testid=conn-row]').nth(1).click()
    await page.getByTestId('conn-diagnosis').waitFor()
    await page.screenshot({ path: `${SHOTS}/detail-1280.png` })
    // Esc from outside the detail (the search box has the focus) closes it.
    await page.getByTestId('conn-search').focus()
    await page.keyboard.press('Escape')
    await page.getByTestId('conn-detail').waitFor({ state: 'detached' })

    // The palette opens a user the filter hides: the filter is cleared, and the view says so.
    await page.getByTestId('conn-state-chip-error').click()
    expect(new Set(await c.visibleStates())).toEqual(new Set(['error']))
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').fill('user-0000006')
    // Connections by prefix are asked from main: wait for the match before choosing it.
    await page.locator('[data-testid=palette-item]', { hasText: 'user-0000006' }).first().waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPES_UNTICKED')
    expect(await page.getByTestId('conn-filter-cleared').textContent()).toContain('user-0000006')
    expect(await page.getByTestId('conn-state-chip-error').getAttribute('aria-pressed')).toBe('false')
    await page.keyboard.press('Escape')

    // "Return the user to": the default once.
    await page.getByTestId('conn-connect-toggle').click()
    await expect.poll(() => page.getByTestId('conn-connect-redirect').locator('option').count()).toBeGreaterThan(1)
    const options = await page.getByTestId('conn-connect-redirect').locator('option').allTextContents()
    const urls = options.map((o) => o.replace(/^Default: /, '').replace(/ \(default\)$/, ''))
    expect(new Set(urls).size, options.join(' | ')).toBe(urls.length)

    // The chart at 1024 px: y ticks are powers of ten, and all seven states keep their label.
    await page.setViewportSize({ width: 1024, height: 720 })
    // The chart lives in the summary, one line until expanded (issue 16 K.5).
    if ((await page.getByTestId('conn-summary').getAttribute('data-open')) !== 'true') await page.getByTestId('conn-summary-toggle').click()
    await expect.poll(() => page.locator('[data-testid=conn-chart] canvas').getAttribute('data-x-labels')).toBe('7')
    const yTicks = (await page.locator('[data-testid=conn-chart] canvas').getAttribute('data-y-ticks'))!.split(' ')
    expect(yTicks.length).toBeGreaterThan(1)
    for (const t of yTicks) expect(Number.isInteger(Math.log10(Number(t.replace(/,/g, '')))), t).toBe(true)
    await page.screenshot({ path: `${SHOTS}/chart-1024.png` })
    await page.close()
  })
})
