import type { ConnectionFilterModel, ConnectionSortModel, StoredRowModel } from '../../preload/contract/models'
import { rowModel, type DbRow } from './rows'

/**
 * The last complete sync of a tenant, held by main in columns (typed arrays plus one sorted id list),
 * so a filter, search, sort or count over a million users is one pass over arrays rather than a SQL
 * plan per combination (measured: SQLite with one index per sort still took 0.4-2 s for "state X sorted
 * by last sync" at 1M, and five indexes made a full sync 2.5x slower). SQLite is the durable copy; this
 * is rebuilt from it on open and patched with each sync's changes. Immutable once built: a new sync makes a new one.
 */
export interface RowIndex {
  readonly n: number
  /** Sorted ascending (binary order, as SQLite's primary key). */
  readonly ids: string[]
  readonly state: Uint8Array
  readonly states: readonly string[]
  /** 0 = none, k = errors[k-1]. */
  readonly err: Uint16Array
  readonly errors: readonly string[]
  readonly lastSync: Float64Array
  readonly lastData: Float64Array
  readonly stateChanged: Float64Array
  readonly req: Uint16Array
  readonly granted: Uint16Array
  /** Space-joined scope lists. */
  readonly scopeSets: readonly string[]
  /** 0 = nothing missing; k = missingSets[k] (' a b '). */
  readonly missing: Uint16Array
  readonly missingSets: readonly string[]
  readonly evidence: Int32Array
  readonly byState: Record<string, number>
  readonly byError: Record<string, number>
  /** Rows per (state, error) code pair, at [state * (errors.length + 1) + err]: the failure-mode counts without a pass over the rows. */
  readonly pairs: Int32Array
}

export function hashText(s: string | null): number {
  if (s === null) return 0
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h | 1 // never 0, which means "no evidence"
}

/**
 * A string column's dictionary: codes in order of first appearance, starting from `initial` (copied, so a patch's
 * new codes never reach the index it started from).
 */
function dictionary(initial: readonly string[]): { list: string[]; code(s: string): number } {
  const list = [...initial]
  const map = new Map(list.map((v, k) => [v, k]))
  return {
    list,
    code(s) {
      let c = map.get(s)
      if (c === undefined) {
        c = list.length
        list.push(s)
        map.set(s, c)
      }
      return c
    }
  }
}

/** Appends rows in externalId order into growing columns. */
export function createIndexBuilder(capacity: number) {
  let cap = Math.max(16, capacity)
  let n = 0
  const ids: string[] = []
  let state = new Uint8Array(cap)
  let err = new Uint16Array(cap)
  let lastSync = new Float64Array(cap)
  let lastData = new Float64Array(cap)
  let stateChanged = new Float64Array(cap)
  let req = new Uint16Array(cap)
  let granted = new Uint16Array(cap)
  let missing = new Uint16Array(cap)
  let evidence = new Int32Array(cap)
  const states = dictionary([])
  const errors = dictionary([])
  const scopes = dictionary([''])
  const missingSets = dictionary([''])
  const grow = () => {
    cap *= 2
    const g = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap)
      b.set(a)
      return b
    }
    state = g(state)
    err = g(err)
    lastSync = g(lastSync)
    lastData = g(lastData)
    stateChanged = g(stateChanged)
    req = g(req)
    granted = g(granted)
    missing = g(missing)
    evidence = g(evidence)
  }
  return {
    get n() {
      return n
    },
    add(r: DbRow): void {
      if (n === cap) grow()
      ids.push(r.external_id)
      state[n] = states.code(r.state)
      err[n] = r.error_code === null ? 0 : errors.code(r.error_code) + 1
      lastSync[n] = r.last_sync_at
      lastData[n] = r.last_data_at
      stateChanged[n] = r.state_changed_at
      req[n] = scopes.code(r.requested_scopes)
      granted[n] = scopes.code(r.granted_scopes)
      missing[n] = r.missing_scopes === null ? 0 : missingSets.code(r.missing_scopes)
      evidence[n] = hashText(r.evidence)
      n++
    },
    /** Copies row p of an older index (a row this sync did not change). */
    copy(ix: RowIndex, p: number): void {
      if (n === cap) grow()
      ids.push(ix.ids[p]!)
      state[n] = states.code(ix.states[ix.state[p]!]!)
      const e = ix.err[p]!
      err[n] = e === 0 ? 0 : errors.code(ix.errors[e - 1]!) + 1
      lastSync[n] = ix.lastSync[p]!
      lastData[n] = ix.lastData[p]!
      stateChanged[n] = ix.stateChanged[p]!
      req[n] = scopes.code(ix.scopeSets[ix.req[p]!]!)
      granted[n] = scopes.code(ix.scopeSets[ix.granted[p]!]!)
      missing[n] = ix.missing[p] === 0 ? 0 : missingSets.code(ix.missingSets[ix.missing[p]!]!)
      evidence[n] = ix.evidence[p]!
      n++
    },
    done(): RowIndex {
      const stride = errors.list.length + 1
      const pairs = new Int32Array(states.list.length * stride)
      for (let i = 0; i < n; i++) pairs[state[i]! * stride + err[i]!]!++
      const { byState, byError } = countsOf(states.list, errors.list, pairs)
      return {
        n,
        ids,
        state: state.subarray(0, n),
        states: states.list,
        err: err.subarray(0, n),
        errors: errors.list,
        lastSync: lastSync.subarray(0, n),
        lastData: lastData.subarray(0, n),
        stateChanged: stateChanged.subarray(0, n),
        req: req.subarray(0, n),
        granted: granted.subarray(0, n),
        scopeSets: scopes.list,
        missing: missing.subarray(0, n),
        missingSets: missingSets.list,
        evidence: evidence.subarray(0, n),
        byState,
        byError,
        pairs
      }
    }
  }
}

