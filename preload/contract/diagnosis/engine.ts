import { PROVIDERS } from '../rules/providers'
import { HEALTHY, UNCLASSIFIED, modeById, type FailureMode } from './catalog'

/**
 * The diagnosis engine of failure-modes.md §2: evidence rules tested top to bottom against the
 * newest evidence; the first match wins. Evidence that matches no rule is "unclassified", never forced.
 */

export interface EvidenceError {
  at?: string | null
  source?: string | null
  httpStatus?: number | null
  code?: string | null
  title?: string | null
  message?: string | null
}

export interface Evidence {
  state: string
  lastError?: EvidenceError | null
  requestedScopes?: readonly string[] | null
  grantedScopes?: readonly string[] | null
  timeline?: readonly { at: string; type: string; data?: Record<string, unknown> }[]
  lastDataAt?: string | null
  connectedAt?: string | null
  stateChangedAt?: string | null
  tokenInfo?: { accessTokenExpiresAt?: string | null } | null
  /** The integration's current scopes, for "scopes added later". */
  integrationScopes?: readonly string[]
  integrationChangedAt?: string
  now: Date
}

export interface Thresholds {
  refreshRaceMs: number
  pendingMs: number
  webhookSilenceMs: number
  dataLagMs: number
}
export const DEFAULT_THRESHOLDS: Thresholds = { refreshRaceMs: 60_000, pendingMs: 30 * 60_000, webhookSilenceMs: 6 * 3_600_000, dataLagMs: 24 * 3_600_000 }

export interface DiagnosisResult extends FailureMode {
  /** Which evidence matched, in words. */
  evidence: string
  suspected?: boolean
}

const PENDING: FailureMode = { ...HEALTHY, id: 'PENDING_CONSENT', title: 'Waiting for the user to finish consent', sees: 'An authorize URL was issued; no callback yet.', cause: 'The user has not completed the Oura consent yet.', confirm: 'authorize_started is recent.', remedy: 'Wait; if it stays pending, suspect a redirect-URI mismatch.', state: 'pending', action: 'wait' }
const DISCONNECTED: FailureMode = { ...HEALTHY, id: 'DISCONNECTED', title: 'Disconnected', sees: 'The connection was disconnected and its token revoked.', cause: 'An operator or the user disconnected it.', confirm: 'Timeline disconnected.', remedy: 'Reconnect only if the user asks.', state: 'disconnected', action: 'reconnect_link' }

const OURA_SCOPES = new Set(PROVIDERS.oura.scopes.map((s) => s.name))
const t = (s: string | null | undefined) => (s ? Date.parse(s) : NaN)
const result = (id: string, evidence: string, suspected = false): DiagnosisResult => ({ ...modeById(id), evidence, suspected })

