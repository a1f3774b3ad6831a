import type { ConnectionFilterModel, ConnectionSortModel } from '../../../preload/contract/models'
import { createIndexBuilder, createQueryEngine, pairCounts, patchIndex, prefixRange, rowAt, timeOrder, type MatchList, type RowIndex } from '../../../main/local-store/row-index'
import { toDbRow, type ConnectionInput } from '../../../main/local-store/rows'
import { mulberry32 } from '../../../main/simulator/random'

/** Every position a match list holds, in its order (the store itself only ever reads a window). */
const allPositions = (m: MatchList) => Array.from({ length: m.total }, (_, k) => m.at(k))

const STATES = ['connected', 'needs_reauth', 'scope_missing', 'error', 'revoked']
const ERRORS = [null, 'invalid_grant', 'http_403', 'timeout']
const SCOPES = ['daily', 'heartrate', 'personal', 'sleep']
const PREFIXES = ['user-', 'user-', 'user-', 'acme-', 'u']
const SORTS: ConnectionSortModel['key'][] = ['externalId', 'lastSyncAt', 'lastDataAt', 'stateChangedAt']

function users(n: number, r: () => number): ConnectionInput[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const base = Date.UTC(2026, 10, 1)
  // Few distinct seconds, so many rows tie on time and the externalId tie-break matters; some times are missing.
  const time = () => (r() < 0.1 ? null : new Date(base + Math.floor(r() * 400) * 1000 + Math.floor(r() * 1000)).toISOString())
  const ids = new Set<string>()
  while (ids.size < n) ids.add(`${pick(PREFIXES)}${String(Math.floor(r() * n * 4)).padStart(6, '0')}`)
  return [...ids].map((externalId) => ({
    externalId,
    state: pick(STATES),
    stateChangedAt: time(),
    lastSyncAt: time(),
    lastDataAt: time(),
    errorCode: pick(ERRORS),
    requestedScopes: SCOPES.filter(() => r() < 0.8),
    grantedScopes: r() < 0.15 ? [] : SCOPES.filter(() => r() < 0.7)
  }))
}

function indexOf(list: ConnectionInput[]): RowIndex {
  const rows = list.map(toDbRow).sort((a, b) => (a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0))
  const b = createIndexBuilder(rows.length)
  for (const row of rows) b.add(row)
  return b.done()
}

const EPOCH_S = Date.UTC(2000, 0, 1) / 1000
const seconds = (iso: string | null | undefined) => (iso ? Math.max(1, Math.floor(Date.parse(iso) / 1000) - EPOCH_S + 1) : 0)

/** The naive answer: every row through the filter, then a comparator sort, then the window. */
function naive(list: ConnectionInput[], f: ConnectionFilterModel, sort: ConnectionSortModel, current: readonly string[] | null): string[] {
  const keep = list.filter((u) => {
    const granted = u.grantedScopes ?? []
    const missing = granted.length === 0 ? [] : (current ?? u.requestedScopes ?? []).filter((s) => !granted.includes(s))
    return (
      (!f.states || f.states.length === 0 || f.states.includes(u.state)) &&
      (f.errorCode === null || u.errorCode === f.errorCode) &&
      (!f.missingScope || missing.includes(f.missingScope)) &&
      u.externalId.startsWith(f.search)
    )
  })
  const col = (u: ConnectionInput) => seconds(sort.key === 'lastSyncAt' ? u.lastSyncAt : sort.key === 'lastDataAt' ? u.lastDataAt : u.stateChangedAt)
  keep.sort((a, b) => {
    if (sort.key !== 'externalId') {
      const d = col(a) - col(b)
      if (d !== 0) return d
    }
    return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0
  })
  if (sort.desc) keep.reverse()
  return keep.map((u) => u.externalId)
}

