import { DEFAULT_TIER_SETTINGS } from '../../../preload/contract/diagnosis/documented-tier'
import { openOrCreateRun, runTierScan, type ScanPort } from '../../../main/services/documented-scan'
import { appError } from '../../../main/errors'
import { openTierStore, type TierStore } from '../../../main/storage/tier-scan-store'
import { tempDb } from './support'

// Issue J item 3: re-scans refresh the oldest results first and can be limited to linked users; a cancelled scan
// resumes where it stopped without checking a finished user again; transient failures get another pass.
const N = 60
const IDS = Array.from({ length: N }, (_, i) => `u-${String(i).padStart(3, '0')}`)
const linked = (id: string) => Number(id.slice(2)) % 3 !== 0
const settings = { ...DEFAULT_TIER_SETTINGS, concurrency: 1 }
const noSleep = async () => undefined

/** A fake documented host: pages of 10 ids; every third user not linked; the others with data an hour old. */
function fakePort(clock: { t: number }, o: { failOnce?: Set<string>; onIntegration?: (id: string) => void } = {}): ScanPort & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    async search(page, pageSize) {
      const ids = IDS.slice((page - 1) * pageSize, page * pageSize)
      return { ids, totalCount: N }
    },
    async integrations(id) {
      clock.t += 1000
      asked.push(id)
      o.onIntegration?.(id)
      if (o.failOnce?.delete(id)) throw appError('SERVER_ERROR', 'Sahha answered 503.', { httpStatus: 503, retryable: true })
      return linked(id) ? { status: 200, items: [{ integrationType: 'oura' }] } : { status: 204, items: [] }
    },
    biomarkers: async () => ({ status: 200, count: 1, newestAt: new Date(clock.t - 3_600_000).toISOString() }),
    scores: async () => ({ status: 200, count: 0, newestAt: null }),
    profile: async () => ({})
  }
}

async function scan(store: TierStore, port: ScanPort, clock: { t: number }, kind: 'full' | 'rescan' | 'check', o: { linkedOnly?: boolean; ids?: string[]; signal?: AbortSignal } = {}) {
  const { run, resumed } = openOrCreateRun(store, kind, { ids: o.ids, options: { linkedOnly: o.linkedOnly ?? false }, now: () => clock.t })
  const summary = await runTierScan({ store, port, settings, now: () => clock.t, sleep: noSleep, pageSize: 10, flushEvery: 1 }, run.id, o.signal ?? new AbortController().signal)
  return { summary, resumed }
}

describe('documented-tier re-scans, resume after cancel, retry passes', () => {
  it('a re-scan asks the oldest results first; linked-only asks only linked users, oldest first', async () => {
    const clock = { t: Date.parse('2026-12-01T00:00:00Z') }
    const store = openTierStore(tempDb())
    await scan(store, fakePort(clock), clock, 'full')
    // Three users checked later than everyone else: a re-scan must ask them last.
    const recent = ['u-005', 'u-001', 'u-030']
    await scan(store, fakePort(clock), clock, 'check', { ids: recent })
    const rescanPort = fakePort(clock)
    await scan(store, rescanPort, clock, 'rescan')
    expect(rescanPort.asked).toEqual([...IDS.filter((id) => !recent.includes(id)), ...recent])
    // The re-scan made every result newer, in the order asked: a linked-only re-scan now follows that order.
    const linkedPort = fakePort(clock)
    const { summary } = await scan(store, linkedPort, clock, 'rescan', { linkedOnly: true })
    expect(linkedPort.asked).toEqual(rescanPort.asked.filter(linked))
    expect(summary.checked).toBe(IDS.filter(linked).length)
    store.close()
  })

  it('a cancelled scan resumes where it stopped: each user finished before the cancel is not checked again, all end once', async () => {
    const clock = { t: Date.parse('2026-12-01T00:00:00Z') }
    const store = openTierStore(tempDb())
    const ac = new AbortController()
    const first = fakePort(clock, { onIntegration: () => first.asked.length === 25 && ac.abort() })
    await expect(scan(store, first, clock, 'full', { signal: ac.signal })).rejects.toMatchObject({ appError: { code: 'CANCELLED' } })
    const doneBefore = new Set(store.allRows().map((r) => r.externalId))
    expect(doneBefore.size).toBeGreaterThan(10)
    expect(doneBefore.size).toBeLessThan(N)
    const second = fakePort(clock)
    const { summary, resumed } = await scan(store, second, clock, 'full')
    expect(resumed).toBe(true)
    expect(second.asked.filter((id) => doneBefore.has(id))).toEqual([])
    expect(new Set([...doneBefore, ...second.asked]).size).toBe(N)
    expect(summary.checked).toBe(N)
    expect(store.allRows()).toHaveLength(N)
    store.close()
  })

  it('a user whose calls failed transiently is unknown after pass 1 and checked again in pass 2', async () => {
    const clock = { t: Date.parse('2026-12-01T00:00:00Z') }
    const store = openTierStore(tempDb())
    const port = fakePort(clock, { failOnce: new Set(['u-007', 'u-042']) })
    const { summary } = await scan(store, port, clock, 'full')
    expect(summary.passes).toBe(2)
    expect(port.asked.filter((id) => id === 'u-007')).toHaveLength(2)
    expect(summary.counts.unknown ?? 0).toBe(0)
    expect(store.detail('u-007')!.state).toBe('linked_recent')
    store.close()
  })
})
