import { OURA_SCOPES } from './seed'
import { empty, esc, html, json, route, type Ctx, type Route } from './http-util'
import { hashString } from './random'
import type { OuraApp, SimState } from './store'
import { token } from './store'

/**
 * Oura's side (oura-api.md), mounted at /_oura/cloud (consent) and /_oura/api (token, data,
 * webhooks). Behaviours Oura does not publish follow §10 of the reference.
 */

const CODE_TTL_MS = 10 * 60_000
const SCOPE_TYPES: Record<string, string[]> = {
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

function ouraError(ctx: Ctx, status: number, title: string, error: string, description: string, detail?: string) {
  json(ctx.res, status, { status, title, ...(detail ? { detail } : {}), error, error_description: description })
}

function errorPage(ctx: Ctx, title: string) {
  html(ctx.res, 400, title, `<div class="card"><h1>${esc(title)}</h1><p class="muted">Oura could not start the authorization.</p></div>`)
}

/** Connected users of an Oura app across the simulator (the 10-user cap until approval). */
function connectedUsers(state: SimState, clientId: string): number {
  let n = 0
  for (const acct of state.accounts.values()) {
    const integ = acct.integrations.get('oura')
    if (integ?.clientId !== clientId) continue
    for (const c of acct.connections.values()) if (c.state === 'connected' || c.state === 'scope_missing') n++
  }
  return n
}

function redirectWith(ctx: Ctx, redirectUri: string, params: Record<string, string>) {
  const u = new URL(redirectUri)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  empty(ctx.res, 302, { Location: u.toString() })
}

/** The consent checks in authorize order: page errors never redirect; scope and cap problems do. */
function checkAuthorize(state: SimState, q: URLSearchParams): { page: string } | { redirect: string; app: OuraApp; scopes: string[]; error?: [string, string] } {
  const app = state.ouraApps.get(q.get('client_id') ?? '')
  if (!app) return { page: 'Invalid Client ID' }
  if (app.redirectUris.length === 0) return { page: 'No Valid Redirect URIs In Application' }
  const redirect = q.get('redirect_uri') ?? (app.redirectUris.length === 1 ? app.redirectUris[0]! : null)
  if (!redirect) return { page: 'Missing Redirect URI Parameter' }
  if (!app.redirectUris.includes(redirect)) return { page: 'Redirect URI Not Found' }
  const scopeParam = q.get('scope')
  const scopes = scopeParam === null ? [...app.enabledScopes] : scopeParam.split(' ').filter(Boolean)
  const unknown = scopes.filter((s) => !OURA_SCOPES.includes(s))
  if (unknown.length) return { redirect, app, scopes, error: ['invalid_scope', `Unknown scope: ${unknown.join(' ')}`] }
  const notEnabled = scopes.filter((s) => !app.enabledScopes.includes(s))
  if (notEnabled.length) return { redirect, app, scopes, error: ['invalid_scope', `Scope not enabled for this application: ${notEnabled.join(' ')}`] }
  if (!app.approved && connectedUsers(state, app.clientId) >= 10) {
    return { redirect, app, scopes, error: ['unauthorized_client', 'Application user limit reached'] }
  }
  return { redirect, app, scopes }
}

export function exchangeCode(
  state: SimState,
  input: { code: string; clientId: string; clientSecret: string; redirectUri: string | null }
): { ok: true; access: string; refresh: string; userId: string; scopes: string[] } | { ok: false; status: number; error: string; title: string; description: string } {
  const app = state.ouraApps.get(input.clientId)
  if (!app || app.clientSecret !== input.clientSecret) {
    return { ok: false, status: 401, error: 'invalid_client', title: 'Invalid Client ID', description: 'Invalid client_id or client_secret' }
  }
  const code = state.ouraCodes.get(input.code)
  if (!code || code.used || code.clientId !== input.clientId || Date.now() - code.createdAt > CODE_TTL_MS) {
    return { ok: false, status: 400, error: 'invalid_grant', title: 'Invalid Grant', description: 'The authorization code is invalid, expired or already used' }
  }
  if ((code.redirectUri ?? null) !== (input.redirectUri ?? null)) {
    return { ok: false, status: 400, error: 'invalid_redirect_uri', title: 'Redirect URI Does Not Match', description: 'redirect_uri does not match the authorize request' }
  }
  code.used = true
  const access = token('oa_')
  const refresh = token('or_')
  state.ouraAccess.set(access, { clientId: input.clientId, scopes: code.scopes, userId: code.userId, revoked: false, expiresAt: Date.now() + 86_400_000 })
  state.ouraRefresh.set(refresh, { clientId: input.clientId, scopes: code.scopes, userId: code.userId, used: false, access })
  return { ok: true, access, refresh, userId: code.userId, scopes: code.scopes }
}

function bearer(state: SimState, ctx: Ctx) {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '')
  const t = m ? state.ouraAccess.get(m[1]!) : undefined
  if (!t || t.revoked) {
    json(ctx.res, 401, { status: 401, title: 'Invalid Access Token', error: 'invalid_token', error_description: 'Access token not provided or is invalid' })
    return null
  }
  if (t.expiresAt < Date.now()) {
    json(ctx.res, 401, { status: 401, title: 'Expired Token', detail: 'Token has expired.' })
    return null
  }
  return t
}