function randomQuery(r: () => number, list: ConnectionInput[]): { f: ConnectionFilterModel; sort: ConnectionSortModel; current: string[] | null } {
  const some = <T,>(xs: readonly T[]) => xs.filter(() => r() < 0.4)
  const anId = list[Math.floor(r() * list.length)]!.externalId
  // Searches from none to a whole id, through the prefix blocks (short ones sort their block, long ones walk the order).
  const search = r() < 0.3 ? '' : r() < 0.1 ? 'nobody' : anId.slice(0, Math.floor(r() * (anId.length + 1)))
  return {
    f: {
      states: r() < 0.5 ? null : r() < 0.1 ? ['no_such_state'] : some(STATES),
      errorCode: r() < 0.6 ? null : r() < 0.1 ? 'no_such_code' : (ERRORS[1 + Math.floor(r() * 3)] as string),
      missingScope: r() < 0.7 ? null : SCOPES[Math.floor(r() * SCOPES.length)]!,
      search
    },
    sort: { key: SORTS[Math.floor(r() * SORTS.length)]!, desc: r() < 0.5 },
    current: r() < 0.5 ? null : some(SCOPES)
  }
}

describe('row index queries', () => {
  it('answers every window, and the count, exactly as a naive filter-and-sort over all rows does (random filters, sorts, searches)', () => {
    for (const seed of [1, 2, 3]) {
      const r = mulberry32(seed)
      const list = users(3000, r)
      const ix = indexOf(list)
      const engine = createQueryEngine(ix)
      for (let q = 0; q < 150; q++) {
        const { f, sort, current } = randomQuery(r, list)
        const want = naive(list, f, sort, current)
        const m = engine.matches(f, sort, current)
        const ctx = JSON.stringify({ seed, q, f, sort, current })
        expect(m.total, ctx).toBe(want.length)
        // A few windows at random offsets, as the table asks for them (and the last one, partly past the end).
        for (const offset of [0, Math.floor(r() * Math.max(1, want.length)), Math.max(0, want.length - 7)]) {
          const got: string[] = []
          for (let k = offset; k < Math.min(m.total, offset + 50); k++) got.push(ix.ids[m.at(k)]!)
          expect(got, ctx).toEqual(want.slice(offset, offset + 50))
        }
        expect(allPositions(engine.matches(f, sort, current)).map((p) => ix.ids[p]), ctx).toEqual(want)
      }
    }
  })

  it('keeps a filter\'s built list while the keystrokes of a search come and go (they are not cached)', () => {
    const list = users(2000, mulberry32(5))
    const engine = createQueryEngine(indexOf(list))
    const ALL = { states: null, errorCode: null, missingScope: null, search: '' }
    const broken = engine.matches({ ...ALL, states: ['needs_reauth'] }, { key: 'lastSyncAt', desc: true })
    for (let k = 0; k < 20; k++) engine.matches({ ...ALL, search: `user-${k}` }, { key: 'externalId', desc: k % 2 === 0 })
    expect(engine.matches({ ...ALL, states: ['needs_reauth'] }, { key: 'lastSyncAt', desc: true })).toBe(broken)
  })

  it('orders a time column by whole seconds, then externalId, with missing times first', () => {
    const r = mulberry32(7)
    const list = users(5000, r)
    const ix = indexOf(list)
    const byId = [...list].sort((a, b) => (a.externalId < b.externalId ? -1 : 1))
    const want = naive(list, { states: null, errorCode: null, missingScope: null, search: '' }, { key: 'lastSyncAt', desc: false }, null)
    expect([...timeOrder(ix, ix.lastSync)].map((p) => ix.ids[p])).toEqual(want)
    expect(byId.map((u) => u.externalId)).toEqual(ix.ids)
  })

  it('finds a prefix block by binary search, including a prefix ending in the highest code unit', () => {
    const ix = indexOf(['a', 'ab', 'abc', 'ab\uffff', 'ab\uffffz', 'ac', 'b'].map((externalId) => ({ externalId, state: 'connected' })))
    const block = (p: string) => {
      const [lo, hi] = prefixRange(ix, p)
      return ix.ids.slice(lo, hi)
    }
    expect(block('ab')).toEqual(['ab', 'abc', 'ab\uffff', 'ab\uffffz'])
    expect(block('ab\uffff')).toEqual(['ab\uffff', 'ab\uffffz'])
    expect(block('b')).toEqual(['b'])
    expect(block('c')).toEqual([])
    expect(block('')).toEqual(ix.ids)
  })

  it('builds one row shape, with missing scopes against the current selection when given', () => {
    const ix = indexOf([
      { externalId: 'u1', state: 'scope_missing', requestedScopes: ['daily', 'sleep'], grantedScopes: ['daily'] },
      { externalId: 'u2', state: 'connected', requestedScopes: ['daily'], grantedScopes: [] }
    ])
    expect(rowAt(ix, 0).missingScopes).toEqual(['sleep'])
    expect(rowAt(ix, 0, ['daily', 'heartrate']).missingScopes).toEqual(['heartrate'])
    expect(rowAt(ix, 1, ['daily', 'heartrate']).missingScopes).toEqual([])
    expect(rowAt(ix, 1)).toEqual({
      externalId: 'u2',
      state: 'connected',
      stateChangedAt: null,
      lastSyncAt: null,
      lastDataAt: null,
      errorCode: null,
      requestedScopes: ['daily'],
      grantedScopes: [],
      missingScopes: []
    })
  })
})