export function diagnose(e: Evidence, th: Thresholds = DEFAULT_THRESHOLDS): DiagnosisResult {
  const err = e.lastError ?? null
  const source = err?.source ?? ''
  const code = err?.code ?? ''
  const status = err?.httpStatus ?? null
  const title = err?.title ?? ''
  const timeline = e.timeline ?? []
  const errAt = t(err?.at)
  const requested = e.requestedScopes ?? []
  const granted = e.grantedScopes ?? []
  const authorized = [...timeline].reverse().find((ev) => ev.type === 'authorized')
  const consentRequested = (authorized?.data?.requestedScopes as string[] | undefined) ?? null
  const isOura = source.startsWith('oura')
  // A disconnected connection is disconnected whatever error it had before: that error is history now.
  if (e.state === 'disconnected') {
    const ev = [...timeline].reverse().find((x) => x.type === 'disconnected')
    const revoked = ev?.data?.revokedAtProvider
    return {
      ...DISCONNECTED,
      sees: revoked === false ? 'The connection was disconnected; there was no working Oura token to revoke.' : DISCONNECTED.sees,
      evidence: `Disconnected${ev ? ` at ${ev.at}` : ''}${revoked === false ? '; the token was not revoked at Oura (none was valid)' : revoked === true ? '; token revoked at Oura' : ''}.`
    }
  }
  const refreshesBefore = timeline.filter((ev) => (ev.type === 'token_refreshed' || ev.type === 'refresh_failed') && t(ev.at) < errAt && errAt - t(ev.at) <= th.refreshRaceMs)

  // 1-12: the newest error's own fields.
  if (err) {
    const redirectOrigin = timeline.some((ev) => ev.data?.origin === 'redirectUrl') || /redirecturl/i.test(err.message ?? '')
    if (source === 'sahha' && status === 400 && redirectOrigin) return result('SAHHA_REDIRECT_NOT_WHITELISTED', 'Sahha answered 400 for redirectUrl at authorize.')
    if (source === 'oura_token' && code === 'invalid_client') return result('OURA_INVALID_CLIENT', "Oura's token endpoint answered invalid_client.")
    if (source === 'oura_token' && status === 400 && code === 'invalid_request') return result('OURA_NEW_PORTAL_TOKEN_ENDPOINT', 'Refresh answered 400 invalid_request.')
    if (source === 'oura_token' && code === 'invalid_grant' && refreshesBefore.length > 0) return result('OURA_REFRESH_TOKEN_REUSED', `invalid_grant ${Math.round((errAt - t(refreshesBefore[0]!.at)) / 1000)} s after another refresh.`)
    if (source === 'oura_token' && code === 'invalid_grant') return result('OURA_USER_REVOKED', 'A single refresh failed with invalid_grant, no concurrent refresh.')
    if (code === 'invalid_redirect_uri') return result('OURA_REDIRECT_MISMATCH', 'Code exchange answered invalid_redirect_uri.')
    const unknownScopes = requested.filter((s) => !OURA_SCOPES.has(s) || s.includes(','))
    if (code === 'invalid_scope' && unknownScopes.length > 0) return result('OURA_SCOPE_UNKNOWN', `Requested scope(s) outside the 11: ${unknownScopes.join(', ')}.`)
    if (source === 'oura_authorize' && code === 'invalid_scope') return result('OURA_SCOPE_NOT_ON_APP', `Oura refused the scopes at authorize: ${err.message ?? ''}`)
    if (source === 'oura_authorize' && code === 'unauthorized_client') return result('OURA_USER_CAP_REACHED', 'Oura answered unauthorized_client at authorize.')
    if (source === 'oura_authorize' && code === 'access_denied') return result('OURA_ACCESS_DENIED', 'The consent callback carried error=access_denied.')
    if (isOura && status === 429) return result('OURA_RATE_LIMITED', 'Oura answered 429.')
    if (source === 'oura_api' && status === 426) return result('OURA_APP_OUTDATED', 'Oura answered 426 Upgrade Required on a data call.')
  } else if (e.state === 'pending') {
    const started = [...timeline].reverse().find((ev) => ev.type === 'authorize_started')
    const since = e.now.getTime() - t(started?.at ?? e.stateChangedAt)
    if (since >= th.pendingMs) return result('OURA_REDIRECT_MISMATCH', `Pending for ${Math.round(since / 60_000)} min after authorize_started with no callback.`, true)
  }
  // 7 (no error): an unknown scope silently missing from the granted list.
  const silentlyDropped = requested.filter((s) => !OURA_SCOPES.has(s) && !granted.includes(s))
  if (!err && silentlyDropped.length > 0 && granted.length > 0) return result('OURA_SCOPE_UNKNOWN', `Unknown scope(s) never granted: ${silentlyDropped.join(', ')}.`)

  // 13-14: scopes.
  if (e.integrationScopes && consentRequested) {
    const addedLater = e.integrationScopes.filter((s) => !granted.includes(s) && !consentRequested.includes(s))
    if (addedLater.length > 0) return result('OURA_SCOPES_ADDED_LATER', `Integration scope(s) added after consent: ${addedLater.join(', ')}.`)
  } else if (e.integrationScopes && !consentRequested && requested.length > 0) {
    const addedLater = e.integrationScopes.filter((s) => !granted.includes(s) && !requested.includes(s))
    if (addedLater.length > 0 && e.state === 'scope_missing') return result('OURA_SCOPES_ADDED_LATER', `Integration scope(s) added after consent: ${addedLater.join(', ')}.`)
  }
  const consented = consentRequested ?? requested
  const isStrictSubset = granted.length < consented.length && granted.every((s) => consented.includes(s)) && e.state !== 'pending' && granted.length > 0
  if (isStrictSubset) return result('OURA_SCOPES_UNTICKED', `Granted ${granted.length} of ${consented.length} requested scopes; missing: ${consented.filter((s) => !granted.includes(s)).join(', ')}.`)
  if (err && status === 403 && title === 'Missing Scopes') return result('OURA_SCOPES_UNTICKED', `403 Missing Scopes: ${err.message ?? ''}`)

  // 15-16: data-call errors.
  if (err && source === 'oura_api' && status === 403) return result('OURA_MEMBERSHIP_EXPIRED', `403 "${title}" on a granted data type.`)
  if (err && source === 'oura_api' && status === 401 && title === 'Expired Token' && timeline.some((ev) => ev.type === 'token_refreshed' && t(ev.at) > errAt)) {
    return result('OURA_ACCESS_TOKEN_EXPIRED', 'The access token expired and a refresh followed.')
  }

  // 18: healthy but no fresh data.
  const dataAt = t(e.lastDataAt)
  if (e.state === 'connected' && (!err || errAt <= dataAt) && Number.isFinite(dataAt) && e.now.getTime() - dataAt > th.dataLagMs) {
    return result('OURA_DATA_LAG', `No new data for ${Math.round((e.now.getTime() - dataAt) / 3_600_000)} h and no errors.`)
  }
  if (!err && e.state === 'pending') return { ...PENDING, evidence: 'Authorize started recently.' }
  if (!err && e.state === 'connected') return { ...HEALTHY, evidence: 'No error; data is recent.' }
  return { ...UNCLASSIFIED, evidence: err ? `${source} ${status ?? ''} ${code} ${title}: ${err.message ?? ''}`.trim() : `State ${e.state} with no recorded error.` }
}

