// Limits shared by the contract's schemas and the renderer, in a module of their own so that the renderer's first
// script does not load the schemas (zod) to read two numbers.

/** The most rows one CSV export of the connections table holds. */
export const CSV_EXPORT_CAP = 200_000
/** The most rows one tier.rows call answers (the CSV export pages through them at this size). */
export const TIER_ROWS_MAX = 20_000
