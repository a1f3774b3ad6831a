import { isStringArray, json, parseJson, route, sahhaError, sahhaErrors, type Ctx, type Route } from './http-util'
import { revokeAccessToken } from './oura-routes'
import { normalizeRedirect } from './redirect-rules'
import { redactSecrets } from '../../preload/contract/secret-patterns'
import { authAs, callbackUrlOf } from './sahha-routes'
import { errorCodeOf, errorData, errorOf, materialize, OURA_SCOPES, timelineOf } from './seed'
import {
  CONNECTION_STATES,
  LIVE_STATES,
  byExternalId,
  findProfile,
  isConnState,
  iso,
  isoOfSec,
  lowerBound,
  profileIdOf,
  secToMs,
  toSec,
  touch,
  updatedAtOf,
  upperBound,
  type Account,
  type ConnState,
  type Connection,
  type Integration,
  type LastError,
  type SimState,
  type TimelineEvent
} from './store'

/**
 * sahha-api.md §5: the integration and connection admin API Sahha has NOT published. Our own contract,
 * kept in this one module so it can be swapped when Sahha publishes its own. Routes live under
 * /api/v1/account/integrations and need `Authorization: account {token}`.
 */

const ROOT = '/api/v1/account/integrations'
const SORTS = ['externalId', 'lastSyncAt', '-lastSyncAt'] as const
type Sort = (typeof SORTS)[number]
/** A simulated backfill takes this long after the callback. */
export const BACKFILL_MS = 3_000
const D = 86_400_000


function configOf(base: string, i: Integration) {
  return {
    provider: i.provider,
    enabled: i.enabled,
    clientId: i.clientId,
    clientSecretSet: i.clientSecret !== '',
    clientSecretLast4: i.clientSecret.length >= 8 ? i.clientSecret.slice(-4) : null,
    clientSecretUpdatedAt: i.clientSecretUpdatedAt,
    scopes: i.scopes,
    providerAppScopes: i.providerAppScopes,
    redirectUrlWhitelist: i.redirectUrlWhitelist,
    callbackUrl: callbackUrlOf(base, i.provider),
    version: i.version,
    updatedAt: i.updatedAt,
    updatedBy: i.updatedBy
  }
}

/** A flow-made connection finishes its simulated backfill BACKFILL_MS after the callback (applied on read). */
function advance(c: Connection): void {
  if (!c.oura || c.connectedAt < 0 || c.lastDataAt >= 0 || c.state === 'disconnected') return
  const done = secToMs(c.connectedAt) + BACKFILL_MS
  if (Date.now() < done) return
  c.lastDataAt = toSec(done)
  // Applied on read, possibly long after `done`: the item changed now, so an incremental listing sees it.
  touch(c)
  ;(c.events ??= []).push({ at: iso(done), type: 'backfill_completed' }, { at: iso(done), type: 'data_received', data: { dataType: 'daily_activity', days: 30 } })
}

function item(acct: Account, c: Connection, scopes: readonly string[]) {
  advance(c)
  return {
    externalId: c.externalId,
    profileId: profileIdOf(acct, c.profile),
    provider: 'oura',
    state: c.state,
    stateChangedAt: isoOfSec(c.stateChangedAt),
    connectedAt: isoOfSec(c.connectedAt),
    lastSyncAt: isoOfSec(c.lastSyncAt),
    lastDataAt: isoOfSec(c.lastDataAt),
    requestedScopes: c.requestedScopes,
    grantedScopes: c.grantedScopes,
    providerUserId: c.providerUserId,
    lastError: errorOf(c, scopes),
    // [invented] incremental listing: bumped by every change to this user's state, scopes, error or sync/data times.
    updatedAt: isoOfSec(Math.max(0, updatedAtOf(acct, c)))
  }
}