function countsOf(states: readonly string[], errors: readonly string[], pairs: Int32Array): { byState: Record<string, number>; byError: Record<string, number> } {
  const stride = errors.length + 1
  const byState: Record<string, number> = {}
  const byError: Record<string, number> = {}
  for (let s = 0; s < states.length; s++) {
    for (let e = 0; e < stride; e++) {
      const c = pairs[s * stride + e]!
      if (!c) continue
      byState[states[s]!] = (byState[states[s]!] ?? 0) + c
      if (e > 0) byError[errors[e - 1]!] = (byError[errors[e - 1]!] ?? 0) + c
    }
  }
  return { byState, byError }
}

/** Rows per (state, error code) pair present in the index. */
export function pairCounts(ix: RowIndex): { state: string; errorCode: string | null; n: number }[] {
  const stride = ix.errors.length + 1
  const out: { state: string; errorCode: string | null; n: number }[] = []
  for (let k = 0; k < ix.pairs.length; k++) {
    const c = ix.pairs[k]!
    if (c) out.push({ state: ix.states[Math.floor(k / stride)]!, errorCode: k % stride === 0 ? null : ix.errors[(k % stride) - 1]!, n: c })
  }
  return out
}

/** What a patch did to positions: old position -> new (-1: removed); null when every row kept its position. */
export interface IndexPatch {
  ix: RowIndex
  remap: Int32Array | null
  /** New positions of the rows the patch wrote (updated or inserted), ascending. */
  touched: Int32Array
}

/**
 * The old index with some rows written and some removed, at a cost of the change plus a memory copy of the columns
 * (no per-row re-encoding): the dictionaries only grow, so an unchanged row keeps its codes and runs of them are
 * copied with TypedArray.set. `delta`: rows to write (updated or new), any order; `removed`: old positions to drop.
 * Measured at 1M with 1% changed: ~15 ms, where rebuilding through the builder took 270-600 ms.
 */
