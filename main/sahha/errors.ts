import { appError, type AppFailure } from '../errors'
import { redactSecrets } from '../../preload/contract/secret-patterns'

/** A vendor error body, whatever its shape (Sahha new/old, Oura RFC 7807 + RFC 6749, FastAPI). */
export interface ParsedVendorError {
  title: string | null
  fieldErrors: { field: string; messages: string[] }[]
  oauthError: string | null
  oauthDescription: string | null
  detail: string | null
  current?: unknown
}

export function parseVendorError(text: string): ParsedVendorError {
  const out: ParsedVendorError = { title: null, fieldErrors: [], oauthError: null, oauthDescription: null, detail: null }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return out
  }
  if (typeof body !== 'object' || body === null) return out
  const b = body as Record<string, unknown>
  if (typeof b.title === 'string') out.title = b.title
  if (typeof b.error === 'string') out.oauthError = b.error
  if (typeof b.error_description === 'string') out.oauthDescription = b.error_description
  if (typeof b.detail === 'string') out.detail = b.detail
  if (Array.isArray(b.detail)) {
    // FastAPI: [{loc, msg, type}]
    for (const d of b.detail as { loc?: unknown[]; msg?: string }[]) {
      out.fieldErrors.push({ field: Array.isArray(d.loc) ? d.loc.filter((x) => x !== 'body').join('.') : '', messages: [d.msg ?? ''] })
    }
  }
  if (Array.isArray(b.errors)) {
    for (const e of b.errors as Record<string, unknown>[]) {
      // New SDK form {origin, errors[]}; older {property, errorMessages[]}.
      const field = typeof e.origin === 'string' ? e.origin : typeof e.property === 'string' ? e.property : ''
      const msgs = Array.isArray(e.errors) ? e.errors : Array.isArray(e.errorMessages) ? e.errorMessages : []
      out.fieldErrors.push({ field, messages: msgs.map(String) })
    }
  }
  if ('current' in b) out.current = b.current
  return out
}

export interface ErrorContext {
  status: number
  method: string
  path: string
  bodyText: string
  /** true for the [invented] admin routes: a 404/405 there means "not on this environment". */
  invented: boolean
  secrets: readonly string[]
  retryAfterSeconds?: number | null
}

/** Maps a failed HTTP answer to an AppFailure an operator can act on. Never puts a token or secret in a message. */
export function httpFailure(ctx: ErrorContext): AppFailure {
  const raw = redactSecrets(ctx.bodyText.slice(0, 20_000), ctx.secrets)
  const p = parseVendorError(ctx.bodyText)
  const fieldMsgs = p.fieldErrors.flatMap((f) => f.messages.map((m) => (f.field ? `${f.field}: ${m}` : m)))
  const vendorText = redactSecrets(
    [p.title, p.oauthError && `${p.oauthError}${p.oauthDescription ? ` (${p.oauthDescription})` : ''}`, p.detail, ...fieldMsgs].filter(Boolean).join(' · '),
    ctx.secrets
  )
  const base = { httpStatus: ctx.status, raw }
  const s = ctx.status
  if (p.oauthError) {
    const remedy: Record<string, string> = {
      invalid_client: 'The client ID or secret does not match the Oura app: copy both from the Oura portal again.',
      invalid_grant: 'The code or refresh token is expired or already used: the user must connect again.',
      invalid_redirect_uri: "Register Sahha's callback URL exactly on the Oura app.",
      invalid_request: 'A parameter was missing or malformed; if every refresh fails this way, the app may be on the new Oura portal (see the decoder).',
      unsupported_grant_type: 'Report this: the token request used an unsupported grant type.',
      invalid_scope: 'Enable the requested scopes on the Oura app, or deselect them in the integration.',
      access_denied: 'The user declined; send them a new link if they want to connect.'
    }
    return appError('PROVIDER_OAUTH', `Oura refused the request: ${vendorText || p.oauthError}.`, {
      ...base,
      remedy: remedy[p.oauthError] ?? 'Paste the raw error into the error decoder for the likely cause.',
      retryable: false,
      details: { error: p.oauthError, error_description: p.oauthDescription, title: p.title }
    })
  }
  if (s === 400 || s === 422) {
    return appError('SAHHA_VALIDATION', `Sahha rejected the request: ${vendorText || 'validation failed'}.`, {
      ...base,
      field: p.fieldErrors[0]?.field || undefined,
      remedy: 'Correct the field named above and try again.',
      retryable: false
    })
  }
  if (s === 401 || s === 403) {
    return appError('SAHHA_AUTH', `Sahha refused the credentials or token (${s}).`, {
      ...base,
      remedy: "Check the tenant's Sahha account client ID and secret (Dashboard → API Keys), and that they belong to this environment.",
      retryable: false
    })
  }
  if ((s === 404 || s === 405) && ctx.invented && !p.title) {
    return appError('SAHHA_NOT_AVAILABLE', 'This environment does not offer the integration admin API the app uses.', {
      ...base,
      remedy: 'Use the Sahha Dashboard for this environment, or the Demo environment; the app will use the API once Sahha publishes it.',
      retryable: false
    })
  }
  if (s === 404) return appError('NOT_FOUND', `Not found: ${vendorText || ctx.path}.`, { ...base, remedy: 'Check the identifier, then reload.', retryable: false })
  if (s === 409) {
    return appError('CONFLICT', 'Someone else changed this first; nothing was overwritten.', {
      ...base,
      remedy: 'Review their change, merge yours, and save again.',
      retryable: false,
      details: { current: p.current }
    })
  }
  if (s === 410) return appError('PROFILE_GONE', 'This account or profile no longer exists at Sahha.', { ...base, remedy: 'Remove it from your lists; register the profile again if needed.', retryable: false })
  if (s === 428) return appError('PRECONDITION_REQUIRED', 'Sahha requires the version being edited.', { ...base, remedy: 'Reload the integration and save again.', retryable: false })
  if (s === 429) {
    return appError('RATE_LIMITED', 'Sahha is rate-limiting these requests.', {
      ...base,
      remedy: `Wait${ctx.retryAfterSeconds ? ` ${ctx.retryAfterSeconds} s` : ' a minute'} and retry; if it persists, raise it with Sahha.`,
      retryable: true
    })
  }
  if (s >= 500) return appError('SERVER_ERROR', `Sahha answered with a server error (${s}) after retries.`, { ...base, remedy: 'Retry in a minute; if it persists, check Sahha status or contact support.', retryable: true })
  return appError('BAD_RESPONSE', `Unexpected answer ${s} from ${ctx.method} ${ctx.path}.`, { ...base, remedy: 'Retry; if it persists, report it with the raw answer.', retryable: true })
}
