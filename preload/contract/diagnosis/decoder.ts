import { PROVIDERS } from '../rules/providers'
import { modeById, type FailureMode } from './catalog'

/**
 * The offline error decoder: a pasted callback URL, a raw Oura or Sahha error body, an Oura error page
 * title or a bare HTTP status → the likely failure modes with cause and remedy. No network.
 */

export interface Decoded {
  /** What was recognised in the input. */
  kind: 'callback_url' | 'oura_body' | 'sahha_body' | 'fastapi_body' | 'page_title' | 'http_status' | 'unrecognised'
  parsed: Record<string, string>
  candidates: FailureMode[]
  note: string
}

const TITLE_MODES: [RegExp, string[]][] = [
  [/invalid client id/i, ['OURA_INVALID_CLIENT']],
  [/redirect uri not found|no valid redirect uris|missing redirect uri|redirect uri does not mat/i, ['OURA_REDIRECT_MISMATCH']],
  [/token already used or revoked/i, ['OURA_REFRESH_TOKEN_REUSED', 'OURA_USER_REVOKED']],
  [/expired token/i, ['OURA_ACCESS_TOKEN_EXPIRED']],
  [/invalid access token|invalid token/i, ['OURA_USER_REVOKED', 'OURA_ACCESS_TOKEN_EXPIRED']],
  [/missing scopes/i, ['OURA_SCOPES_UNTICKED', 'OURA_SCOPES_ADDED_LATER']],
  [/upgrade required/i, ['OURA_APP_OUTDATED']],
  [/too many requests/i, ['OURA_RATE_LIMITED']],
  [/membership|subscription to oura has expired/i, ['OURA_MEMBERSHIP_EXPIRED']],
  [/invalid grant type/i, []]
]

const OAUTH_MODES: Record<string, string[]> = {
  access_denied: ['OURA_ACCESS_DENIED'],
  unauthorized_client: ['OURA_USER_CAP_REACHED'],
  invalid_client: ['OURA_INVALID_CLIENT'],
  invalid_grant: ['OURA_REFRESH_TOKEN_REUSED', 'OURA_USER_REVOKED'],
  invalid_redirect_uri: ['OURA_REDIRECT_MISMATCH'],
  invalid_request: ['OURA_NEW_PORTAL_TOKEN_ENDPOINT'],
  invalid_token: ['OURA_USER_REVOKED', 'OURA_ACCESS_TOKEN_EXPIRED']
}

const STATUS_MODES: Record<number, string[]> = {
  401: ['OURA_ACCESS_TOKEN_EXPIRED', 'OURA_USER_REVOKED'],
  403: ['OURA_MEMBERSHIP_EXPIRED', 'OURA_SCOPES_UNTICKED', 'OURA_SCOPES_ADDED_LATER'],
  426: ['OURA_APP_OUTDATED'],
  429: ['OURA_RATE_LIMITED']
}

const OURA_SCOPES = new Set(PROVIDERS.oura.scopes.map((s) => s.name))
const modes = (ids: string[]) => ids.map(modeById)

function fromOAuth(error: string, description: string): string[] {
  if (error === 'invalid_scope') {
    const named = description.replace(/^.*?:/, '').split(/[\s,]+/).filter(Boolean)
    if (/unknown scope/i.test(description) || named.some((s) => !OURA_SCOPES.has(s))) return ['OURA_SCOPE_UNKNOWN']
    if (/not enabled/i.test(description)) return ['OURA_SCOPE_NOT_ON_APP']
    return ['OURA_SCOPE_NOT_ON_APP', 'OURA_SCOPE_UNKNOWN']
  }
  return OAUTH_MODES[error] ?? []
}

