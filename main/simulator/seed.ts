import { hashString, mulberry32 } from './random'
import {
  Connection,
  NO_TIME,
  Profile,
  iso,
  isoOfSec,
  secToMs,
  toSec,
  touch,
  type Account,
  type ConnState,
  type ErrorSource,
  type LastError,
  type TimelineEvent
} from './store'

/**
 * Deterministic seed data: the same seed (and "now") gives the same accounts, profiles and connections.
 * Every failure mode of failure-modes.md is present with the evidence its §2 rule looks for.
 */

/** The 11 Oura scopes, in the order of Sahha's Oura page (oura-api.md §4). */
export const OURA_SCOPES: readonly string[] = ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2', 'ring_configuration', 'stress', 'heart_health']
export const DEMO_SCOPES: readonly string[] = OURA_SCOPES.slice(0, 8)
export const DEMO_WHITELIST: readonly string[] = ['https://demo-app.example/integrations/callback', 'com.example.demo:/oauth']

export const DEMO_ACCOUNT_CLIENT_ID = 'demo-account-client-id'
export const DEMO_ACCOUNT_SECRET_PREFIX = 'demo-account-secret-'
export const DEMO_OURA_CLIENT_ID = 'DEMO-OURA-CLIENT-ID'
export const DEMO_OURA_SECRET_PREFIX = 'demo-oura-secret-'
export const DEMO_OURA_APP_NAME = 'Demo Health App'
export const ACME_ACCOUNT_CLIENT_ID = 'acme-account-client-id'
export const ACME_ACCOUNT_SECRET_PREFIX = 'acme-account-secret-'
export const ACME_PROFILE_COUNT = 25

export function demoCredentials(secretSuffix: string | number) {
  return {
    accountClientId: DEMO_ACCOUNT_CLIENT_ID,
    accountClientSecret: `${DEMO_ACCOUNT_SECRET_PREFIX}${secretSuffix}`,
    ouraClientId: DEMO_OURA_CLIENT_ID,
    ouraClientSecret: `${DEMO_OURA_SECRET_PREFIX}${secretSuffix}`
  }
}
export function acmeCredentials(secretSuffix: string | number) {
  return {
    accountClientId: ACME_ACCOUNT_CLIENT_ID,
    accountClientSecret: `${ACME_ACCOUNT_SECRET_PREFIX}${secretSuffix}`,
    ouraClientId: 'ACME-OURA-CLIENT-ID',
    ouraClientSecret: `acme-oura-secret-${secretSuffix}`
  }
}

/**
 * The 18 failure modes of failure-modes.md with the state each leaves a connection in. The seed places
 * MODES[k] on `user-{k+2}` (zero-padded to 7 digits) when there are at least 100 profiles.
 */
