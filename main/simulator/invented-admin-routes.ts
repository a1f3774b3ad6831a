import { validateWhitelist } from '../../preload/contract/rules/redirect-url'
import { json, parseJson, route, sahhaError, type Ctx, type Route } from './http-util'
import { authAs } from './sahha-routes'
import { OURA_SCOPES, timelineOf } from './seed'
import type { Account, Connection, Integration, SimState } from './store'
import { lowerBound, upperBound } from './store'

/**
 * sahha-api.md §5: the integration and connection admin API Sahha has NOT published. Our own contract,
 * in this one module so it can be swapped when Sahha publishes its own.
 */

const ROOT = '/api/v1/account/integrations'
const LIVE = new Set(['connected', 'scope_missing', 'membership_expired'])
const REDACT = /("?(?:access_token|refresh_token|code|client_secret)"?\s*[:=]\s*"?)[^"&\s,}]+/gi

function configOf(base: string, i: Integration) {
  return {
    provider: i.provider,
    enabled: i.enabled,
    clientId: i.clientId,
    clientSecretSet: i.clientSecret !== '',
    clientSecretLast4: i.clientSecret.length >= 12 ? i.clientSecret.slice(-4) : null,
    clientSecretUpdatedAt: i.clientSecretUpdatedAt,
    scopes: i.scopes,
    providerAppScopes: i.providerAppScopes,
    redirectUrlWhitelist: i.redirectUrlWhitelist,
    callbackUrl: `${base}/api/v1/integration/oauth/${i.provider}/callback`,
    version: i.version,
    updatedAt: i.updatedAt,
    updatedBy: i.updatedBy
  }
}

function item(c: Connection) {
  return {
    externalId: c.externalId,
    profileId: null,
    provider: 'oura',
    state: c.state,
    stateChangedAt: c.stateChangedAt,
    connectedAt: c.connectedAt,
    lastSyncAt: c.lastSyncAt,
    lastDataAt: c.lastDataAt,
    requestedScopes: c.requestedScopes,
    grantedScopes: c.grantedScopes,
    providerUserId: c.providerUserId,
    lastError: c.lastError
  }
}

function validate(body: Record<string, unknown>): { origin: string; message: string } | null {
  if (typeof body.clientId !== 'string' || body.clientId.trim() === '') return { origin: 'clientId', message: 'clientId is required' }
  if (!Array.isArray(body.scopes) || body.scopes.length === 0) return { origin: 'scopes', message: 'Select at least one scope (none would request all).' }
  const scopes = body.scopes as unknown[]
  for (const s of scopes) if (typeof s !== 'string' || !OURA_SCOPES.includes(s)) return { origin: 'scopes', message: `Unknown scope: ${String(s)}` }
  if (new Set(scopes).size !== scopes.length) return { origin: 'scopes', message: 'Duplicate scope' }
  if (body.providerAppScopes !== null && body.providerAppScopes !== undefined && !Array.isArray(body.providerAppScopes)) {
    return { origin: 'providerAppScopes', message: 'providerAppScopes must be a list or null' }
  }
  if (!Array.isArray(body.redirectUrlWhitelist) || !body.redirectUrlWhitelist.every((u) => typeof u === 'string')) {
    return { origin: 'redirectUrlWhitelist', message: 'redirectUrlWhitelist must be a list of URLs' }
  }
  const wl = validateWhitelist(body.redirectUrlWhitelist as string[])
  const first = wl.errors[0]
  if (first) return { origin: first.index < 0 ? 'redirectUrlWhitelist' : `redirectUrlWhitelist[${first.index}]`, message: first.message }
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean') return { origin: 'enabled', message: 'enabled must be true or false' }
  return null
}

function version(header: string | undefined): number | null {
  if (!header) return null
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim())
  return m ? Number(m[1]) : null
}

interface Sorted {
  version: number
  byLastSync: Connection[]
}

