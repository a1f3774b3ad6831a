import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'

// The Playwright `_electron` smoke test, on a machine with the Electron binary (hosted CI: .github/workflows/ci.yml).
// The binary is downloaded from GitHub on first use; where it is absent these tests report themselves skipped
// with the reason and never pass. Under SAHHA_REQUIRE_ELECTRON=1 (CI) a missing binary fails instead, and under
// SAHHA_REQUIRE_PACKAGED=1 (CI, after `npm run dist`) so does a missing packaged app.
const root = join(__dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  build: { productName: string; electronFuses: Record<string, boolean> }
}

// Where the Electron binary lives: node_modules/electron/dist, or Electron's own ELECTRON_OVERRIDE_DIST_PATH.
const electronDist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(root, 'node_modules/electron/dist')
function devBinary(): string | null {
  const pathTxt = join(root, 'node_modules/electron/path.txt')
  return existsSync(pathTxt) ? join(electronDist, readFileSync(pathTxt, 'utf8').trim()) : null
}

/** What `npm run dist` leaves unpacked for this platform: the fused binary (the .app on macOS) and its app.asar. */
function packagedApp(): { binary: string; asar: string; loose: string } | null {
  const dist = join(root, 'dist')
  const candidates =
    process.platform === 'darwin'
      ? ['mac-arm64', 'mac', 'mac-universal'].map((d) => join(dist, d, `${pkg.build.productName}.app`)).map((app) => ({ binary: app, resources: join(app, 'Contents/Resources') }))
      : [{ binary: join(dist, process.platform === 'win32' ? 'win-unpacked' : 'linux-unpacked', process.platform === 'win32' ? `${pkg.build.productName}.exe` : pkg.name.toLowerCase()), resources: '' }].map((c) => ({ ...c, resources: join(dirname(c.binary), 'resources') }))
  const found = candidates.find((c) => existsSync(c.binary))
  return found ? { binary: found.binary, asar: join(found.resources, 'app.asar'), loose: join(found.resources, 'app') } : null
}

/** package.json's electronFuses by @electron/fuses' names (runAsNode → RunAsNode): what the packaged binary must carry. */
function configuredFuses(): Record<string, boolean> {
  return Object.fromEntries(Object.entries(pkg.build.electronFuses).map(([k, v]) => [k[0]!.toUpperCase() + k.slice(1), v]))
}

const dev = devBinary()
const devAvailable = dev !== null && existsSync(dev)
const devRequired = process.env.SAHHA_REQUIRE_ELECTRON === '1'
const packaged = packagedApp()
const packagedRequired = process.env.SAHHA_REQUIRE_PACKAGED === '1'
const skipReason = (what: string) => ` [SKIPPED: ${what}]`

const devSkipped = !devAvailable && !devRequired
const packagedSkipped = !packaged && !packagedRequired

describe.skipIf(devSkipped)(`Electron smoke${devSkipped ? skipReason('the Electron binary is not installed here (no GitHub access to download it)') : ''}`, () => {
  let fusedDir: string | null = null
  beforeAll(() => {
    if (!devAvailable) throw new Error(`SAHHA_REQUIRE_ELECTRON=1 but there is no Electron binary (${dev ?? 'node_modules/electron/path.txt is missing'}): run \`npx --no install-electron\` first.`)
  })
  afterAll(() => {
    if (fusedDir) rmSync(fusedDir, { recursive: true, force: true })
  })

  it('opens the hardened window on the tenant screen, with node:sqlite in main and the keychain in its utility process, RunAsNode off', async () => {
    const { _electron } = await import('playwright-core')
    const { flipFuses, FuseV1Options, FuseVersion } = await import('@electron/fuses')
    // A copy of the binary with the packaged fuses that matter here: RunAsNode and NODE_OPTIONS off (so the
    // keychain helper must work without child_process.fork), cookies encrypted. --inspect stays on because
    // Playwright drives main through it, and the asar fuses need the packaged app (checked below).
    fusedDir = mkdtempSync(join(tmpdir(), 'sia-electron-'))
    cpSync(electronDist, fusedDir, { recursive: true, verbatimSymlinks: true })
    const fusedBinary = join(fusedDir, relative(electronDist, dev!))
    await flipFuses(fusedBinary, {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: process.platform === 'darwin',
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableCookieEncryption]: true
    })
    const app = await _electron.launch({ executablePath: fusedBinary, args: [root] })
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
      const utilities = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((m) => m.type === 'Utility').map((m) => m.name ?? m.serviceName ?? ''))
      expect(utilities).toContain('Sahha Admin keychain')
      // The Demo simulator runs in a worker thread of main (out/main/demo-simulator-worker.js; worker_threads read
      // app.asar since Electron 18): the Demo tenant's integration is read from it.
      const demo = await win.evaluate(async () => {
        type R = { ok: boolean; value?: { id: string; name: string }[] }
        const api = (window as unknown as { api: { tenants: { list(i: object): Promise<R> }; integrations: { get(i: object): Promise<{ ok: boolean; error?: { code: string } }> } } }).api
        const t = (await api.tenants.list({})).value?.find((x) => x.name === 'Demo tenant')
        const r = t ? await api.integrations.get({ tenantId: t.id, provider: 'oura' }) : null
        return r ? (r.ok ? 'ok' : r.error?.code) : 'no Demo tenant'
      })
      expect(demo).toBe('ok')
      // node:sqlite, loaded in main (Electron's Node) as main/local-store requires it, works without a native module.
      const sqlite = await app.evaluate(() => {
        const { DatabaseSync } = process.getBuiltinModule('node:sqlite')
        const db = new DatabaseSync(':memory:')
        db.exec('CREATE TABLE t (x INTEGER)')
        db.prepare('INSERT INTO t VALUES (?)').run(42)
        return { node: process.versions.node, row: db.prepare('SELECT x FROM t').get() }
      })
      expect(sqlite.row).toEqual({ x: 42 })
      // A link that tries to navigate the window away is stopped by the guard: the page stays the app.
      const before = win.url()
      await win.evaluate(() => {
        window.location.href = 'https://example.com/'
      })
      await win.getByTestId('tenant-list').waitFor()
      expect(win.url()).toBe(before)
    } finally {
      await app.close()
    }
  })
})

describe.skipIf(packagedSkipped)(`Packaged app${packagedSkipped ? skipReason('no packaged app in dist/ (run `npm run dist` where GitHub is reachable)') : ''}`, () => {
  beforeAll(() => {
    if (!packaged) throw new Error('SAHHA_REQUIRE_PACKAGED=1 but `npm run dist` left no unpacked app in dist/ for this platform.')
  })

  it("carries exactly the fuses of package.json's electronFuses, and its code only as app.asar", async () => {
    const { getCurrentFuseWire, FuseV1Options } = await import('@electron/fuses')
    const { FuseState } = await import('@electron/fuses/dist/constants.js')
    const wire = await getCurrentFuseWire(packaged!.binary)
    const expected = configuredFuses()
    const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, wire[FuseV1Options[name as keyof typeof FuseV1Options]] === FuseState.ENABLE]))
    expect(actual).toEqual(expected)
    expect(existsSync(packaged!.asar)).toBe(true)
    expect(existsSync(packaged!.loose)).toBe(false)
  })
})
