import { mkdir, readFile } from 'node:fs/promises'
import { domDump, recordPage } from './support/browser'
import { e2eTest } from './support/fixtures'
import { tenantsPage } from './pages/tenants-page'
import { canary } from './support/canary'

const CANARY = canary.productionSecret
const SHOTS = 'test-results/screenshots'

const test = e2eTest()
beforeAll(() => mkdir(SHOTS, { recursive: true }))

describe('tenant screen through the loopback bridge', () => {
  test('adds a tenant with a secret that survives a reload and never reaches the page', async ({ bridge, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const rec = recordPage(page)
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')

    await ui.addTenant({ name: 'Acme Production', environment: 'production', clientId: 'acme-prod-client', secret: CANARY })
    await expect.poll(() => ui.tenantNames()).toContain('Acme Production')
    await page.getByTestId('tenant-overview').waitFor()
    expect(await ui.secretStatus().textContent()).toContain(`ends …${CANARY.slice(-4)}`)
    expect(await page.getByTestId('production-banner').isVisible()).toBe(true)
    await page.screenshot({ path: `${SHOTS}/tenants-production.png` })

    await page.reload()
    await expect.poll(() => ui.tenantNames()).toEqual(['Acme Production', 'Demo tenant'])
    await ui.select('Acme Production')
    expect(await page.getByTestId('tenant-client-id-value').textContent()).toBe('acme-prod-client')
    await page.screenshot({ path: `${SHOTS}/tenants-after-reload.png` })

    await rec.settle()
    expect(rec.errors).toEqual([])
    expect(rec.bodies.length).toBeGreaterThan(3)
    for (const body of rec.bodies) expect(body).not.toContain(CANARY)
    expect(await domDump(page)).not.toContain(CANARY)
    const log = await readFile(bridge.logPath, 'utf8')
    expect(log.length).toBeGreaterThan(0)
    expect(log).not.toContain(CANARY)
    expect(bridge.output()).not.toContain(CANARY)
    const settings = await readFile(`${bridge.userDataDir}/settings.json`, 'utf8')
    expect(settings).toContain('Acme Production')
    expect(settings).not.toContain(CANARY)
    await page.close()
  })

  test('keeps what the operator typed when a save fails', async ({ bridge, browser }) => {
    const page = await browser.newPage()
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
    await page.getByTestId('add-tenant').click()
    await page.getByTestId('tenant-name').fill('Half typed')
    await page.getByTestId('tenant-client-id').fill('some-client')
    await page.getByTestId('tenant-save').click()
    await expect.poll(() => page.locator('.field-error').textContent()).toContain('secret is required')
    expect(await page.getByTestId('tenant-name').inputValue()).toBe('Half typed')
    expect(await page.getByTestId('tenant-client-id').inputValue()).toBe('some-client')
    await page.close()
  })

  test('removes a tenant only after its name is typed', async ({ bridge, browser }) => {
    const page = await browser.newPage()
    await page.goto(bridge.launchUrl)
    const ui = tenantsPage(page)
    await ui.addTenant({ name: 'Temp Sandbox', environment: 'sandbox', clientId: 'tmp', secret: 'temp-secret-value-1234' })
    await expect.poll(() => ui.tenantNames()).toContain('Temp Sandbox')
    await page.getByTestId('remove-tenant').click()
    expect(await page.getByTestId('remove-submit').isDisabled()).toBe(true)
    await page.getByTestId('remove-confirm').fill('Temp Sandbox')
    await page.getByTestId('remove-submit').click()
    await expect.poll(() => ui.tenantNames()).not.toContain('Temp Sandbox')
    await page.close()
  })

  test('tenant removal and the command palette are native modal dialogs: focus inside, Tab kept in, Esc closes, focus back', async ({ bridge, browser }) => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 }
    ]) {
      const page = await browser.newPage({ viewport })
      await page.goto(bridge.launchUrl)
      const ui = tenantsPage(page)
      await expect.poll(() => ui.tenantNames()).toContain('Demo tenant')
      await ui.select('Demo tenant')
      const opener = page.getByTestId('remove-tenant')
      await opener.focus()
      await opener.click()
      const dialog = page.getByTestId('remove-dialog')
      await dialog.waitFor()
      expect(await dialog.evaluate((d) => d.tagName === 'DIALOG' && (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true)
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('remove-confirm')
      // Tab and Shift+Tab cycle inside the dialog, never reaching the page behind it.
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab')
        expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true)
      }
      await page.screenshot({ path: `${SHOTS}/modal-remove-tenant-${viewport.width}x${viewport.height}.png` })
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('remove-tenant')
      expect(await ui.tenantNames()).toContain('Demo tenant')

      await page.keyboard.press('Control+k')
      const palette = page.getByTestId('palette')
      await palette.waitFor()
      expect(await palette.evaluate((d) => d.tagName === 'DIALOG' && d.matches(':modal'))).toBe(true)
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('palette-input')
      await page.getByTestId('palette-input').fill('Aud')
      await page.screenshot({ path: `${SHOTS}/modal-palette-${viewport.width}x${viewport.height}.png` })
      await page.keyboard.press('Escape')
      await palette.waitFor({ state: 'detached' })
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('remove-tenant')
      await page.close()
    }
  })

  test('serves the strict CSP and refuses calls without the token, from a foreign origin or a foreign host', async ({ bridge }) => {
    const home = await fetch(bridge.url + '/')
    const csp = home.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/https?:\/\//)

    const call = (headers: Record<string, string>) =>
      fetch(`${bridge.url}/api/tenants.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })
    expect((await call({})).status).toBe(401)
    expect((await call({ 'X-Bridge-Token': 'wrong-token' })).status).toBe(401)
    expect((await call({ 'X-Bridge-Token': bridge.token, Origin: 'https://evil.example' })).status).toBe(403)
    const good = await call({ 'X-Bridge-Token': bridge.token, Origin: bridge.url })
    expect(good.status).toBe(200)
    expect(((await good.json()) as { ok: boolean }).ok).toBe(true)
    const events = await fetch(`${bridge.url}/api/events`)
    expect(events.status).toBe(401)
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not be served.
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const req = request(`${bridge.url}/api/tenants.list`, { method: 'POST', headers: { Host: `rebind.example:${new URL(bridge.url).port}`, 'X-Bridge-Token': bridge.token } }, (res) => resolve(res.statusCode ?? 0))
      req.end('{}')
    })
    expect(status).toBe(421)
  })
})