/** Integration level (rule 17): a lapsed subscription, or no webhook event for 6 h. */
export function diagnoseIntegration(input: {
  webhookStatus: { lastEventAt: string | null; subscriptions: readonly { dataType: string; expiresAt: string | null; status: string }[] }
  now: Date
  thresholds?: Thresholds
}): DiagnosisResult | null {
  const th = input.thresholds ?? DEFAULT_THRESHOLDS
  const now = input.now.getTime()
  const expired = input.webhookStatus.subscriptions.filter((s) => (s.expiresAt && Date.parse(s.expiresAt) < now) || s.status === 'expired')
  if (expired.length) return result('OURA_WEBHOOK_SUBSCRIPTION_EXPIRED', `Expired subscription(s): ${expired.map((s) => s.dataType).join(', ')}.`)
  const last = t(input.webhookStatus.lastEventAt)
  if (!Number.isFinite(last) || now - last > th.webhookSilenceMs) {
    return result('OURA_WEBHOOK_SUBSCRIPTION_EXPIRED', input.webhookStatus.lastEventAt ? `No webhook event since ${input.webhookStatus.lastEventAt}.` : 'No webhook event recorded.', true)
  }
  return null
}

const BY_ERROR_CODE: Record<string, readonly string[]> = {
  invalid_client: ['OURA_INVALID_CLIENT'],
  invalid_request: ['OURA_NEW_PORTAL_TOKEN_ENDPOINT'],
  invalid_grant: ['OURA_REFRESH_TOKEN_REUSED', 'OURA_USER_REVOKED'],
  invalid_redirect_uri: ['OURA_REDIRECT_MISMATCH'],
  invalid_scope: ['OURA_SCOPE_NOT_ON_APP', 'OURA_SCOPE_UNKNOWN'],
  unauthorized_client: ['OURA_USER_CAP_REACHED'],
  access_denied: ['OURA_ACCESS_DENIED'],
  http_400: ['SAHHA_REDIRECT_NOT_WHITELISTED'],
  http_401: ['OURA_ACCESS_TOKEN_EXPIRED'],
  http_426: ['OURA_APP_OUTDATED'],
  http_429: ['OURA_RATE_LIMITED']
}

export interface RowDiagnosis {
  /** Stable key of the group: the candidate ids joined. */
  key: string
  /** The catalogue modes a table row's state and last error code point to (more than one where the row cannot tell them apart). */
  modes: readonly FailureMode[]
  title: string
  /** A reconnect link is the remedy of every candidate mode. */
  linkHelps: boolean
}

/**
 * A coarse diagnosis from a table row alone (state and last error code), for grouping many users at once
 * (bulk reconnect). The full engine above needs the detail (timeline, error source); a user's own
 * diagnosis panel stays the authority.
 */
export function diagnoseRow(row: { state: string; errorCode: string | null }): RowDiagnosis {
  const code = row.errorCode ?? ''
  let modes: FailureMode[]
  if (code === 'http_403' || (!code && (row.state === 'scope_missing' || row.state === 'membership_expired'))) {
    modes = row.state === 'membership_expired' ? [modeById('OURA_MEMBERSHIP_EXPIRED')] : row.state === 'scope_missing' ? [modeById('OURA_SCOPES_UNTICKED'), modeById('OURA_SCOPES_ADDED_LATER')] : [UNCLASSIFIED]
  } else if (code) modes = (BY_ERROR_CODE[code] ?? []).map(modeById)
  else if (row.state === 'pending') modes = [PENDING]
  else if (row.state === 'disconnected') modes = [DISCONNECTED]
  else if (row.state === 'connected') modes = [HEALTHY]
  else modes = []
  if (modes.length === 0) modes = [UNCLASSIFIED]
  return {
    key: modes.map((m) => m.id).join('+'),
    modes,
    title: modes.map((m) => m.title).join(' / '),
    linkHelps: modes.every((m) => m.action === 'reconnect_link')
  }
}
