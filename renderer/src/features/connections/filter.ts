import type { ConnectionRow } from '../../../../preload/contract/models'

/**
 * The connections table's data, indexed once per load so that a filter, search or sort over
 * 100,000 rows is a single pass over typed arrays (well under a frame).
 */
export const STATES = ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected'] as const
export const BROKEN_STATES = new Set(['needs_reauth', 'scope_missing', 'membership_expired', 'error'])

export interface ConnectionIndex {
  rows: readonly ConnectionRow[]
  /** Row positions sorted by externalId (prefix search by binary search). */
  byId: Int32Array
  /** Row positions sorted by lastSyncAt ascending (never-synced first). */
  bySync: Int32Array
  /** Rank of each row in byId, to test "inside the prefix range" in O(1). */
  idRank: Int32Array
  stateCode: Uint8Array
  errorCode: Int32Array
  errorCodes: string[]
  counts: Record<string, number>
  errorCounts: Record<string, number>
}

export interface Filter {
  states: ReadonlySet<string> | null
  errorCode: string | null
  search: string
  sort: 'externalId' | 'lastSyncAt' | '-lastSyncAt'
}

export function buildIndex(rows: readonly ConnectionRow[]): ConnectionIndex {
  const n = rows.length
  const byId = new Int32Array(n)
  for (let i = 0; i < n; i++) byId[i] = i
  // Rows usually arrive in externalId order (the API pages by it): then no sort is needed.
  let sorted = true
  for (let i = 1; i < n && sorted; i++) if (rows[i - 1]!.externalId > rows[i]!.externalId) sorted = false
  if (!sorted) byId.sort((a, b) => (rows[a]!.externalId < rows[b]!.externalId ? -1 : rows[a]!.externalId > rows[b]!.externalId ? 1 : 0))
  const idRank = new Int32Array(n)
  for (let r = 0; r < n; r++) idRank[byId[r]!] = r
  const syncMs = new Float64Array(n)
  for (let i = 0; i < n; i++) syncMs[i] = rows[i]!.lastSyncAt ? Date.parse(rows[i]!.lastSyncAt!) : -Infinity
  const bySync = Int32Array.from(byId).sort((a, b) => syncMs[a]! - syncMs[b]! || idRank[a]! - idRank[b]!)
  const stateCode = new Uint8Array(n)
  const errorCode = new Int32Array(n)
  const errorCodes: string[] = []
  const errIx = new Map<string, number>()
  const counts: Record<string, number> = Object.fromEntries(STATES.map((s) => [s, 0]))
  const errorCounts: Record<string, number> = {}
  for (let i = 0; i < n; i++) {
    const r = rows[i]!
    const sc = STATES.indexOf(r.state as (typeof STATES)[number])
    stateCode[i] = sc < 0 ? 255 : sc
    counts[r.state] = (counts[r.state] ?? 0) + 1
    if (r.errorCode) {
      let e = errIx.get(r.errorCode)
      if (e === undefined) {
        e = errorCodes.length
        errorCodes.push(r.errorCode)
        errIx.set(r.errorCode, e)
      }
      errorCode[i] = e
      errorCounts[r.errorCode] = (errorCounts[r.errorCode] ?? 0) + 1
    } else errorCode[i] = -1
  }
  return { rows, byId, bySync, idRank, stateCode, errorCode, errorCodes, counts, errorCounts }
}

/** [lo, hi) in byId order of the externalIds starting with `prefix` (case-sensitive, like Sahha's search). */
export function prefixRange(ix: ConnectionIndex, prefix: string): [number, number] {
  if (!prefix) return [0, ix.byId.length]
  const id = (r: number) => ix.rows[ix.byId[r]!]!.externalId
  let lo = 0
  let hi = ix.byId.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (id(mid) < prefix) lo = mid + 1
    else hi = mid
  }
  let end = lo
  let top = ix.byId.length
  while (end < top) {
    const mid = (end + top) >>> 1
    if (id(mid).startsWith(prefix) || id(mid) < prefix) end = mid + 1
    else top = mid
  }
  return [lo, end]
}

/** The visible rows (positions into ix.rows) for a filter, in the chosen order. */
export function applyFilter(ix: ConnectionIndex, f: Filter): Int32Array {
  const [lo, hi] = prefixRange(ix, f.search)
  const stateMask = new Uint8Array(256)
  if (f.states && f.states.size > 0) for (const s of f.states) stateMask[STATES.indexOf(s as (typeof STATES)[number]) & 255] = 1
  else stateMask.fill(1)
  const err = f.errorCode === null ? -2 : ix.errorCodes.indexOf(f.errorCode)
  const out = new Int32Array(f.sort === 'externalId' ? hi - lo : ix.rows.length)
  let k = 0
  const keep = (i: number) => stateMask[ix.stateCode[i]!] === 1 && (err === -2 || ix.errorCode[i] === err)
  if (f.sort === 'externalId') {
    for (let r = lo; r < hi; r++) {
      const i = ix.byId[r]!
      if (keep(i)) out[k++] = i
    }
  } else {
    const n = ix.bySync.length
    for (let j = 0; j < n; j++) {
      const i = ix.bySync[f.sort === 'lastSyncAt' ? j : n - 1 - j]!
      const rank = ix.idRank[i]!
      if (rank >= lo && rank < hi && keep(i)) out[k++] = i
    }
  }
  return out.subarray(0, k)
}

const FORMULA = /^[=+\-@\t\r]/

/** One CSV field: quoted when needed; a leading =, +, -, @ is neutralised so a spreadsheet never runs it. */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (FORMULA.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** Scopes the user has not granted: of the integration's current selection when known (so scopes added later show), else of those requested at consent. */
export function missingScopes(r: Pick<ConnectionRow, 'requestedScopes' | 'grantedScopes'>, current?: readonly string[] | null): string[] {
  if (r.grantedScopes.length === 0) return []
  return (current ?? r.requestedScopes).filter((s) => !r.grantedScopes.includes(s))
}
