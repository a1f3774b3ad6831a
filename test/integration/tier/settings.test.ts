import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../../../main/log'
import { createOperations } from '../../../main/services/operations'
import { createTierConnections } from '../../../main/services/documented-connections'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { TenantRecord } from '../../../main/storage/settings'
import { tierClient } from './support'

// Issue J item 3: the per-tenant concurrency limit is a setting (default 4) that the next scan's client uses,
// and the documented-tier settings are validated with the field named.
const log = createLogger(() => undefined)
const tenant = { id: 't_tierset01', name: 'T', environment: 'demo' } as unknown as TenantRecord

describe('documented-tier settings', () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, profiles: 120, seed: 42 })
  })
  afterAll(() => sim.close())

  it('the scan client is limited to the default 4 requests in flight; after saving 2, the next scan client to 2', async () => {
    const limits: number[] = []
    const tier = createTierConnections({
      dir: mkdtempSync(join(tmpdir(), 'sia-tierset-')),
      operations: createOperations({ emit() {} } as never),
      log,
      port: async (_t, s) => {
        const c = tierClient(sim, { concurrency: s.concurrency })
        limits.push(c.pacer.limit)
        return c.port
      }
    })
    expect(tier.status(tenant.id).settings.concurrency).toBe(4)
    tier.scan(tenant, { kind: 'full' })
    await waitIdle(tier)
    expect(tier.saveSettings(tenant.id, { windowDays: 14, freshDays: 3, concurrency: 2 }).concurrency).toBe(2)
    tier.scan(tenant, { kind: 'full' })
    await waitIdle(tier)
    expect(limits).toEqual([4, 2])
    tier.close()
  }, 60_000)

  it('settings outside their limits are refused with the field named; freshness longer than the window too', () => {
    const tier = createTierConnections({ dir: mkdtempSync(join(tmpdir(), 'sia-tierset-')), operations: createOperations({ emit() {} } as never), log, port: async () => tierClient(sim).port })
    expect(() => tier.saveSettings(tenant.id, { windowDays: 14, freshDays: 3, concurrency: 0 })).toThrow(expect.objectContaining({ appError: expect.objectContaining({ code: 'VALIDATION', field: 'concurrency' }) }))
    expect(() => tier.saveSettings(tenant.id, { windowDays: 14, freshDays: 3, concurrency: 17 })).toThrow(expect.objectContaining({ appError: expect.objectContaining({ field: 'concurrency' }) }))
    expect(() => tier.saveSettings(tenant.id, { windowDays: 5, freshDays: 7, concurrency: 4 })).toThrow(expect.objectContaining({ appError: expect.objectContaining({ field: 'freshDays' }) }))
    expect(tier.status(tenant.id).settings).toEqual({ windowDays: 14, freshDays: 3, concurrency: 4 })
    tier.close()
  })

  it('"check these users" takes 10,000 externalIds under an externalId header and refuses 10,001 with a typed error; a cancel before the scan begins stops it', async () => {
    const operations = createOperations({ emit() {} } as never)
    const tier = createTierConnections({ dir: mkdtempSync(join(tmpdir(), 'sia-tierset-')), operations, log, port: async () => tierClient(sim).port })
    const list = (n: number) => ['externalId', ...Array.from({ length: n }, (_, i) => `ticket-${i}`)].join('\n')
    expect(() => tier.check(tenant, list(10_001))).toThrow(expect.objectContaining({ appError: expect.objectContaining({ code: 'VALIDATION', field: 'ids' }) }))
    const r = tier.check(tenant, list(10_000))
    expect(r.accepted).toBe(10_000)
    // Cancelled at once, before the scan has begun (its client is still being made): it stops, it does not check 10,000.
    operations.cancel(r.operationId)
    await waitIdle(tier)
    expect(tier.status(tenant.id).lastRun).toMatchObject({ kind: 'check', status: 'cancelled' })
    expect(tier.rows(tenant.id, { runId: r.runId }).total).toBeLessThan(100)
    tier.close()
  })
})

async function waitIdle(tier: ReturnType<typeof createTierConnections>) {
  for (let i = 0; i < 600; i++) {
    if (!tier.status(tenant.id).running) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the scan did not finish')
}