describe('patching an index', () => {
  /** Every row of an index decoded, plus its counts: two indexes holding the same rows compare equal. */
  const decoded = (ix: RowIndex) => ({
    rows: ix.ids.map((_, p) => ({ ...rowAt(ix, p), evidence: ix.evidence[p] })),
    byState: ix.byState,
    byError: ix.byError,
    pairs: pairCounts(ix).sort((a, b) => `${a.state}/${a.errorCode}`.localeCompare(`${b.state}/${b.errorCode}`))
  })

  it('gives the same rows, counts and time orders as an index built from scratch (random updates, inserts, removals)', () => {
    for (const seed of [11, 12, 13, 14]) {
      const r = mulberry32(seed)
      const list = users(2000, r)
      const base = indexOf(list)
      const engine = createQueryEngine(base)
      // The old engine has built some orders; the patched engine must derive equal ones from them.
      for (const key of ['lastSyncAt', 'lastDataAt'] as const) engine.matches({ states: null, errorCode: null, missingScope: null, search: '' }, { key, desc: false })
      const fresh = users(200, r).map((u) => ({ ...u, externalId: `${u.externalId}x`, evidence: r() < 0.5 ? { seen: 1 } : undefined }))
      const byId = new Map(list.map((u) => [u.externalId, u]))
      const writes: ConnectionInput[] = []
      for (const u of list) if (r() < 0.05) writes.push({ ...u, state: STATES[Math.floor(r() * STATES.length)]!, lastSyncAt: new Date(Date.UTC(2026, 10, 1) + Math.floor(r() * 400) * 1000).toISOString(), errorCode: r() < 0.3 ? 'brand_new_code' : u.errorCode })
      const inserts = seed % 2 === 0 ? fresh : []
      const removedIds = new Set(seed >= 13 ? list.filter(() => r() < 0.05).map((u) => u.externalId) : [])
      for (const w of writes) removedIds.delete(w.externalId)
      for (const w of [...writes, ...inserts]) byId.set(w.externalId, w)
      for (const id of removedIds) byId.delete(id)
      const removed = removedIds.size ? Uint8Array.from(base.ids, (id) => (removedIds.has(id) ? 1 : 0)) : null
      const patch = patchIndex(base, [...writes, ...inserts].map(toDbRow), removed)
      const want = indexOf([...byId.values()])
      expect(decoded(patch.ix), `seed ${seed}`).toEqual(decoded(want))
      expect(patch.remap === null, `seed ${seed}`).toBe(inserts.length === 0 && removedIds.size === 0)
      const carried = createQueryEngine(patch.ix, { engine, patch })
      for (const key of ['lastSyncAt', 'lastDataAt', 'stateChangedAt'] as const) {
        const all = { states: null, errorCode: null, missingScope: null, search: '' }
        expect(allPositions(carried.matches(all, { key, desc: false })), `seed ${seed} ${key}`).toEqual([...timeOrder(patch.ix, key === 'lastSyncAt' ? patch.ix.lastSync : key === 'lastDataAt' ? patch.ix.lastData : patch.ix.stateChanged)])
      }
      // The old index is untouched (queries still running on it keep their answers).
      expect(decoded(base)).toEqual(decoded(indexOf(list)))
    }
  })
})
