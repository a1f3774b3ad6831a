import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../../../main/compose'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { AppInfo } from '../../../preload/contract/models'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'
import { composeOn } from '../../soak/scenarios'

/**
 * Issue G.2: local bookkeeping never turns a save Sahha accepted into a failure, and every local
 * file the app keeps can be reported damaged and reset on its own. The real dispatch, services and
 * simulator over HTTP; only the keychain is in memory.
 */
let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ port: 0, profiles: 50, seed: 42 })
})
afterAll(async () => {
  await sim?.close()
})

async function open(dir: string): Promise<{ app: App; call: (channel: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> }> {
  const app = await composeOn(dir, createMemorySecretStore(), { startDemo: async () => ({ url: sim.url, close: async () => undefined }) })
  return { app, call: (channel, input) => app.dispatch(channel, input, { kind: 'test' }) as never }
}
const edit = { enabled: true, clientId: 'ACME-OURA-CLIENT-ID', scopes: ['daily', 'heartrate'], providerAppScopes: ['daily', 'heartrate'], redirectUrlWhitelist: ['https://acme.example/cb'] }
const storage = async (call: Awaited<ReturnType<typeof open>>['call']) => ((await call('app.info', {})).value as AppInfo).storage

describe('storage recovery', () => {
  it('a damaged drafts file: the save Sahha accepted answers success with a warning, is audited, and the tab still loads; resetting drafts repairs it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-rec-'))
    const { app, call } = await open(dir)
    const created = await call('tenants.create', { name: 'Acme', environment: 'demo', sahhaClientId: 'acme-account-client-id', sahhaClientSecret: 'acme-account-secret-42' })
    const tenantId = (created.value as { id: string }).id
    await writeFile(join(dir, 'drafts.json'), '{"schemaVersion":1,"data":{"drafts":{"x"')

    const saved = await call('integrations.save', { tenantId, provider: 'oura', edit, baseVersion: null, clientSecret: 'acme-oura-secret-42' })
    expect(saved).toMatchObject({ ok: true, value: { config: { version: 1 }, storageWarnings: [{ file: 'drafts' }] } })
    expect((saved.value as { storageWarnings: { message: string }[] }).storageWarnings[0]!.message).toMatch(/Saved at Sahha.*draft could not be cleared/)
    const audit = await call('audit.list', { tenantId })
    expect((audit.value as { entries: { action: string }[] }).entries.map((e) => e.action)).toContain('integration.create')

    // The integration tab loads (without the draft) instead of failing, and names the damaged file.
    const view = await call('integrations.get', { tenantId, provider: 'oura' })
    expect(view).toMatchObject({ ok: true, value: { config: { version: 1 }, draft: null, storageWarnings: [{ file: 'drafts' }] } })

    const before = await storage(call)
    expect(before.state).toBe('damaged')
    const drafts = before.files.find((f) => f.id === 'drafts')!
    expect(drafts).toMatchObject({ state: 'corrupt', path: join(dir, 'drafts.json') })
    expect(await readFile(drafts.backupPath!, 'utf8')).toBe('{"schemaVersion":1,"data":{"drafts":{"x"')
    expect(before.files.filter((f) => f.state !== 'ok').map((f) => f.id)).toEqual(['drafts'])

    expect(await call('storage.resetCorrupt', { confirm: 'RESET', file: 'drafts' })).toMatchObject({ ok: true, value: { backupPath: drafts.backupPath } })
    expect((await storage(call)).state).toBe('ok')
    expect(await call('drafts.save', { tenantId, provider: 'oura', edit, baseVersion: 1 })).toMatchObject({ ok: true })
    // The tenants in settings were never touched by the drafts reset.
    expect(((await call('tenants.list', {})).value as { name: string }[]).map((t) => t.name)).toContain('Acme')
    await app.close()
  })

  it('every local file is covered: each damaged file is reported with its backup and reset on its own, the others untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-rec-'))
    const first = await open(dir)
    await first.call('tenants.create', { name: 'Kept', environment: 'sandbox', sahhaClientId: 'c', sahhaClientSecret: 'kept-secret-value-1' })
    await first.app.close()
    const damage: Record<string, string> = {
      'drafts.json': 'not json',
      'onboarding.json': '{"schemaVersion":1,"data":{"current":{"step":99}}}',
      'window-state.json': '{"data":{}}',
      'capabilities.json': '{"schemaVersion":1,"data":{"tenants":{"t_1":{"adminApi":"maybe"}}}}',
      'desired-config.json': '{"schemaVersion":1,"data":{"integrations":{"t_1/oura":{"versions":"none"}}}}',
      'audit-log.jsonl': 'garbage line one\ngarbage line two\n{"at":"2026-11-24T00:00:00Z","tenantId":"t_1","environment":"sandbox","action":"kept.entry","summary":"readable"}\n'
    }
    for (const [name, text] of Object.entries(damage)) await writeFile(join(dir, name), text)

    const { app, call } = await open(dir)
    const s = await storage(call)
    expect(s.files.map((f) => [f.id, f.state])).toEqual([
      ['settings', 'ok'],
      ['drafts', 'corrupt'],
      ['onboarding', 'corrupt'],
      ['window-state', 'corrupt'],
      ['capabilities', 'corrupt'],
      ['desired-config', 'corrupt'],
      ['audit-log', 'corrupt']
    ])
    for (const f of s.files.filter((x) => x.state !== 'ok')) {
      expect(f.backupPath).toBeDefined()
      expect(await call('storage.resetCorrupt', { confirm: 'RESET', file: f.id })).toMatchObject({ ok: true, value: { backupPath: f.backupPath } })
    }
    expect((await storage(call)).state).toBe('ok')
    // The audit log kept its readable entry; settings kept the tenant.
    const audit = await call('audit.list', {})
    expect((audit.value as { entries: { action: string }[] }).entries.map((e) => e.action)).toContain('kept.entry')
    expect(((await call('tenants.list', {})).value as { name: string }[]).map((t) => t.name)).toContain('Kept')
    expect(await call('onboarding.get', {})).toMatchObject({ ok: true, value: { current: null } })
    await app.close()
  })
})
