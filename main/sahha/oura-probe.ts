import { z } from 'zod'
import type { OuraSubscription } from '../../preload/contract/rules/webhook-health'
import type { OuraPageAnswer } from '../../preload/contract/rules/authorize-readback'
import { AppFailure } from '../errors'
import { parseVendorError } from './errors'
import type { Http } from './http'

/** What Oura's authorize page did with a URL, fetched without following redirects (the contract's reading of it). */
export type AuthorizeProbe = OuraPageAnswer

export type WebhookListProbe =
  | { kind: 'ok'; subscriptions: OuraSubscription[] }
  /** 401/403: Oura refused the client id / secret pair (oura-api.md §7.1). */
  | { kind: 'rejected'; status: number; detail: string }
  | { kind: 'unexpected'; status: number; detail: string }
  | { kind: 'unreachable'; detail: string }

const Subscription = z.looseObject({ id: z.string(), callback_url: z.string(), event_type: z.string(), data_type: z.string(), expiration_time: z.string() })

/** Error text from any body Oura sends: an HTML page title, RFC 7807 (`title`, `detail`) or FastAPI (`detail`). */
export function errorTextOf(text: string): string {
  const html = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim()
  if (html) return html
  const p = parseVendorError(text)
  const parts = [p.oauthError, p.title, p.detail, ...p.fieldErrors.flatMap((f) => f.messages)].filter((x): x is string => !!x)
  return [...new Set(parts)].join(': ')
}

/**
 * The calls this app makes to Oura directly, all read-only, with the customer's Oura app credentials (Sahha,
 * not this app, is Oura's OAuth client): the webhook subscription list (the documented credential check and
 * webhook health), the authorize page for a URL, and the weaker dummy-code token probe kept as a fallback.
 */
export function createOuraProbe(deps: { http: Http; ouraApiBase: string }) {
  return {
    /** GET /v2/webhook/subscription (oura-api.md §7.1): 200 means the pair is valid; it changes nothing on Oura. */
    async listWebhookSubscriptions(clientId: string, clientSecret: string, signal?: AbortSignal): Promise<WebhookListProbe> {
      try {
        const res = await deps.http.request({
          method: 'GET',
          url: `${deps.ouraApiBase}/v2/webhook/subscription`,
          label: '/v2/webhook/subscription',
          headers: { Accept: 'application/json', 'x-client-id': clientId, 'x-client-secret': clientSecret },
          accept: [301, 302, 303, 307, 308, 400, 401, 403, 404, 422],
          signal
        })
        if (res.status === 401 || res.status === 403) return { kind: 'rejected', status: res.status, detail: errorTextOf(res.text) || `HTTP ${res.status}` }
        if (res.status !== 200) return { kind: 'unexpected', status: res.status, detail: errorTextOf(res.text) || `HTTP ${res.status}` }
        const parsed = z.array(Subscription).safeParse(JSON.parse(res.text || 'null'))
        if (!parsed.success) return { kind: 'unexpected', status: 200, detail: 'The answer is not a list of subscriptions.' }
        return { kind: 'ok', subscriptions: parsed.data }
      } catch (e) {
        if (e instanceof SyntaxError) return { kind: 'unexpected', status: 200, detail: 'The answer is not JSON.' }
        if (e instanceof AppFailure && e.code === 'CANCELLED') throw e
        return { kind: 'unreachable', detail: e instanceof Error ? e.message : 'Oura could not be reached' }
      }
    },

    /** Fallback only: valid client credentials with a dummy code answer invalid_grant; wrong ones answer invalid_client. */
    async probeCredentials(clientId: string, clientSecret: string, redirectUri: string, signal?: AbortSignal) {
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'preflight-dummy-code',
        redirect_uri: redirectUri,
        client_id: clientId,
        client_secret: clientSecret
      })
      try {
        const res = await deps.http.request({
          method: 'POST',
          url: `${deps.ouraApiBase}/oauth/token`,
          label: '/oauth/token (preflight)',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: body.toString(),
          idempotent: true,
          accept: [400, 401, 403],
          signal
        })
        const p = parseVendorError(res.text)
        if (p.oauthError === 'invalid_grant') return { credentials: 'good' as const, detail: 'invalid_grant' }
        // Oura's description may quote what was sent: the secret is redacted from it.
        if (p.oauthError === 'invalid_client') return { credentials: 'bad' as const, detail: deps.http.scrub(p.oauthDescription ?? p.title ?? 'invalid_client', [clientSecret]) }
        return { credentials: 'unknown' as const, detail: `Oura answered ${res.status}${p.oauthError ? ` ${p.oauthError}` : ''}; the credentials could not be judged.` }
      } catch (e) {
        return { credentials: 'unknown' as const, detail: deps.http.scrub(e instanceof Error ? e.message : 'Oura could not be reached', [clientSecret]) }
      }
    },

    /** GETs an authorize URL (the HTTP layer never follows redirects) and says what the user would see (HTML and JSON bodies). */
    async checkAuthorize(authorizationUrl: string, signal?: AbortSignal): Promise<AuthorizeProbe> {
      try {
        const res = await deps.http.request({
          method: 'GET',
          url: authorizationUrl,
          label: '/oauth/authorize (preflight)',
          headers: { Accept: 'text/html, application/json' },
          accept: [301, 302, 303, 307, 308, 400, 401, 403, 404, 422],
          signal
        })
        if (res.status >= 300 && res.status < 400) {
          const location = res.headers.get('location') ?? ''
          const target = new URL(location, authorizationUrl)
          const error = target.searchParams.get('error')
          if (error) return { kind: 'redirect_error', error, description: target.searchParams.get('error_description') }
          // Oura's own sign-in (same site, no error): the checks happen after login, so nothing is proven.
          if (target.host === new URL(authorizationUrl).host && /login|signin|sign-in|user\/auth/i.test(target.pathname)) return { kind: 'login' }
          return { kind: 'consent' }
        }
        const title = errorTextOf(res.text)
        if (res.status >= 400 || /invalid|not found|missing|no valid|does not/i.test(title)) {
          return { kind: 'error_page', title: title || `HTTP ${res.status}` }
        }
        return { kind: 'consent' }
      } catch (e) {
        return { kind: 'unreachable', detail: e instanceof Error ? e.message : 'unreachable' }
      }
    }
  }
}
