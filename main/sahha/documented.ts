import { z } from 'zod'
import { AppFailure } from '../errors'
import { checkAuthorizationUrl } from './authorization-url'
import type { AccountAuth } from './auth'
import type { Http } from './http'

/** Sahha's documented endpoints (sahha-api.md §2-§3). Scheme words are lower case, never Bearer. */

const ProfileTokenBody = z.object({ profileToken: z.string().min(1), refreshToken: z.string().optional(), expiresIn: z.union([z.number(), z.string()]).optional() })
const Profile = z.object({ profileId: z.string().optional(), externalId: z.string(), createdAtUtc: z.string().optional() }).loose()
/**
 * The search envelope: only `items` is required (sahha-api.md §2.2 client rule); the reported paging fields are read
 * when present and any other field is kept.
 */
const ProfilePage = z
  .object({ items: z.array(Profile), currentPage: z.number().optional(), totalPages: z.number().optional(), pageSize: z.number().optional(), totalCount: z.number().optional() })
  .loose()
const Authorize = z.object({ authorizationUrl: z.url() })
/**
 * A profile's integrations (sahha-api.md §2.3): the item schema is unpublished, so only `integrationType` is required;
 * `integrationValues` / `integrationIdentifier` may be any JSON and unknown fields are kept for display.
 */
const ProfileIntegration = z.object({ integrationType: z.string(), integrationIdentifier: z.unknown().optional(), integrationValues: z.unknown().optional() }).loose()
const ProfileIntegrations = z.union([z.null(), z.array(ProfileIntegration)]).transform((v) => v ?? [])
export type ProfileIntegrationItem = z.infer<typeof ProfileIntegration>
/** "Sahha lists an integration item naming Oura" (integrationType matching oura, any case): all the tier claims. */
export const namesOura = (items: readonly ProfileIntegrationItem[]): boolean => items.some((i) => i.integrationType.toLowerCase() === 'oura')

/** Data items (sahha-api.md §2.4): a JSON array; only the timestamps are read, values are dropped at once. */
const DataItems = z.array(z.record(z.string(), z.unknown()))
const TIME_FIELDS = ['endDateTime', 'createdAtUtc', 'createdAt', 'scoreDateTime', 'scoreDate', 'startDateTime'] as const
/** The newest timestamp of a data answer and its size; nothing else of the health data is kept. */
export function newestOf(items: readonly Record<string, unknown>[]): { count: number; newestAt: string | null } {
  let newest = Number.NEGATIVE_INFINITY
  for (const it of items) {
    for (const f of TIME_FIELDS) {
      const v = it[f]
      const t = typeof v === 'string' ? Date.parse(v) : Number.NaN
      if (!Number.isNaN(t) && t > newest) newest = t
    }
  }
  return { count: items.length, newestAt: Number.isFinite(newest) ? new Date(newest).toISOString() : null }
}
export interface DataWindow {
  start: Date
  end: Date
}
export interface DataAnswer {
  status: number
  count: number
  newestAt: string | null
}

