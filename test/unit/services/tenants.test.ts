import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { composeApp } from '../../../main/compose'
import type { AppConfig } from '../../../main/config'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'
import { composeTestApp } from '../../support/compose-test-app'

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'sia-'))
  const lines: string[] = []
  const config: AppConfig = {
    version: '0.0.0-test',
    platform: 'linux',
    transport: 'bridge',
    userDataDir: dir,
    keychainService: 'unused',
    fetch: globalThis.fetch,
    logSink: (l) => lines.push(l),
    logLevel: 'debug',
    rendererOrigin: null,
    rendererFile: null,
    demoProfiles: 100
  }
  const secrets = createMemorySecretStore()
  const app = await composeApp(config, { secrets, allowTestSender: true })
  const call = (channel: string, input: unknown) => app.dispatch(channel, input, { kind: 'test' })
  return { dir, lines, secrets, app, call }
}

const SECRET = 'canary-secret-7f3a9c1e5b2d'

describe('tenants through dispatch', () => {
  it('creates a Demo tenant on the first start only: not again on a restart, nor after the operator removed it', async () => {
    const { call, dir, app } = await setup()
    const first = await call('tenants.list', {})
    const demo = (first.ok ? (first.value as { id: string; name: string; environment: string }[]) : []).filter((t) => t.environment === 'demo')
    expect(demo).toHaveLength(1)
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))
    expect(settings.data.demoSeeded).toBe(true)
    await app.close()
    // A restart on the same data folder keeps the one Demo tenant, with the same id.
    const again = await composeTestApp({ dir })
    expect((await again.value<{ id: string }[]>('tenants.list', {})).map((t) => t.id)).toEqual([demo[0]!.id])
    // Removed by the operator: a later restart does not bring it back.
    await again.value('tenants.remove', { id: demo[0]!.id, confirmName: demo[0]!.name })
    await again.app.close()
    const third = await composeTestApp({ dir })
    expect(await third.value('tenants.list', {})).toEqual([])
    await third.app.close()
  })

  it('keeps the secret in the keychain only: not in the settings file, the audit log, the logs or any answer', async () => {
    const { call, dir, lines, secrets } = await setup()
    const created = await call('tenants.create', { name: 'Acme', environment: 'production', sahhaClientId: 'acme-cid', sahhaClientSecret: SECRET })
    expect(created.ok).toBe(true)
    const listed = await call('tenants.list', {})
    expect(JSON.stringify([created, listed])).not.toContain(SECRET)
    expect(JSON.stringify(listed)).toContain('"last4":"5b2d"')
    expect([...secrets.entries.values()]).toContain(SECRET)
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain(SECRET)
    expect(await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).not.toContain(SECRET)
    expect(lines.join('\n')).not.toContain(SECRET)
  })

  it('namespaces keychain entries by tenant, environment and provider', async () => {
    const { call, secrets } = await setup()
    const r = await call('tenants.create', { name: 'Acme', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: SECRET })
    const id = r.ok ? (r.value as { id: string }).id : ''
    expect([...secrets.entries.keys()]).toContain(`${id}/sandbox/sahha/client-secret`)
  })

  it('writes nothing when the keychain is unavailable, and says what to do', async () => {
    const { call, secrets, dir } = await setup()
    secrets.available = false
    const r = await call('tenants.create', { name: 'Acme', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: SECRET })
    expect(r).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', retryable: true } })
    if (!r.ok) expect(r.error.remedy).toMatch(/Unlock your keychain/)
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('Acme')
    const listed = await call('tenants.list', {})
    expect(listed.ok && (listed.value as { accountSecret: { state: string } }[])[0]!.accountSecret.state).toBe('unavailable')
  })

  it('refuses a duplicate name in the same environment', async () => {
    const { call } = await setup()
    await call('tenants.create', { name: 'Acme', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: SECRET })
    const r = await call('tenants.create', { name: 'acme', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: SECRET })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name' } })
  })

  it('replaces the secret on update and keeps it when omitted', async () => {
    const { call, secrets } = await setup()
    const r = await call('tenants.create', { name: 'Acme', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: SECRET })
    const id = r.ok ? (r.value as { id: string }).id : ''
    await call('tenants.update', { id, name: 'Acme Health' })
    expect(secrets.entries.get(`${id}/sandbox/sahha/client-secret`)).toBe(SECRET)
    await call('tenants.update', { id, sahhaClientSecret: 'replacement-secret-0001' })
    expect(secrets.entries.get(`${id}/sandbox/sahha/client-secret`)).toBe('replacement-secret-0001')
  })

  it('removes a tenant and its keychain entries only after the typed name matches', async () => {
    const { call, secrets } = await setup()
    const r = await call('tenants.create', { name: 'Acme', environment: 'production', sahhaClientId: 'cid', sahhaClientSecret: SECRET })
    const id = r.ok ? (r.value as { id: string }).id : ''
    const wrong = await call('tenants.remove', { id, confirmName: 'acme' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'confirmName' } })
    expect(secrets.entries.has(`${id}/production/sahha/client-secret`)).toBe(true)
    const done = await call('tenants.remove', { id, confirmName: 'Acme' })
    expect(done.ok).toBe(true)
    expect(secrets.entries.has(`${id}/production/sahha/client-secret`)).toBe(false)
    const listed = await call('tenants.list', {})
    expect(JSON.stringify(listed)).not.toContain('Acme')
  })

  it('reports a corrupt settings file at start-up and only resets when asked', async () => {
    const { dir } = await setup()
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'settings.json'), 'not json at all')
    const again = await composeApp(
      {
        version: '0',
        platform: 'linux',
        transport: 'bridge',
        userDataDir: dir,
        keychainService: 'x',
        fetch,
        logSink: () => undefined,
        rendererOrigin: null,
        rendererFile: null,
        demoProfiles: 10
      },
      { secrets: createMemorySecretStore(), allowTestSender: true }
    )
    const info = await again.dispatch('app.info', {}, { kind: 'test' })
    expect(info).toMatchObject({ ok: true, value: { storage: { state: 'damaged' } } })
    const files = info.ok ? (info.value as { storage: { files: { id: string; state: string }[] } }).storage.files : []
    expect(files.filter((f) => f.state !== 'ok')).toMatchObject([{ id: 'settings', state: 'corrupt' }])
    const list = await again.dispatch('tenants.list', {}, { kind: 'test' })
    expect(list).toMatchObject({ ok: false, error: { code: 'STORAGE_CORRUPT' } })
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe('not json at all')
    const reset = await again.dispatch('storage.resetCorrupt', { confirm: 'RESET', file: 'settings' }, { kind: 'test' })
    expect(reset.ok).toBe(true)
    const after = await again.dispatch('tenants.list', {}, { kind: 'test' })
    expect(after.ok).toBe(true)
  })
})