export const MODES: readonly { id: string; state: ConnState; integrationLevel?: boolean }[] = [
  { id: 'SAHHA_REDIRECT_NOT_WHITELISTED', state: 'pending' },
  { id: 'OURA_REDIRECT_MISMATCH', state: 'pending' },
  { id: 'OURA_SCOPE_NOT_ON_APP', state: 'error' },
  { id: 'OURA_SCOPE_UNKNOWN', state: 'error' },
  { id: 'OURA_SCOPES_UNTICKED', state: 'scope_missing' },
  { id: 'OURA_SCOPES_ADDED_LATER', state: 'scope_missing' },
  { id: 'OURA_ACCESS_DENIED', state: 'pending' },
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
const MODE_STATE = new Map(MODES.map((m) => [m.id, m.state]))
export const isModeId = (id: string): boolean => MODE_STATE.has(id)

/** Modes that fail before any token exists: the user never got connected. */
const AUTHORIZE_TIME = new Set(['SAHHA_REDIRECT_NOT_WHITELISTED', 'OURA_REDIRECT_MISMATCH', 'OURA_SCOPE_NOT_ON_APP', 'OURA_SCOPE_UNKNOWN', 'OURA_ACCESS_DENIED', 'OURA_USER_CAP_REACHED'])

/** Realistic shares (most connected, like sahha-api.md §5.2). Anything past the last threshold is connected. */
const WEIGHTED: readonly [string | null, ConnState, number][] = [
  [null, 'connected', 0.9],
  ['OURA_RATE_LIMITED', 'connected', 0.002],
  ['OURA_REDIRECT_MISMATCH', 'pending', 0.001],
  ['OURA_USER_CAP_REACHED', 'error', 0.002],
  [null, 'pending', 0.012],
  [null, 'disconnected', 0.008],
  ['OURA_USER_REVOKED', 'needs_reauth', 0.015],
  ['OURA_REFRESH_TOKEN_REUSED', 'needs_reauth', 0.006],
  ['OURA_ACCESS_DENIED', 'pending', 0.01],
  ['OURA_SCOPES_UNTICKED', 'scope_missing', 0.014],
  ['OURA_SCOPES_ADDED_LATER', 'scope_missing', 0.008],
  ['OURA_MEMBERSHIP_EXPIRED', 'membership_expired', 0.009],
  ['OURA_APP_OUTDATED', 'error', 0.004],
  ['OURA_SCOPE_NOT_ON_APP', 'error', 0.002],
  ['OURA_INVALID_CLIENT', 'error', 0.001],
  ['OURA_DATA_LAG', 'connected', 0.004],
  ['OURA_ACCESS_TOKEN_EXPIRED', 'connected', 0.002]
]

const MIN = 60_000
const H = 3_600_000
const D = 24 * H

// Shared scope lists (never mutated).
const SCOPES_8 = DEMO_SCOPES
const SCOPES_UNTICKED: readonly string[] = DEMO_SCOPES.filter((s) => s !== 'heartrate' && s !== 'workout')
const SCOPES_ALL = OURA_SCOPES
const SCOPES_WITH_UNKNOWN: readonly string[] = [...DEMO_SCOPES, 'activity']
const SCOPES_7_NO_SPO2: readonly string[] = DEMO_SCOPES.filter((s) => s !== 'spo2')
const NONE: readonly string[] = []

export const ouraUserIdFor = (externalId: string): string => `OURA-${hashString(`oura:${externalId}`).toString(16).toUpperCase().padStart(8, '0')}`

function lastError(atMs: number, source: ErrorSource, httpStatus: number | null, code: string, title: string, message: string): LastError {
  return { at: iso(atMs), source, httpStatus, code, title, message }
}

/** The lastError fields as timeline event data (sahha-api.md §5.4: error events carry them). */
export function errorData(e: LastError, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { source: e.source, httpStatus: e.httpStatus, code: e.code, title: e.title, message: e.message, ...extra }
}

export interface Evidence {
  err: LastError | null
  events: TimelineEvent[]
}

/**
 * The evidence of one failure mode at `atMs` (failure-modes.md §2), with the vendor texts of oura-api.md
 * §3.3 and §10. `requested` is what the authorize asked for; `integrationScopes` the integration's scopes.
 */
export function evidenceOf(mode: string, atMs: number, requested: readonly string[], integrationScopes: readonly string[]): Evidence {
  const ev = (type: string, when: number, data?: Record<string, unknown>): TimelineEvent => (data ? { at: iso(when), type, data } : { at: iso(when), type })
  const fail = (type: string, e: LastError, before: TimelineEvent[] = [], after: TimelineEvent[] = [], extra: Record<string, unknown> = {}): Evidence => ({
    err: e,
    events: [...before, ev(type, atMs, errorData(e, extra)), ...after]
  })
  const started = ev('authorize_started', atMs - 2 * MIN, { redirectUrl: DEMO_WHITELIST[0], requestedScopes: requested })
  switch (mode) {
    case 'SAHHA_REDIRECT_NOT_WHITELISTED':
      return fail('authorize_failed', lastError(atMs, 'sahha', 400, 'http_400', 'Bad Request', 'redirectUrl does not match any Redirect URL Whitelist entry'), [], [], {
        origin: 'redirectUrl',
        redirectUrl: 'https://demo-app.example/integrations/callback/'
      })
    case 'OURA_REDIRECT_MISMATCH':
      return fail('token_exchange_failed', lastError(atMs, 'oura_token', 400, 'invalid_redirect_uri', 'Redirect URI Does Not Match', 'redirect_uri does not match the authorize request'), [
        ev('authorize_started', atMs - 10 * MIN, { redirectUrl: DEMO_WHITELIST[0], requestedScopes: requested })
      ])
    case 'OURA_SCOPE_NOT_ON_APP': {
      const missing = requested.filter((s) => !DEMO_SCOPES.includes(s))
      return fail('authorize_failed', lastError(atMs, 'oura_authorize', null, 'invalid_scope', 'Invalid Scope', `Scope not enabled for this application: ${(missing.length ? missing : ['stress']).join(' ')}`), [started])
    }
    case 'OURA_SCOPE_UNKNOWN': {
      const unknown = requested.filter((s) => !OURA_SCOPES.includes(s))
      return fail('authorize_failed', lastError(atMs, 'oura_authorize', null, 'invalid_scope', 'Invalid Scope', `Unknown scope: ${unknown[0] ?? 'activity'}`), [started])
    }
    case 'OURA_SCOPES_UNTICKED': {
      const e = lastError(atMs, 'oura_api', 403, 'http_403', 'Missing Scopes', 'Missing required scopes: heartrate')
      return fail('api_error', e, [], [], { dataType: 'heartrate' })
    }
    case 'OURA_SCOPES_ADDED_LATER': {
      const added = integrationScopes.filter((s) => !requested.includes(s))
      return fail('api_error', lastError(atMs, 'oura_api', 403, 'http_403', 'Missing Scopes', `Missing required scopes: ${(added.length ? added : ['spo2']).join(', ')}`))
    }
    case 'OURA_ACCESS_DENIED':
      return fail('consent_denied', lastError(atMs, 'oura_authorize', null, 'access_denied', 'Access Denied', 'The user denied access'), [started])
    case 'OURA_INVALID_CLIENT':
      return fail('refresh_failed', lastError(atMs, 'oura_token', 401, 'invalid_client', 'Invalid Client ID', 'Invalid client_id or client_secret'), [], [], { grantType: 'refresh_token' })
    case 'OURA_NEW_PORTAL_TOKEN_ENDPOINT':
      return fail('refresh_failed', lastError(atMs, 'oura_token', 400, 'invalid_request', 'Bad Request', 'Invalid request'), [], [], { grantType: 'refresh_token' })
    case 'OURA_REFRESH_TOKEN_REUSED':
      return fail('refresh_failed', lastError(atMs, 'oura_token', 400, 'invalid_grant', 'Token Already Used Or Revoked', 'Token already used or revoked'), [ev('token_refreshed', atMs - 20_000)], [], { grantType: 'refresh_token' })
    case 'OURA_USER_REVOKED':
      return fail(
        'refresh_failed',
        lastError(atMs, 'oura_token', 400, 'invalid_grant', 'Token Already Used Or Revoked', 'Token already used or revoked'),
        [ev('api_error', atMs - 30 * MIN, { source: 'oura_api', httpStatus: 401, code: 'http_401', title: 'Invalid Access Token', message: 'Access token not provided or is invalid' })],
        [],
        { grantType: 'refresh_token' }
      )
    case 'OURA_ACCESS_TOKEN_EXPIRED':
      return fail('api_error', lastError(atMs, 'oura_api', 401, 'http_401', 'Expired Token', 'Token has expired.'), [], [ev('token_refreshed', atMs + MIN)])
    case 'OURA_MEMBERSHIP_EXPIRED':
      return fail('api_error', lastError(atMs, 'oura_api', 403, 'http_403', 'Forbidden', "User's Oura membership has expired"), [ev('token_refreshed', atMs - H)], [], { dataType: 'daily_sleep' })
    case 'OURA_APP_OUTDATED':
      return fail('api_error', lastError(atMs, 'oura_api', 426, 'http_426', 'Upgrade Required', 'Update the Oura app to share this data type'), [], [], { dataType: 'daily_cardiovascular_age' })
    case 'OURA_USER_CAP_REACHED':
      return fail('authorize_failed', lastError(atMs, 'oura_authorize', null, 'unauthorized_client', 'Unauthorized Client', 'Application user limit reached'), [started])
    case 'OURA_RATE_LIMITED':
      return fail('api_error', lastError(atMs, 'oura_api', 429, 'http_429', 'Too Many Requests', 'Rate limit exceeded (tier: application)'))
    default:
      // OURA_DATA_LAG and OURA_WEBHOOK_SUBSCRIPTION_EXPIRED leave no error on the connection.
      return { err: null, events: [] }
  }
}

/** When a seeded connection's evidence happened: its last sync attempt, or (never connected) its state change. */
const evidenceAt = (c: Connection): number => secToMs(c.lastSyncAt >= 0 ? c.lastSyncAt : c.stateChangedAt)

/** The connection's lastError: explicit once written, else generated from its seeded failure mode. */
export function errorOf(c: Connection, integrationScopes: readonly string[]): LastError | null {
  if (c.err !== undefined) return c.err
  if (!c.mode) return null
  return evidenceOf(c.mode, evidenceAt(c), c.requestedScopes, integrationScopes).err
}

const MODE_CODE: Record<string, string> = {
  SAHHA_REDIRECT_NOT_WHITELISTED: 'http_400',
  OURA_REDIRECT_MISMATCH: 'invalid_redirect_uri',
  OURA_SCOPE_NOT_ON_APP: 'invalid_scope',
  OURA_SCOPE_UNKNOWN: 'invalid_scope',
  OURA_SCOPES_UNTICKED: 'http_403',
  OURA_SCOPES_ADDED_LATER: 'http_403',
  OURA_ACCESS_DENIED: 'access_denied',
  OURA_INVALID_CLIENT: 'invalid_client',
  OURA_NEW_PORTAL_TOKEN_ENDPOINT: 'invalid_request',
  OURA_REFRESH_TOKEN_REUSED: 'invalid_grant',
  OURA_USER_REVOKED: 'invalid_grant',
  OURA_ACCESS_TOKEN_EXPIRED: 'http_401',
  OURA_MEMBERSHIP_EXPIRED: 'http_403',
  OURA_APP_OUTDATED: 'http_426',
  OURA_USER_CAP_REACHED: 'unauthorized_client',
  OURA_RATE_LIMITED: 'http_429'
}

/** `lastError.code` without building the error (list filters over 100,000 rows). */
export function errorCodeOf(c: Connection): string | null {
  if (c.err !== undefined) return c.err?.code ?? null
  return c.mode ? (MODE_CODE[c.mode] ?? null) : null
}

/** The timeline: generated from the seed fields and mode while `seeded`, plus appended events; oldest first. */
export function timelineOf(c: Connection, integrationScopes: readonly string[]): TimelineEvent[] {
  const out: TimelineEvent[] = []
  if (c.seeded) {
    const connectedMs = c.connectedAt >= 0 ? secToMs(c.connectedAt) : NaN
    if (c.connectedAt >= 0) {
      out.push({ at: iso(connectedMs - 2 * MIN), type: 'authorize_started', data: { redirectUrl: DEMO_WHITELIST[0], requestedScopes: c.requestedScopes } })
      out.push({ at: iso(connectedMs), type: 'authorized', data: { requestedScopes: c.requestedScopes, grantedScopes: c.grantedScopes } })
      out.push({ at: iso(connectedMs + MIN), type: 'backfill_started', data: { days: 30 } })
      out.push({ at: iso(connectedMs + 20 * MIN), type: 'backfill_completed' })
      if (c.lastSyncAt >= 0 && !c.mode) out.push({ at: isoOfSec(c.lastSyncAt)!, type: 'token_refreshed' })
      if (c.lastDataAt >= 0) {
        const dataMs = secToMs(c.lastDataAt)
        out.push({ at: iso(dataMs - 30_000), type: 'webhook_received', data: { dataType: 'daily_activity', eventType: 'update' } })
        out.push({ at: iso(dataMs), type: 'data_received', data: { dataType: 'daily_activity' } })
      }
    } else if (!c.mode && c.state === 'pending') {
      out.push({ at: isoOfSec(c.stateChangedAt)!, type: 'authorize_started', data: { redirectUrl: DEMO_WHITELIST[0], requestedScopes: c.requestedScopes } })
    }
    if (!c.mode && c.state === 'disconnected') {
      out.push({ at: isoOfSec(c.stateChangedAt)!, type: 'disconnected', data: { revokedAtProvider: true } })
    }
    if (c.mode) out.push(...evidenceOf(c.mode, evidenceAt(c), c.requestedScopes, integrationScopes).events)
  }
  if (c.events) out.push(...c.events)
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/**
 * Before a per-connection write: turn generated evidence into stored evidence, so later edits to the
 * fields it was generated from cannot rewrite history.
 */
export function materialize(c: Connection, integrationScopes: readonly string[]): void {
  // Every per-connection write comes through here first: its listing item's updatedAt moves.
  touch(c)
  if (!c.seeded) return
  const timeline = timelineOf(c, integrationScopes)
  c.err = errorOf(c, integrationScopes)
  c.events = timeline
  c.seeded = false
  c.mode = null
}

/** Writes the evidence of `mode` onto an existing connection at `atMs` (fault injection by failure-mode id). */
export function injectMode(c: Connection, mode: string, atMs: number, integrationScopes: readonly string[]): void {
  materialize(c, integrationScopes)
  const state = MODE_STATE.get(mode)
  if (!state) throw new Error(`Unknown failure mode ${mode}`)
  const integ = integrationScopes.length ? integrationScopes : DEMO_SCOPES
  let requested = c.requestedScopes.length ? c.requestedScopes : integ
  if (mode === 'OURA_SCOPE_UNKNOWN') requested = [...integ, 'activity']
  if (mode === 'OURA_SCOPE_NOT_ON_APP') requested = [...OURA_SCOPES]
  if (mode === 'OURA_SCOPES_ADDED_LATER') requested = integ.slice(0, -1)
  const ev = evidenceOf(mode, atMs, requested, integ)
  const nowSec = toSec(atMs)
  if (AUTHORIZE_TIME.has(mode)) {
    c.requestedScopes = requested
    if (c.state !== 'connected') {
      c.grantedScopes = []
      c.state = state
      c.stateChangedAt = nowSec
    }
  } else {
    if (c.connectedAt < 0) {
      c.connectedAt = nowSec - 86_400
      c.providerUserId ??= ouraUserIdFor(c.externalId)
      c.requestedScopes = requested
      c.grantedScopes = requested
    }
    if (mode === 'OURA_SCOPES_ADDED_LATER') c.requestedScopes = c.grantedScopes = requested
    if (mode === 'OURA_SCOPES_UNTICKED') c.grantedScopes = c.requestedScopes.filter((s) => s !== 'heartrate')
    c.lastSyncAt = nowSec
    if (mode === 'OURA_DATA_LAG') c.lastDataAt = nowSec - 3 * 86_400
    if (c.state !== state) {
      c.state = state
      c.stateChangedAt = nowSec
    }
  }
  c.err = ev.err
  ;(c.events ??= []).push(...ev.events)
}

/** Modes that turn a connected user into a broken one (injectMode leaves authorize-time and "still connected" modes' state alone). */
export const BREAKING_MODES: readonly string[] = MODES.filter((m) => m.state !== 'connected' && m.state !== 'pending' && !AUTHORIZE_TIME.has(m.id)).map((m) => m.id)

/** A broken connection working again (the user reconnected): state connected, no error, a fresh sync and data time. */
export function recoverConnection(c: Connection, atMs: number, integrationScopes: readonly string[]): void {
  materialize(c, integrationScopes)
  const nowSec = toSec(atMs)
  if (c.connectedAt < 0) c.providerUserId ??= ouraUserIdFor(c.externalId)
  const requested = c.requestedScopes.length ? c.requestedScopes : integrationScopes.length ? integrationScopes : DEMO_SCOPES
  c.requestedScopes = requested
  c.grantedScopes = requested
  c.connectedAt = nowSec
  c.lastSyncAt = nowSec
  c.lastDataAt = nowSec
  c.state = 'connected'
  c.stateChangedAt = nowSec
  c.revokedAtProvider = null
  c.refreshFailures = 0
  c.err = null
  ;(c.events ??= []).push({ at: iso(atMs), type: 'authorized', data: { requestedScopes: requested, grantedScopes: requested } })
}

export interface SeedOptions {
  prefix: string
  count: number
  width: number
  seed: number
  /** "now" of the seed, ms. */
  t0: number
  withConnections: boolean
}

/** Seeds one account's profiles and (optionally) Oura connections. Deterministic for (seed, count, t0). */
export function seedProfiles(acct: Account, opts: SeedOptions): void {
  const rnd = mulberry32(opts.seed)
  const { t0 } = opts
  const forced = opts.withConnections && opts.count >= 100 ? MODES.map((m) => m.id) : []
  const profiles: Profile[] = new Array<Profile>(opts.count)
  const conns: Connection[] = []
  for (let i = 1; i <= opts.count; i++) {
    const externalId = `${opts.prefix}${String(i).padStart(opts.width, '0')}`
    const h = hashString(externalId)
    const profile = new Profile(externalId, acct.nextProfileNo++, toSec(t0 - 250 * D + (h % (90 * D))))
    profiles[i - 1] = profile
    const r = rnd()
    // Documented tier: every 1999th profile was deleted at Sahha but is still listed by the search (410 on its calls).
    if (opts.withConnections && i % 1999 === 0) profile.gone = true
    // A few registered users never connected: no connection record at all.
    if (!opts.withConnections || i % 997 === 0) continue
    let mode: string | null = null
    let st: ConnState = 'connected'
    const forcedMode = i >= 2 && i - 2 < forced.length ? forced[i - 2]! : null
    if (forcedMode) {
      mode = forcedMode
      st = MODE_STATE.get(forcedMode)!
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
    }
    if (mode === 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED') mode = null // integration level: the connection looks healthy
    const neverConnected = st === 'pending' || (mode !== null && AUTHORIZE_TIME.has(mode))
    const connectedMs = t0 - (2 + (h % 120)) * D - (h % D)
    const lastSyncMs = t0 - (h % (6 * H)) - MIN
    let lastDataMs = lastSyncMs - (h % (6 * H))
    if (mode === 'OURA_DATA_LAG') lastDataMs = t0 - 3 * D - (h % D)
    let requested: readonly string[] = SCOPES_8
    let granted: readonly string[] = neverConnected ? NONE : SCOPES_8
    if (mode === 'OURA_SCOPE_NOT_ON_APP') requested = SCOPES_ALL
    else if (mode === 'OURA_SCOPE_UNKNOWN') requested = SCOPES_WITH_UNKNOWN
    else if (mode === 'OURA_SCOPES_UNTICKED') granted = SCOPES_UNTICKED
    else if (mode === 'OURA_SCOPES_ADDED_LATER') requested = granted = SCOPES_7_NO_SPO2
    let stateChangedMs: number
    if (neverConnected) stateChangedMs = mode ? t0 - 2 * H - (h % (4 * H)) : t0 - (h % 20) * MIN - MIN
    else if (st === 'disconnected') stateChangedMs = t0 - 3 * D - (h % D)
    else if (st === 'connected') stateChangedMs = connectedMs
    else stateChangedMs = lastSyncMs
    const c = new Connection(
      profile,
      externalId,
      st,
      toSec(stateChangedMs),
      neverConnected ? NO_TIME : toSec(connectedMs),
      neverConnected ? NO_TIME : toSec(lastSyncMs),
      neverConnected ? NO_TIME : toSec(lastDataMs),
      requested,
      granted,
      neverConnected ? null : ouraUserIdFor(externalId),
      mode,
      true
    )
    if (st === 'disconnected') c.revokedAtProvider = true
    profile.conn = c
    conns.push(c)
  }
  // Padded ids are generated in order; sort anyway in case a prefix or width breaks that.
  const cmp = (a: { externalId: string }, b: { externalId: string }) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0)
  profiles.sort(cmp)
  conns.sort(cmp)
  acct.profiles = profiles
  acct.conns = conns
}


/**
 * Seeded webhook subscriptions of the Demo Oura app (Sahha manages them): one `update` subscription per data type
 * the Demo scopes imply, on this simulator's own (Sahha) host, except: `daily_readiness` lapsed two days ago
 * (OURA_WEBHOOK_SUBSCRIPTION_EXPIRED), `sleep` expiring in two days, `session` missing
 * (OURA_WEBHOOK_SUBSCRIPTION_MISSING) and `workout` held by production Sahha's host (OURA_WEBHOOK_CALLBACK_OTHER_HOST).
 * Sahha's callback path is not published; ours is invented.
 */
export function demoWebhooks(base: string, t0: number): { event_type: string; data_type: string; expiration_time: string; callback_url: string }[] {
  const own = `${base}/api/v1/webhook/oura`
  const types = ['daily_activity', 'daily_readiness', 'daily_sleep', 'sleep', 'sleep_time', 'rest_mode_period', 'workout', 'tag', 'enhanced_tag', 'daily_spo2']
  return types.map((data_type) => ({
    event_type: 'update',
    data_type,
    expiration_time: iso(t0 + (data_type === 'daily_readiness' ? -2 : data_type === 'sleep' ? 2 : 47) * D),
    callback_url: data_type === 'workout' ? 'https://api.sahha.ai/api/v1/webhook/oura' : own
  }))
}
