import { spawn } from 'node:child_process'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import { openTierStore } from '../../../main/storage/tier-scan-store'
import { mulberry32 } from '../../../main/simulator/random'
import { buildScanChild } from './build-scan-child'
import { countsOf, tempDb, tierTruth } from './support'

/**
 * A scan killed with SIGKILL at a random point resumes to the same final result, with no user counted twice.
 * TIER_KILL_TRIALS / TIER_KILL_PROFILES scale it (the soak runs the long version).
 */
const TRIALS = Number(process.env.TIER_KILL_TRIALS ?? 20)
const PROFILES = Number(process.env.TIER_KILL_PROFILES ?? 100)

let child: string
let sim: RunningSimulator
beforeAll(async () => {
  child = await buildScanChild()
  sim = await startSimulator({ port: 0, profiles: PROFILES, seed: 7, faults: { rate: 0.2, slowMs: 400, retryAfterSeconds: 1 } })
}, 120_000)
afterAll(() => sim?.close())

/** Runs the child; with `killAtDone`, SIGKILLs it once it reports that many users done. Resolves with its output. */
function runChild(db: string, killAtDone: number | null): Promise<{ out: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, sim.url, db, sim.demo.accountClientId, sim.demo.accountClientSecret], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let killed = false
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /done (\d+)\n(?![\s\S]*done)/.exec(out)
      if (!killed && killAtDone !== null && m && Number(m[1]) >= killAtDone) {
        killed = true
        p.kill('SIGKILL')
      }
    })
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ out, killed })
      else if (code === 0) resolve({ out, killed: false })
      else reject(new Error(`child exited ${code} ${signal}: ${err.slice(-2000)}`))
    })
  })
}

describe('documented-tier scan: SIGKILL at a random point, then resume', () => {
  it(`${TRIALS} trials of ${PROFILES} profiles with 20% faults: same final states as the truth, every user exactly once`, async () => {
    const rnd = mulberry32(2026)
    let killedTrials = 0
    for (let t = 0; t < TRIALS; t++) {
      const db = tempDb()
      const killAt = 1 + Math.floor(rnd() * (PROFILES - 2))
      const first = await runChild(db, killAt)
      if (first.killed) killedTrials++
      let last = first
      for (let i = 0; last.killed || !/finished/.test(last.out); i++) {
        expect(i, 'resume attempts').toBeLessThan(3)
        last = await runChild(db, null)
        expect(last.out, `trial ${t}: the second run resumes the first`).toMatch(/resumed/)
      }
      const store = openTierStore(db)
      const rows = store.allRows()
      const truth = tierTruth(sim, Date.now())
      expect(rows.length, `trial ${t}`).toBe(PROFILES)
      expect(new Set(rows.map((r) => r.externalId)).size).toBe(PROFILES)
      expect(countsOf(new Map(rows.map((r) => [r.externalId, r.state])))).toEqual(countsOf(truth))
      const finished = JSON.parse(/finished (.*)\n/.exec(last.out)![1]!) as { checked: number; counts: Record<string, number> }
      expect(finished.checked, `trial ${t}: the run counts each user once`).toBe(PROFILES)
      expect(finished.counts).toEqual(countsOf(truth))
      store.close()
    }
    expect(killedTrials).toBe(TRIALS)
  }, Math.max(900_000, TRIALS * PROFILES * 60))
})
