import { diagnoseRow } from '../../../../preload/contract/diagnosis/engine'
import { TIER_DIAGNOSIS, TIER_STATE_LABELS, TIER_STATES, tierModeById } from '../../../../preload/contract/diagnosis/documented-tier'
import type { SyncSource } from '../../../../preload/contract/rules/connection-states'

/**
 * The diagnosis catalogue's title for a failure mode as the local store groups it (state + last error code):
 * the documented tier's own modes for a documented scan, the admin-API catalogue otherwise.
 */
export function modeTitle(source: SyncSource | null, state: string, errorCode: string | null): string {
  if (source === 'documented-scan') {
    const key = TIER_STATES.find((k) => TIER_STATE_LABELS[k] === state)
    const mode = key ? tierModeById(TIER_DIAGNOSIS[key] ?? null) : null
    return mode?.title ?? state
  }
  return diagnoseRow({ state, errorCode }).title
}

/** The catalogue id behind that title (for tests and the detail link). */
export function modeId(source: SyncSource | null, state: string, errorCode: string | null): string {
  if (source === 'documented-scan') {
    const key = TIER_STATES.find((k) => TIER_STATE_LABELS[k] === state)
    return (key && TIER_DIAGNOSIS[key]) || 'UNCLASSIFIED'
  }
  return diagnoseRow({ state, errorCode }).key
}