export function patchIndex(base: RowIndex, delta: readonly DbRow[], removed: Uint8Array | null = null): IndexPatch {
  const rows = [...delta].sort((a, b) => (a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0))
  const states = dictionary(base.states)
  const errors = dictionary(base.errors)
  const scopes = dictionary(base.scopeSets)
  const missingSets = dictionary(base.missingSets)
  // Where each written row goes: an existing position, or an insertion before position `at`.
  const at = new Int32Array(rows.length)
  const exists = new Uint8Array(rows.length)
  let inserts = 0
  let lo = 0
  for (let d = 0; d < rows.length; d++) {
    const p = lowerBound(base.ids, rows[d]!.external_id, lo)
    at[d] = p
    lo = p
    if (p < base.n && base.ids[p] === rows[d]!.external_id) exists[d] = 1
    else inserts++
  }
  let removedCount = 0
  if (removed) for (let p = 0; p < base.n; p++) removedCount += removed[p]!
  const n = base.n - removedCount + inserts
  const samePositions = inserts === 0 && removedCount === 0
  type Col = Uint8Array | Uint16Array | Int32Array | Float64Array
  const src: Col[] = [base.state, base.err, base.lastSync, base.lastData, base.stateChanged, base.req, base.granted, base.missing, base.evidence]
  // Rows keep their positions: every column starts as the old one, shared, and is copied only when a write changes
  // one of its values (an incremental sync of states rarely touches the scope or evidence columns; a sync that
  // changed nothing copies nothing). Otherwise the columns are new, filled by runs below.
  const cols: Col[] = src.map((a) => (samePositions ? a : new (a.constructor as new (n: number) => Col)(n)))
  const own = new Uint8Array(cols.length).fill(samePositions ? 0 : 1)
  const set = (k: number, q: number, v: number) => {
    if (cols[k]![q] === v) return
    if (!own[k]) {
      cols[k] = cols[k]!.slice()
      own[k] = 1
    }
    cols[k]![q] = v
  }
  const oldStride = base.errors.length + 1
  const tally: number[] = [] // (state, err) pairs of the written rows, +1 new / -1 old, applied after the dictionaries settle
  const put = (q: number, r: DbRow) => {
    const st = states.code(r.state)
    const e = r.error_code === null ? 0 : errors.code(r.error_code) + 1
    set(0, q, st)
    set(1, q, e)
    set(2, q, r.last_sync_at)
    set(3, q, r.last_data_at)
    set(4, q, r.state_changed_at)
    set(5, q, scopes.code(r.requested_scopes))
    set(6, q, scopes.code(r.granted_scopes))
    set(7, q, r.missing_scopes === null ? 0 : missingSets.code(r.missing_scopes))
    set(8, q, hashText(r.evidence))
    tally.push(st, e, 1)
  }
  const unTally = (p: number) => tally.push(base.state[p]!, base.err[p]!, -1)
  const touched = new Int32Array(rows.length)
  let ids: string[]
  let remap: Int32Array | null = null
  if (samePositions) {
    ids = base.ids
    for (let d = 0; d < rows.length; d++) {
      unTally(at[d]!)
      put(at[d]!, rows[d]!)
      touched[d] = at[d]!
    }
  } else {
    ids = new Array<string>(n)
    const map = new Int32Array(base.n).fill(-1)
    remap = map
    let q = 0
    let p = 0
    let d = 0
    // Copies base rows [p, to) that are not removed, as runs.
    const copyTo = (to: number) => {
      while (p < to) {
        if (removed && removed[p]) {
          unTally(p)
          p++
          continue
        }
        let end = p
        while (end < to && !(removed && removed[end])) end++
        for (let c = 0; c < cols.length; c++) cols[c]!.set(src[c]!.subarray(p, end), q)
        for (let k = p; k < end; k++) {
          ids[q] = base.ids[k]!
          map[k] = q++
        }
        p = end
      }
    }
    for (; d < rows.length; d++) {
      copyTo(at[d]!)
      const r = rows[d]!
      if (exists[d]) {
        // An update of base row p (even one marked removed: it was seen again).
        unTally(p)
        map[p] = q
        p++
      }
      ids[q] = r.external_id
      put(q, r)
      touched[d] = q++
    }
    copyTo(base.n)
  }
  const stride = errors.list.length + 1
  const pairs = new Int32Array(states.list.length * stride)
  for (let s = 0; s < base.states.length; s++) pairs.set(base.pairs.subarray(s * oldStride, (s + 1) * oldStride), s * stride)
  for (let k = 0; k < tally.length; k += 3) pairs[tally[k]! * stride + tally[k + 1]!]! += tally[k + 2]!
  const { byState, byError } = countsOf(states.list, errors.list, pairs)
  return {
    ix: {
      n,
      ids,
      state: cols[0] as Uint8Array,
      states: states.list,
      err: cols[1] as Uint16Array,
      errors: errors.list,
      lastSync: cols[2] as Float64Array,
      lastData: cols[3] as Float64Array,
      stateChanged: cols[4] as Float64Array,
      req: cols[5] as Uint16Array,
      granted: cols[6] as Uint16Array,
      scopeSets: scopes.list,
      missing: cols[7] as Uint16Array,
      missingSets: missingSets.list,
      evidence: cols[8] as Int32Array,
      byState,
      byError,
      pairs
    },
    remap,
    touched
  }
}

