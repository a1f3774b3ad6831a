import { matchRedirectUrl } from '../../preload/contract/rules/redirect-url'
import { json, empty, parseJson, route, sahhaError, type Ctx, type Route } from './http-util'
import type { Account, SimState } from './store'
import { token, insertSorted } from './store'
import { exchangeCode } from './oura-routes'
import { hashString } from './random'

/** Sahha's documented endpoints (sahha-api.md §2-§3) and the callback behaviour of §3.1. */

const TOKEN_TTL_MS = 86_400_000

export function authAs(state: SimState, ctx: Ctx, kind: 'account' | 'profile'): { acct: Account; externalId?: string } | null {
  const header = ctx.req.headers.authorization ?? ''
  const m = /^(\S+)\s+(\S+)$/.exec(header)
  if (!m || m[1]!.toLowerCase() !== kind) {
    sahhaError(ctx.res, 401, ctx.url.pathname, 'authorization', `Expected "Authorization: ${kind} {token}".`)
    return null
  }
  const t = state.sahhaTokens.get(m[2]!)
  if (!t || t.kind !== kind || t.expiresAt < Date.now()) {
    sahhaError(ctx.res, 401, ctx.url.pathname, 'authorization', 'The token is missing, expired or of the wrong kind.')
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
  state.sahhaTokens.set(profileToken, { kind: 'profile', accountId: acct.id, externalId, expiresAt: Date.now() + TOKEN_TTL_MS })
  state.sahhaTokens.set(refreshToken, { kind: 'profile', accountId: acct.id, externalId, expiresAt: Number.MAX_SAFE_INTEGER })
  return { profileToken, refreshToken, expiresIn: 86400 }
}

function externalIdFrom(ctx: Ctx): string | null {
  const b = parseJson(ctx.body)
  const v = b?.externalId ?? b?.profileId
  return typeof v === 'string' ? v : null
}

export function sahhaRoutes(state: SimState): Route[] {
  return [
    route('POST', '/api/v1/oauth/account/token', (ctx) => {
      const b = parseJson(ctx.body)
      const acct = typeof b?.clientId === 'string' ? state.accountsByClientId.get(b.clientId) : undefined
      if (!acct || b?.clientSecret !== acct.clientSecret) {
        return sahhaError(ctx.res, 401, ctx.url.pathname, 'clientSecret', 'Invalid clientId or clientSecret.')
      }
      const accountToken = token('acct_')
      state.sahhaTokens.set(accountToken, { kind: 'account', accountId: acct.id, expiresAt: Date.now() + TOKEN_TTL_MS })
      json(ctx.res, 200, { accountToken, expiresIn: 86400 })
    }),

    route('POST', '/api/v1/oauth/profile/register', (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const externalId = externalIdFrom(ctx)
      if (!externalId || externalId.length > 100 || a.acct.profiles.has(externalId)) {
        return sahhaError(ctx.res, 400, ctx.url.pathname, 'externalId', 'externalId is invalid or already in use')
      }
      a.acct.profiles.set(externalId, { profileId: `7d0c6a1e-0000-4000-9000-${(hashString(externalId) >>> 0).toString(16).padStart(12, '0')}`, externalId, createdAtUtc: new Date().toISOString() })
      json(ctx.res, 201, issueProfileToken(state, a.acct, externalId))
    }),

    route('POST', '/api/v1/oauth/profile/token', (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const externalId = externalIdFrom(ctx)
      if (!externalId || !a.acct.profiles.has(externalId)) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'No profile with this externalId.')
      json(ctx.res, 200, issueProfileToken(state, a.acct, externalId))
    }),

    route('POST', '/api/v1/oauth/profile/refreshToken', (ctx) => {
      const a = authAs(state, ctx, 'profile')
      if (!a) return
      const b = parseJson(ctx.body)
      const r = typeof b?.refreshToken === 'string' ? state.sahhaTokens.get(b.refreshToken) : undefined
      if (!r || r.externalId !== a.externalId) return sahhaError(ctx.res, 401, ctx.url.pathname, 'refreshToken', 'Invalid refresh token.')
      json(ctx.res, 200, issueProfileToken(state, a.acct, a.externalId!))
    }),

    route('GET', '/api/v1/account/profile/search', (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const q = ctx.url.searchParams.get('searchParameter') ?? ''
      const page = Math.max(1, Number(ctx.url.searchParams.get('currentPage') ?? 1) || 1)
      const size = Math.min(1000, Math.max(1, Number(ctx.url.searchParams.get('pageSize') ?? 50) || 50))
      const all = [...a.acct.profiles.values()].filter((p) => p.externalId.startsWith(q))
      json(ctx.res, 200, { items: all.slice((page - 1) * size, page * size), currentPage: page, pageSize: size, totalCount: all.length })
    }),

    route('GET', '/api/v1/account/profile/{externalId}', (ctx, p) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      const prof = a.acct.profiles.get(p.externalId!)
      if (!prof) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'No profile with this externalId.')
      json(ctx.res, 200, { ...prof, accountId: a.acct.id })
    }),

    route('GET', '/api/v1/profile/integration', (ctx) => {
      const a = authAs(state, ctx, 'profile')
      if (!a) return
      profileIntegrations(ctx, a.acct, a.externalId!)
    }),

    route('GET', '/api/v1/profile/integration/{externalId}', (ctx, p) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      profileIntegrations(ctx, a.acct, p.externalId!)
    }),

    route('GET', '/api/v1/integration/oauth/{provider}/authorize', (ctx, p) => {
      const a = authAs(state, ctx, 'profile')
      if (!a) return
      const integ = a.acct.integrations.get(p.provider!)
      if (!integ || !integ.enabled || p.provider !== 'oura') {
        return sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', `No enabled ${p.provider} integration for this account.`)
      }
      const wanted = ctx.url.searchParams.get('redirectUrl') ?? undefined
      const match = matchRedirectUrl(integ.redirectUrlWhitelist, wanted)
      if (!match.accepted) {
        const msg = integ.redirectUrlWhitelist.length === 0 ? 'The Redirect URL Whitelist is empty.' : 'redirectUrl does not match any Redirect URL Whitelist entry'
        return sahhaError(ctx.res, 400, ctx.url.pathname, 'redirectUrl', msg)
      }
      const stateId = token('st_')
      const externalId = a.externalId!
      state.oauthStates.set(stateId, { accountId: a.acct.id, externalId, provider: 'oura', redirectUrl: wanted ?? match.entry, requestedScopes: [...integ.scopes], createdAt: Date.now() })
      const now = new Date().toISOString()
      let c = a.acct.connections.get(externalId)
      if (!c) {
        c = {
          externalId,
          state: 'pending',
          stateChangedAt: now,
          connectedAt: null,
          lastSyncAt: null,
          lastDataAt: null,
          requestedScopes: [...integ.scopes],
          grantedScopes: [],
          providerUserId: null,
          lastError: null,
          mode: null,
          events: [],
          modeEvents: null,
          refreshFailures: 0
        }
        a.acct.connections.set(externalId, c)
        insertSorted(a.acct.connIds, externalId)
      } else if (c.state !== 'connected') {
        c.state = 'pending'
        c.stateChangedAt = now
      }
      ;(c.events ??= []).push({ at: now, type: 'authorize_started', data: { redirectUrl: wanted ?? match.entry, requestedScopes: [...integ.scopes] } })
      a.acct.version++
      const callback = `${ctx.base}/api/v1/integration/oauth/oura/callback`
      const u = `${ctx.base}/_oura/cloud/oauth/authorize?response_type=code&client_id=${encodeURIComponent(integ.clientId)}&redirect_uri=${encodeURIComponent(callback)}&scope=${integ.scopes.map(encodeURIComponent).join('%20')}&state=${encodeURIComponent(stateId)}`
      json(ctx.res, 200, { authorizationUrl: u })
    }),

    route('GET', '/api/v1/integration/oauth/{provider}/callback', (ctx) => {
      const q = ctx.url.searchParams
      const st = state.oauthStates.get(q.get('state') ?? '')
      if (!st) return sahhaError(ctx.res, 400, ctx.url.pathname, 'state', 'Unknown or expired state.')
      state.oauthStates.delete(q.get('state')!)
      const acct = state.accounts.get(st.accountId)!
      const integ = acct.integrations.get('oura')!
      const c = acct.connections.get(st.externalId)!
      const now = new Date().toISOString()
      const back = (params: Record<string, string>) => {
        const target = new URL(st.redirectUrl)
        target.searchParams.set('provider', 'oura')
        for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v)
        empty(ctx.res, 302, { Location: target.toString() })
      }
      const fail = (source: string, httpStatus: number | null, code: string, title: string, message: string, newState: string, eventType: string) => {
        c.lastError = { at: now, source, httpStatus, code, title, message }
        if (!(code === 'access_denied' && c.state === 'connected')) {
          c.state = newState
          c.stateChangedAt = now
        }
        ;(c.events ??= []).push({ at: now, type: eventType, data: { source, httpStatus, code, title, message } })
        acct.version++
        back({ status: 'error', error: code, error_description: message })
      }
      const error = q.get('error')
      if (error) {
        const desc = q.get('error_description') ?? ''
        if (error === 'access_denied') return fail('oura_authorize', null, 'access_denied', 'Access Denied', desc || 'The user denied access', 'needs_reauth', 'consent_denied')
        return fail('oura_authorize', null, error, error === 'invalid_scope' ? 'Invalid Scope' : 'Authorization Failed', desc, 'error', 'authorize_failed')
      }
      const callback = `${ctx.base}/api/v1/integration/oauth/oura/callback`
      const exchanged = exchangeCode(state, { code: q.get('code') ?? '', clientId: integ.clientId, clientSecret: integ.clientSecret, redirectUri: callback })
      if (!exchanged.ok) return fail('oura_token', exchanged.status, exchanged.error, exchanged.title, exchanged.description, 'error', 'token_exchange_failed')
      const granted = (q.get('scope') ?? '').split(' ').filter(Boolean)
      const all = st.requestedScopes.every((s) => granted.includes(s))
      c.requestedScopes = st.requestedScopes
      c.grantedScopes = granted
      c.providerUserId = exchanged.userId
      c.state = all ? 'connected' : 'scope_missing'
      c.stateChangedAt = now
      c.connectedAt = now
      c.lastSyncAt = now
      c.lastError = null
      c.mode = null
      c.modeEvents = null
      ;(c.events ??= []).push(
        { at: now, type: 'authorized', data: { requestedScopes: st.requestedScopes, grantedScopes: granted } },
        { at: now, type: 'backfill_started', data: { days: 30 } }
      )
      acct.version++
      back({ status: 'connected' })
    })
  ]
}

function profileIntegrations(ctx: Ctx, acct: Account, externalId: string) {
  const c = acct.connections.get(externalId)
  if (!c || !c.providerUserId || c.state === 'disconnected') return empty(ctx.res, 204)
  json(ctx.res, 200, [{ integrationType: 'oura', integrationIdentifier: c.providerUserId }])
}
