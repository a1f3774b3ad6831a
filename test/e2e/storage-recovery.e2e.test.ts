import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { e2eTest } from './support/fixtures'
import { join } from 'node:path'
import { recordPage } from './support/browser'
import { tenantsPage } from './pages/tenants-page'
import { integrationPage } from './pages/integration-page'

const SHOTS = 'test-results/screenshots'
const DAMAGED = '{"schemaVersion":1,"data":{"drafts":{"t_x/oura":'

const test = e2eTest({ demoProfiles: 300 })
beforeAll(() => mkdir(SHOTS, { recursive: true }))

describe('storage recovery (issue G.2)', () => {
  test('with a damaged drafts file, a save Sahha accepts shows success with a warning, and "Start fresh" on the drafts line repairs it', async ({ bridge, browser }) => {
    await writeFile(join(bridge.userDataDir, 'drafts.json'), DAMAGED)
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const rec = recordPage(page)
    await page.goto(bridge.launchUrl)
    const banner = page.getByTestId('storage-file-drafts')
    await banner.waitFor()
    expect(await banner.textContent()).toMatch(/integration drafts file is damaged/)
    expect(await page.getByTestId('storage-file-settings').count()).toBe(0)

    const ui = tenantsPage(page)
    await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
    await ui.select('Demo tenant')
    const ed = integrationPage(page)
    await ed.open()
    // The tab loads from Sahha without the unreadable draft, and says so.
    expect(await page.getByTestId('draft-unavailable').textContent()).toMatch(/draft could not be restored/)
    await page.screenshot({ path: `${SHOTS}/storage-banner-1440.png` })
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.screenshot({ path: `${SHOTS}/storage-banner-1280.png` })
    await page.setViewportSize({ width: 1440, height: 900 })

    await ed.addWhitelist('https://storage-recovery.example/done')
    await page.getByTestId('review-save').click()
    await page.getByTestId('preflight-result').waitFor()
    if (await page.getByTestId('override-preflight').count()) await page.getByTestId('override-preflight').check()
    await page.getByTestId('confirm-save').click()
    await page.getByTestId('saved').waitFor()
    expect(await page.getByTestId('saved-warnings').textContent()).toMatch(/Saved at Sahha, but the draft could not be cleared: the integration drafts file is damaged/)
    expect(await page.getByTestId('error-box').count()).toBe(0)
    await page.getByTestId('save-section').screenshot({ path: `${SHOTS}/storage-saved-with-warning.png` })
    // The save is in the audit log, and the damaged file was not touched.
    expect(await readFile(join(bridge.userDataDir, 'audit-log.jsonl'), 'utf8')).toMatch(/"action":"integration\.save"/)
    expect(await readFile(join(bridge.userDataDir, 'drafts.json'), 'utf8')).toBe(DAMAGED)

    await page.getByTestId('storage-reset-drafts').click()
    await page.getByTestId('storage-corrupt').waitFor({ state: 'detached' })
    await page.reload()
    await ui.select('Demo tenant')
    await ed.open()
    expect(await ed.whitelistValues()).toContain('https://storage-recovery.example/done')
    expect(await page.getByTestId('draft-unavailable').count()).toBe(0)
    expect(await page.getByTestId('storage-corrupt').count()).toBe(0)
    expect(rec.errors).toEqual([])
    await page.close()
  })
})