export const emptyIndex = (): RowIndex => createIndexBuilder(0).done()

/** First position whose id is >= key. */
export function lowerBound(ids: readonly string[], key: string, lo = 0): number {
  let hi = ids.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ids[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function positionOf(ix: RowIndex, id: string): number {
  const p = lowerBound(ix.ids, id)
  return p < ix.n && ix.ids[p] === id ? p : -1
}

/**
 * The row at p. `current`: the integration's current scope selection; when given, missingScopes compares the
 * granted scopes with it (issue K.10: scopes added to the selection later show as missing), else with the
 * scopes requested at consent. Nothing granted yet: nothing missing (no consent to compare with).
 */
export function rowAt(ix: RowIndex, p: number, current?: readonly string[] | null): StoredRowModel {
  const e = ix.err[p]!
  const m = ix.missing[p]!
  return rowModel(
    ix.ids[p]!,
    ix.states[ix.state[p]!]!,
    ix.stateChanged[p]!,
    ix.lastSync[p]!,
    ix.lastData[p]!,
    e === 0 ? null : ix.errors[e - 1]!,
    ix.scopeSets[ix.req[p]!]!,
    ix.scopeSets[ix.granted[p]!]!,
    m === 0 ? null : ix.missingSets[m]!,
    current
  )
}

/** True when the stored row at p holds exactly these values (so the sync has nothing to write). */
export function sameAt(ix: RowIndex, p: number, r: DbRow, evidenceHash: number): boolean {
  const e = ix.err[p]!
  return (
    ix.states[ix.state[p]!] === r.state &&
    ix.lastSync[p] === r.last_sync_at &&
    ix.lastData[p] === r.last_data_at &&
    ix.stateChanged[p] === r.state_changed_at &&
    (e === 0 ? r.error_code === null : ix.errors[e - 1] === r.error_code) &&
    ix.scopeSets[ix.req[p]!] === r.requested_scopes &&
    ix.scopeSets[ix.granted[p]!] === r.granted_scopes &&
    ix.evidence[p] === evidenceHash
  )
}

const EPOCH_S = Date.UTC(2000, 0, 1) / 1000
const BUCKETS = 1 << 16
/** A time's sort key: whole seconds since 2000 from 1, 0 for none (-1). */
const secondsKey = (t: number): number => (t < 0 ? 0 : Math.min(0xffffffff, Math.max(1, Math.floor(t / 1000) - EPOCH_S + 1)))

/**
 * Positions in (time, externalId) order, at whole seconds (rows in the same second keep externalId order). A stable
 * two-pass radix sort on 32-bit keys (seconds since 2000, 0 for none) over positions that start in externalId
 * order: ~10-20 ms at a million, where the native sort of packed float keys took ~100-150 ms per sort key, which the
 * first sort by a column after every sync paid (issue I, filter/sort p95).
 */
export function timeOrder(ix: RowIndex, col: Float64Array): Int32Array {
  const n = ix.n
  const keys = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const t = col[i]!
    keys[i] = secondsKey(t)
  }
  let src = new Int32Array(n)
  for (let i = 0; i < n; i++) src[i] = i
  let dst = new Int32Array(n)
  const count = new Int32Array(BUCKETS)
  for (const shift of [0, 16]) {
    count.fill(0)
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & 0xffff]!++
    // Every key has the same digit here: this pass would not move anything.
    if (n === 0 || count[(keys[0]! >>> shift) & 0xffff] === n) continue
    let sum = 0
    for (let d = 0; d < BUCKETS; d++) {
      const c = count[d]!
      count[d] = sum
      sum += c
    }
    for (let j = 0; j < n; j++) {
      const p = src[j]!
      dst[count[(keys[p]! >>> shift) & 0xffff]!++] = p
    }
    const t = src
    src = dst
    dst = t
  }
  return src
}

/** [lo, hi): the positions whose externalId starts with `prefix` (two binary searches over the sorted ids). */
export function prefixRange(ix: RowIndex, prefix: string): [number, number] {
  if (!prefix) return [0, ix.n]
  const lo = lowerBound(ix.ids, prefix)
  // First id past the prefix block: the ids starting with it are contiguous from lo.
  let a = lo
  let b = ix.n
  while (a < b) {
    const mid = (a + b) >>> 1
    if (ix.ids[mid]!.startsWith(prefix)) a = mid + 1
    else b = mid
  }
  return [lo, a]
}

