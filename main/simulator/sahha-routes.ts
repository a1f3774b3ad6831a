import { appendQuery, empty, json, parseJson, route, sahhaError, type Ctx, type Route } from './http-util'
import { OURA_CLOUD, personalInfo, tokenEndpoint } from './oura-routes'
import { matchWhitelist } from './redirect-rules'
import { biomarkerItems, listParam, parseDateParam, scoreItems } from './profile-data'
import { errorData, materialize } from './seed'
import {
  Connection,
  NO_TIME,
  Profile,
  findProfile,
  insertConnection,
  insertProfile,
  isoOfSec,
  lowerBound,
  profileIdOf,
  toSec,
  token,
  byExternalId,
  type Account,
  type ConnState,
  type LastError,
  type SimState
} from './store'

/** Sahha's documented endpoints (sahha-api.md §2-§3) and the authorize / callback behaviour of §3.1. */

const TOKEN_TTL_S = 86_400
const PROVIDERS = new Set(['oura', 'garmin', 'whoop'])
const MAX_EXTERNAL_ID = 100
const STATE_TTL_MS = 60 * 60_000

export const callbackUrlOf = (base: string, provider: string): string => `${base}/api/v1/integration/oauth/${provider}/callback`

/**
 * Checks `Authorization: {kind} {token}`; the scheme word is compared case-insensitively (sahha-api.md §2).
 * Writes the 401 itself and returns null when the header is missing, of another scheme, unknown or expired.
 */
export function authAs(state: SimState, ctx: Ctx, kind: 'account' | 'profile', opts: { allowExpired?: boolean } = {}): { acct: Account; externalId?: string } | null {
  const header = ctx.req.headers.authorization ?? ''
  const m = /^(\S+)\s+(\S+)\s*$/.exec(header)
  if (!m || m[1]!.toLowerCase() !== kind) {
    sahhaError(ctx.res, 401, ctx.url.pathname, 'authorization', `Send "Authorization: ${kind} {token}".`)
    return null
  }
  const t = state.sahhaTokens.get(m[2]!)
  if (!t || t.kind !== kind || (!opts.allowExpired && t.expiresAt <= Date.now())) {
    sahhaError(ctx.res, 401, ctx.url.pathname, 'authorization', 'The token is invalid, expired or of the wrong kind.')
    return null
  }
  const acct = state.accounts.get(t.accountId)
  if (!acct) {
    sahhaError(ctx.res, 410, ctx.url.pathname, 'authorization', 'The account no longer exists.')
    return null
  }
  return { acct, externalId: t.externalId }
}

function issueProfileToken(state: SimState, acct: Account, externalId: string) {
  const profileToken = token('prof_')
  const refreshToken = token('prefresh_')
  state.sahhaTokens.set(profileToken, { kind: 'profile', accountId: acct.id, externalId, expiresAt: Date.now() + TOKEN_TTL_S * 1000 })
  state.sahhaRefresh.set(refreshToken, { accountId: acct.id, externalId })
  return { profileToken, refreshToken, expiresIn: TOKEN_TTL_S }
}

function externalIdFrom(body: Record<string, unknown> | null): string | null {
  const v = body?.externalId ?? body?.profileId
  return typeof v === 'string' ? v : null
}

/**
 * The profile named in an account-token route, or null after answering: 404 for an unknown externalId
 * (real status [not found]; ours, like the other profile routes) and 410 for a deleted one (sahha-api.md §4).
 */
function profileOr404(ctx: Ctx, acct: Account, externalId: string): Profile | null {
  const prof = findProfile(acct, externalId)
  if (!prof) {
    sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'No profile with this externalId.')
    return null
  }
  if (prof.gone) {
    sahhaError(ctx.res, 410, ctx.url.pathname, 'externalId', 'The profile no longer exists.')
    return null
  }
  return prof
}

