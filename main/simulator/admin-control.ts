import { checkFaultConfig, type FaultInjector } from './faults'
import { isStringArray, json, parseJson, route, type Route } from './http-util'
import { connectedUsers } from './oura-routes'
import { callbackUrlOf } from './sahha-routes'
import { BREAKING_MODES, injectMode, isModeId, OURA_SCOPES, recoverConnection } from './seed'
import { findProfile, toSec, type Connection, type OuraApp, type SimState } from './store'

/**
 * /_admin/…: the simulator's own control routes (no auth; they exist only on the simulator and are never
 * hit by fault injection). Used by tests, benchmarks and the Demo set-up.
 */

export interface ControlContext {
  state: SimState
  faults: FaultInjector
  /** The account fault-injection by failure mode applies to when none is named. */
  defaultAccountId: string
}

const bad = (message: string) => ({ error: 'bad_request', message })

function appView(app: OuraApp) {
  return {
    clientId: app.clientId,
    name: app.name,
    clientSecretSet: app.clientSecret !== '',
    redirectUris: app.redirectUris,
    enabledScopes: app.enabledScopes,
    approved: app.approved,
    portal: app.portal,
    serverSideAllowed: app.serverSideAllowed,
    connectedUsers: connectedUsers(app)
  }
}

/** States /_admin/churn counts as broken (the admin vocabulary's broken states; pending and disconnected are not). */
const CHURN_BROKEN = new Set(['needs_reauth', 'scope_missing', 'membership_expired', 'error'])

/** n of the candidates, spread evenly over the externalId order, starting at a rotating offset (so repeated churns differ). */
function spread(cands: Connection[], n: number, round: number): Connection[] {
  if (n >= cands.length) return cands
  const step = cands.length / n
  const off = (round * 0.618033988749895 * step) % step
  return Array.from({ length: n }, (_, k) => cands[Math.floor(off + k * step)]!)
}

