import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { App } from '../../../main/compose'
import { composeTestApp } from '../../support/compose-test-app'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { IntegrationView, Tenant, VerificationResult, WebhookHealthResult } from '../../../preload/contract/models'

// The integration side of the documented-only tier through dispatch, on a simulated Sahha without the admin API.
let sim: RunningSimulator
let app: App
let dir: string
let tenant: Tenant
const call = async <T>(channel: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(channel, input, { kind: 'test' })
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { appError: r.error })
  return r.value as T
}
const edit = { enabled: true, clientId: 'DEMO-OURA-CLIENT-ID', scopes: ['daily', 'heartrate'], providerAppScopes: ['daily', 'heartrate'], redirectUrlWhitelist: ['https://demo-app.example/integrations/callback'] }

beforeAll(async () => {
  sim = await startSimulator({ port: 0, profiles: 50, adminApi: 'off' })
  const t = await composeTestApp({ overrides: { startDemo: async () => ({ url: sim.url, close: async () => undefined }) } })
  ;({ app, dir } = t)
  tenant = await call<Tenant>('tenants.create', { name: 'Docs', environment: 'demo', documentedOnly: true, sahhaClientId: sim.demo.accountClientId, sahhaClientSecret: sim.demo.accountClientSecret })
})
afterAll(async () => {
  await app?.close()
  await sim?.close()
})

describe('desired configuration on a host without the admin API', () => {
  it('saves versions locally with their changes, refuses a stale base, and never writes the secret to disk', async () => {
    const ref = { tenantId: tenant.id, provider: 'oura' }
    expect((await call<IntegrationView>('integrations.get', ref)).mode).toBe('desired')
    await call('integrations.save', { ...ref, edit, baseVersion: null, clientSecret: sim.demo.ouraClientSecret })
    await call('integrations.save', { ...ref, edit: { ...edit, scopes: ['daily'], providerAppScopes: ['daily'] }, baseVersion: 1 })
    const stale = await app.dispatch('integrations.save', { ...ref, edit, baseVersion: 1 }, { kind: 'test' })
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT')
    const v = await call<IntegrationView>('integrations.get', ref)
    expect(v.history?.map((h) => h.version)).toEqual([1, 2])
    expect(v.history?.[1]?.changes.join(' ')).toMatch(/heartrate/)
    expect(v.config?.version).toBe(2)
    expect(await readFile(join(dir, 'desired-config.json'), 'utf8')).not.toContain(sim.demo.ouraClientSecret)
    const audit = await call<{ entries: { action: string }[] }>('audit.list', { tenantId: tenant.id })
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['integration.desired.create', 'integration.desired.save']))
  })

  it('Verify live is kept with its time and audited; the drift it finds reaches the tenant list; it can be cancelled', async () => {
    const r = await call<VerificationResult>('integrations.verifyLive', { tenantId: tenant.id, provider: 'oura', operationId: 'verify-op-0001', pasted: [] })
    expect(r.cancelled).toBe(false)
    expect(r.rows.find((x) => x.id === 'scopes_on_app')).toMatchObject({ verdict: 'fail', mode: 'OURA_SCOPE_NOT_ON_APP' })
    expect((await call<IntegrationView>('integrations.get', { tenantId: tenant.id, provider: 'oura' })).verification?.verifiedAt).toBe(r.verifiedAt)
    expect((await call<Tenant[]>('tenants.list', {})).find((t) => t.id === tenant.id)?.drift).toEqual(['scopes'])
    expect((await call<{ entries: { action: string; summary: string }[] }>('audit.list', { tenantId: tenant.id })).entries.find((e) => e.action === 'integration.verifyLive')?.summary).toMatch(/OURA_SCOPE_NOT_ON_APP/)

    await fetch(`${sim.url}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 1, kinds: ['slow'], slowMs: 3000 }) })
    const running = app.dispatch('integrations.verifyLive', { tenantId: tenant.id, provider: 'oura', operationId: 'verify-op-0002', pasted: [] }, { kind: 'test' })
    await new Promise((res) => setTimeout(res, 200))
    expect(await call<{ cancelled: boolean }>('operations.cancel', { operationId: 'verify-op-0002' })).toEqual({ cancelled: true })
    const c = await running
    await fetch(`${sim.url}/_admin/faults`, { method: 'DELETE' })
    expect(c.ok && (c.value as VerificationResult).cancelled).toBe(true)
    // A cancelled run does not replace the kept verification.
    expect((await call<IntegrationView>('integrations.get', { tenantId: tenant.id, provider: 'oura' })).verification?.verifiedAt).toBe(r.verifiedAt)
  })

  it('webhook health says the Oura pair is rejected when the keychain secret does not match', async () => {
    const ok = await call<WebhookHealthResult>('webhooks.health', { tenantId: tenant.id, provider: 'oura' })
    expect([ok.credentials, ok.scopesFrom]).toEqual(['valid', 'live'])
    await call('integrations.replaceSecret', { tenantId: tenant.id, provider: 'oura', clientSecret: 'not-the-oura-secret', baseVersion: 2 })
    const bad = await call<WebhookHealthResult>('webhooks.health', { tenantId: tenant.id, provider: 'oura' })
    expect([bad.credentials, bad.assessment]).toEqual(['rejected', null])
    expect(bad.detail).toMatch(/403/)
  })

  it('compare and promote work on desired configurations: the target gets a new desired version, nothing is sent to Sahha', async () => {
    const other = await call<Tenant>('tenants.create', { name: 'Docs 2', environment: 'demo', documentedOnly: true, sahhaClientId: sim.demo.accountClientId, sahhaClientSecret: sim.demo.accountClientSecret })
    const cmp = await call<{ from: { version: number; scopes: string[] } | null; to: unknown }>('integrations.compare', { fromTenantId: tenant.id, toTenantId: other.id, provider: 'oura' })
    expect([cmp.from?.version, cmp.from?.scopes, cmp.to]).toEqual([2, ['daily'], null])
    const r = await call<{ config: { version: number; updatedBy: string } }>('integrations.promote', { fromTenantId: tenant.id, toTenantId: other.id, provider: 'oura', expectedToVersion: null, copySecret: true })
    expect(r.config).toMatchObject({ version: 1, updatedBy: 'this app (desired configuration)' })
    expect((await call<IntegrationView>('integrations.get', { tenantId: other.id, provider: 'oura' })).history?.[0]?.edit.scopes).toEqual(['daily'])
  })
})
