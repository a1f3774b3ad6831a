import { DEFAULT_TIER_SETTINGS } from '../../../preload/contract/diagnosis/documented-tier'
import { openOrCreateRun, runTierScan } from '../../../main/services/documented-scan'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import { openTierStore } from '../../../main/storage/tier-scan-store'
import { compressedSleep, countsOf, tempDb, tierClient, tierTruth } from './support'

// npm test: 2,000 profiles (this 2-core machine serves ~300 requests/s in-process); `npm run soak` runs 100,000.
const PROFILES = Number(process.env.TIER_PROFILES ?? 2_000)

describe('documented-tier scan against the simulator with 20% faults', () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, profiles: PROFILES, seed: 42, faults: process.env.TIER_NOFAULT ? undefined : { rate: 0.2, slowMs: 1200, retryAfterSeconds: 2 } })
  })
  afterAll(() => sim.close())

  it(`every one of ${PROFILES} profiles ends with exactly one state and the counts match the simulator's truth`, async () => {
    const store = openTierStore(tempDb())
    const { port, pacer } = tierClient(sim, { concurrency: 32, timeoutMs: 1000, compress: true })
    const { run } = openOrCreateRun(store, 'full')
    const started = Date.now()
    const summary = await runTierScan({ store, port, settings: { ...DEFAULT_TIER_SETTINGS, concurrency: 32 }, sleep: compressedSleep(50) }, run.id, new AbortController().signal)
    const truth = tierTruth(sim, Date.now())
    const rows = store.allRows()
    console.log(`scan ${PROFILES}: ${Date.now() - started} ms, passes ${summary.passes}, requests ${sim.state.stats.requests}, faults ${sim.state.stats.faults}, pacer`, pacer.stats)
    expect(rows).toHaveLength(PROFILES)
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(PROFILES)
    const got = new Map(rows.map((r) => [r.externalId, r.state]))
    const wrong = [...truth].filter(([id, s]) => got.get(id) !== s).slice(0, 5)
    expect(wrong.map(([id, s]) => `${id}: want ${s}, got ${got.get(id)}`)).toEqual([])
    expect(summary.counts).toEqual(countsOf(truth))
    store.close()
  }, Math.max(600_000, PROFILES * 30))
})
