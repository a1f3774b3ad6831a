import { randomBytes, randomUUID } from 'node:crypto'
import { appendQuery, empty, esc, html, json, parseJson, route, type Ctx, type Route } from './http-util'
import { hashString } from './random'
import { OURA_SCOPES, ouraUserIdFor } from './seed'
import { iso, token, type OuraApp, type OuraWebhook, type SimState } from './store'

/**
 * Oura's side (oura-api.md), mounted at /_oura/cloud (consent) and /_oura/api (token, revoke, data,
 * webhooks): paths below those prefixes are Oura's own (§10). Behaviours Oura does not publish follow §10.
 * The token, personal_info and revoke logic is exported so Sahha's callback can call it in-process.
 */

export const OURA_CLOUD = '/_oura/cloud'
export const OURA_API = '/_oura/api'
const CODE_TTL_MS = 10 * 60_000
const ACCESS_TTL_S = 86_400
const WEBHOOK_TTL_MS = 90 * 86_400_000
const USER_CAP = 10

/** Scope → data types (oura-api.md §4, the map the simulator enforces). */
export const SCOPE_TYPES: Readonly<Record<string, readonly string[]>> = {
  daily: ['daily_activity', 'daily_readiness', 'daily_sleep', 'sleep', 'sleep_time', 'rest_mode_period'],
  heartrate: ['heartrate'],
  workout: ['workout'],
  tag: ['tag', 'enhanced_tag'],
  session: ['session'],
  spo2: ['daily_spo2'],
  ring_configuration: ['ring_configuration', 'ring_battery_level'],
  stress: ['daily_stress', 'daily_resilience'],
  heart_health: ['daily_cardiovascular_age', 'vO2_max']
}
const TYPE_SCOPE = new Map(Object.entries(SCOPE_TYPES).flatMap(([scope, types]) => types.map((t) => [t, scope] as const)))
const WEBHOOK_EVENT_TYPES = new Set(['create', 'update', 'delete'])
const WEBHOOK_DATA_TYPES = new Set([
  'tag', 'enhanced_tag', 'workout', 'session', 'sleep', 'daily_sleep', 'daily_readiness', 'daily_activity', 'daily_spo2', 'sleep_time',
  'rest_mode_period', 'ring_configuration', 'daily_stress', 'daily_cardiovascular_age', 'daily_resilience', 'vo2_max', 'meal'
])

export interface OuraResult {
  status: number
  body: Record<string, unknown> | null
}

/** RFC 7807 + RFC 6749 error body (oura-api.md §3.3, §8). */
function oauthError(status: number, title: string, error: string, description: string, detail?: string): OuraResult {
  return { status, body: { status, title, ...(detail ? { detail } : {}), error, error_description: description } }
}

const ouraTime = (ms: number): string => iso(ms).replace(/\.\d{3}Z$/, '+00:00')

// ---------------------------------------------------------------------------------------------
// Consent (cloud.ouraring.com/oauth/authorize)

type AuthorizeCheck =
  | { kind: 'page'; title: string }
  | { kind: 'redirect_error'; redirect: string; error: string; description: string }
  | { kind: 'consent'; redirect: string; app: OuraApp; scopes: string[] }

/** Distinct users holding a live token of the app, plus any baseline set through /_admin. */
export function connectedUsers(app: OuraApp): number {
  return app.baselineUsers + app.users.size
}

/** The Oura user behind a consent: derived from Sahha's pending authorize when the state is one of its own. */
function consentingUser(state: SimState, stateParam: string | null): string {
  const pending = stateParam ? state.oauthStates.get(stateParam) : undefined
  if (!pending) return `OURA-${randomBytes(4).toString('hex').toUpperCase()}`
  return ouraUserIdFor(pending.accountId === 'acct-demo' ? pending.externalId : `${pending.accountId}/${pending.externalId}`)
}

