import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// The Playwright `_electron` smoke test. It needs the Electron binary, which is downloaded from GitHub
// on first use; where that binary is absent it reports itself skipped with the reason, never passes.
const electronDir = join(__dirname, '../../node_modules/electron')
const pathTxt = join(electronDir, 'path.txt')
const binary = existsSync(pathTxt) ? join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim()) : null
const available = binary !== null && existsSync(binary)
const reason = available ? '' : ' [SKIPPED: the Electron binary is not installed here (no GitHub access to download it)]'

describe.skipIf(!available)(`Electron smoke${reason}`, () => {
  it('opens the hardened window on the tenant screen', async () => {
    const { _electron } = await import('playwright-core')
    const app = await _electron.launch({ executablePath: binary!, args: [join(__dirname, '../..')] })
    try {
      const win = await app.firstWindow()
      await win.getByTestId('tenant-list').waitFor()
      // Sandboxed, isolated, no Node: the page sees neither require nor process, only the typed api.
      expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
      expect(await win.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined')
      expect(await win.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toContain('tenants')
      // The keychain answers through its utility process: the Demo tenant's secret is in it (a test keychain under npm test).
      const states = await win.evaluate(async () => {
        const api = (window as unknown as { api: { tenants: { list(i: object): Promise<{ ok: boolean; value?: { name: string; accountSecret: { state: string } }[] }> } } }).api
        const r = await api.tenants.list({})
        return r.ok ? r.value!.map((t) => `${t.name}: ${t.accountSecret.state}`) : []
      })
      expect(states).toContain('Demo tenant: set')
    } finally {
      await app.close()
    }
  })
})