/** The vendor body as it was received, tokens redacted (sahha-api.md §5.4). */
function rawOf(e: LastError | null): string | null {
  if (!e) return null
  let raw: string
  if (e.source === 'oura_authorize') raw = new URLSearchParams({ error: e.code, ...(e.message ? { error_description: e.message } : {}) }).toString()
  else if (e.source === 'sahha') raw = JSON.stringify({ title: e.title, statusCode: e.httpStatus, errors: [{ origin: e.code === 'http_400' ? 'redirectUrl' : 'sahha', errors: [e.message] }] })
  else if (e.code.startsWith('http_')) raw = JSON.stringify({ status: e.httpStatus, title: e.title, detail: e.message })
  else raw = JSON.stringify({ status: e.httpStatus, title: e.title, error: e.code, error_description: e.message })
  return redactSecrets(raw)
}

interface Problem {
  origin: string
  errors: string[]
}

/** sahha-api.md §5.1 validation; every problem is reported, each under its field's origin. */
function validate(body: Record<string, unknown>, creating: boolean): Problem[] {
  const out: Problem[] = []
  const add = (origin: string, message: string) => {
    const p = out.find((x) => x.origin === origin)
    if (p) p.errors.push(message)
    else out.push({ origin, errors: [message] })
  }
  if (typeof body.clientId !== 'string' || body.clientId.trim() === '') add('clientId', 'clientId is required')
  if (body.clientSecret !== undefined && typeof body.clientSecret !== 'string') add('clientSecret', 'clientSecret must be a string')
  if (creating && (typeof body.clientSecret !== 'string' || body.clientSecret === '')) add('clientSecret', 'clientSecret is required to create the integration')
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean') add('enabled', 'enabled must be true or false')
  const scopeList = (field: 'scopes' | 'providerAppScopes', v: unknown) => {
    if (!isStringArray(v)) { add(field, `${field} must be a list of scope names`); return; }
    if (field === 'scopes' && v.length === 0) add(field, 'Select at least one scope: with none, Oura would request all scopes')
    for (const s of v) if (!OURA_SCOPES.includes(s)) add(field, `Unknown scope: ${s}`)
    const dup = v.filter((s, i) => v.indexOf(s) !== i)
    if (dup.length) add(field, `Duplicate scope: ${[...new Set(dup)].join(', ')}`)
  }
  scopeList('scopes', body.scopes)
  if (body.providerAppScopes !== undefined && body.providerAppScopes !== null) scopeList('providerAppScopes', body.providerAppScopes)
  const wl = body.redirectUrlWhitelist
  if (!isStringArray(wl)) add('redirectUrlWhitelist', 'redirectUrlWhitelist must be a list of URLs')
  else if (wl.length === 0) add('redirectUrlWhitelist', 'Add at least one URL: the first entry is the default redirect')
  else {
    const seen = new Map<string, number>()
    wl.forEach((u, i) => {
      const n = normalizeRedirect(u)
      if (!n.ok) return add(`redirectUrlWhitelist[${i}]`, `Entry not allowed: ${n.reason}`)
      const prev = seen.get(n.key)
      if (prev !== undefined) add(`redirectUrlWhitelist[${i}]`, `Same URL as entry ${prev} after normalisation`)
      else seen.set(n.key, i)
    })
  }
  return out
}

/** `If-Match: "7"` (also W/"7" or 7) → 7; anything else → null. */
function versionOf(header: string | string[] | undefined): number | null {
  if (typeof header !== 'string') return null
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim())
  return m ? Number(m[1]) : null
}

interface Cursor {
  s: Sort
  k: string
  t?: number
  /** asOf (ms) of the listing this cursor continues: the same on every page. */
  a?: number
}