/**
 * A time order of a patched index from the order of the index before the patch: the rows the patch did not write
 * keep their time and their relative place, so they stay in order; the written ones are sorted on their own and
 * merged in. Linear, where a fresh sort of a million took ~40-180 ms.
 */
function patchedOrder(old: Int32Array, col: Float64Array, patch: IndexPatch): Int32Array {
  const { remap, touched } = patch
  const n = patch.ix.n
  const written = new Uint8Array(n)
  for (let k = 0; k < touched.length; k++) written[touched[k]!] = 1
  const moved = Int32Array.from(touched).sort((a, b) => secondsKey(col[a]!) - secondsKey(col[b]!) || a - b)
  const out = new Int32Array(n)
  let o = 0
  let m = 0
  for (let j = 0; j < old.length; j++) {
    const q = remap ? remap[old[j]!]! : old[j]!
    if (q < 0 || written[q]) continue
    if (m < moved.length) {
      const kq = secondsKey(col[q]!)
      while (m < moved.length) {
        const km = secondsKey(col[moved[m]!]!)
        if (km < kq || (km === kq && moved[m]! < q)) out[o++] = moved[m++]!
        else break
      }
    }
    out[o++] = q
  }
  while (m < moved.length) out[o++] = moved[m++]!
  return out
}

/** The matches of one query in its sort order: how many, and the index position of the k-th (0 <= k < total). */
export interface MatchList {
  readonly total: number
  at(k: number): number
}

const rangeList = (lo: number, hi: number, desc: boolean): MatchList => ({ total: hi - lo, at: desc ? (k) => hi - 1 - k : (k) => lo + k })
const orderList = (order: Int32Array, desc: boolean): MatchList => {
  const n = order.length
  return { total: n, at: desc ? (k) => order[n - 1 - k]! : (k) => order[k]! }
}
/** A built list: the only kind worth caching (the others cost two binary searches to make again). */
const arrayList = (pos: Int32Array): MatchList & { built: true } => ({ total: pos.length, at: (k) => pos[k]!, built: true })

/** How many materialised match lists an engine keeps (each up to 4 bytes per row). */
const CACHE = 6

/**
 * Filter, search, sort and count over one index. A query without a per-row filter is answered without building a
 * list: search in externalId order is the contiguous block of ids with that prefix, and no search in a time order
 * is that column's order itself, so a keystroke in search costs two binary searches whatever the tenant's size. A
 * query with a per-row filter (state, error code, missing scope, or a search in a time order) is one pass, kept per
 * filter+sort key so the windows of a scroll reuse it.
 */