export function inventedAdminRoutes(state: SimState): Route[] {
  const sortCache = new WeakMap<Account, Sorted>()
  const countCache = new Map<string, number>()

  const withAccount = (ctx: Ctx, provider: string | undefined, need: boolean): { acct: Account; integ: Integration | undefined } | null => {
    const a = authAs(state, ctx, 'account')
    if (!a) return null
    if (provider !== 'oura') {
      sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', `Unknown provider ${provider}.`)
      return null
    }
    const integ = a.acct.integrations.get('oura')
    if (need && !integ) {
      sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', 'The oura integration is not configured.')
      return null
    }
    return { acct: a.acct, integ }
  }

  const byLastSync = (acct: Account): Connection[] => {
    const hit = sortCache.get(acct)
    if (hit && hit.version === acct.version) return hit.byLastSync
    const list = acct.connIds.map((id) => acct.connections.get(id)!)
    list.sort((a, b) => (a.lastSyncAt ?? '').localeCompare(b.lastSyncAt ?? '') || (a.externalId < b.externalId ? -1 : 1))
    sortCache.set(acct, { version: acct.version, byLastSync: list })
    return list
  }

  return [
    route('GET', ROOT, (ctx) => {
      const a = authAs(state, ctx, 'account')
      if (!a) return
      json(ctx.res, 200, { items: [...a.acct.integrations.values()].map((i) => configOf(ctx.base, i)) })
    }),

    route('GET', `${ROOT}/{provider}`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, true)
      if (!r) return
      json(ctx.res, 200, configOf(ctx.base, r.integ!), { ETag: `"${r.integ!.version}"` })
    }),

    route('PUT', `${ROOT}/{provider}`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, false)
      if (!r) return
      const body = parseJson(ctx.body)
      if (!body) return sahhaError(ctx.res, 400, ctx.url.pathname, 'body', 'The body must be a JSON object.')
      const ifNoneMatch = ctx.req.headers['if-none-match']
      const ifMatch = version(ctx.req.headers['if-match'] as string | undefined)
      const existing = r.integ
      if (ifNoneMatch === '*') {
        if (existing) return sahhaError(ctx.res, 409, ctx.url.pathname, 'provider', 'The integration already exists.', { current: configOf(ctx.base, existing) })
      } else if (ifMatch === null) {
        return sahhaError(ctx.res, 428, ctx.url.pathname, 'If-Match', 'Send If-Match with the version you edited, or If-None-Match: * to create.')
      } else if (!existing) {
        return sahhaError(ctx.res, 404, ctx.url.pathname, 'provider', 'The oura integration is not configured.')
      } else if (existing.version !== ifMatch) {
        return sahhaError(ctx.res, 409, ctx.url.pathname, 'version', `version ${ifMatch} is stale; current is ${existing.version}`, { current: configOf(ctx.base, existing) })
      }
      const invalid = validate(body)
      if (invalid) return sahhaError(ctx.res, 400, ctx.url.pathname, invalid.origin, invalid.message)
      const secret = typeof body.clientSecret === 'string' && body.clientSecret !== '' ? body.clientSecret : null
      if (!existing && !secret) return sahhaError(ctx.res, 400, ctx.url.pathname, 'clientSecret', 'clientSecret is required to create the integration.')
      const now = new Date().toISOString()
      const next: Integration = {
        provider: 'oura',
        enabled: body.enabled === undefined ? true : (body.enabled as boolean),
        clientId: (body.clientId as string).trim(),
        clientSecret: secret ?? existing!.clientSecret,
        clientSecretUpdatedAt: secret ? now : existing!.clientSecretUpdatedAt,
        scopes: body.scopes as string[],
        providerAppScopes: (body.providerAppScopes as string[] | null | undefined) ?? null,
        redirectUrlWhitelist: body.redirectUrlWhitelist as string[],
        version: (existing?.version ?? 0) + 1,
        updatedAt: now,
        updatedBy: 'sahha-integrations-admin'
      }
      // A new client ID makes every live connection fail its next refresh; applied at once here.
      if (existing && existing.clientId !== next.clientId) {
        for (const c of r.acct.connections.values()) {
          if (!LIVE.has(c.state)) continue
          c.state = 'needs_reauth'
          c.stateChangedAt = now
          c.lastError = { at: now, source: 'oura_token', httpStatus: 400, code: 'invalid_grant', title: 'Token Already Used Or Revoked', message: 'Token already used or revoked' }
          ;(c.events ??= []).push({ at: now, type: 'refresh_failed', data: { ...c.lastError, grantType: 'refresh_token' } })
        }
      }
      r.acct.integrations.set('oura', next)
      r.acct.version++
      countCache.clear()
      const notOnApp = next.providerAppScopes ? next.scopes.filter((s) => !next.providerAppScopes!.includes(s)) : []
      json(
        ctx.res,
        existing ? 200 : 201,
        { ...configOf(ctx.base, next), warnings: notOnApp.length ? [{ code: 'SCOPE_NOT_ON_PROVIDER_APP', scopes: notOnApp }] : [] },
        { ETag: `"${next.version}"` }
      )
    }),

    route('GET', `${ROOT}/{provider}/connections/summary`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, true)
      if (!r) return
      const byState: Record<string, number> = { pending: 0, connected: 0, needs_reauth: 0, scope_missing: 0, membership_expired: 0, error: 0, disconnected: 0 }
      const byErrorCode: Record<string, number> = {}
      for (const c of r.acct.connections.values()) {
        byState[c.state] = (byState[c.state] ?? 0) + 1
        if (c.lastError) byErrorCode[c.lastError.code] = (byErrorCode[c.lastError.code] ?? 0) + 1
      }
      json(ctx.res, 200, { total: r.acct.connections.size, generatedAt: new Date().toISOString(), byState, byErrorCode })
    }),

    route('GET', `${ROOT}/{provider}/connections`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, true)
      if (!r) return
      const q = ctx.url.searchParams
      const pageSize = q.has('pageSize') ? Number(q.get('pageSize')) : 100
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return sahhaError(ctx.res, 400, ctx.url.pathname, 'pageSize', 'pageSize must be between 1 and 1000')
      const sort = q.get('sort') ?? 'externalId'
      if (!['externalId', 'lastSyncAt', '-lastSyncAt'].includes(sort)) return sahhaError(ctx.res, 400, ctx.url.pathname, 'sort', 'sort must be externalId, lastSyncAt or -lastSyncAt')
      const states = q.get('state') ? new Set(q.get('state')!.split(',')) : null
      const search = q.get('search') ?? ''
      const errorCode = q.get('errorCode')
      const matches = (c: Connection) => (!states || states.has(c.state)) && c.externalId.startsWith(search) && (!errorCode || c.lastError?.code === errorCode)

      let cursor: { k: string; s?: string } | null = null
      if (q.get('cursor')) {
        try {
          cursor = JSON.parse(Buffer.from(q.get('cursor')!, 'base64url').toString('utf8')) as { k: string; s?: string }
        } catch {
          return sahhaError(ctx.res, 400, ctx.url.pathname, 'cursor', 'The cursor is not valid; start again without it.')
        }
      }
      const items: Connection[] = []
      let hasMore = false
      if (sort === 'externalId') {
        const ids = r.acct.connIds
        let i = cursor ? upperBound(ids, cursor.k) : lowerBound(ids, search)
        for (; i < ids.length; i++) {
          const id = ids[i]!
          if (search && !id.startsWith(search) && id > search) break
          const c = r.acct.connections.get(id)!
          if (!matches(c)) continue
          if (items.length === pageSize) {
            hasMore = true
            break
          }
          items.push(c)
        }
      } else {
        const asc = byLastSync(r.acct)
        const list = sort === 'lastSyncAt' ? asc : [...asc].reverse()
        const key = (c: Connection) => `${c.lastSyncAt ?? ''}\u0000${c.externalId}`
        let i = 0
        if (cursor) {
          const after = `${cursor.s ?? ''}\u0000${cursor.k}`
          i = list.findIndex((c) => (sort === 'lastSyncAt' ? key(c) > after : key(c) < after))
          if (i < 0) i = list.length
        }
        for (; i < list.length; i++) {
          const c = list[i]!
          if (!matches(c)) continue
          if (items.length === pageSize) {
            hasMore = true
            break
          }
          items.push(c)
        }
      }
      const countKey = `${r.acct.id}|${r.acct.version}|${q.get('state') ?? ''}|${search}|${errorCode ?? ''}`
      let totalCount = countCache.get(countKey)
      if (totalCount === undefined) {
        totalCount = 0
        for (const c of r.acct.connections.values()) if (matches(c)) totalCount++
        if (countCache.size > 200) countCache.clear()
        countCache.set(countKey, totalCount)
      }
      const last = items[items.length - 1]
      const nextCursor = hasMore && last ? Buffer.from(JSON.stringify({ k: last.externalId, s: sort === 'externalId' ? undefined : (last.lastSyncAt ?? '') })).toString('base64url') : null
      json(ctx.res, 200, { items: items.map(item), nextCursor, totalCount })
    }),

    route('GET', `${ROOT}/{provider}/connections/{externalId}`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, true)
      if (!r) return
      const c = r.acct.connections.get(decodeURIComponent(p.externalId!))
      if (!c) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'This profile has no Oura connection.')
      const now = Date.now()
      const raw = c.lastError
        ? JSON.stringify(
            c.lastError.source.startsWith('oura')
              ? { status: c.lastError.httpStatus ?? 302, title: c.lastError.title, detail: c.lastError.message, ...(c.lastError.code.startsWith('http_') ? {} : { error: c.lastError.code, error_description: c.lastError.message }) }
              : { title: c.lastError.title, statusCode: c.lastError.httpStatus, errors: [{ origin: 'redirectUrl', errors: [c.lastError.message] }] }
          ).replace(REDACT, '$1[REDACTED]')
        : null
      json(ctx.res, 200, {
        ...item(c),
        tokenInfo: c.connectedAt
          ? { accessTokenExpiresAt: new Date(now + 20 * 3_600_000).toISOString(), refreshTokenIssuedAt: c.lastSyncAt, refreshFailures: c.lastError?.source === 'oura_token' ? 1 : 0 }
          : null,
        backfill: c.connectedAt ? { status: 'completed', from: new Date(Date.parse(c.connectedAt) - 30 * 86_400_000).toISOString().slice(0, 10), completedAt: new Date(Date.parse(c.connectedAt) + 20 * 60_000).toISOString() } : null,
        lastErrorRaw: raw,
        timeline: timelineOf(c)
      })
    }),

    route('DELETE', `${ROOT}/{provider}/connections/{externalId}`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, true)
      if (!r) return
      const c = r.acct.connections.get(decodeURIComponent(p.externalId!))
      if (!c) return sahhaError(ctx.res, 404, ctx.url.pathname, 'externalId', 'This profile has no Oura connection.')
      if (c.state !== 'disconnected') {
        const now = new Date().toISOString()
        c.state = 'disconnected'
        c.stateChangedAt = now
        ;(c.events ??= []).push({ at: now, type: 'disconnected', data: { revokedAtProvider: true } })
        r.acct.version++
        countCache.clear()
      }
      json(ctx.res, 200, { ...item(c), revokedAtProvider: true })
    }),

    route('GET', `${ROOT}/{provider}/webhook-status`, (ctx, p) => {
      const r = withAccount(ctx, p.provider, true)
      if (!r) return
      json(ctx.res, 200, { managedBy: 'sahha', ...r.acct.webhook })
    })
  ]
}