export function inventedAdminRoutes(state: SimState): Route[] {
  const sortCache = new WeakMap<Account, { version: number; list: Connection[] }>()
  const countCache = new Map<string, number>()
  const summaryCache = new WeakMap<Account, { version: number; body: { byState: Record<string, number>; byErrorCode: Record<string, number> } }>()

  const withIntegration = (ctx: Ctx, provider: string | undefined, need: boolean): { acct: Account; integ: Integration | undefined } | null => {
    const a = authAs(state, ctx, 'account')
    if (!a) return null
    if (provider !== 'oura') {
      sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', `Unknown or unsupported provider "${provider}".`)
      return null
    }
    const integ = a.acct.integrations.get('oura')
    if (need && !integ) {
      sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', 'The oura integration is not configured for this account.')
      return null
    }
    return { acct: a.acct, integ }
  }

  const byLastSync = (acct: Account): Connection[] => {
    const hit = sortCache.get(acct)
    if (hit && hit.version === acct.version) return hit.list
    const list = acct.conns.slice()
    list.sort((a, b) => a.lastSyncAt - b.lastSyncAt || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
    sortCache.set(acct, { version: acct.version, list })
    return list
  }

  /** Applies an integration change to every live connection at once (sahha-api.md §5.1 "Effect on connections"). */
  const bulkFail = (acct: Account, next: ConnState, e: LastError) => {
    const event: TimelineEvent = { at: e.at, type: 'refresh_failed', data: errorData(e, { grantType: 'refresh_token' }) }
    const at = toSec(Date.parse(e.at))
    for (const c of acct.conns) {
      if (!LIVE_STATES.has(c.state)) continue
      c.state = next
      c.stateChangedAt = at
      c.lastSyncAt = at
      c.err = e
      c.refreshFailures++
      ;(c.events ??= []).push(event)
    }
  }

  return [
    route('GET', ROOT, (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      json(ctx.res, 200, { items: [...a.acct.integrations.values()].map((i) => configOf(ctx.base, i)) })
    }),

    route('GET', `${ROOT}/{provider}`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, true)
      if (!r) return
      json(ctx.res, 200, configOf(ctx.base, r.integ!), { ETag: `"${r.integ!.version}"` })
    }),

    route('PUT', `${ROOT}/{provider}`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, false)
      if (!r) return
      const loc = ctx.url.pathname
      const existing = r.integ
      const ifNoneMatch = ctx.req.headers['if-none-match']
      const ifMatchHeader = ctx.req.headers['if-match']
      const creating = ifNoneMatch === '*'
      if (creating) {
        if (existing) return sahhaError(ctx.res, 409, loc, 'version', 'The integration already exists; update it with If-Match.', { current: configOf(ctx.base, existing) })
      } else if (ifMatchHeader === undefined) {
        return sahhaError(ctx.res, 428, loc, 'If-Match', 'Send If-Match with the version you edited, or If-None-Match: * to create.')
      } else if (!existing) {
        return sahhaError(ctx.res, 404, loc, 'provider', 'The oura integration is not configured yet: create it with If-None-Match: *.')
      } else {
        const v = versionOf(ifMatchHeader)
        if (v !== existing.version) {
          return sahhaError(ctx.res, 409, loc, 'version', `version ${v ?? ifMatchHeader} is stale; current is ${existing.version}`, { current: configOf(ctx.base, existing) })
        }
      }
      const body = parseJson(ctx.body)
      if (!body) return sahhaError(ctx.res, 400, loc, 'body', 'The body must be a JSON object.')
      const problems = validate(body, creating)
      if (problems.length) return sahhaErrors(ctx.res, 400, loc, problems)
      const now = new Date().toISOString()
      const secret = typeof body.clientSecret === 'string' && body.clientSecret !== '' ? body.clientSecret : null
      const updatedBy = ctx.req.headers['x-updated-by']
      const next: Integration = {
        provider: 'oura',
        enabled: typeof body.enabled === 'boolean' ? body.enabled : (existing?.enabled ?? true),
        clientId: (body.clientId as string).trim(),
        clientSecret: secret ?? existing!.clientSecret,
        clientSecretUpdatedAt: secret ? now : existing!.clientSecretUpdatedAt,
        scopes: [...(body.scopes as string[])],
        providerAppScopes: isStringArray(body.providerAppScopes) ? [...body.providerAppScopes] : null,
        redirectUrlWhitelist: [...(body.redirectUrlWhitelist as string[])],
        version: (existing?.version ?? 0) + 1,
        updatedAt: now,
        updatedBy: typeof updatedBy === 'string' && updatedBy.trim() ? updatedBy.trim().slice(0, 200) : r.acct.clientId
      }
      if (existing && existing.clientId !== next.clientId) {
        // Tokens belong to the old Oura app: every live connection fails its next refresh (applied at once).
        bulkFail(r.acct, 'needs_reauth', { at: now, source: 'oura_token', httpStatus: 400, code: 'invalid_grant', title: 'Token Already Used Or Revoked', message: 'Token already used or revoked' })
      } else if (existing && secret && existing.clientSecret !== secret && state.ouraApps.get(next.clientId)?.clientSecret !== secret) {
        // A secret the Oura app does not know: refreshes fail with invalid_client.
        bulkFail(r.acct, 'error', { at: now, source: 'oura_token', httpStatus: 401, code: 'invalid_client', title: 'Invalid Client ID', message: 'Invalid client_id or client_secret' })
      }
      // errorOf() of every item depends on the scope selection: a scope change moves every item's updatedAt.
      if (existing && existing.scopes.join(' ') !== next.scopes.join(' ')) r.acct.itemsChangedAt = toSec(Date.now())
      r.acct.integrations.set('oura', next)
      r.acct.version++
      const notOnApp = next.providerAppScopes ? next.scopes.filter((s) => !next.providerAppScopes!.includes(s)) : []
      json(ctx.res, existing ? 200 : 201, { ...configOf(ctx.base, next), warnings: notOnApp.length ? [{ code: 'SCOPE_NOT_ON_PROVIDER_APP', scopes: notOnApp }] : [] }, { ETag: `"${next.version}"` })
    }),

    route('GET', `${ROOT}/{provider}/connections/summary`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, true)
      if (!r) return
      let hit = summaryCache.get(r.acct)
      if (!hit || hit.version !== r.acct.version) {
        const byState: Record<string, number> = Object.fromEntries(CONNECTION_STATES.map((s) => [s, 0]))
        const byErrorCode: Record<string, number> = {}
        for (const c of r.acct.conns) {
          byState[c.state]!++
          const code = errorCodeOf(c)
          if (code) byErrorCode[code] = (byErrorCode[code] ?? 0) + 1
        }
        hit = { version: r.acct.version, body: { byState, byErrorCode } }
        summaryCache.set(r.acct, hit)
      }
      json(ctx.res, 200, { total: r.acct.conns.length, generatedAt: new Date().toISOString(), ...hit.body })
    }),

    route('GET', `${ROOT}/{provider}/connections`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, true)
      if (!r) return
      const loc = ctx.url.pathname
      const q = ctx.url.searchParams
      const pageSizeRaw = q.get('pageSize')
      const pageSize = pageSizeRaw === null ? 100 : Number(pageSizeRaw)
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return sahhaError(ctx.res, 400, loc, 'pageSize', 'pageSize must be an integer from 1 to 1000')
      const sort = (q.get('sort') ?? 'externalId') as Sort
      if (!SORTS.includes(sort)) return sahhaError(ctx.res, 400, loc, 'sort', 'sort must be externalId, lastSyncAt or -lastSyncAt')
      const stateParam = q.get('state') ?? ''
      const stateList = stateParam.split(',').map((s) => s.trim()).filter(Boolean)
      const badState = stateList.find((s) => !isConnState(s))
      if (badState) return sahhaError(ctx.res, 400, loc, 'state', `Unknown state "${badState}"; use ${CONNECTION_STATES.join(', ')}`)
      const states = stateList.length ? new Set<string>(stateList) : null
      const search = q.get('search') ?? ''
      const errorCode = q.get('errorCode') || null
      const sinceRaw = q.get('updatedSince')
      const sinceMs = sinceRaw === null || sinceRaw === '' ? null : Date.parse(sinceRaw)
      if (sinceMs !== null && (Number.isNaN(sinceMs) || !/^\d{4}-\d{2}-\d{2}T/.test(sinceRaw!))) return sahhaError(ctx.res, 400, loc, 'updatedSince', 'updatedSince must be an ISO 8601 date-time')
      // Items whose updatedAt (whole seconds) is after updatedSince.
      const sinceSec = sinceMs === null ? null : Math.floor((sinceMs - secToMs(0)) / 1000)
      const changed = (c: Connection) => {
        if (sinceSec === null) return true
        advance(c)
        return updatedAtOf(r.acct, c) > sinceSec
      }
      const matches = (c: Connection) =>
        (!states || states.has(c.state)) && (!search || c.externalId.startsWith(search)) && (!errorCode || errorCodeOf(c) === errorCode) && changed(c)

      let cursor: Cursor | null = null
      const cursorRaw = q.get('cursor')
      if (cursorRaw) {
        try {
          const v = JSON.parse(Buffer.from(cursorRaw, 'base64url').toString('utf8')) as Partial<Cursor>
          if (v.s !== sort || typeof v.k !== 'string' || (sort !== 'externalId' && typeof v.t !== 'number')) throw new Error('cursor')
          cursor = { s: v.s, k: v.k, t: v.t, a: typeof v.a === 'number' ? v.a : undefined }
        } catch {
          return sahhaError(ctx.res, 400, loc, 'cursor', 'The cursor is not valid for this query; start again without it.')
        }
      }
      const items: Connection[] = []
      let hasMore = false
      const take = (c: Connection): boolean => {
        if (!matches(c)) return true
        if (items.length === pageSize) {
          hasMore = true
          return false
        }
        items.push(c)
        return true
      }
      if (sort === 'externalId') {
        const list = r.acct.conns
        let i = cursor ? upperBound(list, cursor.k, byExternalId) : lowerBound(list, search, byExternalId)
        if (search && cursor && cursor.k < search) i = lowerBound(list, search, byExternalId)
        for (; i < list.length; i++) {
          const c = list[i]!
          if (search && !c.externalId.startsWith(search)) break
          if (!take(c)) break
        }
      } else {
        const list = byLastSync(r.acct)
        // First index whose (lastSyncAt, externalId) is greater than the cursor's.
        const after = (t: number, k: string) => {
          let lo = 0
          let hi = list.length
          while (lo < hi) {
            const mid = (lo + hi) >>> 1
            const c = list[mid]!
            if (c.lastSyncAt < t || (c.lastSyncAt === t && c.externalId <= k)) lo = mid + 1
            else hi = mid
          }
          return lo
        }
        // First index whose key is >= the cursor's (descending pages continue just below it).
        const atOrAfter = (t: number, k: string) => {
          let lo = 0
          let hi = list.length
          while (lo < hi) {
            const mid = (lo + hi) >>> 1
            const c = list[mid]!
            if (c.lastSyncAt < t || (c.lastSyncAt === t && c.externalId < k)) lo = mid + 1
            else hi = mid
          }
          return lo
        }
        if (sort === 'lastSyncAt') {
          for (let i = cursor ? after(cursor.t!, cursor.k) : 0; i < list.length; i++) if (!take(list[i]!)) break
        } else {
          for (let i = (cursor ? atOrAfter(cursor.t!, cursor.k) : list.length) - 1; i >= 0; i--) if (!take(list[i]!)) break
        }
      }
      // The listing's asOf: the whole second before its first page began (see updatedAtOf), carried by its cursors.
      const asOfMs = cursor?.a ?? (Math.floor(Date.now() / 1000) - 1) * 1000
      const countKey = `${r.acct.id}|${r.acct.version}|${stateList.join(',')}|${search}|${errorCode ?? ''}|${sinceSec ?? ''}`
      let totalCount = countCache.get(countKey)
      if (totalCount === undefined) {
        totalCount = 0
        if (!states && !errorCode && !search && sinceSec === null) totalCount = r.acct.conns.length
        else for (const c of r.acct.conns) if (matches(c)) totalCount++
        if (countCache.size > 500) countCache.clear()
        countCache.set(countKey, totalCount)
      }
      const last = items[items.length - 1]
      const next: Cursor | null = hasMore && last ? (sort === 'externalId' ? { s: sort, k: last.externalId, a: asOfMs } : { s: sort, k: last.externalId, t: last.lastSyncAt, a: asOfMs }) : null
      json(ctx.res, 200, {
        items: items.map((c) => item(r.acct, c, r.integ!.scopes)),
        nextCursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
        totalCount,
        asOf: iso(asOfMs)
      })
    }),

    route('GET', `${ROOT}/{provider}/connections/{externalId}`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, true)
      if (!r) return
      const c = findProfile(r.acct, p.externalId!)?.conn
      if (!c) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'This profile has no Oura connection.')
      const scopes = r.integ!.scopes
      const base = item(r.acct, c, scopes)
      const err = base.lastError
      const connectedMs = c.connectedAt >= 0 ? secToMs(c.connectedAt) : null
      let tokenInfo: { accessTokenExpiresAt: string | null; refreshTokenIssuedAt: string | null; refreshFailures: number } | null = null
      if (c.oura) tokenInfo = { accessTokenExpiresAt: iso(c.oura.accessExpiresAtMs), refreshTokenIssuedAt: iso(c.oura.issuedAtMs), refreshFailures: c.refreshFailures }
      else if (c.lastSyncAt >= 0 && connectedMs !== null) {
        tokenInfo = { accessTokenExpiresAt: iso(secToMs(c.lastSyncAt) + D), refreshTokenIssuedAt: isoOfSec(c.lastSyncAt), refreshFailures: Math.max(c.refreshFailures, err?.source === 'oura_token' ? 1 : 0) }
      }
      const backfillDone = connectedMs !== null && (c.oura ? c.lastDataAt >= 0 : true)
      json(ctx.res, 200, {
        ...base,
        tokenInfo,
        backfill:
          connectedMs === null
            ? null
            : { status: backfillDone ? 'completed' : 'running', from: iso(connectedMs - 30 * D).slice(0, 10), completedAt: backfillDone ? iso(connectedMs + (c.oura ? BACKFILL_MS : 20 * 60_000)) : null },
        lastErrorRaw: rawOf(err),
        timeline: timelineOf(c, scopes)
      })
    }),

    route('DELETE', `${ROOT}/{provider}/connections/{externalId}`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, true)
      if (!r) return
      const c = findProfile(r.acct, p.externalId!)?.conn
      if (!c) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'This profile has no Oura connection.')
      if (c.state !== 'disconnected') {
        const scopes = r.integ!.scopes
        const code = errorCodeOf(c)
        materialize(c, scopes)
        let revoked: boolean
        if (c.oura) revoked = revokeAccessToken(state, c.oura.access).status === 200
        else revoked = c.providerUserId !== null && c.state !== 'needs_reauth' && c.state !== 'pending' && code !== 'invalid_client' && code !== 'invalid_request'
        const now = Date.now()
        c.state = 'disconnected'
        c.stateChangedAt = toSec(now)
        c.revokedAtProvider = revoked
        c.oura = null
        ;(c.events ??= []).push({ at: iso(now), type: 'disconnected', data: { revokedAtProvider: revoked } })
        r.acct.version++
      }
      json(ctx.res, 200, { ...item(r.acct, c, r.integ!.scopes), revokedAtProvider: c.revokedAtProvider ?? true })
    }),

    route('GET', `${ROOT}/{provider}/webhook-status`, (ctx, p) => {
      const r = withIntegration(ctx, p.provider, true)
      if (!r) return
      const now = Date.now()
      const subscriptions = [...state.ouraWebhooks.values()]
        .filter((w) => w.clientId === r.integ!.clientId)
        .map((w) => {
          const exp = Date.parse(w.expiration_time)
          return { dataType: w.data_type, eventType: w.event_type, expiresAt: iso(exp), status: exp < now ? 'expired' : 'active' }
        })
      json(ctx.res, 200, { managedBy: 'sahha', lastEventAt: r.acct.webhookLastEventAt, subscriptions })
    })
  ]
}

