import { mkdir, readFile } from 'node:fs/promises'
import type { Browser } from 'playwright-core'
import type { BridgeProcess } from './support/bridge-process'
import { e2eTest } from './support/fixtures'
import { recordPage } from './support/browser'
import { simBase, whileSahhaIsSlow } from './support/simulator'
import { connectionsPage } from './pages/connections-page'
import { tenantsPage } from './pages/tenants-page'
import { consentThrough } from './pages/consent-page'

const SHOTS = 'test-results/screenshots'
const BROKEN = ['needs_reauth', 'scope_missing', 'membership_expired', 'error']

const test = e2eTest({ demoProfiles: 20000 })
beforeAll(() => mkdir(SHOTS, { recursive: true }))

/** A fresh page on the Demo tenant's Connections view, every connection loaded. */
async function openConnections({ bridge, browser }: { bridge: BridgeProcess; browser: Browser }) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  await page.goto(bridge.launchUrl)
  const c = connectionsPage(page)
  await c.open()
  await c.loaded()
  return { page, c }
}

describe('connections and on-call (Demo tenant, 20,000 users)', () => {
  test('loads every connection, filters to the broken ones, explains one and acts on it', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const rec = recordPage(page)
    await page.goto(bridge.launchUrl)
    await expect.poll(() => tenantsPage(page).tenantNames()).toContain('Demo tenant')
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    const all = await c.count()
    expect(all.total).toBeGreaterThan(19_000)
    expect(all.shown).toBe(all.total)
    // Virtualized: a handful of rows in the DOM, not 20,000.
    expect(await page.getByTestId('conn-row').count()).toBeLessThan(80)
    await page.screenshot({ path: `${SHOTS}/connections.png` })

    await page.getByTestId('conn-broken-chip').click()
    const broken = await c.count()
    expect(broken.shown).toBeGreaterThan(0)
    expect(broken.shown).toBeLessThan(all.total / 10)
    for (const s of await c.visibleStates()) expect(BROKEN).toContain(s)

    // A search that matches nobody says why (prefix search) and offers to clear every filter (issue 16 K.13).
    await page.getByTestId('conn-search').fill('nobody-')
    await page.getByTestId('conn-empty').waitFor()
    expect(await page.getByTestId('conn-empty').textContent()).toContain('search is by externalId prefix')
    await page.getByTestId('conn-clear-filters').click()
    await expect.poll(async () => (await c.count()).shown).toBe(all.total)
    expect(await page.getByTestId('conn-search').inputValue()).toBe('')
    await page.getByTestId('conn-broken-chip').click()

    await page.getByTestId('conn-search').fill('user-00000')
    for (const id of await c.visibleIds()) expect(id).toMatch(/^user-00000/)
    await c.row('user-0000004').click()
    await page.getByTestId('conn-diagnosis').waitFor()
    expect(await page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPE_NOT_ON_APP')
    expect(await page.getByTestId('conn-raw-error').textContent()).toContain('invalid_scope')
    expect(await page.getByTestId('conn-timeline').textContent()).toMatch(/Authorize failed/)
    await page.screenshot({ path: `${SHOTS}/connection-detail.png` })

    await c.row('user-0000006').click()
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPES_UNTICKED')
    expect(await page.locator('.scope-chip.missing').allTextContents()).toEqual(['heartrate (not granted)', 'workout (not granted)'])
    await page.getByTestId('conn-action-reconnect').click()
    expect(await page.getByTestId('conn-reconnect-link').textContent()).toContain('/_oura/cloud/oauth/authorize')

    // The incident bundle for this user: the diagnosis and timeline, the end user's ID hashed, no secret.
    const [bundleDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('conn-export-bundle').click()])
    const bundle = JSON.parse(await readFile(await bundleDl.path(), 'utf8'))
    expect(bundle.kind).toBe('sahha-integrations-admin/incident-bundle')
    expect(bundle.connection.diagnosis.id).toBe('OURA_SCOPES_UNTICKED')
    expect(bundle.connection.externalId).toMatch(/^hmac:[0-9a-f]{32}$/)
    expect(JSON.stringify(bundle)).not.toContain('user-0000006')
    expect(bundle.integration.clientSecretLast4).toBeUndefined()

    // The filtered list as CSV: exactly the rows the filter shows.
    const shownNow = (await c.count()).shown
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('conn-export-csv').click()])
    const csv = (await readFile(await csvDl.path(), 'utf8')).trim().split(/\r?\n/)
    expect(csv[0]).toBe('externalId,state,stateChangedAt,lastSyncAt,lastDataAt,lastErrorCode,requestedScopes,grantedScopes,missingScopes')
    expect(csv).toHaveLength(shownNow + 1)
    for (const line of csv.slice(1)) expect(line).toMatch(/^user-00000\d\d,(needs_reauth|scope_missing|membership_expired|error),/)

    await rec.settle()
    expect(rec.errors).toEqual([])
    await page.close()
  })

  test('shows progress while loading and cancels on request, keeping the last complete list', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    const before = await c.count()
    await whileSahhaIsSlow(await simBase(page), 400, async () => {
      await c.open()
      await page.getByTestId('conn-refresh').click()
      await page.getByTestId('conn-progress').waitFor()
      await page.getByTestId('conn-cancel').click()
      // The typed error (CANCELLED) with Retry, and the last complete list stays.
      await expect.poll(() => page.getByTestId('conn-sync-error').textContent()).toMatch(/cancel/i)
      expect((await c.count()).total).toBe(before.total)
    })
    await page.close()
  })

  test('connects a new user through the consent page, then disconnects them', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    await page.getByTestId('conn-connect-toggle').click()
    await page.getByTestId('conn-connect-external-id').fill('e2e-new-user')
    // The whitelist arrives with the integration (a call to main): wait for it, then its first entry is the default.
    await page.locator('[data-testid=conn-connect-redirect][data-state=ready]').waitFor()
    await expect.poll(() => page.getByTestId('conn-connect-redirect').locator('option').first().textContent()).toContain('https://demo-app.example/integrations/callback')
    await page.getByTestId('conn-connect-submit').click()
    const url = (await page.getByTestId('conn-authorization-url').textContent())!
    expect(await page.content()).not.toMatch(/prof_[A-Za-z0-9_-]{20,}/)

    expect(await consentThrough(browser, url, 'approve', { returnsTo: 'https://demo-app.example/' })).toContain('status=connected')

    await c.refreshAndFind('e2e-new-user')
    await expect.poll(() => c.visibleStates()).toEqual(['connected'])
    await c.row('e2e-new-user').click()
    await page.getByTestId('conn-disconnect').click()
    await page.getByTestId('conn-disconnect-submit').click()
    await expect.poll(() => page.locator('[data-testid=conn-detail] .conn-pill').getAttribute('data-state')).toBe('disconnected')
    await page.close()
  })

  test('on-call path: a scope_missing user, the diagnosis naming the missing scope, a reconnect link, consent granting all scopes, connected', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    await page.getByTestId('conn-state-chip-scope_missing').click()
    expect(new Set(await c.visibleStates())).toEqual(new Set(['scope_missing']))
    await page.getByTestId('conn-search').fill('user-0000007')
    await c.row('user-0000007').click()
    await page.getByTestId('conn-diagnosis').waitFor()
    expect(await page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPES_ADDED_LATER')
    // Oura's own words name the scope the integration gained after this user consented.
    const missing = /Missing required scopes: ([\w, ]+)/.exec((await page.getByTestId('conn-raw-error').textContent())!)![1]!.split(/,\s*/)
    expect(missing.length).toBeGreaterThan(0)
    const diagnosis = (await page.getByTestId('conn-diagnosis').textContent())!
    for (const scope of missing) expect(diagnosis).toContain(scope)
    await page.getByTestId('conn-action-reconnect').click()
    const link = (await page.getByTestId('conn-reconnect-link').locator('code').textContent())!

    // The end user opens the link and approves with every scope ticked.
    const back = await consentThrough(browser, link, 'approve', {
      before: async (consent) => {
        for (const scope of missing) expect(await consent.getByTestId(`scope-${scope}`).isChecked()).toBe(true)
      }
    })
    expect(back).toContain('status=connected')

    // Filter and search off first: once connected, the user no longer matches "scope_missing".
    await page.getByTestId('conn-state-chip-scope_missing').click()
    await page.getByTestId('conn-search').fill('')
    await c.refreshAndFind('user-0000007')
    await expect.poll(() => c.visibleStates()).toEqual(['connected'])
    await c.row('user-0000007').click()
    // The open detail follows the refreshed list, and the link the operator generated stays on screen.
    await expect.poll(() => page.locator('[data-testid=conn-detail] .conn-pill').getAttribute('data-state')).toBe('connected')
    expect(await page.getByTestId('conn-reconnect-link').count()).toBe(1)
    expect(await page.locator('.scope-chip.missing').count()).toBe(0)
    for (const scope of missing) expect(await page.getByTestId('conn-scopes').textContent()).toContain(scope)
    await page.close()
  })

  test('a user who denies consent shows access_denied, with its remedy', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    const url = await c.connectNewUser('e2e-denies-consent')
    expect(await consentThrough(browser, url, 'deny')).toContain('access_denied')
    await c.refreshAndFind('e2e-denies-consent')
    await expect.poll(() => c.visibleIds()).toEqual(['e2e-denies-consent'])
    await c.row('e2e-denies-consent').click()
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_ACCESS_DENIED')
    expect(await page.getByTestId('conn-raw-error').textContent()).toContain('access_denied')
    expect(await page.getByTestId('conn-diagnosis').textContent()).toMatch(/What to do/)
    await page.screenshot({ path: `${SHOTS}/connection-access-denied.png` })
    await page.close()
  })

  test('a user who unticks a scope at consent shows scope_missing, with that scope highlighted', async ({ bridge, browser }) => {
    const { page, c } = await openConnections({ bridge, browser })
    const url = await c.connectNewUser('e2e-unticks-heartrate')
    await consentThrough(browser, url, 'approve', { before: (consent) => consent.getByTestId('scope-heartrate').uncheck() })
    await c.refreshAndFind('e2e-unticks-heartrate')
    await expect.poll(() => c.visibleStates()).toEqual(['scope_missing'])
    await c.row('e2e-unticks-heartrate').click()
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPES_UNTICKED')
    expect(await page.locator('.scope-chip.missing').allTextContents()).toEqual(['heartrate (not granted)'])
    await page.close()
  })

  test('command palette (Ctrl+K) jumps to a connection by externalId', async ({ bridge, browser }) => {
    const { page } = await openConnections({ bridge, browser })
    await page.getByTestId('tab-overview').click()
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').fill('user-0000006')
    // Connections by prefix are asked from main: wait for the match before choosing it.
    await page.locator('[data-testid=palette-item]', { hasText: 'user-0000006' }).first().waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('conn-diagnosis').getAttribute('data-mode')).toBe('OURA_SCOPES_UNTICKED')
    await page.close()
  })

  test('privacy mode masks every end-user identifier in the rendered page', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(bridge.launchUrl)
    await page.getByTestId('privacy-toggle').check()
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    await page.locator('[data-testid=conn-row]').nth(3).click()
    await page.getByTestId('conn-diagnosis').waitFor()
    await page.getByTestId('conn-broken-chip').click()
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').fill('user-00000')
    const dom = await page.evaluate(() => {
      const parts = [document.body.innerText]
      for (const el of Array.from(document.querySelectorAll('*'))) for (const a of Array.from(el.attributes)) parts.push(a.value)
      return parts.join('\n')
    })
    // The palette's own input holds what the operator typed; everything the app rendered is masked.
    expect(dom.replace(/user-00000(?!\d)/g, '')).not.toMatch(/user-\d{7}/)
    expect(dom).toMatch(/us•+\d\d/)
    await page.screenshot({ path: `${SHOTS}/privacy-mode.png` })
    await page.keyboard.press('Escape')
    await page.getByTestId('privacy-toggle').uncheck()
    await page.close()
  })

  test('decodes a pasted callback error offline', async ({ bridge, browser }) => {
    const page = await browser.newPage()
    await page.goto(bridge.launchUrl)
    await page.getByTestId('tab-decoder').click()
    await page.getByTestId('dec-input').fill('https://yourapp.example/cb?provider=oura&status=error&error=unauthorized_client&error_description=Application%20user%20limit%20reached')
    expect(await page.getByTestId('dec-candidate').first().getAttribute('data-mode')).toBe('OURA_USER_CAP_REACHED')
    await page.getByTestId('dec-input').fill('{"status":403,"title":"Forbidden","detail":"User\'s Oura membership has expired"}')
    expect(await page.getByTestId('dec-candidate').first().getAttribute('data-mode')).toBe('OURA_MEMBERSHIP_EXPIRED')
    await page.getByTestId('dec-input').fill('total nonsense')
    expect(await page.getByTestId('dec-result').getAttribute('data-kind')).toBe('unrecognised')
    await page.close()
  })
})
