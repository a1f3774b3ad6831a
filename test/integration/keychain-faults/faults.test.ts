import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { composeApp, type App } from '../../../main/compose'
import type { Tenant } from '../../../preload/contract/models'

/**
 * Keychain faults (issue F.7) against a real gnome-keyring on a private D-Bus session bus that this
 * file starts, locks, kills and brings back: a clear error with a remedy each time, nothing written
 * anywhere else, and the app recovers when the keychain returns, without a restart.
 */
const PASSWORD = 'throwaway-fault-test-pw'
let dir: string
let busAddress: string
let bus: ChildProcess | null = null
const saved = { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS, XDG_DATA_HOME: process.env.XDG_DATA_HOME, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR }

async function startBus(): Promise<void> {
  const socket = busAddress.replace('unix:path=', '')
  rmSync(socket, { force: true })
  bus = spawn('dbus-daemon', ['--session', `--address=${busAddress}`, '--nofork', '--nopidfile'], { stdio: 'ignore' })
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20))
  // The keyring daemon, unlocked with the throwaway password, on this bus (it daemonizes itself).
  startKeyring()
}
function stopBus(): void {
  // Only this file's keyring daemon (asked of this bus), never the one the rest of the suite uses.
  const r = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'], {
    env: process.env,
    encoding: 'utf8',
    timeout: 15_000
  })
  const pid = Number(/uint32 (\d+)/.exec(r.stdout ?? '')?.[1])
  if (pid) process.kill(pid)
  bus?.kill()
  bus = null
}
function dbus(...args: string[]): string {
  const r = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', ...args], { env: process.env, encoding: 'utf8', timeout: 15_000 })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout
}
const LOGIN = '/org/freedesktop/secrets/collection/login'
const lockKeychain = () => dbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `array:objpath:${LOGIN}`)
const isLocked = () => /boolean true/.test(dbus(LOGIN, 'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.Secret.Collection', 'string:Locked'))
/** What an operator does: unlock the login keyring (here by replacing the daemon with an unlocked one). */
const unlockKeychain = () => startKeyring()
function startKeyring(): void {
  // The daemon forks and keeps its stdio: give it none, or waiting for the pipes would wait for the daemon.
  const r = spawnSync('gnome-keyring-daemon', ['--replace', '--unlock', '--components=secrets'], { input: PASSWORD, stdio: ['pipe', 'ignore', 'ignore'], env: process.env, timeout: 15_000 })
  expect(r.status).toBe(0)
}

async function newApp(): Promise<App> {
  const userDataDir = await mkdtemp(join(dir, 'user-'))
  return composeApp(
    { version: '0', platform: 'linux', transport: 'bridge', userDataDir, keychainService: `sahha-admin-fault-${randomBytes(4).toString('hex')}`, fetch, logSink: () => undefined, rendererOrigin: null, rendererFile: null, demoProfiles: 10 },
    { allowTestSender: true, startDemo: async () => ({ url: 'http://127.0.0.1:9', close: async () => undefined }) }
  )
}
const call = (app: App, channel: string, input: unknown) => app.dispatch(channel, input, { kind: 'test' })
async function secretState(app: App, id: string): Promise<string | undefined> {
  const r = await call(app, 'tenants.list', {})
  return r.ok ? (r.value as Tenant[]).find((t) => t.id === id)?.accountSecret.state : `error ${r.error.code}`
}
/** Every file the app wrote: none may hold a secret, whatever the keychain did. */
async function filesContaining(root: string, secret: string): Promise<string[]> {
  const hits: string[] = []
  for (const f of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue
    const path = join(f.parentPath, f.name)
    if ((await readFile(path)).includes(secret)) hits.push(path)
  }
  return hits
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sia-kcfault-'))
  busAddress = `unix:path=${join(dir, 'bus')}`
  Object.assign(process.env, { DBUS_SESSION_BUS_ADDRESS: busAddress, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: dir })
  await startBus()
})
afterAll(() => {
  stopBus()
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})

