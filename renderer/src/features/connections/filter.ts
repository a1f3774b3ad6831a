/**
 * The connections table's vocabulary. Filtering, search, sort and counts run in main against the
 * tenant's local store (issue I); the renderer holds only the window on screen.
 */
export const STATES = ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected'] as const
export const BROKEN_STATES = new Set(['needs_reauth', 'scope_missing', 'membership_expired', 'error'])
