import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { composeApp, type App } from '../../../main/compose'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import { createKeytarSecretStore } from '../../../main/secrets/keytar-secret-store'

// The main-process services end to end against the REAL keychain (scripts/with-keychain.sh) and the
// simulator over HTTP: what the editor and the connections view rely on, without a browser.
let sim: RunningSimulator
let app: App
let dir: string
const service = `sahha-admin-it-${randomBytes(4).toString('hex')}`
const keychain = createKeytarSecretStore({ service })
const call = async <T>(channel: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(channel, input, { kind: 'test' })
  if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
  return r.value as T
}
const fails = async (channel: string, input: unknown) => {
  const r = await app.dispatch(channel, input, { kind: 'test' })
  expect(r.ok).toBe(false)
  return r.ok ? null! : r.error
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, profiles: 300, seed: 42 })
  dir = await mkdtemp(join(tmpdir(), 'sia-it-'))
  app = await composeApp(
    { version: '0-test', platform: 'linux', transport: 'bridge', userDataDir: dir, keychainService: service, fetch, logSink: () => undefined, rendererOrigin: null, rendererFile: null, demoProfiles: 300 },
    { allowTestSender: true, startDemo: async () => ({ url: sim.url, close: async () => undefined }) }
  )
})
afterAll(async () => {
  await app?.close()
  await sim?.close()
})

type Tenant = { id: string; name: string }
let acme: Tenant
let created: { config: { version: number; clientSecretSet: boolean } }
let n = 0
const edit = { enabled: true, clientId: 'ACME-OURA-CLIENT-ID', scopes: ['daily', 'heartrate'], providerAppScopes: ['daily', 'heartrate'], redirectUrlWhitelist: ['https://acme.example/cb'] }

// Each test gets its own tenant, and the account's integration (one per Sahha account, shared by
// the tenants of that account) is put back to `edit` with its secret: none depends on what another did.
beforeEach(async () => {
  n++
  acme = await call<Tenant>('tenants.create', { name: `Acme ${n}`, environment: 'demo', sahhaClientId: 'acme-account-client-id', sahhaClientSecret: 'acme-account-secret-42' })
  const current = await call<{ config: { version: number } | null }>('integrations.get', { tenantId: acme.id, provider: 'oura' })
  created = await call('integrations.save', { tenantId: acme.id, provider: 'oura', edit, baseVersion: current.config?.version ?? null, clientSecret: 'acme-oura-secret-42' })
})

describe('integration services against the real keychain and the simulator', () => {
  it('saves the integration and keeps its client secret in the real keychain only', async () => {
    expect(created.config.clientSecretSet).toBe(true)
    expect(created.config.version).toBeGreaterThanOrEqual(1)
    expect(await keychain.get({ tenantId: acme.id, environment: 'demo', provider: 'oura', name: 'client-secret' })).toBe('acme-oura-secret-42')
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('acme-oura-secret-42')
  })

  it('preflight tells a good secret (invalid_grant) from a wrong one (invalid_client)', async () => {
    const good = await call<{ ok: boolean; checks: { id: string; status: string }[] }>('integrations.preflight', { tenantId: acme.id, provider: 'oura', edit })
    expect(good.checks.find((c) => c.id === 'credentials')?.status).toBe('pass')
    expect(good.ok).toBe(true)
    const bad = await call<{ ok: boolean; checks: { id: string; status: string; remedy?: string }[] }>('integrations.preflight', { tenantId: acme.id, provider: 'oura', edit, clientSecret: 'not-the-oura-secret' })
    const cred = bad.checks.find((c) => c.id === 'credentials')!
    expect(cred.status).toBe('fail')
    expect(cred.remedy).toMatch(/Client ID and Client Secret/)
    expect(bad.ok).toBe(false)
  })

  it('preflight catches a scope the Oura app does not have and an unregistered redirect before users do', async () => {
    const r = await call<{ checks: { id: string; status: string }[] }>('integrations.preflight', { tenantId: acme.id, provider: 'oura', edit: { ...edit, scopes: ['daily', 'stress'], providerAppScopes: ['daily', 'stress'] } })
    expect(r.checks.find((c) => c.id === 'provider_scopes')?.status).toBe('fail')
  })

  it('replacing the secret lands in the real keychain and reaches Sahha; the audit log records it without the value', async () => {
    const cur = await call<{ config: { version: number } }>('integrations.get', { tenantId: acme.id, provider: 'oura' })
    await call('integrations.replaceSecret', { tenantId: acme.id, provider: 'oura', clientSecret: 'acme-oura-secret-42-rotated', baseVersion: cur.config.version })
    expect(await keychain.get({ tenantId: acme.id, environment: 'demo', provider: 'oura', name: 'client-secret' })).toBe('acme-oura-secret-42-rotated')
    const view = await call<{ config: { clientSecretLast4: string; version: number } }>('integrations.get', { tenantId: acme.id, provider: 'oura' })
    expect(view.config.clientSecretLast4).toBe('ated')
    const audit = await readFile(join(dir, 'audit-log.jsonl'), 'utf8')
    expect(audit).toContain('integration.replaceSecret')
    expect(audit).not.toContain('acme-oura-secret-42')
  })

  it('a stale save is refused with the other change attached; nothing is overwritten', async () => {
    const cur = await call<{ config: { version: number } }>('integrations.get', { tenantId: acme.id, provider: 'oura' })
    const v = cur.config.version
    await call('integrations.save', { tenantId: acme.id, provider: 'oura', edit: { ...edit, redirectUrlWhitelist: ['https://acme.example/theirs'] }, baseVersion: v })
    const err = await fails('integrations.save', { tenantId: acme.id, provider: 'oura', edit: { ...edit, scopes: ['daily'] }, baseVersion: v })
    expect(err.code).toBe('CONFLICT')
    expect((err.details as { current: { redirectUrlWhitelist: string[] } }).current.redirectUrlWhitelist).toEqual(['https://acme.example/theirs'])
    const after = await call<{ config: { redirectUrlWhitelist: string[]; scopes: string[] } }>('integrations.get', { tenantId: acme.id, provider: 'oura' })
    expect(after.config.redirectUrlWhitelist).toEqual(['https://acme.example/theirs'])
    expect(after.config.scopes).toEqual(['daily', 'heartrate'])
  })

  it('main refuses a scope mismatch or a bad whitelist even if the renderer let it through', async () => {
    const cur = await call<{ config: { version: number } }>('integrations.get', { tenantId: acme.id, provider: 'oura' })
    const mismatch = await fails('integrations.save', { tenantId: acme.id, provider: 'oura', edit: { ...edit, scopes: ['daily', 'stress'] }, baseVersion: cur.config.version })
    expect(mismatch).toMatchObject({ code: 'VALIDATION', field: 'scopes' })
    const js = await fails('integrations.save', { tenantId: acme.id, provider: 'oura', edit: { ...edit, redirectUrlWhitelist: ['javascript:alert(1)'] }, baseVersion: cur.config.version })
    expect(js).toMatchObject({ code: 'VALIDATION', field: 'redirectUrlWhitelist.0' })
  })

  it('drafts never hold a secret, even when one is sent with them', async () => {
    await call('drafts.save', { tenantId: acme.id, provider: 'oura', edit: { ...edit, clientSecret: 'sneaky-secret-in-draft' }, baseVersion: 1 })
    const drafts = await readFile(join(dir, 'drafts.json'), 'utf8')
    expect(drafts).toContain('ACME-OURA-CLIENT-ID')
    expect(drafts).not.toContain('sneaky-secret-in-draft')
  })
})