export function adminControlRoutes(ctl: ControlContext): Route[] {
  const { state, faults } = ctl
  let churnRound = 0
  return [
    route('POST', '/_admin/accounts', (ctx) => {
      const b = parseJson(ctx.body)
      if (typeof b?.clientId !== 'string' || !b.clientId || typeof b.clientSecret !== 'string' || !b.clientSecret) return json(ctx.res, 400, bad('clientId and clientSecret (non-empty strings) are required'))
      if (state.accountsByClientId.has(b.clientId)) return json(ctx.res, 409, { error: 'conflict', message: 'An account with this clientId exists' })
      const acct = state.addAccount(b.clientId, b.clientSecret)
      json(ctx.res, 201, { id: acct.id, clientId: acct.clientId })
    }),

    route('PUT', '/_admin/oura/apps/{id}', (ctx, p) => {
      const b = parseJson(ctx.body)
      if (!b) return json(ctx.res, 400, bad('The body must be a JSON object'))
      const prev = state.ouraApps.get(p.id!)
      if (b.clientSecret !== undefined && typeof b.clientSecret !== 'string') return json(ctx.res, 400, bad('clientSecret must be a string'))
      if (b.redirectUris !== undefined && !isStringArray(b.redirectUris)) return json(ctx.res, 400, bad('redirectUris must be a list of strings'))
      if (b.enabledScopes !== undefined && !isStringArray(b.enabledScopes)) return json(ctx.res, 400, bad('enabledScopes must be a list of strings'))
      if (isStringArray(b.enabledScopes) && b.enabledScopes.some((s) => !OURA_SCOPES.includes(s))) return json(ctx.res, 400, bad(`enabledScopes must be among ${OURA_SCOPES.join(', ')}`))
      if (b.approved !== undefined && typeof b.approved !== 'boolean') return json(ctx.res, 400, bad('approved must be a boolean'))
      if (b.portal !== undefined && b.portal !== 'classic' && b.portal !== 'new') return json(ctx.res, 400, bad('portal must be "classic" or "new"'))
      if (b.serverSideAllowed !== undefined && typeof b.serverSideAllowed !== 'boolean') return json(ctx.res, 400, bad('serverSideAllowed must be a boolean'))
      if (b.connectedUsers !== undefined && !(typeof b.connectedUsers === 'number' && Number.isInteger(b.connectedUsers) && b.connectedUsers >= 0)) {
        return json(ctx.res, 400, bad('connectedUsers must be an integer >= 0'))
      }
      if (!prev && typeof b.clientSecret !== 'string') return json(ctx.res, 400, bad('clientSecret is required to create an app'))
      const app: OuraApp = {
        clientId: p.id!,
        clientSecret: typeof b.clientSecret === 'string' ? b.clientSecret : prev!.clientSecret,
        name: typeof b.name === 'string' && b.name ? b.name : (prev?.name ?? 'Oura API application'),
        redirectUris: isStringArray(b.redirectUris) ? [...b.redirectUris] : (prev?.redirectUris ?? [callbackUrlOf(ctx.base, 'oura')]),
        enabledScopes: isStringArray(b.enabledScopes) ? [...b.enabledScopes] : (prev?.enabledScopes ?? [...OURA_SCOPES]),
        approved: typeof b.approved === 'boolean' ? b.approved : (prev?.approved ?? false),
        portal: b.portal === 'new' || b.portal === 'classic' ? b.portal : (prev?.portal ?? 'classic'),
        serverSideAllowed: typeof b.serverSideAllowed === 'boolean' ? b.serverSideAllowed : (prev?.serverSideAllowed ?? true),
        baselineUsers: typeof b.connectedUsers === 'number' ? b.connectedUsers : (prev?.baselineUsers ?? 0),
        users: prev?.users ?? new Set()
      }
      state.ouraApps.set(app.clientId, app)
      json(ctx.res, prev ? 200 : 201, appView(app))
    }),

    route('GET', '/_admin/oura/apps/{id}', (ctx, p) => {
      const app = state.ouraApps.get(p.id!)
      if (!app) return json(ctx.res, 404, { error: 'not_found', message: 'No such Oura app' })
      json(ctx.res, 200, appView(app))
    }),

    // Oura-side facts about one user: lapsed membership (403) and data types their outdated app cannot share (426).
    route('PUT', '/_admin/oura/users/{id}', (ctx, p) => {
      const b = parseJson(ctx.body)
      if (!b) return json(ctx.res, 400, bad('The body must be a JSON object'))
      if (b.membershipExpired !== undefined && typeof b.membershipExpired !== 'boolean') return json(ctx.res, 400, bad('membershipExpired must be a boolean'))
      if (b.outdatedDataTypes !== undefined && !isStringArray(b.outdatedDataTypes)) return json(ctx.res, 400, bad('outdatedDataTypes must be a list of strings'))
      const prev = state.ouraUsers.get(p.id!)
      const user = {
        membershipExpired: typeof b.membershipExpired === 'boolean' ? b.membershipExpired : (prev?.membershipExpired ?? false),
        outdatedDataTypes: isStringArray(b.outdatedDataTypes) ? [...b.outdatedDataTypes] : (prev?.outdatedDataTypes ?? [])
      }
      state.ouraUsers.set(p.id!, user)
      json(ctx.res, 200, { id: p.id, ...user })
    }),

    // Makes every issued Oura access token expired (data calls then answer 401 "Expired Token").
    route('POST', '/_admin/oura/expire-access-tokens', (ctx) => {
      let n = 0
      for (const t of state.ouraAccess.values()) {
        t.expiresAt = 0
        n++
      }
      json(ctx.res, 200, { expired: n })
    }),

    // The simulated Sahha Dashboard (seed step 2): what an operator changes there by hand. Works whether or not
    // the host serves the admin API, so a documented-only Demo can be "applied" and then verified live.
    route('PUT', '/_admin/dashboard/{account}/integrations/{provider}', (ctx, p) => {
      const acct = state.accountsByClientId.get(p.account!)
      if (!acct) return json(ctx.res, 404, { error: 'not_found', message: 'No such account (give its clientId)' })
      const b = parseJson(ctx.body)
      if (!b) return json(ctx.res, 400, bad('The body must be a JSON object'))
      for (const k of ['scopes', 'redirectUrlWhitelist'] as const) if (b[k] !== undefined && !isStringArray(b[k])) return json(ctx.res, 400, bad(`${k} must be a list of strings`))
      if (b.clientId !== undefined && (typeof b.clientId !== 'string' || !b.clientId)) return json(ctx.res, 400, bad('clientId must be a non-empty string'))
      if (b.clientSecret !== undefined && (typeof b.clientSecret !== 'string' || !b.clientSecret)) return json(ctx.res, 400, bad('clientSecret must be a non-empty string'))
      if (b.enabled !== undefined && typeof b.enabled !== 'boolean') return json(ctx.res, 400, bad('enabled must be a boolean'))
      const prev = acct.integrations.get(p.provider!)
      if (!prev && (typeof b.clientId !== 'string' || typeof b.clientSecret !== 'string')) return json(ctx.res, 400, bad('clientId and clientSecret are required to add the integration'))
      const now = new Date().toISOString()
      const next = {
        provider: p.provider!,
        enabled: typeof b.enabled === 'boolean' ? b.enabled : (prev?.enabled ?? true),
        clientId: typeof b.clientId === 'string' ? b.clientId : prev!.clientId,
        clientSecret: typeof b.clientSecret === 'string' ? b.clientSecret : prev!.clientSecret,
        clientSecretUpdatedAt: typeof b.clientSecret === 'string' ? now : prev!.clientSecretUpdatedAt,
        // Sahha's Dashboard selects every provider scope by default (seed step 2).
        scopes: isStringArray(b.scopes) ? [...b.scopes] : (prev?.scopes ?? [...OURA_SCOPES]),
        providerAppScopes: prev?.providerAppScopes ?? null,
        redirectUrlWhitelist: isStringArray(b.redirectUrlWhitelist) ? [...b.redirectUrlWhitelist] : (prev?.redirectUrlWhitelist ?? []),
        version: (prev?.version ?? 0) + 1,
        updatedAt: now,
        updatedBy: 'dashboard'
      }
      // errorOf() of every item depends on the scope selection: a scope change moves every item's updatedAt.
      if (prev && prev.scopes.join(' ') !== next.scopes.join(' ')) acct.itemsChangedAt = toSec(Date.now())
      acct.integrations.set(next.provider, next)
      acct.version++
      json(ctx.res, prev ? 200 : 201, { provider: next.provider, enabled: next.enabled, clientId: next.clientId, scopes: next.scopes, redirectUrlWhitelist: next.redirectUrlWhitelist, version: next.version })
    }),

    route('GET', '/_admin/options', (ctx) => json(ctx.res, 200, state.options)),
    route('POST', '/_admin/options', (ctx) => {
      const b = parseJson(ctx.body)
      if (!b) return json(ctx.res, 400, bad('The body must be a JSON object'))
      if (b.unknownWebhookStatus !== undefined && b.unknownWebhookStatus !== 403 && b.unknownWebhookStatus !== 404) return json(ctx.res, 400, bad('unknownWebhookStatus must be 403 or 404'))
      if (b.unknownScope !== undefined && b.unknownScope !== 'error' && b.unknownScope !== 'drop') return json(ctx.res, 400, bad('unknownScope must be "error" or "drop"'))
      if (b.verifyWebhooks !== undefined && typeof b.verifyWebhooks !== 'boolean') return json(ctx.res, 400, bad('verifyWebhooks must be a boolean'))
      if (b.webhookAuthStatus !== undefined && b.webhookAuthStatus !== 401 && b.webhookAuthStatus !== 403) return json(ctx.res, 400, bad('webhookAuthStatus must be 401 or 403'))
      if (b.unknownProfileTokenStatus !== undefined && b.unknownProfileTokenStatus !== 400 && b.unknownProfileTokenStatus !== 404) return json(ctx.res, 400, bad('unknownProfileTokenStatus must be 400 or 404'))
      if (b.unknownWebhookStatus === 403 || b.unknownWebhookStatus === 404) state.options.unknownWebhookStatus = b.unknownWebhookStatus
      if (b.unknownScope === 'error' || b.unknownScope === 'drop') state.options.unknownScope = b.unknownScope
      if (typeof b.verifyWebhooks === 'boolean') state.options.verifyWebhooks = b.verifyWebhooks
      if (b.webhookAuthStatus === 401 || b.webhookAuthStatus === 403) state.options.webhookAuthStatus = b.webhookAuthStatus
      if (b.unknownProfileTokenStatus === 400 || b.unknownProfileTokenStatus === 404) state.options.unknownProfileTokenStatus = b.unknownProfileTokenStatus
      json(ctx.res, 200, state.options)
    }),

    route('GET', '/_admin/faults', (ctx) => json(ctx.res, 200, { faults: faults.current })),
    route('POST', '/_admin/faults', (ctx) => {
      const r = checkFaultConfig(parseJson(ctx.body))
      if (!r.ok) return json(ctx.res, 400, bad(r.message))
      faults.set(r.config)
      json(ctx.res, 200, { faults: faults.current })
    }),
    route('DELETE', '/_admin/faults', (ctx) => {
      faults.set(null)
      json(ctx.res, 200, { faults: null })
    }),

    route('GET', '/_admin/stats', (ctx) => {
      json(ctx.res, 200, {
        requests: state.stats.requests,
        faults: state.stats.faults,
        faultsByKind: Object.fromEntries(faults.byKind),
        byRoute: Object.fromEntries([...state.stats.byRoute].sort((a, b) => b[1] - a[1])),
        unmatched: Object.fromEntries(state.stats.unmatched)
      })
    }),

    // Invalidates every issued Sahha account and profile token (refresh tokens stay valid), to test refresh-once-on-401.
    route('POST', '/_admin/expire-tokens', (ctx) => {
      let n = 0
      for (const t of state.sahhaTokens.values()) {
        t.expiresAt = 0
        n++
      }
      json(ctx.res, 200, { expired: n })
    }),

    // contract.md: n healthy (connected) users break, n broken users are fixed, in one step, so a following sync sees
    // both kinds of change (the Changes view, spike alerts, the incremental-sync bench). Answers the externalIds.
    route('POST', '/_admin/churn', (ctx) => {
      const b = parseJson(ctx.body)
      if (!b) return json(ctx.res, 400, bad('The body must be a JSON object'))
      const count = (v: unknown) => (v === undefined ? 0 : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : -1)
      const nBreak = count(b.break)
      const nFix = count(b.fix)
      if (nBreak < 0 || nFix < 0) return json(ctx.res, 400, bad('break and fix must be integers >= 0'))
      if (b.mode !== undefined && (typeof b.mode !== 'string' || !BREAKING_MODES.includes(b.mode))) {
        return json(ctx.res, 400, bad(`mode must be a failure-mode id that breaks a connected user: ${BREAKING_MODES.join(', ')}`))
      }
      const acct = typeof b.account === 'string' ? state.accountsByClientId.get(b.account) : state.accounts.get(ctl.defaultAccountId)
      if (!acct) return json(ctx.res, 404, { error: 'not_found', message: 'No such account (give its clientId)' })
      const scopes = acct.integrations.get('oura')?.scopes ?? []
      const healthy: Connection[] = []
      const broken: Connection[] = []
      for (const c of acct.conns) {
        if (c.state === 'connected') healthy.push(c)
        else if (CHURN_BROKEN.has(c.state)) broken.push(c)
      }
      const round = churnRound++
      const toBreak = spread(healthy, nBreak, round)
      const toFix = spread(broken, nFix, round)
      const now = Date.now()
      toBreak.forEach((c, k) => injectMode(c, typeof b.mode === 'string' ? b.mode : BREAKING_MODES[(k + round) % BREAKING_MODES.length]!, now, scopes))
      for (const c of toFix) recoverConnection(c, now, scopes)
      if (toBreak.length || toFix.length) acct.version++
      json(ctx.res, 200, { broken: toBreak.map((c) => c.externalId), fixed: toFix.map((c) => c.externalId) })
    }),

    // failure-modes.md §2: writes a mode's evidence onto connections named by externalId or a share of them.
    route('POST', '/_admin/failure-modes', (ctx) => {
      const b = parseJson(ctx.body)
      if (!b || typeof b.mode !== 'string' || !isModeId(b.mode)) return json(ctx.res, 400, bad('mode must be a failure-mode id of failure-modes.md'))
      const acct = typeof b.account === 'string' ? state.accountsByClientId.get(b.account) : state.accounts.get(ctl.defaultAccountId)
      if (!acct) return json(ctx.res, 404, { error: 'not_found', message: 'No such account (give its clientId)' })
      const integ = acct.integrations.get('oura')
      if (!integ) return json(ctx.res, 409, { error: 'conflict', message: 'The account has no oura integration' })
      const now = Date.now()
      let targets: string[]
      if (isStringArray(b.externalIds)) targets = b.externalIds
      else if (typeof b.share === 'number' && b.share > 0 && b.share <= 1) {
        const step = Math.max(1, Math.round(1 / b.share))
        targets = acct.conns.filter((_, i) => i % step === 0).map((c) => c.externalId)
      } else return json(ctx.res, 400, bad('Give externalIds (list) or share (0..1]'))
      const missing: string[] = []
      let applied = 0
      for (const id of targets) {
        const c = findProfile(acct, id)?.conn
        if (!c) {
          missing.push(id)
          continue
        }
        injectMode(c, b.mode, now, integ.scopes)
        applied++
      }
      if (applied) acct.version++
      json(ctx.res, 200, { mode: b.mode, applied, missing })
    })
  ]
}