/** The consent checks in Oura's order: client and redirect problems show a page and never redirect (RFC 6749 §4.1.2.1). */
function checkAuthorize(state: SimState, q: URLSearchParams): AuthorizeCheck {
  const app = state.ouraApps.get(q.get('client_id') ?? '')
  if (!app) return { kind: 'page', title: 'Invalid Client ID' }
  const given = q.get('redirect_uri')
  // Left out: allowed only when exactly one URI is registered (oura-api.md §2).
  const redirect = given ?? (app.redirectUris.length === 1 ? app.redirectUris[0]! : null)
  if (redirect === null) return { kind: 'page', title: 'Missing Redirect URI Parameter' }
  if (app.redirectUris.length === 0) return { kind: 'page', title: 'No Valid Redirect URIs In Application' }
  if (!app.redirectUris.includes(redirect)) return { kind: 'page', title: 'Redirect URI Not Found' }
  if (q.get('response_type') !== 'code') {
    return { kind: 'redirect_error', redirect, error: 'unsupported_response_type', description: 'response_type must be code' }
  }
  const scopeParam = q.get('scope')
  let scopes = scopeParam === null ? [...app.enabledScopes] : scopeParam.split(' ').filter(Boolean)
  const unknown = scopes.filter((s) => !OURA_SCOPES.includes(s))
  if (unknown.length) {
    if (state.options.unknownScope === 'error') return { kind: 'redirect_error', redirect, error: 'invalid_scope', description: `Unknown scope: ${unknown.join(' ')}` }
    scopes = scopes.filter((s) => OURA_SCOPES.includes(s))
  }
  // The app may not use the server-side (code) flow Sahha needs [reported]: a redirect, like the user cap.
  if (!app.serverSideAllowed) return { kind: 'redirect_error', redirect, error: 'unauthorized_client', description: 'authorization grant not allowed for this client application' }
  const notEnabled = scopes.filter((s) => !app.enabledScopes.includes(s))
  if (notEnabled.length) return { kind: 'redirect_error', redirect, error: 'invalid_scope', description: `Scope not enabled for this application: ${notEnabled.join(' ')}` }
  if (!app.approved && connectedUsers(app) >= USER_CAP && !app.users.has(consentingUser(state, q.get('state')))) {
    return { kind: 'redirect_error', redirect, error: 'unauthorized_client', description: 'Application user limit reached' }
  }
  return { kind: 'consent', redirect, app, scopes }
}

function redirectTo(ctx: Ctx, redirectUri: string, params: Record<string, string>, stateParam: string | null): void {
  empty(ctx.res, 302, { Location: appendQuery(redirectUri, stateParam === null ? params : { ...params, state: stateParam }), 'Cache-Control': 'no-store' })
}

function errorPage(ctx: Ctx, title: string): void {
  html(ctx.res, 400, title, `<main class="card"><h1 data-testid="oura-error-title">${esc(title)}</h1><p class="muted">Oura could not start the authorization. (Simulated Oura, Demo environment.)</p></main>`)
}

function consentPage(ctx: Ctx, q: URLSearchParams, app: OuraApp, scopes: string[]): void {
  const hidden = ['client_id', 'redirect_uri', 'response_type', 'state']
    .filter((k) => q.get(k) !== null)
    .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k)!)}">`)
    .join('')
  const boxes = scopes
    .map((s) => `<label><input type="checkbox" name="scope" value="${esc(s)}" checked data-testid="scope-${esc(s)}"> ${esc(s)}</label>`)
    .join('\n')
  html(
    ctx.res,
    200,
    `Authorize ${app.name}`,
    `<main class="card"><h1><span data-testid="consent-app-name">${esc(app.name)}</span> wants to access your Oura data</h1>
<p class="muted">Simulated Oura (Demo environment). Untick any data you do not want to share.</p>
<form method="post" action="${OURA_CLOUD}/oauth/authorize">${hidden}<input type="hidden" name="requested" value="${esc(scopes.join(' '))}">
<fieldset><legend>Data to share</legend>
${boxes}
</fieldset>
<p><button type="submit" class="approve" name="decision" value="approve" data-testid="consent-approve">Approve</button>
<button type="submit" name="decision" value="deny" data-testid="consent-deny">Deny</button></p></form></main>`
  )
}

// ---------------------------------------------------------------------------------------------
// Token endpoint (api.ouraring.com/oauth/token), also called in-process by Sahha's callback

function issueTokens(state: SimState, app: OuraApp, scopes: string[], userId: string): OuraResult {
  const access = token('oa_')
  const refresh = token('or_')
  state.ouraAccess.set(access, { clientId: app.clientId, scopes, userId, revoked: false, expiresAt: Date.now() + ACCESS_TTL_S * 1000, refresh })
  state.ouraRefresh.set(refresh, { clientId: app.clientId, scopes, userId, used: false, access })
  app.users.add(userId)
  return { status: 200, body: { token_type: 'bearer', access_token: access, expires_in: ACCESS_TTL_S, refresh_token: refresh } }
}