export function createQueryEngine(ix: RowIndex, from?: { engine: QueryEngine; patch: IndexPatch }) {
  const orders = new Map<ConnectionSortModel['key'], Int32Array>()
  const colOf = (key: ConnectionSortModel['key']) => (key === 'lastSyncAt' ? ix.lastSync : key === 'lastDataAt' ? ix.lastData : ix.stateChanged)
  // After a patch, the orders the previous engine had built carry over in one merge pass each (see patchedOrder).
  const carried = from && from.patch.ix === ix ? from.engine.builtOrders() : null
  const orderOf = (key: ConnectionSortModel['key']): Int32Array | null => {
    if (key === 'externalId') return null
    let o = orders.get(key)
    if (!o) {
      const old = carried?.get(key)
      o = old ? patchedOrder(old, colOf(key), from!.patch) : timeOrder(ix, colOf(key))
      orders.set(key, o)
    }
    return o
  }
  // One buffer for building match lists (a list is then copied out at its own length).
  let scratch: Int32Array | null = null
  const scratchOf = (n: number) => (scratch && scratch.length >= n ? scratch : (scratch = new Int32Array(ix.n)))
  const cache = new Map<string, MatchList>()

  /** The per-row test of a filter, or null when every row passes. */
  function predicateOf(f: ConnectionFilterModel, current?: readonly string[] | null): ((i: number) => boolean) | null {
    const tests: ((i: number) => boolean)[] = []
    if (f.states && f.states.length) {
      const stateOk = new Uint8Array(Math.max(1, ix.states.length))
      for (const s of f.states) {
        const c = ix.states.indexOf(s)
        if (c >= 0) stateOk[c] = 1
      }
      if (!ix.states.every((_, c) => stateOk[c] === 1)) tests.push((i) => stateOk[ix.state[i]!] === 1)
    }
    if (f.errorCode !== null) {
      // An error code no row has matches nothing (it is not "no error").
      const want = ix.errors.indexOf(f.errorCode) + 1
      tests.push(want === 0 ? () => false : (i) => ix.err[i] === want)
    }
    if (f.missingScope && current) {
      // By granted set: missing X = X is in the current selection, something was granted, and X was not.
      const x = f.missingScope
      const ok = new Uint8Array(ix.scopeSets.length)
      if (current.includes(x)) ix.scopeSets.forEach((g, k) => {
        if (g !== '' && !g.split(' ').includes(x)) ok[k] = 1
      })
      tests.push((i) => ok[ix.granted[i]!] === 1)
    } else if (f.missingScope) {
      const ok = new Uint8Array(ix.missingSets.length)
      const needle = ` ${f.missingScope} `
      ix.missingSets.forEach((m, k) => {
        if (k > 0 && m.includes(needle)) ok[k] = 1
      })
      tests.push((i) => ok[ix.missing[i]!] === 1)
    }
    if (tests.length === 0) return null
    if (tests.length === 1) return tests[0]!
    return (i) => tests.every((t) => t(i))
  }

  function build(f: ConnectionFilterModel, sort: ConnectionSortModel, current?: readonly string[] | null): MatchList {
    const [lo, hi] = prefixRange(ix, f.search)
    const keep = predicateOf(f, current)
    const order = orderOf(sort.key)
    if (!keep && !order) return rangeList(lo, hi, sort.desc)
    if (!keep && order && lo === 0 && hi === ix.n) return orderList(order, sort.desc)
    const buf = scratchOf(ix.n)
    let k = 0
    if (!order) {
      if (sort.desc) {
        for (let i = hi - 1; i >= lo; i--) if (keep!(i)) buf[k++] = i
      } else for (let i = lo; i < hi; i++) if (keep!(i)) buf[k++] = i
      return arrayList(buf.slice(0, k))
    }
    if ((hi - lo) * 8 < ix.n && hi - lo < 2 ** 21) {
      // A short prefix block: sort its matches by (time, position) instead of walking the whole order.
      const col = sort.key === 'lastSyncAt' ? ix.lastSync : sort.key === 'lastDataAt' ? ix.lastData : ix.stateChanged
      const keys = new Float64Array(hi - lo)
      for (let i = lo; i < hi; i++) {
        if (keep && !keep(i)) continue
        keys[k++] = secondsKey(col[i]!) * 2 ** 21 + (i - lo)
      }
      const sorted = keys.subarray(0, k).sort()
      const out = new Int32Array(k)
      for (let j = 0; j < k; j++) out[sort.desc ? k - 1 - j : j] = lo + (sorted[j]! % 2 ** 21)
      return arrayList(out)
    }
    const n = ix.n
    const all = lo === 0 && hi === n
    for (let j = 0; j < n; j++) {
      const i = order[sort.desc ? n - 1 - j : j]!
      if ((all || (i >= lo && i < hi)) && (!keep || keep(i))) buf[k++] = i
    }
    return arrayList(buf.slice(0, k))
  }

  const engine = {
    ix,
    /** The time orders built so far (a patched index's engine derives its own from them). */
    builtOrders: (): ReadonlyMap<ConnectionSortModel['key'], Int32Array> => orders,
    /**
     * The matches of a filter in a sort order. `current`: the integration's current scope selection, which
     * "missing scope X" compares the granted scopes with (K.10).
     */
    matches(f: ConnectionFilterModel, sort: ConnectionSortModel, current?: readonly string[] | null): MatchList {
      const key = JSON.stringify([f.states, f.errorCode, f.missingScope, f.search, sort.key, sort.desc, f.missingScope ? (current ?? null) : null])
      const hit = cache.get(key)
      if (hit) {
        cache.delete(key)
        cache.set(key, hit)
        return hit
      }
      const m = build(f, sort, current)
      // Only built lists are kept, so the keystrokes of a search do not push a filter's list out of the cache.
      if ('built' in m) {
        if (cache.size >= CACHE) cache.delete(cache.keys().next().value!)
        cache.set(key, m)
      }
      return m
    }
  }
  return engine
}
export type QueryEngine = ReturnType<typeof createQueryEngine>
