import { z } from 'zod'
import { AppFailure } from '../errors'
import { checkAuthorizationUrl } from './authorization-url'
import type { AccountAuth } from './auth'
import type { Http } from './http'

/** Sahha's documented endpoints (sahha-api.md §2-§3). Scheme words are lower case, never Bearer. */

const ProfileTokenBody = z.object({ profileToken: z.string().min(1), refreshToken: z.string().optional(), expiresIn: z.union([z.number(), z.string()]).optional() })
const Profile = z.object({ profileId: z.string().optional(), externalId: z.string(), createdAtUtc: z.string().optional() }).loose()
const ProfilePage = z.object({ items: z.array(Profile), currentPage: z.number(), pageSize: z.number(), totalCount: z.number() })
const Authorize = z.object({ authorizationUrl: z.url() })
const ProfileIntegrations = z.array(z.object({ integrationType: z.string(), integrationIdentifier: z.string().nullable().optional() }))

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
        u.searchParams.set('pageSize', String(q.pageSize ?? 50))
        return (await http.requestJson({ method: 'GET', url: u.toString(), label: '/api/v1/account/profile/search', headers: { Accept: 'application/json', Authorization: authorization }, signal }, (v) => ProfilePage.parse(v))).value
      }, signal),

    /** A profile's integrations; 204 means none. */
    profileIntegrations: (externalId: string, signal?: AbortSignal) =>
      auth.withToken(async (authorization) => {
        const path = `/api/v1/profile/integration/${enc(externalId)}`
        const res = await http.request({ method: 'GET', url: `${baseUrl}${path}`, label: '/api/v1/profile/integration/{externalId}', headers: { Accept: 'application/json', Authorization: authorization }, signal })
        if (res.status === 204 || res.text.trim() === '') return []
        return ProfileIntegrations.parse(JSON.parse(res.text))
      }, signal),

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
