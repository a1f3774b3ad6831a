import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStoreRegistry } from '../../../main/local-store/store-registry'
import { createLogger } from '../../../main/log'
import { createOperations } from '../../../main/services/operations'
import { createTierConnections, publishToLocalStore } from '../../../main/services/documented-connections'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { TenantRecord } from '../../../main/storage/settings'
import { tierClient, tierTruth, countsOf } from './support'
import { TIER_STATE_LABELS } from '../../../preload/contract/diagnosis/documented-tier'

const log = createLogger(() => undefined)
const tenant = { id: 't_tierpub01', name: 'T', environment: 'demo' } as unknown as TenantRecord

describe('a documented-tier scan lands in the local connection store (issue I)', () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, profiles: 300, seed: 42 })
  })
  afterAll(() => sim.close())

  it('a full scan becomes a complete documented-scan sync with the tier vocabulary; a check updates only its users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sia-tierpub-'))
    const stores = createStoreRegistry({ dir: join(dir, 'connections'), log })
    const events = { emit() {} } as never
    const tier = createTierConnections({ dir, operations: createOperations(events), log, port: async () => tierClient(sim).port, publish: publishToLocalStore(stores) })
    tier.scan(tenant, { kind: 'full' })
    await waitIdle(tier)
    const store = stores.get(tenant.id)
    await store.ready()
    const counts = store.counts()!
    const want = Object.fromEntries(Object.entries(countsOf(tierTruth(sim, Date.now()))).map(([k, v]) => [TIER_STATE_LABELS[k as keyof typeof TIER_STATE_LABELS], v]))
    expect(counts.byState).toEqual(want)
    expect(store.lastComplete('documented-scan')).toMatchObject({ source: 'documented-scan' })
    const r = tier.check(tenant, 'user-0000019\nnobody-at-all')
    expect(r.accepted).toBe(2)
    await waitIdle(tier)
    expect(store.counts()!.total).toBe(300 + 1)
    tier.close()
  }, 60_000)
})

async function waitIdle(tier: ReturnType<typeof createTierConnections>) {
  for (let i = 0; i < 600; i++) {
    if (!tier.status(tenant.id).running) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the scan did not finish')
}
