import type { AppError, AppErrorCode } from '../preload/contract/result'

/**
 * The one error class main throws for expected failures. It carries a ready AppError so the
 * dispatch boundary converts it without guessing. Anything else that escapes a handler is a bug
 * and becomes INTERNAL.
 */
export class AppFailure extends Error {
  readonly appError: AppError
  constructor(error: AppError, options?: { cause?: unknown }) {
    super(error.message, options)
    this.name = `AppFailure(${error.code})`
    this.appError = error
  }
  get code(): AppErrorCode {
    return this.appError.code
  }
}

export function appError(
  code: AppErrorCode,
  message: string,
  extra: Partial<Omit<AppError, 'code' | 'message'>> = {}
): AppFailure {
  return new AppFailure({ code, message, retryable: false, ...extra })
}

export class KeychainUnavailableError extends AppFailure {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      {
        code: 'KEYCHAIN_UNAVAILABLE',
        message: `The OS keychain could not be reached: ${detail}`,
        remedy:
          'Unlock your keychain (on Linux: start gnome-keyring or KWallet and unlock the login keyring), then retry. Secrets are never stored anywhere else.',
        retryable: true
      },
      options
    )
  }
}

/** The error with `scrub` applied to every text it carries, details included; the same object when nothing changed. */
export function redactAppError(error: AppError, scrub: (text: string) => string): AppError {
  const deep = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v)
    if (v === null || typeof v !== 'object' || depth > 6) return v
    if (Array.isArray(v)) return v.map((x) => deep(x, depth + 1))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x, depth + 1)]))
  }
  const out: { -readonly [K in keyof AppError]: AppError[K] } = { ...error, message: scrub(error.message) }
  if (error.remedy !== undefined) out.remedy = scrub(error.remedy)
  if (error.field !== undefined) out.field = scrub(error.field)
  if (error.raw !== undefined) out.raw = scrub(error.raw)
  if (error.details !== undefined) out.details = deep(error.details, 0)
  return JSON.stringify(out) === JSON.stringify(error) ? error : out
}

export function redactFailure(f: AppFailure, scrub: (text: string) => string): AppFailure {
  const redacted = redactAppError(f.appError, scrub)
  return redacted === f.appError ? f : new AppFailure(redacted)
}

export function cancelled(): AppFailure {
  return appError('CANCELLED', 'The operation was cancelled.', { retryable: true })
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR')
}

/** Convert anything thrown into an AppError. Unknown errors never leak their message: it may hold a secret. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) return e.appError
  if (isAbortError(e)) return cancelled().appError
  return {
    code: 'INTERNAL',
    message: 'Something unexpected went wrong in the app.',
    remedy: 'Retry; if it happens again, export the log from Settings and report it.',
    retryable: true
  }
}
