import { mkdir } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { startBridgeProcess, type BridgeProcess } from './support/bridge-process'
import { domDump, launchChromium, recordPage } from './support/browser'
import { tenantsPage } from './pages/tenants-page'
import { canary } from './support/canary'

// Issue H: a Demo tenant on a simulated Sahha that serves only the documented API (as the real hosts do today).
const SHOTS = 'test-results/screenshots'
/** The invented connection-state names of sahha-api.md §5.7: never shown on a host without the admin API. */
const INVENTED_STATES = ['needs_reauth', 'scope_missing', 'membership_expired', 'needs reauth', 'scope missing', 'membership expired']

let bridge: BridgeProcess
let browser: Browser
let page: Page
let rec: ReturnType<typeof recordPage>

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  bridge = await startBridgeProcess({ demoProfiles: 300 })
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  rec = recordPage(page)
  await page.goto(bridge.launchUrl)
})
afterEach(() => {
  expect(rec.errors).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  await bridge?.stop()
})

const assertNoInventedState = async () => {
  const dom = (await domDump(page)).toLowerCase()
  for (const name of INVENTED_STATES) expect(dom, `invented state name "${name}" in the DOM`).not.toContain(name)
}

describe('a "documented API only" Demo tenant', () => {
  it('is created from the tenant form, and the tenant check finds no admin API and says so with its time', async () => {
    const ui = tenantsPage(page)
    await ui.tenantItems().first().waitFor()
    await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
    await ui.addTenant({ name: 'Docs Demo', environment: 'demo', clientId: 'demo-account-client-id', secret: canary.demoAccountSecret, documentedOnly: true })
    await ui.overview().waitFor()
    expect(await page.getByTestId('tenant-host-kind').textContent()).toContain('documented API only')
    expect(await ui.checkTenant()).toBe('absent')
    expect(await page.getByTestId('admin-api-evidence').textContent()).toContain('404 without a Sahha error body')
    expect(await page.getByTestId('data-source').first().textContent()).toContain('Sahha (documented API)')
    await assertNoInventedState()
  })
})
