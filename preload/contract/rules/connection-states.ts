/**
 * The state names a tenant's connections can have depend on where they came from: the (invented)
 * admin API has its own names (sahha-api.md §5.7); the documented-only scan (sahha-api.md §7.2) can only
 * observe less, and says so with different names. One vocabulary per sync source, so a screen never
 * shows a documented-scan state as if Sahha had reported it, and "broken" means the same on every screen.
 */
export const SYNC_SOURCES = ['admin-api', 'documented-scan'] as const
export type SyncSource = (typeof SYNC_SOURCES)[number]

export interface StateVocabulary {
  readonly source: SyncSource
  /** In display order. */
  readonly states: readonly string[]
  /** The states an operator must act on (the "Broken" chip, "became broken", the spike alert). */
  readonly broken: ReadonlySet<string>
  /** Where the names come from, for the screen that shows them. */
  readonly origin: string
}

export const ADMIN_API_VOCABULARY: StateVocabulary = {
  source: 'admin-api',
  states: ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected'],
  broken: new Set(['needs_reauth', 'scope_missing', 'membership_expired', 'error']),
  origin: 'Invented admin API (our contract, not published by Sahha)'
}

export const DOCUMENTED_SCAN_VOCABULARY: StateVocabulary = {
  source: 'documented-scan',
  states: ['not linked', 'linked · data fresh', 'linked · no recent data', 'profile gone', 'unknown'],
  broken: new Set(['linked · no recent data', 'profile gone']),
  origin: "Documented Sahha API, per-profile scan (observed, not Sahha's own state)"
}

export function vocabularyOf(source: SyncSource): StateVocabulary {
  return source === 'documented-scan' ? DOCUMENTED_SCAN_VOCABULARY : ADMIN_API_VOCABULARY
}

/**
 * A failure mode as the Changes view and the spike alert group it: the state, and the error code
 * when there is one ("needs_reauth · invalid_grant").
 */
export function failureModeOf(state: string, errorCode: string | null): string {
  return errorCode ? `${state} · ${errorCode}` : state
}
