import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { createKeytarSecretStore } from '../../../main/secrets/keytar-secret-store'
import type { SecretKey } from '../../../main/secrets/secret-store'

// Runs against the REAL OS keychain: gnome-keyring on a private D-Bus session, set up by
// scripts/with-keychain.sh (npm test does this). Without it this suite fails loudly, it never skips.
const service = `sahha-admin-test-${randomBytes(4).toString('hex')}`
const store = createKeytarSecretStore({ service })
const key = (tenantId: string, environment: SecretKey['environment'] = 'sandbox'): SecretKey => ({
  tenantId,
  environment,
  provider: 'oura',
  name: 'client-secret'
})

describe('keytar secret store (real keychain)', () => {
  it('on Linux, needs a D-Bus session: run through `npm test` or scripts/with-keychain.sh', () => {
    // Only Linux keeps secrets over D-Bus; macOS and Windows (hosted CI) use the OS keychain directly.
    if (process.platform === 'linux') expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'no D-Bus session: run tests through scripts/with-keychain.sh').toBeTruthy()
  })

  it('sets, gets, replaces and deletes a secret', async () => {
    const k = key('t_set0001')
    expect(await store.get(k)).toBeNull()
    await store.set(k, 'first-secret-value')
    expect(await store.get(k)).toBe('first-secret-value')
    expect(await store.has(k)).toBe(true)
    await store.set(k, 'second-secret-value')
    expect(await store.get(k)).toBe('second-secret-value')
    expect(await store.delete(k)).toBe(true)
    expect(await store.get(k)).toBeNull()
    expect(await store.delete(k)).toBe(false)
  })

  it('keeps environments and tenants apart', async () => {
    await store.set(key('t_ns00001', 'sandbox'), 'sandbox-value')
    await store.set(key('t_ns00001', 'production'), 'production-value')
    expect(await store.get(key('t_ns00001', 'sandbox'))).toBe('sandbox-value')
    expect(await store.get(key('t_ns00001', 'production'))).toBe('production-value')
    expect(await store.get(key('t_ns00002', 'sandbox'))).toBeNull()
    await store.delete(key('t_ns00001', 'sandbox'))
    await store.delete(key('t_ns00001', 'production'))
  })

  it('runs the operations on one secret in the order they were asked for: writes never interleave, a read sees the write before it', async () => {
    const k = key('t_queue001')
    // Fired together, without waiting: the helper process answers as each call completes.
    const ops: Promise<unknown>[] = []
    for (let i = 0; i < 20; i++) {
      ops.push(store.set(k, `value-${String(i).padStart(2, '0')}-${'x'.repeat(i * 50)}`))
      ops.push(store.get(k))
    }
    const results = await Promise.all(ops)
    const reads = results.filter((_, i) => i % 2 === 1)
    expect(reads).toEqual(Array.from({ length: 20 }, (_, i) => `value-${String(i).padStart(2, '0')}-${'x'.repeat(i * 50)}`))
    expect(await store.get(k)).toBe(`value-19-${'x'.repeat(19 * 50)}`)
    // A delete queued behind a write removes that write, and a write behind the delete comes back.
    const [, deleted, , last] = await Promise.all([store.set(k, 'before-delete'), store.delete(k), store.set(k, 'after-delete'), store.get(k)])
    expect(deleted).toBe(true)
    expect(last).toBe('after-delete')
    await store.delete(k)
  })

  it('stores the item where other keychain tools see it, under our service and namespaced account', async () => {
    await store.set(key('t_tool0001'), 'visible-to-secret-tool')
    const out = execFileSync('secret-tool', ['lookup', 'service', service, 'account', 't_tool0001/sandbox/oura/client-secret'], {
      encoding: 'utf8'
    })
    expect(out).toBe('visible-to-secret-tool')
    await store.delete(key('t_tool0001'))
  })
})

describe('keychain faults seen by the app', () => {
  it('an entry deleted behind the app’s back is reported as SECRET_MISSING with what to do, and nothing is written elsewhere', async () => {
    const { mkdtemp, readdir, readFile } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { composeApp } = await import('../../../main/compose')
    const dir = await mkdtemp(join(tmpdir(), 'sia-kc-'))
    const app = await composeApp(
      { version: '0', platform: 'linux', transport: 'bridge', userDataDir: dir, keychainService: service, fetch, logSink: () => undefined, rendererOrigin: null, rendererFile: null, demoProfiles: 10 },
      { allowTestSender: true, startDemo: async () => ({ url: 'http://127.0.0.1:9', close: async () => undefined }) }
    )
    const created = await app.dispatch('tenants.create', { name: 'Gone', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: 'deleted-behind-back-1' }, { kind: 'test' })
    const id = created.ok ? (created.value as { id: string }).id : ''
    // Another tool (or the operator) removes the entry from the OS keychain.
    execFileSync('secret-tool', ['clear', 'service', service, 'account', `${id}/sandbox/sahha/client-secret`])
    const listed = await app.dispatch('tenants.list', {}, { kind: 'test' })
    expect(JSON.stringify(listed)).toContain('"state":"missing"')
    const check = await app.dispatch('tenants.check', { id }, { kind: 'test' })
    expect(check).toMatchObject({ ok: false, error: { code: 'SECRET_MISSING' } })
    if (!check.ok) expect(check.error.remedy).toMatch(/enter the client secret again/)
    // Recovery: entering it again puts it back in the keychain, and only there.
    await app.dispatch('tenants.update', { id, sahhaClientSecret: 'entered-again-0002' }, { kind: 'test' })
    expect(await store.get({ tenantId: id, environment: 'sandbox', provider: 'sahha', name: 'client-secret' })).toBe('entered-again-0002')
    for (const f of await readdir(dir)) if (f.endsWith('.json') || f.endsWith('.jsonl')) expect(await readFile(join(dir, f), 'utf8')).not.toContain('entered-again-0002')
    await app.close()
  })
})