/** POST /oauth/token with a form body; `authorization` is the request's Authorization header (HTTP Basic). */
export function tokenEndpoint(state: SimState, form: URLSearchParams, authorization?: string): OuraResult {
  let clientId = form.get('client_id') ?? ''
  let clientSecret = form.get('client_secret') ?? ''
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '))
      } catch {
        return s
      }
    }
    clientId = dec(colon < 0 ? decoded : decoded.slice(0, colon))
    clientSecret = dec(colon < 0 ? '' : decoded.slice(colon + 1))
  }
  const app = state.ouraApps.get(clientId)
  // Client authentication comes before the grant (RFC 6749 §3.2.1): the app's preflight probe relies on it.
  if (!app || app.clientSecret !== clientSecret) return oauthError(401, 'Invalid Client ID', 'invalid_client', 'Invalid client_id or client_secret')
  const grant = form.get('grant_type')
  if (!grant) return oauthError(400, 'Bad Request', 'invalid_request', 'grant_type is required')
  if (grant === 'authorization_code') {
    const codeValue = form.get('code')
    if (!codeValue) return oauthError(400, 'Bad Request', 'invalid_request', 'code is required')
    const code = state.ouraCodes.get(codeValue)
    if (!code || code.used || code.clientId !== clientId || Date.now() - code.createdAt > CODE_TTL_MS) {
      return oauthError(400, 'Invalid Grant', 'invalid_grant', 'The authorization code is invalid, expired or already used')
    }
    if ((form.get('redirect_uri') ?? null) !== code.redirectUri) {
      return oauthError(400, 'Redirect URI Does Not Match', 'invalid_redirect_uri', 'redirect_uri does not match the authorize request')
    }
    code.used = true
    return issueTokens(state, app, code.scopes, code.userId)
  }
  if (grant === 'refresh_token') {
    // Apps of the newer portal are refused by the classic token route (oura-api.md §3.3, [reported]).
    if (app.portal === 'new') return oauthError(400, 'Bad Request', 'invalid_request', 'Invalid request')
    const value = form.get('refresh_token')
    if (!value) return oauthError(400, 'Bad Request', 'invalid_request', 'refresh_token is required')
    const rt = state.ouraRefresh.get(value)
    if (!rt || rt.used || rt.clientId !== clientId) {
      return oauthError(400, 'Token Already Used Or Revoked', 'invalid_grant', 'Token already used or revoked', 'Refresh token can only be used once.')
    }
    rt.used = true
    return issueTokens(state, app, rt.scopes, rt.userId)
  }
  return oauthError(400, 'Invalid Grant Type', 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token')
}

/** Revokes an access token and its refresh token; 401 when unknown or already revoked (oura-api.md §5). */
export function revokeAccessToken(state: SimState, accessToken: string): OuraResult {
  const t = state.ouraAccess.get(accessToken)
  if (!t || t.revoked) return { status: 401, body: { status: 401, title: 'Invalid Token', error: 'invalid_token', error_description: 'Token unknown or already revoked' } }
  t.revoked = true
  const rt = state.ouraRefresh.get(t.refresh)
  if (rt) rt.used = true
  const app = state.ouraApps.get(t.clientId)
  if (app) {
    let stillLive = false
    for (const a of state.ouraAccess.values()) if (a.clientId === t.clientId && a.userId === t.userId && !a.revoked && a !== t) stillLive = true
    if (!stillLive) app.users.delete(t.userId)
  }
  return { status: 200, body: null }
}

function bearer(state: SimState, authorization: string | undefined): { ok: true; scopes: string[]; userId: string } | { ok: false; result: OuraResult } {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  const t = m ? state.ouraAccess.get(m[1]!) : undefined
  if (!t || t.revoked) {
    return { ok: false, result: { status: 401, body: { status: 401, title: 'Invalid Access Token', error: 'invalid_token', error_description: 'Access token not provided or is invalid' } } }
  }
  if (t.expiresAt < Date.now()) return { ok: false, result: { status: 401, body: { status: 401, title: 'Expired Token', detail: 'Token has expired.' } } }
  return { ok: true, scopes: t.scopes, userId: t.userId }
}