/** The item shape reported for this list (sahha-api.md §2.3): integrationType, integrationIdentifier, integrationValues. */
function profileIntegrations(ctx: Ctx, prof: Profile): void {
  const c = prof.conn
  if (!c || !c.providerUserId || c.state === 'disconnected') return empty(ctx.res, 204)
  json(ctx.res, 200, [{ integrationType: 'oura', integrationIdentifier: c.providerUserId, integrationValues: {} }])
}

/** startDateTime / endDateTime of a data route; default window: the last 7 days [invented]. Answers 400 and returns null when unreadable. */
function dataWindow(ctx: Ctx, t0: number): { startMs: number; endMs: number } | null {
  const q = ctx.url.searchParams
  const end = parseDateParam(q.get('endDateTime'))
  const start = parseDateParam(q.get('startDateTime'))
  for (const [k, v] of [['startDateTime', start], ['endDateTime', end]] as const) {
    if (v !== null && Number.isNaN(v)) {
      sahhaError(ctx.res, 400, ctx.url.pathname, k, `${k} must be a date (YYYY-MM-DD) or an ISO 8601 date-time.`)
      return null
    }
  }
  const endMs = end ?? Math.max(Date.now(), t0)
  const startMs = start ?? endMs - 7 * 86_400_000
  if (startMs > endMs) {
    sahhaError(ctx.res, 400, ctx.url.pathname, 'startDateTime', 'startDateTime must not be after endDateTime.')
    return null
  }
  return { startMs, endMs }
}

