import { PROVIDERS } from '../../preload/contract/rules/providers'
import { hashString, mulberry32 } from './random'
import type { Account, Connection, LastError, SimState, TimelineEvent } from './store'
import { insertSorted } from './store'

export const OURA_SCOPES = PROVIDERS.oura.scopes.map((s) => s.name)
export const DEMO_SCOPES = OURA_SCOPES.slice(0, 8)
export const DEMO_WHITELIST = ['https://demo-app.example/integrations/callback', 'com.example.demo:/oauth']

export function demoCredentials(seed: number) {
  return {
    accountClientId: 'demo-account-client-id',
    accountClientSecret: `demo-account-secret-${seed}`,
    ouraClientId: 'DEMO-OURA-CLIENT-ID',
    ouraClientSecret: `demo-oura-secret-${seed}`
  }
}
export function acmeCredentials(seed: number) {
  return {
    accountClientId: 'acme-account-client-id',
    accountClientSecret: `acme-account-secret-${seed}`,
    ouraClientId: 'ACME-OURA-CLIENT-ID',
    ouraClientSecret: `acme-oura-secret-${seed}`
  }
}

/** The 18 failure modes of failure-modes.md with the state each leaves a connection in. */
export const MODES: { id: string; state: string; integrationLevel?: boolean }[] = [
  { id: 'SAHHA_REDIRECT_NOT_WHITELISTED', state: 'pending' },
  { id: 'OURA_REDIRECT_MISMATCH', state: 'pending' },
  { id: 'OURA_SCOPE_NOT_ON_APP', state: 'error' },
  { id: 'OURA_SCOPE_UNKNOWN', state: 'error' },
  { id: 'OURA_SCOPES_UNTICKED', state: 'scope_missing' },
  { id: 'OURA_SCOPES_ADDED_LATER', state: 'scope_missing' },
  { id: 'OURA_ACCESS_DENIED', state: 'needs_reauth' },
  { id: 'OURA_INVALID_CLIENT', state: 'error' },
  { id: 'OURA_NEW_PORTAL_TOKEN_ENDPOINT', state: 'error' },
  { id: 'OURA_REFRESH_TOKEN_REUSED', state: 'needs_reauth' },
  { id: 'OURA_USER_REVOKED', state: 'needs_reauth' },
  { id: 'OURA_ACCESS_TOKEN_EXPIRED', state: 'connected' },
  { id: 'OURA_MEMBERSHIP_EXPIRED', state: 'membership_expired' },
  { id: 'OURA_APP_OUTDATED', state: 'error' },
  { id: 'OURA_USER_CAP_REACHED', state: 'error' },
  { id: 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED', state: 'connected', integrationLevel: true },
  { id: 'OURA_RATE_LIMITED', state: 'connected' },
  { id: 'OURA_DATA_LAG', state: 'connected' }
]

/** Realistic shares (most connected), in the spirit of sahha-api.md §5.2. */
const WEIGHTED: [string | null, string, number][] = [
  [null, 'connected', 0.905],
  [null, 'pending', 0.012],
  [null, 'disconnected', 0.008],
  ['OURA_USER_REVOKED', 'needs_reauth', 0.015],
  ['OURA_REFRESH_TOKEN_REUSED', 'needs_reauth', 0.006],
  ['OURA_ACCESS_DENIED', 'needs_reauth', 0.01],
  ['OURA_SCOPES_UNTICKED', 'scope_missing', 0.014],
  ['OURA_SCOPES_ADDED_LATER', 'scope_missing', 0.008],
  ['OURA_MEMBERSHIP_EXPIRED', 'membership_expired', 0.009],
  ['OURA_APP_OUTDATED', 'error', 0.004],
  ['OURA_SCOPE_NOT_ON_APP', 'error', 0.002],
  ['OURA_INVALID_CLIENT', 'error', 0.001],
  ['OURA_DATA_LAG', 'connected', 0.004],
  ['OURA_ACCESS_TOKEN_EXPIRED', 'connected', 0.002]
]

const iso = (ms: number) => new Date(ms).toISOString()
const H = 3_600_000
const D = 24 * H

function err(at: number, source: string, httpStatus: number | null, code: string, title: string, message: string): LastError {
  return { at: iso(at), source, httpStatus, code, title, message }
}

/** Writes the evidence of a failure mode onto a connection (failure-modes.md §2), so diagnosis finds it. */
export function applyMode(c: Connection, mode: string, t0: number, integrationScopes: string[]): void {
  const at = t0 - 2 * H
  const ev = (type: string, when: number, data?: Record<string, unknown>): TimelineEvent => ({ at: iso(when), type, data })
  const errEvent = (type: string, e: LastError): TimelineEvent => ev(type, Date.parse(e.at), { source: e.source, httpStatus: e.httpStatus, code: e.code, title: e.title, message: e.message })
  c.mode = mode
  const set = (e: LastError, type: string, extra: TimelineEvent[] = []) => {
    c.lastError = e
    c.modeEvents = [...extra, errEvent(type, e)]
  }
  switch (mode) {
    case 'SAHHA_REDIRECT_NOT_WHITELISTED':
      c.connectedAt = null
      c.grantedScopes = []
      set(err(at, 'sahha', 400, 'http_400', 'Bad Request', 'redirectUrl does not match any Redirect URL Whitelist entry'), 'authorize_failed')
      c.modeEvents![0]!.data!.origin = 'redirectUrl'
      break
    case 'OURA_REDIRECT_MISMATCH':
      c.connectedAt = null
      c.grantedScopes = []
      set(err(at, 'oura_token', 400, 'invalid_redirect_uri', 'Redirect URI Does Not Match', 'redirect_uri does not match the authorize request'), 'token_exchange_failed', [ev('authorize_started', at - 10 * 60_000, { requestedScopes: c.requestedScopes })])
      break
    case 'OURA_SCOPE_NOT_ON_APP':
      c.grantedScopes = []
      set(err(at, 'oura_authorize', null, 'invalid_scope', 'Invalid Scope', 'Scope not enabled for this application: stress heart_health'), 'authorize_failed')
      c.requestedScopes = [...OURA_SCOPES]
      break
    case 'OURA_SCOPE_UNKNOWN':
      c.grantedScopes = []
      c.requestedScopes = [...c.requestedScopes, 'activity']
      set(err(at, 'oura_authorize', null, 'invalid_scope', 'Invalid Scope', 'Unknown scope: activity'), 'authorize_failed')
      break
    case 'OURA_SCOPES_UNTICKED': {
      c.grantedScopes = c.requestedScopes.filter((s) => s !== 'heartrate' && s !== 'workout')
      set(err(at, 'oura_api', 403, 'http_403', 'Missing Scopes', 'Missing required scopes: heartrate'), 'api_error')
      break
    }
    case 'OURA_SCOPES_ADDED_LATER': {
      const added = integrationScopes[integrationScopes.length - 1] ?? 'spo2'
      c.requestedScopes = integrationScopes.filter((s) => s !== added)
      c.grantedScopes = [...c.requestedScopes]
      set(err(at, 'oura_api', 403, 'http_403', 'Missing Scopes', `Missing required scopes: ${added}`), 'api_error')
      break
    }
    case 'OURA_ACCESS_DENIED':
      set(err(at, 'oura_authorize', null, 'access_denied', 'Access Denied', 'The user denied access'), 'consent_denied')
      break
    case 'OURA_INVALID_CLIENT':
      set(err(at, 'oura_token', 401, 'invalid_client', 'Invalid Client ID', 'Invalid client_id or client_secret'), 'refresh_failed')
      break
    case 'OURA_NEW_PORTAL_TOKEN_ENDPOINT':
      set(err(at, 'oura_token', 400, 'invalid_request', 'Bad Request', 'Invalid request'), 'refresh_failed')
      c.modeEvents![0]!.data!.grantType = 'refresh_token'
      break
    case 'OURA_REFRESH_TOKEN_REUSED':
      set(err(at, 'oura_token', 400, 'invalid_grant', 'Token Already Used Or Revoked', 'Token already used or revoked'), 'refresh_failed', [ev('token_refreshed', at - 20_000)])
      c.modeEvents![1]!.data!.grantType = 'refresh_token'
      break
    case 'OURA_USER_REVOKED':
      set(err(at, 'oura_token', 400, 'invalid_grant', 'Token Already Used Or Revoked', 'Token already used or revoked'), 'refresh_failed', [
        ev('api_error', at - 30 * 60_000, { source: 'oura_api', httpStatus: 401, code: 'http_401', title: 'Invalid Access token', message: 'Access token not provided or is invalid' })
      ])
      c.modeEvents![1]!.data!.grantType = 'refresh_token'
      break
    case 'OURA_ACCESS_TOKEN_EXPIRED':
      set(err(at, 'oura_api', 401, 'http_401', 'Expired Token', 'Token has expired.'), 'api_error')
      c.modeEvents!.push(ev('token_refreshed', at + 60_000))
      break
    case 'OURA_MEMBERSHIP_EXPIRED':
      set(err(at, 'oura_api', 403, 'http_403', 'Forbidden', "User's Oura membership has expired"), 'api_error', [ev('token_refreshed', at - H)])
      break
    case 'OURA_APP_OUTDATED':
      set(err(at, 'oura_api', 426, 'http_426', 'Upgrade Required', 'Update the Oura app to share this data type'), 'api_error')
      break
    case 'OURA_USER_CAP_REACHED':
      c.grantedScopes = []
      set(err(at, 'oura_authorize', null, 'unauthorized_client', 'Unauthorized Client', 'Application user limit reached'), 'authorize_failed')
      break
    case 'OURA_RATE_LIMITED':
      set(err(at, 'oura_api', 429, 'http_429', 'Too Many Requests', 'Rate limit exceeded (tier: application)'), 'api_error')
      break
    case 'OURA_DATA_LAG':
      c.lastError = null
      c.lastDataAt = iso(t0 - 3 * D)
      c.modeEvents = []
      break
    case 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED':
      // Integration level: the evidence is in webhook-status; the connection itself looks healthy.
      c.lastError = null
      c.modeEvents = []
      break
  }
}

/** The timeline of a connection, generated on demand from its fields, its mode and appended events. */
export function timelineOf(c: Connection): TimelineEvent[] {
  const out: TimelineEvent[] = []
  if (c.connectedAt) {
    const ct = Date.parse(c.connectedAt)
    out.push({ at: iso(ct - 2 * 60_000), type: 'authorize_started', data: { redirectUrl: DEMO_WHITELIST[0], requestedScopes: c.requestedScopes } })
    out.push({ at: c.connectedAt, type: 'authorized', data: { requestedScopes: c.requestedScopes, grantedScopes: c.grantedScopes } })
    out.push({ at: iso(ct + 60_000), type: 'backfill_started', data: { days: 30 } })
    out.push({ at: iso(ct + 20 * 60_000), type: 'backfill_completed' })
    if (c.lastSyncAt && !c.mode) out.push({ at: c.lastSyncAt, type: 'token_refreshed' })
    if (c.lastDataAt) {
      out.push({ at: c.lastDataAt, type: 'data_received', data: { dataType: 'daily_activity' } })
      out.push({ at: iso(Date.parse(c.lastDataAt) + 30_000), type: 'webhook_received', data: { dataType: 'daily_activity', eventType: 'update' } })
    }
  } else if (c.state === 'pending' && !c.mode) {
    out.push({ at: c.stateChangedAt, type: 'authorize_started', data: { redirectUrl: DEMO_WHITELIST[0], requestedScopes: c.requestedScopes } })
  }
  if (c.modeEvents) out.push(...c.modeEvents)
  if (c.events) out.push(...c.events)
  return out.sort((a, b) => a.at.localeCompare(b.at))
}

/** Seeds one account's profiles and connections. Deterministic for (seed, count, t0). */
export function seedProfiles(state: SimState, acct: Account, opts: { prefix: string; count: number; width: number; seed: number; t0: number; integrationScopes: string[]; withConnections: boolean }): void {
  const rnd = mulberry32(opts.seed)
  const { t0 } = opts
  const forced = opts.count >= 100 ? MODES.map((m) => m.id) : []
  for (let i = 1; i <= opts.count; i++) {
    const externalId = `${opts.prefix}${String(i).padStart(opts.width, '0')}`
    const h = hashString(externalId)
    const profileId = `7d0c6a1e-0000-4000-8000-${String(i).padStart(12, '0')}`
    acct.profiles.set(externalId, { profileId, externalId, createdAtUtc: iso(t0 - 200 * D + (h % (90 * D))) })
    const r = rnd()
    if (!opts.withConnections || i % 997 === 0) continue // a few registered users never connected
    let mode: string | null = null
    let st = 'connected'
    const forcedMode = i >= 2 && i - 2 < forced.length ? forced[i - 2]! : null
    if (forcedMode) {
      mode = forcedMode
      st = MODES.find((m) => m.id === forcedMode)!.state
    } else {
      let acc = 0
      for (const [m, s, w] of WEIGHTED) {
        acc += w
        if (r < acc) {
          mode = m
          st = s
          break
        }
      }
      if (r >= acc) {
        mode = null
        st = 'connected'
      }
    }
    const connectedMs = t0 - (2 + (h % 120)) * D - (h % D)
    const lastSync = t0 - (h % (6 * H))
    const c: Connection = {
      externalId,
      state: st,
      stateChangedAt: iso(st === 'connected' ? connectedMs : t0 - 2 * H),
      connectedAt: st === 'pending' ? null : iso(connectedMs),
      lastSyncAt: st === 'pending' ? null : iso(lastSync),
      lastDataAt: st === 'pending' ? null : iso(lastSync - (h % (6 * H))),
      requestedScopes: opts.integrationScopes,
      grantedScopes: st === 'pending' ? [] : opts.integrationScopes,
      providerUserId: st === 'pending' ? null : `OURA-${(h >>> 0).toString(16).toUpperCase().padStart(8, '0')}`,
      lastError: null,
      mode: null,
      events: null,
      modeEvents: null,
      refreshFailures: 0
    }
    if (st === 'pending' && !mode) c.stateChangedAt = iso(t0 - (h % 20) * 60_000)
    if (st === 'disconnected') c.events = [{ at: iso(t0 - 3 * D), type: 'disconnected', data: { revokedAtProvider: true } }]
    if (mode) applyMode(c, mode, t0, opts.integrationScopes)
    acct.connections.set(externalId, c)
    acct.connIds.push(externalId)
  }
  acct.connIds.sort()
}

export function ensureSortedInsert(acct: Account, externalId: string): void {
  insertSorted(acct.connIds, externalId)
}