export function createDocumentedApi(deps: { http: Http; baseUrl: string; ouraCloudBase: string; auth: AccountAuth; onSecret?: (v: string) => void }) {
  const { http, baseUrl, auth } = deps
  const json = { 'Content-Type': 'application/json', Accept: 'application/json' }
  const enc = encodeURIComponent

  const profileTokenCall = async (path: string, externalId: string, signal?: AbortSignal) => {
    const { value } = await auth.withToken(
      (authorization) =>
        http.requestJson(
          { method: 'POST', url: `${baseUrl}${path}`, label: path, headers: { ...json, Authorization: authorization }, body: JSON.stringify({ externalId }), idempotent: path.endsWith('/token'), signal },
          (v) => ProfileTokenBody.parse(v)
        ),
      signal
    )
    deps.onSecret?.(value.profileToken)
    if (value.refreshToken) deps.onSecret?.(value.refreshToken)
    return value
  }

  async function profileIntegrationsAnswer(externalId: string, signal?: AbortSignal): Promise<{ status: number; items: ProfileIntegrationItem[] }> {
    return auth.withToken(async (authorization) => {
      const path = `/api/v1/profile/integration/${enc(externalId)}`
      const { value, res } = await http.requestJson(
        { method: 'GET', url: `${baseUrl}${path}`, label: '/api/v1/profile/integration/{externalId}', headers: { Accept: 'application/json', Authorization: authorization }, signal },
        (v) => ProfileIntegrations.parse(v)
      )
      return { status: res.status, items: res.status === 204 ? [] : value }
    }, signal)
  }

  async function dataCall(path: string, label: string, lists: Record<string, readonly string[]>, window: DataWindow, signal?: AbortSignal): Promise<DataAnswer> {
    return auth.withToken(async (authorization) => {
      const u = new URL(`${baseUrl}${path}`)
      for (const [k, vs] of Object.entries(lists)) for (const v of vs) u.searchParams.append(k, v)
      u.searchParams.set('startDateTime', window.start.toISOString())
      u.searchParams.set('endDateTime', window.end.toISOString())
      const { value, res } = await http.requestJson({ method: 'GET', url: u.toString(), label, headers: { Accept: 'application/json', Authorization: authorization }, signal }, (v) => newestOf(DataItems.parse(v ?? [])))
      return { status: res.status, ...value }
    }, signal)
  }

  return {
    registerProfile: (externalId: string, signal?: AbortSignal) => profileTokenCall('/api/v1/oauth/profile/register', externalId, signal),
    profileToken: (externalId: string, signal?: AbortSignal) => profileTokenCall('/api/v1/oauth/profile/token', externalId, signal),

    /**
     * Token for a profile, registering it when needed. The status for an unknown externalId is unpublished
     * (sahha-api.md §2.2), so any 4xx but 401 from the token call means "try register"; register's 400
     * "already in use" means the profile exists after all, so the token is asked for once more.
     */
    async profileTokenOrRegister(externalId: string, signal?: AbortSignal): Promise<{ profileToken: string; created: boolean }> {
      const is4xxNot401 = (e: unknown): e is AppFailure => e instanceof AppFailure && (e.appError.httpStatus ?? 0) >= 400 && (e.appError.httpStatus ?? 0) < 500 && e.appError.httpStatus !== 401
      try {
        return { profileToken: (await this.profileToken(externalId, signal)).profileToken, created: false }
      } catch (e) {
        if (!is4xxNot401(e)) throw e
      }
      try {
        return { profileToken: (await this.registerProfile(externalId, signal)).profileToken, created: true }
      } catch (e) {
        if (!(is4xxNot401(e) && e.appError.httpStatus === 400 && /already in use/i.test(`${e.appError.message} ${e.appError.raw ?? ''}`))) throw e
        return { profileToken: (await this.profileToken(externalId, signal)).profileToken, created: false }
      }
    },

    async refreshProfileToken(profileToken: string, refreshToken: string, signal?: AbortSignal) {
      const { value } = await http.requestJson(
        {
          method: 'POST',
          url: `${baseUrl}/api/v1/oauth/profile/refreshToken`,
          label: '/api/v1/oauth/profile/refreshToken',
          headers: { ...json, Authorization: `profile ${profileToken}` },
          body: JSON.stringify({ refreshToken }),
          signal
        },
        (v) => ProfileTokenBody.parse(v)
      )
      deps.onSecret?.(value.profileToken)
      return value
    },

    getProfile: (externalId: string, signal?: AbortSignal) =>
      auth.withToken(async (authorization) => {
        const path = `/api/v1/account/profile/${enc(externalId)}`
        return (await http.requestJson({ method: 'GET', url: `${baseUrl}${path}`, label: '/api/v1/account/profile/{externalId}', headers: { Accept: 'application/json', Authorization: authorization }, signal }, (v) => Profile.parse(v))).value
      }, signal),

    searchProfiles: (q: { search?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
      auth.withToken(async (authorization) => {
        const u = new URL(`${baseUrl}/api/v1/account/profile/search`)
        u.searchParams.set('searchParameter', q.search ?? '')
        u.searchParams.set('currentPage', String(q.page ?? 1))
        u.searchParams.set('pageSize', String(q.pageSize ?? 100))
        return (await http.requestJson({ method: 'GET', url: u.toString(), label: '/api/v1/account/profile/search', headers: { Accept: 'application/json', Authorization: authorization }, signal }, (v) => ProfilePage.parse(v))).value
      }, signal),

    /** A profile's integrations; 204 means none. A body that is not a list of items is BAD_RESPONSE. */
    profileIntegrations: async (externalId: string, signal?: AbortSignal) => (await profileIntegrationsAnswer(externalId, signal)).items,
    profileIntegrationsAnswer: (externalId: string, signal?: AbortSignal) => profileIntegrationsAnswer(externalId, signal),

    /** Newest biomarker time in a window (sahha-api.md §7.1 step 3); repeated `categories` / `types` keys. */
    biomarkers: (externalId: string, q: { categories: readonly string[]; types: readonly string[]; window: DataWindow }, signal?: AbortSignal) =>
      dataCall(`/api/v1/profile/biomarker/${enc(externalId)}`, '/api/v1/profile/biomarker/{externalId}', { categories: q.categories, types: q.types }, q.window, signal),

    /** Newest score time in a window (the fallback of §7.1 step 3). */
    scores: (externalId: string, q: { types: readonly string[]; window: DataWindow }, signal?: AbortSignal) =>
      dataCall(`/api/v1/profile/score/${enc(externalId)}`, '/api/v1/profile/score/{externalId}', { types: q.types }, q.window, signal),

    /** Seed step 3: the authorize call with the user's profile token. */
    async authorize(provider: string, profileToken: string, redirectUrl: string | undefined, signal?: AbortSignal) {
      const u = new URL(`${baseUrl}/api/v1/integration/oauth/${enc(provider)}/authorize`)
      if (redirectUrl) u.searchParams.set('redirectUrl', redirectUrl)
      const { value } = await http.requestJson(
        { method: 'GET', url: u.toString(), label: `/api/v1/integration/oauth/${provider}/authorize`, headers: { Accept: 'application/json', Authorization: `profile ${profileToken}` }, signal },
        (v) => Authorize.parse(v)
      )
      return { authorizationUrl: checkAuthorizationUrl(value.authorizationUrl, deps.ouraCloudBase) }
    }
  }
}