export function sahhaRoutes(state: SimState): Route[] {
  return [
    route('POST', '/api/v1/oauth/account/token', (ctx) => {
      const b = parseJson(ctx.body)
      if (!b) return sahhaError(ctx.res, 400, ctx.url.pathname, 'body', 'The body must be JSON: {"clientId": "…", "clientSecret": "…"}.')
      const acct = typeof b.clientId === 'string' ? state.accountsByClientId.get(b.clientId) : undefined
      if (!acct || typeof b.clientSecret !== 'string' || b.clientSecret !== acct.clientSecret) {
        return sahhaError(ctx.res, 401, ctx.url.pathname, 'credentials', 'Invalid clientId or clientSecret.')
      }
      const accountToken = token('acct_')
      state.sahhaTokens.set(accountToken, { kind: 'account', accountId: acct.id, expiresAt: Date.now() + TOKEN_TTL_S * 1000 })
      json(ctx.res, 200, { accountToken, expiresIn: TOKEN_TTL_S })
    }),

    route('POST', '/api/v1/oauth/profile/register', (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const externalId = externalIdFrom(parseJson(ctx.body))
      if (!externalId || externalId.trim() === '' || externalId.length > MAX_EXTERNAL_ID || findProfile(a.acct, externalId)) {
        return sahhaError(ctx.res, 400, ctx.url.pathname, 'externalId', 'externalId is invalid or already in use')
      }
      insertProfile(a.acct, new Profile(externalId, a.acct.nextProfileNo++, toSec(Date.now())))
      a.acct.version++
      json(ctx.res, 201, issueProfileToken(state, a.acct, externalId))
    }),

    route('POST', '/api/v1/oauth/profile/token', (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const externalId = externalIdFrom(parseJson(ctx.body))
      if (!externalId) return sahhaError(ctx.res, 400, ctx.url.pathname, 'externalId', 'externalId is required')
      if (!findProfile(a.acct, externalId)) return sahhaError(ctx.res, state.options.unknownProfileTokenStatus, ctx.url.pathname, 'externalId', 'No profile with this externalId.')
      if (findProfile(a.acct, externalId)?.gone) return sahhaError(ctx.res, 410, ctx.url.pathname, 'externalId', 'The profile no longer exists.')
      json(ctx.res, 200, issueProfileToken(state, a.acct, externalId))
    }),

    // The (possibly expired) profile token in the header plus its refresh token in the body.
    route('POST', '/api/v1/oauth/profile/refreshToken', (ctx) => {
      const a = authAs(state, ctx, 'profile', { allowExpired: true })
      if (!a) return
      const b = parseJson(ctx.body)
      const r = typeof b?.refreshToken === 'string' ? state.sahhaRefresh.get(b.refreshToken) : undefined
      if (!r || r.accountId !== a.acct.id || r.externalId !== a.externalId) return sahhaError(ctx.res, 401, ctx.url.pathname, 'refreshToken', 'The refresh token is invalid.')
      json(ctx.res, 200, issueProfileToken(state, a.acct, a.externalId))
    }),

    route('GET', '/api/v1/account/profile/search', (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const q = ctx.url.searchParams
      const prefix = q.get('searchParameter') ?? ''
      const page = Math.max(1, Math.floor(Number(q.get('currentPage') ?? 1)) || 1)
      const size = Math.min(1000, Math.max(1, Math.floor(Number(q.get('pageSize') ?? 50)) || 50))
      const list = a.acct.profiles
      const from = lowerBound(list, prefix, byExternalId)
      const to = prefix ? lowerBound(list, `${prefix}\uffff`, byExternalId) : list.length
      const start = from + (page - 1) * size
      const items = []
      for (let i = start; i < Math.min(to, start + size); i++) {
        const p = list[i]!
        items.push({ profileId: profileIdOf(a.acct, p), externalId: p.externalId, createdAtUtc: isoOfSec(p.createdAt), isSampleProfile: false })
      }
      // The envelope reported for this call (sahha-api.md §2.2), totalPages included.
      json(ctx.res, 200, { items, currentPage: page, totalPages: Math.ceil((to - from) / size), pageSize: size, totalCount: to - from })
    }),

    route('GET', '/api/v1/account/profile/{externalId}', (ctx, p) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const prof = profileOr404(ctx, a.acct, p.externalId!)
      if (!prof) return
      json(ctx.res, 200, { profileId: profileIdOf(a.acct, prof), accountId: a.acct.id, externalId: prof.externalId, createdAtUtc: isoOfSec(prof.createdAt) })
    }),

    route('GET', '/api/v1/profile/integration', (ctx) => {
      const a = authAs(state, ctx, 'profile')
      if (!a) return
      const prof = profileOr404(ctx, a.acct, a.externalId!)
      if (prof) profileIntegrations(ctx, prof)
    }),

    route('GET', '/api/v1/profile/integration/{externalId}', (ctx, p) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const prof = profileOr404(ctx, a.acct, p.externalId!)
      if (prof) profileIntegrations(ctx, prof)
    }),

    // sahha-api.md §2.4: both `categories` and `types` are needed (repeated keys or a comma list).
    route('GET', '/api/v1/profile/biomarker/{externalId}', (ctx, p) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const q = ctx.url.searchParams
      const categories = listParam(q, 'categories')
      const types = listParam(q, 'types')
      if (categories.length === 0) return sahhaError(ctx.res, 400, ctx.url.pathname, 'categories', 'At least one biomarker category is required.')
      if (types.length === 0) return sahhaError(ctx.res, 400, ctx.url.pathname, 'types', 'At least one biomarker type is required.')
      const w = dataWindow(ctx, state.t0)
      if (!w) return
      const prof = profileOr404(ctx, a.acct, p.externalId!)
      if (!prof) return
      json(ctx.res, 200, biomarkerItems(prof, state.t0, categories, types, w.startMs, w.endMs))
    }),

    route('GET', '/api/v1/profile/score/{externalId}', (ctx, p) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const w = dataWindow(ctx, state.t0)
      if (!w) return
      const prof = profileOr404(ctx, a.acct, p.externalId!)
      if (!prof) return
      json(ctx.res, 200, scoreItems(prof, state.t0, listParam(ctx.url.searchParams, 'types'), w.startMs, w.endMs))
    }),

    route('GET', '/api/v1/integration/oauth/{provider}/authorize', (ctx, p) => {
      const a = authAs(state, ctx, 'profile')
      if (!a) return
      const provider = p.provider!
      const integ = PROVIDERS.has(provider) ? a.acct.integrations.get(provider) : undefined
      if (!integ || !integ.enabled) {
        return sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', PROVIDERS.has(provider) ? `No enabled ${provider} integration for this account.` : `Unknown provider "${provider}".`)
      }
      const wanted = ctx.url.searchParams.get('redirectUrl')
      let redirectUrl: string
      if (wanted === null || wanted === '') {
        if (integ.redirectUrlWhitelist.length === 0) return sahhaError(ctx.res, 400, ctx.url.pathname, 'redirectUrl', 'The Redirect URL Whitelist is empty: pass a redirectUrl or add a whitelist entry.')
        redirectUrl = integ.redirectUrlWhitelist[0]!
      } else {
        const i = matchWhitelist(integ.redirectUrlWhitelist, wanted)
        if (i < 0) return sahhaError(ctx.res, 400, ctx.url.pathname, 'redirectUrl', 'redirectUrl does not match any Redirect URL Whitelist entry')
        redirectUrl = integ.redirectUrlWhitelist[i]!
      }
      const externalId = a.externalId!
      const profile = findProfile(a.acct, externalId)
      if (!profile) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'The profile no longer exists.')
      const stateId = token('st_')
      const now = Date.now()
      for (const [k, v] of state.oauthStates) if (now - v.createdAt > STATE_TTL_MS) state.oauthStates.delete(k)
      else break
      state.oauthStates.set(stateId, { accountId: a.acct.id, externalId, provider, redirectUrl, requestedScopes: [...integ.scopes], clientId: integ.clientId, createdAt: now })
      let c = profile.conn
      if (!c) {
        c = new Connection(profile, externalId, 'pending', toSec(now), NO_TIME, NO_TIME, NO_TIME, [...integ.scopes], [], null, null, false)
        c.err = null
        insertConnection(a.acct, c)
      } else {
        materialize(c, integ.scopes)
        // Issuing a link changes nothing the user did: a broken connection stays broken (and counted as
        // broken) until the callback arrives. Only a disconnected one starts over as pending (§5.7).
        if (c.state === 'disconnected') {
          c.state = 'pending'
          c.stateChangedAt = toSec(now)
          c.requestedScopes = [...integ.scopes]
        }
      }
      ;(c.events ??= []).push({ at: new Date(now).toISOString(), type: 'authorize_started', data: { redirectUrl, requestedScopes: [...integ.scopes] } })
      a.acct.version++
      const scope = integ.scopes.map(encodeURIComponent).join('%20')
      const authorizationUrl =
        `${ctx.base}${OURA_CLOUD}/oauth/authorize?response_type=code&client_id=${encodeURIComponent(integ.clientId)}` +
        `&redirect_uri=${encodeURIComponent(callbackUrlOf(ctx.base, provider))}&scope=${scope}&state=${encodeURIComponent(stateId)}`
      json(ctx.res, 200, { authorizationUrl })
    }),

    route('GET', '/api/v1/integration/oauth/{provider}/callback', (ctx, p) => {
      const q = ctx.url.searchParams
      const stateParam = q.get('state') ?? ''
      const st = state.oauthStates.get(stateParam)
      if (!st || st.provider !== p.provider) return sahhaError(ctx.res, 400, ctx.url.pathname, 'state', 'Unknown or expired state: start the connection again.')
      state.oauthStates.delete(stateParam)
      const acct = state.accounts.get(st.accountId)
      const integ = acct?.integrations.get(st.provider)
      const profile = acct ? findProfile(acct, st.externalId) : null
      const c = profile?.conn
      if (!acct || !integ || !c) return sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', 'The integration or the connection no longer exists.')
      materialize(c, integ.scopes)
      const nowMs = Date.now()
      const now = new Date(nowMs).toISOString()
      const back = (params: Record<string, string>) => empty(ctx.res, 302, { Location: appendQuery(st.redirectUrl, { provider: st.provider, ...params }), 'Cache-Control': 'no-store' })
      const setState = (s: ConnState) => {
        if (c.state !== s) {
          c.state = s
          c.stateChangedAt = toSec(nowMs)
        }
      }
      const fail = (e: LastError, eventType: string, newState: ConnState | 'unchanged', oauthError: string, description: string) => {
        c.err = e
        // A connected user whose re-authorize fails keeps the working connection (and its scopes). A denied
        // consent changes no state: a user who never connected stays pending (nothing to re-authorize),
        // one who was connected before keeps the state they had.
        if (c.state !== 'connected' && newState !== 'unchanged') {
          setState(newState)
          c.requestedScopes = st.requestedScopes
        }
        ;(c.events ??= []).push({ at: now, type: eventType, data: errorData(e) })
        acct.version++
        back(description ? { status: 'error', error: oauthError, error_description: description } : { status: 'error', error: oauthError })
      }

      const error = q.get('error')
      if (error !== null || !q.get('code')) {
        const code = error || 'invalid_request'
        const description = q.get('error_description') ?? (error ? '' : 'The callback carried neither code nor error.')
        const titles: Record<string, string> = { access_denied: 'Access Denied', invalid_scope: 'Invalid Scope', unauthorized_client: 'Unauthorized Client', unsupported_response_type: 'Unsupported Response Type' }
        const e: LastError = { at: now, source: 'oura_authorize', httpStatus: null, code, title: titles[code] ?? 'Authorization Failed', message: description || (code === 'access_denied' ? 'The user denied access' : code) }
        return fail(e, code === 'access_denied' ? 'consent_denied' : 'authorize_failed', code === 'access_denied' ? 'unchanged' : 'error', code, description)
      }

      const callback = callbackUrlOf(ctx.base, st.provider)
      const form = new URLSearchParams({ grant_type: 'authorization_code', code: q.get('code')!, redirect_uri: callback, client_id: integ.clientId, client_secret: integ.clientSecret })
      const exchanged = tokenEndpoint(state, form)
      const body = exchanged.body ?? {}
      if (exchanged.status !== 200) {
        const oauthCode = String(body.error ?? `http_${exchanged.status}`)
        const e: LastError = { at: now, source: 'oura_token', httpStatus: exchanged.status, code: oauthCode, title: String(body.title ?? ''), message: String(body.error_description ?? body.detail ?? '') }
        const next: ConnState = oauthCode === 'invalid_redirect_uri' ? 'pending' : oauthCode === 'invalid_grant' ? 'needs_reauth' : 'error'
        return fail(e, 'token_exchange_failed', next, oauthCode, e.message)
      }
      const access = String(body.access_token)
      const info = personalInfo(state, `Bearer ${access}`)
      if (info.status !== 200 || typeof info.body?.id !== 'string') {
        const e: LastError = { at: now, source: 'oura_api', httpStatus: info.status, code: `http_${info.status}`, title: String(info.body?.title ?? ''), message: String(info.body?.detail ?? '') }
        return fail(e, 'api_error', 'error', 'server_error', 'Could not read the Oura user.')
      }
      const granted = (q.get('scope') ?? '').split(' ').filter(Boolean)
      const all = st.requestedScopes.every((s) => granted.includes(s))
      c.oura = { access, refresh: String(body.refresh_token), issuedAtMs: nowMs, accessExpiresAtMs: nowMs + Number(body.expires_in) * 1000 }
      c.requestedScopes = st.requestedScopes
      c.grantedScopes = granted
      c.providerUserId = info.body.id
      setState(all ? 'connected' : 'scope_missing')
      c.connectedAt = toSec(nowMs)
      c.lastSyncAt = toSec(nowMs)
      c.lastDataAt = NO_TIME
      c.err = null
      c.refreshFailures = 0
      c.revokedAtProvider = null
      ;(c.events ??= []).push(
        { at: now, type: 'authorized', data: { requestedScopes: st.requestedScopes, grantedScopes: granted } },
        { at: now, type: 'backfill_started', data: { days: 30 } }
      )
      acct.version++
      back({ status: 'connected' })
    })
  ]
}

