/**
 * The shape every contract call resolves to. Expected failures are values, never rejections,
 * so the renderer handles them with the same code path as success.
 */
export const APP_ERROR_CODES = [
  'VALIDATION', // input failed its schema or a business rule; `field` names the input
  'UNKNOWN_CHANNEL',
  'UNTRUSTED_SENDER',
  'KEYCHAIN_UNAVAILABLE', // OS keychain locked, absent or unreachable
  'SECRET_MISSING', // the keychain answered, but the entry is not there
  'NOT_FOUND',
  'CONFLICT', // stale write: someone else changed it first
  'PRECONDITION_REQUIRED',
  'SAHHA_AUTH', // Sahha rejected our credentials or token
  'SAHHA_VALIDATION', // Sahha answered 400 with per-field errors
  'SAHHA_NOT_AVAILABLE', // the route does not exist on this environment (404/405 on an invented route)
  'PROFILE_GONE', // 410: the account or profile no longer exists
  'PROVIDER_OAUTH', // an OAuth error from the provider (invalid_client, invalid_grant, ...)
  'RATE_LIMITED',
  'SERVER_ERROR', // 5xx after retries
  'NETWORK', // connection refused, reset, DNS
  'TIMEOUT',
  'CANCELLED',
  'BAD_RESPONSE', // the server answered something we cannot parse
  'STORAGE_CORRUPT', // a local file could not be read; a backup was kept
  'STORAGE_IO', // a local file could not be read (permissions, a folder in its place)
  'STORAGE_WRITE_FAILED', // the OS refused a write (read-only, full, no permission); details: { path, reason }
  'INTERNAL'
] as const

export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

export interface AppError {
  readonly code: AppErrorCode
  /** What went wrong, in the operator's words. */
  readonly message: string
  /** What to do about it. */
  readonly remedy?: string
  /** Which input, for forms (dotted path such as `redirectUrlWhitelist.2`). */
  readonly field?: string
  readonly retryable: boolean
  /** Vendor HTTP status, when the error came from an HTTP call. */
  readonly httpStatus?: number
  /** Raw vendor body with secrets and tokens redacted, for the detail view. */
  readonly raw?: string
  /** Structured extra data (for CONFLICT: the current server version). */
  readonly details?: unknown
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(error: AppError): Result<T> => ({ ok: false, error })
