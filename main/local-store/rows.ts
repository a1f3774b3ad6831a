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

const ms = (iso: string | null | undefined): number => {
  if (!iso) return -1
  const t = Date.parse(iso)
  return Number.isNaN(t) ? -1 : t
}
const isoOf = (t: number): string | null => (t < 0 ? null : new Date(t).toISOString())

/** The requested scopes the user did not grant; none when nothing was granted yet (no consent to compare with). */
export function missingOf(requested: readonly string[], granted: readonly string[]): string[] {
  if (granted.length === 0) return []
  return requested.filter((s) => !granted.includes(s))
}

export function toDbRow(c: ConnectionInput): DbRow {
  const requested = c.requestedScopes ?? []
  const granted = c.grantedScopes ?? []
  const missing = missingOf(requested, granted)
  return {
    external_id: c.externalId,
    state: c.state,
    state_changed_at: ms(c.stateChangedAt),
    last_sync_at: ms(c.lastSyncAt),
    last_data_at: ms(c.lastDataAt),
    error_code: c.errorCode ?? null,
    requested_scopes: requested.join(' '),
    granted_scopes: granted.join(' '),
    // Padded with spaces so "missing scope X" is one instr() test.
    missing_scopes: missing.length ? ` ${missing.join(' ')} ` : null,
    evidence: c.evidence === undefined || c.evidence === null ? null : JSON.stringify(c.evidence)
  }
}

const list = (s: string): string[] => (s ? s.split(' ') : [])

export function fromDbRow(r: DbRow): StoredRowModel {
  return {
    externalId: r.external_id,
    state: r.state,
    stateChangedAt: isoOf(r.state_changed_at),
    lastSyncAt: isoOf(r.last_sync_at),
    lastDataAt: isoOf(r.last_data_at),
    errorCode: r.error_code,
    requestedScopes: list(r.requested_scopes),
    grantedScopes: list(r.granted_scopes),
    missingScopes: r.missing_scopes ? list(r.missing_scopes.trim()) : []
  }
}

export { isoOf }
