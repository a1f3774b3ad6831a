import type { FailureMode } from './catalog'

/**
 * The documented-only tier (sahha-api.md §7.2): its own state names, never the admin API's, and the three
 * failure-mode rows of failure-modes.md that its evidence can name. Shared by main (scan) and the UI.
 */

export const TIER_STATES = ['not_linked', 'linked_recent', 'linked_no_data', 'profile_gone', 'unknown'] as const
export type TierState = (typeof TIER_STATES)[number]
export const isTierState = (s: string): s is TierState => (TIER_STATES as readonly string[]).includes(s)

export const TIER_STATE_LABELS: Readonly<Record<TierState, string>> = {
  not_linked: 'not linked',
  linked_recent: 'linked · data fresh',
  linked_no_data: 'linked · no recent data',
  profile_gone: 'profile gone',
  unknown: 'unknown'
}

/** Where this tier's facts come from, for every screen that shows them. */
export const TIER_SOURCE_LABEL = 'Sahha (documented API)'

export interface TierSettings {
  /** How far back the data calls look (days). */
  windowDays: number
  /** Newest data within this many days is "fresh" (1-2 days without Oura sleep data is normal). */
  freshDays: number
  /** Requests in flight at once per tenant. */
  concurrency: number
}
export const DEFAULT_TIER_SETTINGS: TierSettings = { windowDays: 14, freshDays: 3, concurrency: 4 }
export const TIER_LIMITS = { windowDays: [1, 90], freshDays: [1, 30], concurrency: [1, 16] } as const
/** "Check these users": at most this many externalIds per list. */
export const CHECK_LIST_MAX = 10_000

export const TIER_CATALOG: readonly FailureMode[] = [
  {
    id: 'SAHHA_PROFILE_NOT_LINKED',
    title: 'Sahha lists no Oura integration for this profile',
    sees: 'GET /api/v1/profile/integration/{externalId} answers 204, or 200 without an item naming Oura.',
    cause: 'The user never connected or did not finish consent, or the link was removed; or this host does not list beta Oura connections at all.',
    confirm: 'Once per host: a sandbox profile known to be connected must show an Oura item, or "not linked" is not trustworthy there.',
    remedy: 'Send a connect link (authorize with the user’s profile token).',
    state: 'not_linked',
    action: 'reconnect_link'
  },
  {
    id: 'SAHHA_LINKED_NO_RECENT_DATA',
    title: 'Linked, but no recent data',
    sees: 'An item naming Oura, but biomarker and score calls over the last days come back empty or old.',
    cause:
      'The user has not opened the Oura app (sleep only syncs then, so 1–2 days without data can be normal), the ring is not worn, or the link broke at Sahha in a way this tier cannot see (revoked, token failure, membership).',
    confirm: 'Many profiles at once point to the integration: check the webhook health and run Verify live; one profile points to the user.',
    remedy: 'Ask the user to open the Oura app and sync; if data stays away, send a reconnect link; if many are affected, verify the integration and report to Sahha.',
    state: 'linked_no_data',
    action: 'reconnect_link'
  },
  {
    id: 'SAHHA_PROFILE_GONE',
    title: 'Profile gone',
    sees: '410 from a Sahha call, or the profile look-up finds no such externalId.',
    cause: 'The profile or account was deleted, the externalId is mistyped, or it lives in the other environment: sandbox and production share no profiles.',
    confirm: 'Look for the same externalId in the other environment and in your own records.',
    remedy: 'Fix the externalId or the environment; if the user should exist, register the profile again and send a connect link.',
    state: 'profile_gone',
    action: 'none'
  }
]

export const TIER_DIAGNOSIS: Readonly<Partial<Record<TierState, string>>> = {
  not_linked: 'SAHHA_PROFILE_NOT_LINKED',
  linked_no_data: 'SAHHA_LINKED_NO_RECENT_DATA',
  profile_gone: 'SAHHA_PROFILE_GONE'
}
export const tierModeById = (id: string | null): FailureMode | null => TIER_CATALOG.find((m) => m.id === id) ?? null
