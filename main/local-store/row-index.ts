import type { ConnectionFilterModel, ConnectionSortModel, StoredRowModel } from '../../preload/contract/models'
import { isoOf, type DbRow } from './rows'

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
  const dict = (first?: string) => {
    const list: string[] = first === undefined ? [] : [first]
    const map = new Map<string, number>(first === undefined ? [] : [[first, 0]])
    return {
      list,
      code(s: string): number {
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
  const states = dict()
  const errors = dict()
  const scopes = dict('')
  const missingSets = dict('')
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
      const byState: Record<string, number> = {}
      const stateCounts = new Array<number>(states.list.length).fill(0)
      const errCounts = new Array<number>(errors.list.length + 1).fill(0)
      for (let i = 0; i < n; i++) {
        stateCounts[state[i]!]!++
        errCounts[err[i]!]!++
      }
      states.list.forEach((s, k) => {
        if (stateCounts[k]) byState[s] = stateCounts[k]!
      })
      const byError: Record<string, number> = {}
      errors.list.forEach((e, k) => {
        if (errCounts[k + 1]) byError[e] = errCounts[k + 1]!
      })
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
        byError
      }
    }
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
  const list = (s: string) => (s ? s.split(' ') : [])
  const e = ix.err[p]!
  const m = ix.missing[p]!
  if (current) {
    const granted = list(ix.scopeSets[ix.granted[p]!]!)
    return {
      externalId: ix.ids[p]!,
      state: ix.states[ix.state[p]!]!,
      stateChangedAt: isoOf(ix.stateChanged[p]!),
      lastSyncAt: isoOf(ix.lastSync[p]!),
      lastDataAt: isoOf(ix.lastData[p]!),
      errorCode: e === 0 ? null : ix.errors[e - 1]!,
      requestedScopes: list(ix.scopeSets[ix.req[p]!]!),
      grantedScopes: granted,
      missingScopes: granted.length === 0 ? [] : current.filter((x) => !granted.includes(x))
    }
  }
  return {
    externalId: ix.ids[p]!,
    state: ix.states[ix.state[p]!]!,
    stateChangedAt: isoOf(ix.stateChanged[p]!),
    lastSyncAt: isoOf(ix.lastSync[p]!),
    lastDataAt: isoOf(ix.lastData[p]!),
    errorCode: e === 0 ? null : ix.errors[e - 1]!,
    requestedScopes: list(ix.scopeSets[ix.req[p]!]!),
    grantedScopes: list(ix.scopeSets[ix.granted[p]!]!),
    missingScopes: m === 0 ? [] : list(ix.missingSets[m]!.trim())
  }
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

const SHIFT = 2 ** 21
const EPOCH_S = Date.UTC(2000, 0, 1) / 1000

/**
 * Positions in (time, externalId) order. The key packs seconds since 2000 and the id rank into one
 * float so the native numeric sort does the work (a comparator sort of a million took ~5x longer).
 */
function timeOrder(ix: RowIndex, col: Float64Array): Int32Array {
  const out = new Int32Array(ix.n)
  if (ix.n >= SHIFT) {
    for (let i = 0; i < ix.n; i++) out[i] = i
    return out.sort((a, b) => col[a]! - col[b]! || a - b)
  }
  const keys = new Float64Array(ix.n)
  for (let i = 0; i < ix.n; i++) {
    const t = col[i]!
    const s = t < 0 ? 0 : Math.max(1, Math.floor(t / 1000) - EPOCH_S + 1)
    keys[i] = s * SHIFT + i
  }
  keys.sort()
  for (let i = 0; i < ix.n; i++) out[i] = keys[i]! % SHIFT
  return out
}

export function prefixRange(ix: RowIndex, prefix: string): [number, number] {
  if (!prefix) return [0, ix.n]
  const lo = lowerBound(ix.ids, prefix)
  const last = prefix.charCodeAt(prefix.length - 1)
  const hi = lowerBound(ix.ids, prefix.slice(0, -1) + String.fromCharCode(last + 1), lo)
  return [lo, hi]
}

/** Filtered, sorted positions; the caller caches them per query. */
export function createQueryEngine(ix: RowIndex) {
  const orders = new Map<string, Int32Array>()
  const orderOf = (key: ConnectionSortModel['key']): Int32Array | null => {
    if (key === 'externalId') return null
    let o = orders.get(key)
    if (!o) {
      o = timeOrder(ix, key === 'lastSyncAt' ? ix.lastSync : key === 'lastDataAt' ? ix.lastData : ix.stateChanged)
      orders.set(key, o)
    }
    return o
  }
  const cache = new Map<string, Int32Array>()
  return {
    ix,
    /** `current`: the integration's current scope selection, which "missing scope X" compares the granted scopes with (K.10). */
    positions(f: ConnectionFilterModel, sort: ConnectionSortModel, current?: readonly string[] | null): Int32Array {
      const key = JSON.stringify([f.states, f.errorCode, f.missingScope, f.search, sort.key, sort.desc, f.missingScope ? (current ?? null) : null])
      const hit = cache.get(key)
      if (hit) {
        cache.delete(key)
        cache.set(key, hit)
        return hit
      }
      const [lo, hi] = prefixRange(ix, f.search)
      const stateOk = new Uint8Array(256)
      if (f.states && f.states.length) for (const s of f.states) {
        const c = ix.states.indexOf(s)
        if (c >= 0) stateOk[c] = 1
      }
      else stateOk.fill(1)
      const errWanted = f.errorCode === null ? -1 : ix.errors.indexOf(f.errorCode) + 1
      let missingOk: Uint8Array | null = null
      // By granted set: missing X = X is in the current selection, something was granted, and X was not.
      let missingByGranted: Uint8Array | null = null
      if (f.missingScope && current) {
        const x = f.missingScope
        missingByGranted = new Uint8Array(ix.scopeSets.length)
        if (current.includes(x)) ix.scopeSets.forEach((g, k) => {
          if (g !== '' && !g.split(' ').includes(x)) missingByGranted![k] = 1
        })
      } else if (f.missingScope) {
        missingOk = new Uint8Array(ix.missingSets.length)
        const needle = ` ${f.missingScope} `
        ix.missingSets.forEach((m, k) => {
          if (k > 0 && m.includes(needle)) missingOk![k] = 1
        })
      }
      const keep = (i: number) =>
        stateOk[ix.state[i]!] === 1 && (errWanted === -1 || ix.err[i] === errWanted) && (missingOk === null || missingOk[ix.missing[i]!] === 1) &&
        (missingByGranted === null || missingByGranted[ix.granted[i]!] === 1)
      const order = orderOf(sort.key)
      const out = new Int32Array(order ? ix.n : hi - lo)
      let k = 0
      if (!order) {
        if (sort.desc) {
          for (let i = hi - 1; i >= lo; i--) if (keep(i)) out[k++] = i
        } else for (let i = lo; i < hi; i++) if (keep(i)) out[k++] = i
      } else {
        const n = ix.n
        const all = lo === 0 && hi === n
        for (let j = 0; j < n; j++) {
          const i = order[sort.desc ? n - 1 - j : j]!
          if ((all || (i >= lo && i < hi)) && keep(i)) out[k++] = i
        }
      }
      const result = out.slice(0, k)
      if (cache.size >= 6) cache.delete(cache.keys().next().value!)
      cache.set(key, result)
      return result
    }
  }
}
export type QueryEngine = ReturnType<typeof createQueryEngine>
