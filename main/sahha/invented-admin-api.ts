import { z } from 'zod'
import { IntegrationConfigModel, ConnectionSummaryModel, ConnectionDetailModel, LastErrorModel } from '../../preload/contract/models'
import { appError, cancelled } from '../errors'
import { parseVendorError } from './errors'
import type { AccountAuth } from './auth'
import type { Http } from './http'

/**
 * Every endpoint of sahha-api.md §5, which Sahha has NOT published: our own contract, served by the
 * simulator. Kept in this one module so it can be swapped when Sahha publishes its admin API. On a real
 * host these routes may answer 404/405, which the HTTP layer maps to SAHHA_NOT_AVAILABLE.
 */

/** The item shape of §5.3. `parseConnectionPage` checks these fields by hand (a schema per item is too slow at 1M). */
export interface ConnectionItem {
  readonly externalId: string
  readonly profileId?: string | null
  readonly provider?: string
  readonly state: string
  readonly stateChangedAt?: string | null
  readonly connectedAt?: string | null
  readonly lastSyncAt?: string | null
  readonly lastDataAt?: string | null
  readonly requestedScopes?: string[] | null
  readonly grantedScopes?: string[] | null
  readonly providerUserId?: string | null
  readonly lastError?: z.infer<typeof LastErrorModel> | null
  /** [invented] incremental listing: when this user's item last changed. */
  readonly updatedAt?: string | null
  readonly [unknown: string]: unknown
}

/**
 * A page of up to 1,000 connections. Items are checked by hand for the fields the app relies on
 * (a full schema parse per item made loading 100,000 of them ~50% slower than the network itself);
 * a malformed item still fails the page as BAD_RESPONSE.
 */
const PageEnvelope = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable(), totalCount: z.number().optional(), asOf: z.string().optional() })
function parseConnectionPage(v: unknown): { items: ConnectionItem[]; nextCursor: string | null; totalCount?: number; asOf?: string } {
  const env = PageEnvelope.parse(v)
  const strOrNull = (x: unknown) => x === undefined || x === null || typeof x === 'string'
  const listOrNull = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && x.every((s) => typeof s === 'string'))
  for (const it of env.items) {
    const c = it as Record<string, unknown> | null | undefined // untrusted: checked field by field below
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.externalId !== 'string' ||
      typeof c.state !== 'string' ||
      !strOrNull(c.lastSyncAt) ||
      !strOrNull(c.lastDataAt) ||
      !strOrNull(c.updatedAt) ||
      !listOrNull(c.requestedScopes) ||
      !listOrNull(c.grantedScopes) ||
      !(c.lastError === undefined || c.lastError === null || typeof c.lastError === 'object')
    ) {
      throw new z.ZodError([{ code: 'custom', message: 'malformed connection item', path: ['items'], input: it }])
    }
  }
  return env as { items: ConnectionItem[]; nextCursor: string | null; totalCount?: number; asOf?: string }
}
const Warnings = z.array(z.object({ code: z.string(), scopes: z.array(z.string()).optional() })).optional()
const WebhookStatus = z.object({
  managedBy: z.string(),
  lastEventAt: z.string().nullable(),
  subscriptions: z.array(z.object({ dataType: z.string(), eventType: z.string(), expiresAt: z.string().nullable(), status: z.string() }))
})
const DetailFromApi = ConnectionDetailModel.omit({ diagnosis: true }).extend({
  requestedScopes: z.array(z.string()).nullable().transform((v) => v ?? []),
  grantedScopes: z.array(z.string()).nullable().transform((v) => v ?? [])
})

export interface ConnectionQuery {
  state?: string[]
  search?: string
  errorCode?: string
  sort?: 'externalId' | 'lastSyncAt' | '-lastSyncAt'
  pageSize?: number
  cursor?: string | null
  /** [invented] only the items changed after this time (the `asOf` of an earlier complete listing). */
  updatedSince?: string | null
}