describe('keychain faults (real gnome-keyring on a private bus)', () => {
  it('a locked keychain is reported as locked, not as a missing secret; nothing is written elsewhere; unlocking recovers', async () => {
    const app = await newApp()
    const created = await call(app, 'tenants.create', { name: 'Locked', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: 'before-lock-secret-0001' })
    expect(created.ok).toBe(true)
    const id = created.ok ? (created.value as Tenant).id : ''

    lockKeychain()
    expect(isLocked()).toBe(true)
    // libsecret answers "no such entry" for a locked keyring whose prompt cannot be shown; the app must not believe it.
    expect(await secretState(app, id)).toBe('unavailable')
    const update = await call(app, 'tenants.update', { id, sahhaClientSecret: 'typed-while-locked-0002' })
    expect(update).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', retryable: true } })
    if (!update.ok) {
      expect(update.error.message).toMatch(/locked/)
      expect(update.error.remedy).toMatch(/Unlock your keychain/)
    }
    expect(await filesContaining(dir, 'typed-while-locked-0002')).toEqual([])

    unlockKeychain()
    expect(isLocked()).toBe(false)
    expect(await secretState(app, id)).toBe('set')
    expect(await call(app, 'tenants.update', { id, sahhaClientSecret: 'after-unlock-secret-0003' })).toMatchObject({ ok: true })
    expect(await filesContaining(dir, 'after-unlock-secret-0003')).toEqual([])
    expect(await filesContaining(dir, 'before-lock-secret-0001')).toEqual([])
    await app.close()
  })

  it('removing a tenant while the keyring is locked refuses with "locked" and the unlock remedy, keeps the tenant and its secret, and audits no removal; after unlocking it removes every entry', async () => {
    const app = await newApp()
    const created = await call(app, 'tenants.create', { name: 'Locked Removal', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: 'remove-while-locked-0008' })
    const rec = created.ok ? (created.value as Tenant) : null
    const id = rec?.id ?? ''
    const key = { tenantId: id, environment: 'sandbox' as const, provider: 'sahha', name: 'client-secret' as const }
    const audited = async () => (await app.services.audit.read({ tenantId: id })).entries.map((e) => `${e.action}: ${e.summary}`)

    lockKeychain()
    expect(isLocked()).toBe(true)
    // libsecret answers `false` ("nothing deleted") in a locked collection instead of failing: the app must not believe it.
    const refused = await call(app, 'tenants.remove', { id, confirmName: 'Locked Removal' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', retryable: true } })
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/locked/)
      expect(refused.error.remedy).toMatch(/Unlock your keychain/)
    }
    expect(await audited()).toEqual(['tenant.create: Tenant "Locked Removal" added'])

    unlockKeychain()
    // Still there, with its secret: nothing was orphaned and nothing was half-removed.
    const listed = await call(app, 'tenants.list', {})
    expect(listed.ok && (listed.value as Tenant[]).find((t) => t.id === id)?.accountSecret.state).toBe('set')
    expect(await app.services.secrets.get(key)).toBe('remove-while-locked-0008')

    expect(await call(app, 'tenants.remove', { id, confirmName: 'Locked Removal' })).toMatchObject({ ok: true })
    expect(await app.services.secrets.get(key)).toBeNull()
    expect((await audited())[0]).toBe('tenant.remove: Tenant "Locked Removal" removed; keychain entries deleted: Sahha account secret')
    await app.close()
  })

  it('D-Bus gone mid-session: a clear error with a remedy, the app keeps running, and it recovers when the bus is back', async () => {
    const app = await newApp()
    const created = await call(app, 'tenants.create', { name: 'Bus', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: 'bus-secret-value-0004' })
    const id = created.ok ? (created.value as Tenant).id : ''
    expect(await secretState(app, id)).toBe('set')

    stopBus()
    expect(await secretState(app, id)).toBe('unavailable')
    const update = await call(app, 'tenants.update', { id, sahhaClientSecret: 'typed-without-bus-0005' })
    expect(update).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', retryable: true } })
    if (!update.ok) expect(update.error.remedy).toMatch(/Unlock your keychain/)
    expect(await call(app, 'tenants.create', { name: 'Nope', environment: 'sandbox', sahhaClientId: 'c2', sahhaClientSecret: 'typed-without-bus-0006' })).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE' }
    })
    expect(await filesContaining(dir, 'typed-without-bus-0005')).toEqual([])
    expect(await filesContaining(dir, 'typed-without-bus-0006')).toEqual([])
    // The tenant whose secret could not be stored was not half-created.
    const names = await call(app, 'tenants.list', {})
    expect(names.ok && (names.value as Tenant[]).map((t) => t.name)).not.toContain('Nope')

    // The same bus address and keyring files come back (a restarted session): the app reads and writes again.
    await startBus()
    expect(await secretState(app, id)).toBe('set')
    expect(await call(app, 'tenants.update', { id, sahhaClientSecret: 'after-bus-back-0007' })).toMatchObject({ ok: true })
    expect(await secretState(app, id)).toBe('set')
    await app.close()
  })
})
