import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TIER_SETTINGS, type TierSettings, type TierState } from '../../../preload/contract/diagnosis/documented-tier'
import { dataSpan } from '../../../main/simulator/profile-data'
import type { RunningSimulator } from '../../../main/simulator/server'
import { createTierClient } from '../../../main/services/tier-port'

const D = 86_400_000

/** The simulator's own truth for the documented tier: what each profile's state must be after a scan. */
export function tierTruth(sim: RunningSimulator, nowMs: number, settings: TierSettings = DEFAULT_TIER_SETTINGS): Map<string, TierState> {
  const acct = sim.state.accounts.get('acct-demo')!
  const out = new Map<string, TierState>()
  for (const p of acct.profiles) {
    const c = p.conn
    if (p.gone) out.set(p.externalId, 'profile_gone')
    else if (!c || !c.providerUserId || c.state === 'disconnected') out.set(p.externalId, 'not_linked')
    else {
      const span = dataSpan(p, sim.state.t0)
      const hasInWindow = span !== null && span.toMs >= nowMs - settings.windowDays * D && span.fromMs <= nowMs
      out.set(p.externalId, hasInWindow && nowMs - span.toMs <= settings.freshDays * D ? 'linked_recent' : 'linked_no_data')
    }
  }
  return out
}

export const countsOf = (m: Map<string, string>) => {
  const c: Record<string, number> = {}
  for (const s of m.values()) c[s] = (c[s] ?? 0) + 1
  return c
}

/** Time-compressed waits between passes; with `compress` the pacer caps every pause at 20 ms (the pacer test checks real pauses). */
export const compressedSleep = (capMs: number) => (ms: number, signal?: AbortSignal) => new Promise<void>((r) => setTimeout(r, Math.min(ms, capMs), signal))

export function tierClient(sim: RunningSimulator, o: { concurrency?: number; timeoutMs?: number; compress?: boolean } = {}) {
  return createTierClient({
    baseUrl: sim.url,
    ouraCloudBase: `${sim.url}/_oura/cloud`,
    ouraApiBase: `${sim.url}/_oura/api`,
    fetch: globalThis.fetch,
    getCredentials: async () => ({ clientId: sim.demo.accountClientId, clientSecret: sim.demo.accountClientSecret }),
    concurrency: o.concurrency ?? DEFAULT_TIER_SETTINGS.concurrency,
    pacer: o.compress ? { maxPauseMs: 20 } : undefined,
    http: { baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 1500, timeoutMs: o.timeoutMs ?? 5000, retries: 4 }
  })
}

export const tempDb = () => join(mkdtempSync(join(tmpdir(), 'sia-tier-')), 'tier.sqlite')
