/**
 * The connections table's vocabulary. Filtering, search, sort and counts run in main against the
 * tenant's local store (issue I); the renderer holds only the window on screen.
 */
export const STATES = ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected'] as const
export const BROKEN_STATES = new Set(['needs_reauth', 'scope_missing', 'membership_expired', 'error'])
/**
 * The order of the state chips: every broken state first, right after the Broken chip, then the others. On a laptop the
 * one-line summary scrolls past its last chips, and those must not be the ones an operator on call is looking for.
 */
export const CHIP_STATES = [...STATES.filter((s) => BROKEN_STATES.has(s)), ...STATES.filter((s) => !BROKEN_STATES.has(s))]
