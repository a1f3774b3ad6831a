import type { StoredRowModel } from '../../preload/contract/models'

/**
 * What a sync writes for one user, in the API's shapes (ISO times, scope lists). No secret, no token,
 * no e-mail address: externalIds and states only, and evidence that the writer has already stripped.
 */
export interface ConnectionInput {
  externalId: string
  state: string
  stateChangedAt?: string | null
  lastSyncAt?: string | null
  lastDataAt?: string | null
  errorCode?: string | null
  requestedScopes?: readonly string[] | null
  grantedScopes?: readonly string[] | null
  /** Per-row evidence or diagnosis (JSON-serialisable), e.g. what a documented-tier scan observed. */
  evidence?: unknown
}

/** A row as the table holds it. */
export interface DbRow {
  external_id: string
  state: string
  state_changed_at: number
  last_sync_at: number
  last_data_at: number
  error_code: string | null
  requested_scopes: string
  granted_scopes: string
  missing_scopes: string | null
  evidence: string | null
}

export const ROW_COLUMNS = 'external_id, state, state_changed_at, last_sync_at, last_data_at, error_code, requested_scopes, granted_scopes, missing_scopes, evidence'

const digits = (s: string, from: number, n: number): number => {
  let v = 0
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}

/**
 * Milliseconds of an ISO time, -1 for none or unreadable. The API's own shape (`2026-12-01T03:12:00.000Z`, with or
 * without milliseconds) is read by hand, three per row at a million rows (Date.parse took a tenth of a full sync);
 * anything else goes through Date.parse.
 */
export function ms(iso: string | null | undefined): number {
  if (!iso) return -1
  const len = iso.length
  if ((len === 24 || len === 20) && iso.charCodeAt(len - 1) === 90 /* Z */ && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(10) === 84 && iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58 && (len === 20 || iso.charCodeAt(19) === 46)) {
    const y = digits(iso, 0, 4)
    const mo = digits(iso, 5, 2)
    const d = digits(iso, 8, 2)
    const h = digits(iso, 11, 2)
    const mi = digits(iso, 14, 2)
    const sec = digits(iso, 17, 2)
    const frac = len === 24 ? digits(iso, 20, 3) : 0
    // Date.UTC would roll 2026-02-30 over into March; Date.parse refuses it, and so does this.
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    const monthDays = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= monthDays && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && frac >= 0) {
      return Date.UTC(y, mo - 1, d, h, mi, sec, frac)
    }
  }
  const t = Date.parse(iso)
  return Number.isNaN(t) ? -1 : t
}
const isoOf = (t: number): string | null => (t < 0 ? null : new Date(t).toISOString())

/** The requested scopes the user did not grant; none when nothing was granted yet (no consent to compare with). */
export function missingOf(requested: readonly string[], granted: readonly string[]): string[] {
  if (granted.length === 0) return []
  return requested.filter((s) => !granted.includes(s))
}

/**
 * Scope lists repeat: at a million rows almost every user has one of a handful. The last few lists seen are kept
 * with their joined text, so a row whose lists equal one of them costs a comparison, not a join (and no garbage).
 */
const joined: { list: readonly string[]; text: string }[] = []
function joinScopes(list: readonly string[]): string {
  if (list.length === 0) return ''
  outer: for (const j of joined) {
    if (j.list.length !== list.length) continue
    for (let i = 0; i < list.length; i++) if (j.list[i] !== list[i]) continue outer
    return j.text
  }
  const text = list.join(' ')
  if (joined.length >= 8) joined.pop()
  joined.unshift({ list: [...list], text })
  return text
}

export function toDbRow(c: ConnectionInput): DbRow {
  const requested = c.requestedScopes ?? []
  const granted = c.grantedScopes ?? []
  const req = joinScopes(requested)
  const gr = joinScopes(granted)
  // Same text, same lists: nothing can be missing (the common case, without a filter per row).
  const missing = req === gr ? [] : missingOf(requested, granted)
  return {
    external_id: c.externalId,
    state: c.state,
    state_changed_at: ms(c.stateChangedAt),
    last_sync_at: ms(c.lastSyncAt),
    last_data_at: ms(c.lastDataAt),
    error_code: c.errorCode ?? null,
    requested_scopes: req,
    granted_scopes: gr,
    // Padded with spaces so "missing scope X" is one instr() test.
    missing_scopes: missing.length ? ` ${missing.join(' ')} ` : null,
    evidence: c.evidence === undefined || c.evidence === null ? null : JSON.stringify(c.evidence)
  }
}

const list = (s: string): string[] => (s ? s.split(' ') : [])

/**
 * The one mapping from a stored row (columns as the table holds them) to the row the screen gets, whether it comes
 * from SQLite (`fromDbRow`) or from main's in-memory index (`rowAt`). `current`: the integration's current scope
 * selection; when given, missingScopes compares the granted scopes with it (K.10), else it is the stored
 * `missing` text (the scopes requested at consent and not granted). Nothing granted: nothing missing.
 */
export function rowModel(
  externalId: string,
  state: string,
  stateChangedAt: number,
  lastSyncAt: number,
  lastDataAt: number,
  errorCode: string | null,
  requested: string,
  granted: string,
  missing: string | null,
  current?: readonly string[] | null
): StoredRowModel {
  const grantedScopes = list(granted)
  return {
    externalId,
    state,
    stateChangedAt: isoOf(stateChangedAt),
    lastSyncAt: isoOf(lastSyncAt),
    lastDataAt: isoOf(lastDataAt),
    errorCode,
    requestedScopes: list(requested),
    grantedScopes,
    missingScopes: current ? (grantedScopes.length === 0 ? [] : current.filter((x) => !grantedScopes.includes(x))) : missing ? list(missing.trim()) : []
  }
}

export const fromDbRow = (r: DbRow, current?: readonly string[] | null): StoredRowModel =>
  rowModel(r.external_id, r.state, r.state_changed_at, r.last_sync_at, r.last_data_at, r.error_code, r.requested_scopes, r.granted_scopes, r.missing_scopes, current)

export { isoOf }