export function createInventedAdminApi(deps: { http: Http; baseUrl: string; auth: AccountAuth }) {
  const { http, baseUrl, auth } = deps
  const root = `${baseUrl}/api/v1/account/integrations`
  const enc = encodeURIComponent
  const get = <T>(url: string, label: string, parse: (v: unknown) => T, signal?: AbortSignal) =>
    auth.withToken(async (authorization) => (await http.requestJson({ method: 'GET', url, label, headers: { Accept: 'application/json', Authorization: authorization }, invented: true, signal }, parse)).value, signal)

  const api = {
    /**
     * One read of the admin API's root: 200 → present; a bare 404/405 (no Sahha error body) → absent, as on
     * the real Sahha today. Anything else throws (no evidence either way).
     */
    detectAdminApi: (signal?: AbortSignal) =>
      auth.withToken(async (authorization) => {
        const res = await http.request({ method: 'GET', url: root, label: '/api/v1/account/integrations', headers: { Accept: 'application/json', Authorization: authorization }, invented: true, accept: [404, 405], signal })
        if (res.status === 404 || res.status === 405) {
          if (parseVendorError(res.text).title === null) return { adminApi: 'absent' as const, evidence: `GET /api/v1/account/integrations answered ${res.status} without a Sahha error body.` }
          throw appError('BAD_RESPONSE', `GET /api/v1/account/integrations answered ${res.status} with a Sahha error body: the admin API could not be judged.`, { httpStatus: res.status, remedy: 'Check the tenant again later.', retryable: true })
        }
        return { adminApi: 'present' as const, evidence: `GET /api/v1/account/integrations answered ${res.status}.` }
      }, signal),

    listIntegrations: (signal?: AbortSignal) => get(root, '/api/v1/account/integrations', (v) => z.object({ items: z.array(IntegrationConfigModel) }).parse(v).items, signal),

    /** null when the provider is not configured for this account (404 with a Sahha error body). */
    getIntegration: (provider: string, signal?: AbortSignal) =>
      auth.withToken(async (authorization) => {
        const res = await http.request({ method: 'GET', url: `${root}/${enc(provider)}`, label: `/api/v1/account/integrations/${provider}`, headers: { Accept: 'application/json', Authorization: authorization }, invented: true, accept: [404], signal })
        if (res.status === 404) {
          if (!res.text.includes('"title"')) {
            throw appError('SAHHA_NOT_AVAILABLE', 'This environment does not offer the integration admin API the app uses.', {
              httpStatus: 404,
              remedy: 'Use the Sahha Dashboard for this environment, or the Demo environment.',
              retryable: false
            })
          }
          return null
        }
        return { config: IntegrationConfigModel.parse(JSON.parse(res.text)), etag: res.headers.get('etag') }
      }, signal),

    /** Create (If-None-Match: *) or update (If-Match: "version"); a stale version answers 409 with the current resource. */
    putIntegration: (
      provider: string,
      body: Record<string, unknown>,
      precondition: { ifMatch: string } | { ifNoneMatch: '*' },
      signal?: AbortSignal
    ) =>
      auth.withToken(async (authorization) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: authorization }
        if ('ifMatch' in precondition) headers['If-Match'] = precondition.ifMatch
        else headers['If-None-Match'] = '*'
        const { value, res } = await http.requestJson(
          // With If-Match a retried PUT cannot apply twice: the second attempt is refused as stale.
          { method: 'PUT', url: `${root}/${enc(provider)}`, label: `/api/v1/account/integrations/${provider}`, headers, body: JSON.stringify(body), invented: true, idempotent: 'ifMatch' in precondition, signal },
          (v) => ({ config: IntegrationConfigModel.parse(v), warnings: Warnings.parse((v as { warnings?: unknown }).warnings) ?? [] })
        )
        return { ...value, etag: res.headers.get('etag') }
      }, signal),

    connectionSummary: (provider: string, signal?: AbortSignal) =>
      get(`${root}/${enc(provider)}/connections/summary`, `/api/v1/account/integrations/${provider}/connections/summary`, (v) => ConnectionSummaryModel.parse(v), signal),

    listConnections: (provider: string, q: ConnectionQuery, signal?: AbortSignal) => {
      const u = new URL(`${root}/${enc(provider)}/connections`)
      if (q.state?.length) u.searchParams.set('state', q.state.join(','))
      if (q.search) u.searchParams.set('search', q.search)
      if (q.errorCode) u.searchParams.set('errorCode', q.errorCode)
      if (q.sort) u.searchParams.set('sort', q.sort)
      u.searchParams.set('pageSize', String(q.pageSize ?? 100))
      if (q.cursor) u.searchParams.set('cursor', q.cursor)
      if (q.updatedSince) u.searchParams.set('updatedSince', q.updatedSince)
      return get(u.toString(), `/api/v1/account/integrations/${provider}/connections`, parseConnectionPage, signal)
    },

    /**
     * Every page, in externalId order (each record exactly once even while states change). A failed
     * page is retried with the same cursor, which returns the same page; a duplicate guard drops any
     * record seen twice anyway. `updatedSince`: only the users changed since (an incremental listing);
     * `onAsOf` hears the listing's `asOf` (the same on every page), the cursor for the next incremental one.
     */
    async *iterateAllConnections(
      provider: string,
      q: Omit<ConnectionQuery, 'cursor' | 'sort'>,
      opts: { signal?: AbortSignal; onProgress?: (loaded: number, total: number | null) => void; onAsOf?: (asOf: string | null) => void } = {}
    ): AsyncGenerator<ConnectionItem[]> {
      const seen = createSeenIds()
      let loaded = 0
      const fetchPage = (cursor: string | null) => api.listConnections(provider, { ...q, sort: 'externalId', cursor, pageSize: q.pageSize ?? 1000 }, opts.signal)
      let cursor: string | null = null
      let next = fetchPage(null)
      for (;;) {
        const page = await next
        if (cursor === null) opts.onAsOf?.(page.asOf ?? null)
        if (page.nextCursor !== null && page.nextCursor === cursor) {
          throw appError('BAD_RESPONSE', 'Sahha returned the same page cursor twice; paging stopped to avoid a loop.', { retryable: true, remedy: 'Retry the sync.' })
        }
        cursor = page.nextCursor
        // Ask for the next page before handing this one over, so the caller's work overlaps the network.
        if (cursor) {
          next = fetchPage(cursor)
          next.catch(() => undefined)
          // Hand the page over only once that request is on the wire. fetch() writes it from a later turn of the event
          // loop (undici dispatches from the check phase), so without this wait it went out after the caller's
          // synchronous work on this page (mapping, the store's batch), and that work sat on the listing's critical path.
          // A timer fires in the next loop iteration, after that dispatch; a setImmediate ran before it (measured with
          // undici's sendHeaders channel: the request left 8 ms late with an 8 ms consumer; with the timer, before it).
          await new Promise<void>((r) => setTimeout(r, 0))
        }
        // A cancel that came while this page was already in hand (during that wait, say) must not hand it over.
        if (opts.signal?.aborted) throw cancelled()
        const fresh = page.items.filter((c) => seen.add(c.externalId))
        loaded += fresh.length
        opts.onProgress?.(loaded, page.totalCount ?? null)
        yield fresh
        if (!cursor) return
      }
    },

    getConnection: (provider: string, externalId: string, signal?: AbortSignal) =>
      get(`${root}/${enc(provider)}/connections/${enc(externalId)}`, `/api/v1/account/integrations/${provider}/connections/{externalId}`, (v) => DetailFromApi.parse(v), signal),

    disconnect: (provider: string, externalId: string, signal?: AbortSignal) =>
      auth.withToken(
        async (authorization) =>
          (
            await http.requestJson(
              { method: 'DELETE', url: `${root}/${enc(provider)}/connections/${enc(externalId)}`, label: `/api/v1/account/integrations/${provider}/connections/{externalId}`, headers: { Accept: 'application/json', Authorization: authorization }, invented: true, signal },
              (v) => z.object({ state: z.string(), revokedAtProvider: z.boolean() }).loose().parse(v)
            )
          ).value,
        signal
      ),

    webhookStatus: (provider: string, signal?: AbortSignal) =>
      get(`${root}/${enc(provider)}/webhook-status`, `/api/v1/account/integrations/${provider}/webhook-status`, (v) => WebhookStatus.parse(v), signal)
  }
  return api
}

/**
 * The listing's duplicate guard. Pages come in externalId order, so almost every id is above all the ids seen so far
 * and is appended to a sorted array; one at or below the highest seen is looked up there (binary search) and, if new,
 * kept in a set of out-of-order ids. A Set of every id cost a tenth of a million-user sync's CPU (measured, 1.1 s of
 * hashing) for the same answer.
 */
export function createSeenIds(): { add(id: string): boolean } {
  const sorted: string[] = []
  const outOfOrder = new Set<string>()
  const inSorted = (id: string) => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid]! < id) lo = mid + 1
      else hi = mid
    }
    return lo < sorted.length && sorted[lo] === id
  }
  return {
    /** True when `id` is new (and now seen), false when it was seen before. */
    add(id) {
      const last = sorted[sorted.length - 1]
      if (last === undefined || id > last) {
        sorted.push(id)
        return true
      }
      if (inSorted(id) || outOfOrder.has(id)) return false
      outOfOrder.add(id)
      return true
    }
  }
}
