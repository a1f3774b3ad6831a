import { parseVendorError } from './errors'
import type { Http } from './http'

/**
 * The two probes preflight sends to Oura directly (Sahha, not this app, is Oura's OAuth client):
 * the authorize page for a URL, and the token endpoint with a dummy code.
 */
export function createOuraProbe(deps: { http: Http; ouraApiBase: string }) {
  return {
    /** Valid client credentials with a dummy code answer invalid_grant; wrong ones answer invalid_client. */
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

    /** GETs an authorize URL (the HTTP layer never follows redirects) and says what the user would see. */
    async checkAuthorize(authorizationUrl: string, signal?: AbortSignal) {
      try {
        const res = await deps.http.request({
          method: 'GET',
          url: authorizationUrl,
          label: '/oauth/authorize (preflight)',
          headers: { Accept: 'text/html' },
          accept: [301, 302, 303, 307, 308, 400, 401, 403, 404],
          signal
        })
        if (res.status >= 300 && res.status < 400) {
          const location = res.headers.get('location') ?? ''
          const q = new URL(location, authorizationUrl).searchParams
          const error = q.get('error')
          if (error) return { kind: 'redirect_error' as const, error, description: q.get('error_description') }
          return { kind: 'consent' as const }
        }
        const title = /<title>([^<]*)<\/title>/i.exec(res.text)?.[1]?.trim() ?? ''
        if (res.status >= 400 || /invalid|not found|missing|no valid|does not/i.test(title)) {
          return { kind: 'error_page' as const, title: title || `HTTP ${res.status}` }
        }
        return { kind: 'consent' as const }
      } catch (e) {
        return { kind: 'unreachable' as const, detail: e instanceof Error ? e.message : 'unreachable' }
      }
    }
  }
}
