import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../../../main/compose'
import { composeTestApp } from '../../support/compose-test-app'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import { createCapabilities } from '../../../main/services/capabilities'
import { createCapabilitiesFile } from '../../../main/storage/capabilities'
import { createLogger } from '../../../main/log'
import { appError } from '../../../main/errors'
import type { Tenant, TenantCheckResult } from '../../../preload/contract/models'

// Capabilities per tenant (issue H.1): one read of the admin API's root on tenant check, kept with its time.
let full: RunningSimulator
let documented: RunningSimulator
let app: App
let dir: string
const call = async <T>(channel: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(channel, input, { kind: 'test' })
  if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
  return r.value as T
}

beforeAll(async () => {
  ;[full, documented] = await Promise.all([startSimulator({ port: 0, profiles: 50 }), startSimulator({ port: 0, profiles: 50, adminApi: 'off' })])
  const t = await composeTestApp({ overrides: { startDemo: async (o) => ({ url: o.adminApi === 'off' ? documented.url : full.url, close: async () => undefined }) } })
  ;({ app, dir } = t)
})
afterAll(async () => {
  await app?.close()
  await Promise.all([full?.close(), documented?.close()])
})

const demoCreds = { sahhaClientId: 'demo-account-client-id', sahhaClientSecret: 'demo-account-secret-42' }

describe('capabilities per tenant', () => {
  it('a documented-API-only Demo tenant is found without the admin API, the full Demo with it, each with its time', async () => {
    const docs = await call<Tenant>('tenants.create', { name: 'Docs only', environment: 'demo', documentedOnly: true, ...demoCreds })
    const adm = await call<Tenant>('tenants.create', { name: 'With admin', environment: 'demo', ...demoCreds })
    expect(docs.documentedOnly).toBe(true)
    expect(docs.capabilities).toEqual({ adminApi: 'unknown', checkedAt: null })
    const before = Date.now()
    const c1 = await call<TenantCheckResult>('tenants.check', { id: docs.id })
    const c2 = await call<TenantCheckResult>('tenants.check', { id: adm.id })
    expect(c1.capabilities.adminApi).toBe('absent')
    expect(c1.capabilities.evidence).toMatch(/404 without a Sahha error body/)
    expect(c2.capabilities.adminApi).toBe('present')
    expect(Date.parse(c1.capabilities.checkedAt!)).toBeGreaterThanOrEqual(before - 1000)
    // Kept: the tenant list carries it, and it is on disk for the next start.
    const listed = await call<Tenant[]>('tenants.list', {})
    expect(listed.find((t) => t.id === docs.id)?.capabilities?.adminApi).toBe('absent')
    expect(JSON.parse(await readFile(join(dir, 'capabilities.json'), 'utf8')).data.tenants[adm.id].adminApi).toBe('present')
  })

  it('refuses "documented API only" outside Demo, naming the field', async () => {
    const r = await app.dispatch('tenants.create', { name: 'Real', environment: 'sandbox', documentedOnly: true, ...demoCreds }, { kind: 'test' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect([r.error.code, r.error.field]).toEqual(['VALIDATION', 'documentedOnly'])
  })
})

describe('capabilities service', () => {
  const log = createLogger(() => undefined, 'error')
  const tenant = { id: 't_cap0001', name: 'x', environment: 'sandbox' as const, sahhaClientId: 'c', createdAt: '', updatedAt: '' }

  it('re-detects at most daily, and a failed detection keeps the last result', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z')
    let calls = 0
    let answer: () => Promise<{ adminApi: 'present' | 'absent'; evidence: string }> = async () => ({ adminApi: 'absent', evidence: 'bare 404' })
    const caps = createCapabilities({ file: createCapabilitiesFile(await mkdtemp(join(tmpdir(), 'sia-cap2-'))), log, now: () => now, probe: () => (calls++, answer()) })
    expect((await caps.ensure(tenant)).adminApi).toBe('absent')
    now += 23 * 3600_000
    expect((await caps.ensure(tenant)).adminApi).toBe('absent')
    expect(calls).toBe(1)
    now += 2 * 3600_000
    answer = async () => {
      throw appError('NETWORK', 'unreachable')
    }
    const kept = await caps.ensure(tenant)
    expect([calls, kept.adminApi, kept.checkedAt]).toEqual([2, 'absent', '2026-11-30T10:00:00.000Z'])
    answer = async () => ({ adminApi: 'present', evidence: '200' })
    expect((await caps.ensure(tenant)).adminApi).toBe('present')
  })
})