export function decode(pasted: string): Decoded {
  const text = pasted.trim()
  const none = (note: string): Decoded => ({ kind: 'unrecognised', parsed: {}, candidates: [], note })
  if (!text) return none('Paste a callback URL, an error body or an HTTP status.')

  // A bare HTTP status: "426", "HTTP 403", "403 Forbidden".
  const bare = /^(?:HTTP\/?\d?(?:\.\d)?\s*)?(\d{3})\b(.*)$/i.exec(text)
  if (bare && !text.startsWith('{')) {
    const status = Number(bare[1])
    const rest = bare[2]!.trim()
    const byTitle = TITLE_MODES.find(([re]) => re.test(rest))?.[1]
    const ids = byTitle ?? STATUS_MODES[status] ?? []
    return { kind: 'http_status', parsed: { status: String(status), ...(rest ? { text: rest } : {}) }, candidates: modes(ids), note: ids.length ? `HTTP ${status}` : `HTTP ${status} is not specific to a known failure mode.` }
  }

  // JSON bodies.
  if (text.startsWith('{')) {
    let body: Record<string, unknown>
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      return none('This looks like JSON but could not be read; paste the whole body.')
    }
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k]) : '')
    const status = typeof body.statusCode === 'number' ? body.statusCode : typeof body.status === 'number' ? body.status : null
    if (Array.isArray(body.errors) && (status !== null || str('title'))) {
      const items = body.errors as Record<string, unknown>[]
      const text = (v: unknown) => (typeof v === 'string' ? v : '')
      const origins = items.map((e) => text(e.origin) || text(e.property))
      const messages = items.flatMap((e) => (Array.isArray(e.errors) ? e.errors : Array.isArray(e.errorMessages) ? e.errorMessages : []).map(String))
      const parsed = { title: str('title'), status: String(status ?? ''), origins: origins.join(', '), messages: messages.join(' | ') }
      if (origins.includes('redirectUrl')) return { kind: 'sahha_body', parsed, candidates: modes(['SAHHA_REDIRECT_NOT_WHITELISTED']), note: 'Sahha refused the redirectUrl.' }
      const ids = status === 429 ? ['OURA_RATE_LIMITED'] : []
      return { kind: 'sahha_body', parsed, candidates: modes(ids), note: ids.length ? '' : 'A Sahha error that is not an Oura connection failure; read the messages above.' }
    }
    if (str('error') || str('title') || status !== null) {
      const parsed = { status: String(status ?? ''), title: str('title'), detail: typeof body.detail === 'string' ? body.detail : '', error: str('error'), error_description: str('error_description') }
      let ids = str('error') ? fromOAuth(str('error'), str('error_description')) : []
      if (!ids.length) ids = TITLE_MODES.find(([re]) => re.test(`${str('title')} ${parsed.detail}`))?.[1] ?? []
      if (!ids.length && status !== null) ids = STATUS_MODES[status] ?? []
      if (status === 403 && str('title') && !/missing scopes/i.test(str('title'))) ids = ['OURA_MEMBERSHIP_EXPIRED']
      return { kind: 'oura_body', parsed, candidates: modes(ids), note: ids.length ? '' : 'Recognised an Oura error body, but not a known failure mode.' }
    }
    if ('detail' in body) {
      const detail = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail)
      const ids = TITLE_MODES.find(([re]) => re.test(detail))?.[1] ?? []
      return { kind: 'fastapi_body', parsed: { detail }, candidates: modes(ids), note: ids.length ? '' : 'A validation error from an Oura data route; read the detail.' }
    }
    return none('This JSON is not an Oura or Sahha error body.')
  }

  // A callback URL (Oura → Sahha) or the app return URL (Sahha → app).
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('?')) {
    let params: URLSearchParams
    try {
      params = text.startsWith('?') ? new URLSearchParams(text) : new URL(text).searchParams
    } catch {
      return none('This URL could not be read.')
    }
    const error = params.get('error') ?? ''
    const description = params.get('error_description') ?? ''
    const parsed: Record<string, string> = {}
    for (const k of ['provider', 'status', 'error', 'error_description', 'scope', 'state']) if (params.has(k)) parsed[k] = params.get(k)!
    if (params.has('code')) parsed.code = '[present]'
    if (error) {
      const ids = fromOAuth(error, description)
      return { kind: 'callback_url', parsed, candidates: modes(ids), note: ids.length ? '' : `error=${error} is not a known failure mode.` }
    }
    if (params.get('status') === 'connected' || params.has('code')) {
      return { kind: 'callback_url', parsed, candidates: [], note: 'This callback reports success: no failure to decode.' }
    }
    return { kind: 'callback_url', parsed, candidates: [], note: 'No error parameter in this URL.' }
  }

  // An Oura error page title.
  const byTitle = TITLE_MODES.find(([re]) => re.test(text))
  if (byTitle) return { kind: 'page_title', parsed: { title: text }, candidates: modes(byTitle[1]), note: '' }
  return none('Could not recognise this. Paste a callback URL (with ?error=…), a JSON error body, an Oura page title or an HTTP status.')
}