/** GET /v2/usercollection/personal_info; `personal` / `email` fields are null without their scope. */
export function personalInfo(state: SimState, authorization: string | undefined): OuraResult {
  const b = bearer(state, authorization)
  if (!b.ok) return b.result
  const h = hashString(b.userId)
  const personal = b.scopes.includes('personal')
  return {
    status: 200,
    body: {
      id: b.userId,
      age: personal ? 25 + (h % 40) : null,
      weight: personal ? 55 + (h % 50) + 0.5 : null,
      height: personal ? 1.55 + (h % 40) / 100 : null,
      biological_sex: personal ? (h % 2 ? 'female' : 'male') : null,
      email: b.scopes.includes('email') ? `${b.userId.toLowerCase()}@example.com` : null
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Data documents (deterministic, one per day)

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/
const dayOf = (ms: number): string => iso(ms).slice(0, 10)

function dataDocs(userId: string, type: string, q: URLSearchParams): OuraResult {
  const bad = (['start_date', 'end_date'] as const).filter((k) => q.has(k) && (!DAY_RE.test(q.get(k)!) || Number.isNaN(Date.parse(q.get(k)!))))
  if (bad.length) return { status: 422, body: { detail: bad.map((k) => ({ loc: ['query', k], msg: 'invalid date format', type: 'value_error.date' })) } }
  const end = q.get('end_date') ?? dayOf(Date.now())
  let start = q.get('start_date') ?? dayOf(Date.parse(end) - 86_400_000)
  if (start > end) return { status: 400, body: { status: 400, title: 'Bad Request', detail: 'start_date must not be after end_date' } }
  const next = q.get('next_token')
  if (next) {
    const decoded = Buffer.from(next, 'base64url').toString('utf8')
    if (!DAY_RE.test(decoded)) return { status: 400, body: { status: 400, title: 'Bad Request', detail: 'Invalid next_token' } }
    start = decoded
  }
  const data: Record<string, unknown>[] = []
  let day = Date.parse(start)
  const endMs = Date.parse(end)
  while (day <= endMs && data.length < 31) {
    data.push(doc(userId, type, dayOf(day)))
    day += 86_400_000
  }
  return { status: 200, body: { data, next_token: day <= endMs ? Buffer.from(dayOf(day)).toString('base64url') : null } }
}

function doc(userId: string, type: string, day: string): Record<string, unknown> {
  const h = hashString(`${userId}|${type}|${day}`)
  return { id: `${type}-${day}-${h.toString(16)}`, day, timestamp: `${day}T07:00:00+00:00`, score: 55 + (h % 45) }
}

// ---------------------------------------------------------------------------------------------
// Routes

export function ouraRoutes(state: SimState): Route[] {
  const send = (ctx: Ctx, r: OuraResult, headers: Record<string, string> = {}) => (r.body === null ? empty(ctx.res, r.status, headers) : json(ctx.res, r.status, r.body, headers))

  const dataRoute = (ctx: Ctx, type: string, documentId: string | null) => {
    const b = bearer(state, ctx.req.headers.authorization)
    if (!b.ok) { send(ctx, b.result); return; }
    const scope = TYPE_SCOPE.get(type)
    if (!scope) { json(ctx.res, 404, { detail: 'Not Found' }); return; }
    if (!b.scopes.includes(scope)) { json(ctx.res, 403, { status: 403, title: 'Missing Scopes', detail: `Missing required scopes: ${scope}` }); return; }
    const user = state.ouraUsers.get(b.userId)
    if (user?.membershipExpired) { json(ctx.res, 403, { status: 403, title: 'Forbidden', detail: "User's Oura membership has expired" }); return; }
    if (user?.outdatedDataTypes.includes(type)) { json(ctx.res, 426, { status: 426, title: 'Upgrade Required', detail: 'Update the Oura app to share this data type' }); return; }
    if (documentId === null) { send(ctx, dataDocs(b.userId, type, ctx.url.searchParams)); return; }
    const m = /^(.+)-(\d{4}-\d{2}-\d{2})-([0-9a-f]+)$/.exec(documentId)
    const found = m && m[1] === type ? doc(b.userId, type, m[2]!) : null
    if (!found || found.id !== documentId) { json(ctx.res, 404, { detail: 'Document not found' }); return; }
    json(ctx.res, 200, found)
  }

  const appAuth = (ctx: Ctx): OuraApp | null => {
    const app = state.ouraApps.get(String(ctx.req.headers['x-client-id'] ?? ''))
    if (!app || app.clientSecret !== ctx.req.headers['x-client-secret']) {
      // The recorded answer is 403 {"detail":"Forbidden"}; the spec names none (oura-api.md §7, §10).
      json(ctx.res, state.options.webhookAuthStatus, { detail: state.options.webhookAuthStatus === 403 ? 'Forbidden' : 'Unauthorized' })
      return null
    }
    return app
  }
  const webhookOf = (ctx: Ctx, app: OuraApp, id: string): OuraWebhook | null => {
    const w = state.ouraWebhooks.get(id)
    if (w && w.clientId === app.clientId) return w
    if (state.options.unknownWebhookStatus === 404) json(ctx.res, 404, { detail: `Subscription with id ${id} not found.` })
    else json(ctx.res, 403, { detail: 'Webhook with specified id does not exist.' })
    return null
  }
  const model = (w: OuraWebhook) => ({ id: w.id, callback_url: w.callback_url, event_type: w.event_type, data_type: w.data_type, expiration_time: w.expiration_time })
  const invalid = (fields: string[], msg: string) => ({ detail: fields.map((k) => ({ loc: ['body', k], msg, type: 'value_error' })) })

  /** Oura calls GET {callback_url}?verification_token&challenge on create; done for loopback callbacks only. */
  const verify = async (callbackUrl: string, verificationToken: string): Promise<boolean> => {
    let u: URL
    try {
      u = new URL(callbackUrl)
    } catch {
      return false
    }
    if (!state.options.verifyWebhooks || !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return true
    const challenge = randomBytes(12).toString('hex')
    u.searchParams.set('verification_token', verificationToken)
    u.searchParams.set('challenge', challenge)
    try {
      const r = await fetch(u, { signal: AbortSignal.timeout(5000) })
      const b = (await r.json()) as { challenge?: unknown }
      return r.ok && b.challenge === challenge
    } catch {
      return false
    }
  }

  return [
    route('GET', `${OURA_CLOUD}/oauth/authorize`, (ctx) => {
      const q = ctx.url.searchParams
      const r = checkAuthorize(state, q)
      if (r.kind === 'page') return errorPage(ctx, r.title)
      if (r.kind === 'redirect_error') return redirectTo(ctx, r.redirect, { error: r.error, error_description: r.description }, q.get('state'))
      consentPage(ctx, q, r.app, r.scopes)
    }),

    route('POST', `${OURA_CLOUD}/oauth/authorize`, (ctx) => {
      const f = new URLSearchParams(ctx.body)
      const q = new URLSearchParams()
      for (const k of ['client_id', 'redirect_uri', 'response_type', 'state']) if (f.get(k) !== null) q.set(k, f.get(k)!)
      q.set('scope', f.get('requested') ?? '')
      const r = checkAuthorize(state, q)
      if (r.kind === 'page') return errorPage(ctx, r.title)
      const stateParam = f.get('state')
      if (r.kind === 'redirect_error') return redirectTo(ctx, r.redirect, { error: r.error, error_description: r.description }, stateParam)
      if (f.get('decision') !== 'approve') return redirectTo(ctx, r.redirect, { error: 'access_denied' }, stateParam)
      const granted = r.scopes.filter((s) => f.getAll('scope').includes(s))
      const code = token('code_')
      state.ouraCodes.set(code, { clientId: r.app.clientId, redirectUri: f.get('redirect_uri'), scopes: granted, userId: consentingUser(state, stateParam), createdAt: Date.now(), used: false })
      redirectTo(ctx, r.redirect, { code, scope: granted.join(' ') }, stateParam)
    }),

    route('POST', `${OURA_API}/oauth/token`, (ctx) => send(ctx, tokenEndpoint(state, new URLSearchParams(ctx.body), ctx.req.headers.authorization), { 'Cache-Control': 'no-store' })),

    ...['GET', 'POST'].map((m) =>
      route(m, `${OURA_API}/oauth/revoke`, (ctx) => {
        const fromBody = m === 'POST' ? new URLSearchParams(ctx.body).get('access_token') : null
        send(ctx, revokeAccessToken(state, ctx.url.searchParams.get('access_token') ?? fromBody ?? ''))
      })
    ),

    route('GET', `${OURA_API}/v2/usercollection/personal_info`, (ctx) => send(ctx, personalInfo(state, ctx.req.headers.authorization))),
    route('GET', `${OURA_API}/v2/sandbox/usercollection/personal_info`, (ctx) => send(ctx, personalInfo(state, ctx.req.headers.authorization))),
    route('GET', `${OURA_API}/v2/usercollection/{type}`, (ctx, p) => dataRoute(ctx, p.type!, null)),
    route('GET', `${OURA_API}/v2/usercollection/{type}/{id}`, (ctx, p) => dataRoute(ctx, p.type!, p.id!)),
    route('GET', `${OURA_API}/v2/sandbox/usercollection/{type}`, (ctx, p) => dataRoute(ctx, p.type!, null)),
    route('GET', `${OURA_API}/v2/sandbox/usercollection/{type}/{id}`, (ctx, p) => dataRoute(ctx, p.type!, p.id!)),

    route('GET', `${OURA_API}/v2/webhook/subscription`, (ctx) => {
      const app = appAuth(ctx)
      if (!app) return
      json(ctx.res, 200, [...state.ouraWebhooks.values()].filter((w) => w.clientId === app.clientId).map(model))
    }),
    route('POST', `${OURA_API}/v2/webhook/subscription`, async (ctx) => {
      const app = appAuth(ctx)
      if (!app) return
      const b = parseJson(ctx.body)
      if (!b) return json(ctx.res, 422, invalid(['body'], 'value is not a valid dict'))
      const missing = ['callback_url', 'verification_token', 'event_type', 'data_type'].filter((k) => typeof b[k] !== 'string' || b[k] === '')
      if (missing.length) return json(ctx.res, 422, invalid(missing, 'field required'))
      const [callbackUrl, verificationToken, eventType, dataType] = [b.callback_url, b.verification_token, b.event_type, b.data_type] as string[]
      if (!WEBHOOK_EVENT_TYPES.has(eventType!)) return json(ctx.res, 422, invalid(['event_type'], 'value is not a valid enumeration member'))
      if (!WEBHOOK_DATA_TYPES.has(dataType!)) return json(ctx.res, 422, invalid(['data_type'], 'value is not a valid enumeration member'))
      for (const w of state.ouraWebhooks.values()) {
        if (w.clientId === app.clientId && w.event_type === eventType && w.data_type === dataType) return json(ctx.res, 409, { detail: 'A subscription for this event_type and data_type already exists.' })
      }
      if (!(await verify(callbackUrl!, verificationToken!))) return json(ctx.res, 422, { detail: 'Webhook verification failed' })
      const w: OuraWebhook = { id: randomUUID(), clientId: app.clientId, callback_url: callbackUrl!, event_type: eventType!, data_type: dataType!, expiration_time: ouraTime(Date.now() + WEBHOOK_TTL_MS) }
      state.ouraWebhooks.set(w.id, w)
      json(ctx.res, 201, model(w))
    }),
    route('GET', `${OURA_API}/v2/webhook/subscription/{id}`, (ctx, p) => {
      const app = appAuth(ctx)
      if (!app) return
      const w = webhookOf(ctx, app, p.id!)
      if (w) json(ctx.res, 200, model(w))
    }),
    route('PUT', `${OURA_API}/v2/webhook/subscription/renew/{id}`, (ctx, p) => {
      const app = appAuth(ctx)
      if (!app) return
      const w = webhookOf(ctx, app, p.id!)
      if (!w) return
      w.expiration_time = ouraTime(Date.now() + WEBHOOK_TTL_MS)
      json(ctx.res, 200, model(w))
    }),
    route('PUT', `${OURA_API}/v2/webhook/subscription/{id}`, (ctx, p) => {
      const app = appAuth(ctx)
      if (!app) return
      const w = webhookOf(ctx, app, p.id!)
      if (!w) return
      const b = parseJson(ctx.body)
      if (!b || typeof b.verification_token !== 'string' || b.verification_token === '') return json(ctx.res, 422, invalid(['verification_token'], 'field required'))
      if (b.event_type !== undefined && !WEBHOOK_EVENT_TYPES.has(String(b.event_type))) return json(ctx.res, 422, invalid(['event_type'], 'value is not a valid enumeration member'))
      if (b.data_type !== undefined && !WEBHOOK_DATA_TYPES.has(String(b.data_type))) return json(ctx.res, 422, invalid(['data_type'], 'value is not a valid enumeration member'))
      if (typeof b.callback_url === 'string') w.callback_url = b.callback_url
      if (typeof b.event_type === 'string') w.event_type = b.event_type
      if (typeof b.data_type === 'string') w.data_type = b.data_type
      json(ctx.res, 200, model(w))
    }),
    route('DELETE', `${OURA_API}/v2/webhook/subscription/{id}`, (ctx, p) => {
      const app = appAuth(ctx)
      if (!app) return
      const w = webhookOf(ctx, app, p.id!)
      if (!w) return
      state.ouraWebhooks.delete(w.id)
      empty(ctx.res, 204)
    })
  ]
}

export { ouraTime }