function appAuth(state: SimState, ctx: Ctx): OuraApp | null {
  const app = state.ouraApps.get(String(ctx.req.headers['x-client-id'] ?? ''))
  if (!app || app.clientSecret !== ctx.req.headers['x-client-secret']) {
    json(ctx.res, 401, { detail: 'Invalid client credentials' })
    return null
  }
  return app
}

export function ouraRoutes(state: SimState): Route[] {
  return [
    route('GET', '/_oura/cloud/oauth/authorize', (ctx) => {
      const q = ctx.url.searchParams
      const r = checkAuthorize(state, q)
      if ('page' in r) return errorPage(ctx, r.page)
      const stateParam = q.get('state') ?? ''
      if (r.error) return redirectWith(ctx, r.redirect, { error: r.error[0], error_description: r.error[1], state: stateParam })
      const boxes = r.scopes
        .map((s) => `<label><input type="checkbox" name="scope" value="${esc(s)}" checked data-testid="scope-${esc(s)}"> ${esc(s)}</label>`)
        .join('')
      const hidden = ['client_id', 'redirect_uri', 'state', 'response_type']
        .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k) ?? (k === 'redirect_uri' ? r.redirect : ''))}">`)
        .join('')
      html(
        ctx.res,
        200,
        `Authorize ${r.app.name}`,
        `<div class="card"><h1>${esc(r.app.name)} wants to access your Oura data</h1><p class="muted">Oura (simulated, Demo environment)</p>
<form method="post" action="/_oura/cloud/oauth/authorize">${hidden}<input type="hidden" name="requested" value="${esc(r.scopes.join(' '))}">${boxes}
<p><button class="approve" name="decision" value="approve" data-testid="consent-approve">Approve</button>
<button name="decision" value="deny" data-testid="consent-deny">Deny</button></p></form></div>`
      )
    }),

    route('POST', '/_oura/cloud/oauth/authorize', (ctx) => {
      const f = new URLSearchParams(ctx.body)
      const r = checkAuthorize(state, new URLSearchParams({ client_id: f.get('client_id') ?? '', redirect_uri: f.get('redirect_uri') ?? '', scope: f.get('requested') ?? '' }))
      if ('page' in r) return errorPage(ctx, r.page)
      const stateParam = f.get('state') ?? ''
      if (f.get('decision') !== 'approve') return redirectWith(ctx, r.redirect, { error: 'access_denied', state: stateParam })
      const granted = f.getAll('scope').filter((s) => r.scopes.includes(s))
      const code = token('code_')
      const userId = `OURA-${(hashString(stateParam || code) >>> 0).toString(16).toUpperCase()}`
      state.ouraCodes.set(code, { clientId: r.app.clientId, redirectUri: f.get('redirect_uri') || null, scopes: granted, userId, createdAt: Date.now(), used: false })
      redirectWith(ctx, r.redirect, { code, scope: granted.join(' '), state: stateParam })
    }),

    route('POST', '/_oura/api/oauth/token', (ctx) => {
      const f = new URLSearchParams(ctx.body)
      let clientId = f.get('client_id') ?? ''
      let clientSecret = f.get('client_secret') ?? ''
      const basic = /^Basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '')
      if (basic) {
        const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')
        clientId = id ?? ''
        clientSecret = secret ?? ''
      }
      const app = state.ouraApps.get(clientId)
      // Client authentication comes before the grant (RFC 6749 §3.2.1): the preflight probe relies on it.
      if (!app || app.clientSecret !== clientSecret) return ouraError(ctx, 401, 'Invalid Client ID', 'invalid_client', 'Invalid client_id or client_secret')
      const grant = f.get('grant_type')
      if (grant === 'authorization_code') {
        const r = exchangeCode(state, { code: f.get('code') ?? '', clientId, clientSecret, redirectUri: f.get('redirect_uri') })
        if (!r.ok) return ouraError(ctx, r.status, r.title, r.error, r.description)
        return json(ctx.res, 200, { token_type: 'bearer', access_token: r.access, expires_in: 86400, refresh_token: r.refresh })
      }
      if (grant === 'refresh_token') {
        if (app.portal === 'new') return ouraError(ctx, 400, 'Bad Request', 'invalid_request', 'Invalid request')
        const rt = state.ouraRefresh.get(f.get('refresh_token') ?? '')
        if (!rt || rt.used || rt.clientId !== clientId) {
          return ouraError(ctx, 400, 'Token Already Used Or Revoked', 'invalid_grant', 'Token already used or revoked', 'Refresh token can only be used once.')
        }
        rt.used = true
        const access = token('oa_')
        const refresh = token('or_')
        state.ouraAccess.set(access, { clientId, scopes: rt.scopes, userId: rt.userId, revoked: false, expiresAt: Date.now() + 86_400_000 })
        state.ouraRefresh.set(refresh, { clientId, scopes: rt.scopes, userId: rt.userId, used: false, access })
        return json(ctx.res, 200, { token_type: 'bearer', access_token: access, expires_in: 86400, refresh_token: refresh })
      }
      ouraError(ctx, 400, 'Invalid Grant Type', 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token')
    }),

    ...['GET', 'POST'].map((m) =>
      route(m, '/_oura/api/oauth/revoke', (ctx) => {
        const t = state.ouraAccess.get(ctx.url.searchParams.get('access_token') ?? '')
        if (!t || t.revoked) return json(ctx.res, 401, { status: 401, title: 'Invalid Token', error: 'invalid_token' })
        t.revoked = true
        for (const r of state.ouraRefresh.values()) if (r.access && state.ouraAccess.get(r.access) === t) r.used = true
        empty(ctx.res, 200)
      })
    ),

    route('GET', '/_oura/api/v2/usercollection/personal_info', (ctx) => {
      const t = bearer(state, ctx)
      if (!t) return
      json(ctx.res, 200, {
        id: t.userId,
        age: t.scopes.includes('personal') ? 42 : null,
        weight: t.scopes.includes('personal') ? 90.2 : null,
        height: t.scopes.includes('personal') ? 1.8 : null,
        biological_sex: t.scopes.includes('personal') ? 'male' : null,
        email: t.scopes.includes('email') ? 'user@example.com' : null
      })
    }),

    route('GET', '/_oura/api/v2/usercollection/{type}', (ctx, p) => {
      const t = bearer(state, ctx)
      if (!t) return
      const scope = Object.entries(SCOPE_TYPES).find(([, types]) => types.includes(p.type!))?.[0]
      if (!scope) return json(ctx.res, 404, { detail: 'Not Found' })
      if (!t.scopes.includes(scope)) return json(ctx.res, 403, { status: 403, title: 'Missing Scopes', detail: `Missing required scopes: ${scope}` })
      json(ctx.res, 200, { data: [], next_token: null })
    }),

    route('GET', '/_oura/api/v2/webhook/subscription', (ctx) => {
      const app = appAuth(state, ctx)
      if (!app) return
      json(ctx.res, 200, [...state.ouraWebhooks.values()].filter((w) => w.clientId === app.clientId).map(({ clientId: _c, ...w }) => w))
    }),
    route('POST', '/_oura/api/v2/webhook/subscription', (ctx) => {
      const app = appAuth(state, ctx)
      if (!app) return
      let b: Record<string, string>
      try {
        b = JSON.parse(ctx.body) as Record<string, string>
      } catch {
        return json(ctx.res, 422, { detail: [{ loc: ['body'], msg: 'invalid JSON', type: 'value_error' }] })
      }
      const missing = ['callback_url', 'verification_token', 'event_type', 'data_type'].filter((k) => !b[k])
      if (missing.length) return json(ctx.res, 422, { detail: missing.map((k) => ({ loc: ['body', k], msg: 'field required', type: 'value_error.missing' })) })
      const id = token('wh_')
      const w = { id, clientId: app.clientId, callback_url: b.callback_url!, event_type: b.event_type!, data_type: b.data_type!, expiration_time: new Date(Date.now() + 90 * 86_400_000).toISOString() }
      state.ouraWebhooks.set(id, w)
      const { clientId: _c, ...model } = w
      json(ctx.res, 201, model)
    }),
    route('GET', '/_oura/api/v2/webhook/subscription/{id}', (ctx, p) => {
      const app = appAuth(state, ctx)
      if (!app) return
      const w = state.ouraWebhooks.get(p.id!)
      if (!w || w.clientId !== app.clientId) return json(ctx.res, 403, { detail: 'Webhook with specified id does not exist.' })
      const { clientId: _c, ...model } = w
      json(ctx.res, 200, model)
    }),
    route('PUT', '/_oura/api/v2/webhook/subscription/renew/{id}', (ctx, p) => {
      const app = appAuth(state, ctx)
      if (!app) return
      const w = state.ouraWebhooks.get(p.id!)
      if (!w || w.clientId !== app.clientId) return json(ctx.res, 403, { detail: 'Webhook with specified id does not exist.' })
      w.expiration_time = new Date(Date.now() + 90 * 86_400_000).toISOString()
      const { clientId: _c, ...model } = w
      json(ctx.res, 200, model)
    }),
    route('DELETE', '/_oura/api/v2/webhook/subscription/{id}', (ctx, p) => {
      const app = appAuth(state, ctx)
      if (!app) return
      const w = state.ouraWebhooks.get(p.id!)
      if (!w || w.clientId !== app.clientId) return json(ctx.res, 403, { detail: 'Webhook with specified id does not exist.' })
      state.ouraWebhooks.delete(p.id!)
      empty(ctx.res, 204)
    })
  ]
}