describe('connection services', () => {
  it('on production, refuses a disconnect or a credential change without the typed confirmation, before any call to Sahha', async () => {
    const prod = await call<Tenant>('tenants.create', { name: 'Prod Co', environment: 'production', sahhaClientId: 'prod-cid', sahhaClientSecret: 'prod-secret-value-0001' })
    const d = await fails('connections.disconnect', { tenantId: prod.id, provider: 'oura', externalId: 'user-1' })
    expect(d).toMatchObject({ code: 'VALIDATION', field: 'confirmText' })
    expect(d.message).toMatch(/type "user-1"/)
    const r = await fails('integrations.replaceSecret', { tenantId: prod.id, provider: 'oura', clientSecret: 'x-new-secret', baseVersion: 1, confirmName: 'prod co' })
    expect(r).toMatchObject({ code: 'VALIDATION', field: 'confirmName' })
    const promote = await fails('integrations.promote', { fromTenantId: acme.id, toTenantId: prod.id, provider: 'oura', expectedToVersion: null, copySecret: false })
    expect(promote).toMatchObject({ code: 'VALIDATION', field: 'confirmName' })
    // With the confirmation the call proceeds (and here, offline, fails as a network error: api.sahha.ai is unreachable).
    const net = await fails('connections.disconnect', { tenantId: prod.id, provider: 'oura', externalId: 'user-1', confirmText: 'user-1' })
    expect(['NETWORK', 'TIMEOUT']).toContain(net.code)
  }, 30_000)

  it('counts the impact of a credential change and generates bulk reconnect links once per user', async () => {
    const prod = await call<Tenant>('tenants.create', { name: 'Demo Two', environment: 'demo', sahhaClientId: 'demo-account-client-id', sahhaClientSecret: 'demo-account-secret-42' })
    const impact = await call<{ liveConnections: number; total: number }>('integrations.impact', { tenantId: prod.id, provider: 'oura' })
    expect(impact.total).toBeGreaterThan(250)
    expect(impact.liveConnections).toBeGreaterThan(impact.total * 0.8)
    const links = await call<{ links: { externalId: string; authorizationUrl: string | null }[]; cancelled: boolean }>('connections.reconnectLinks', {
      tenantId: prod.id,
      provider: 'oura',
      operationId: 'op_test_bulk_0001',
      externalIds: ['user-0000011', 'user-0000012', 'user-0000012']
    })
    expect(links.cancelled).toBe(false)
    expect(links.links.map((l) => l.externalId)).toEqual(['user-0000011', 'user-0000012'])
    expect(links.links.every((l) => l.authorizationUrl?.includes('/_oura/cloud/oauth/authorize'))).toBe(true)
  })
})
