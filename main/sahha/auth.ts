import { z } from 'zod'
import { AppFailure, appError } from '../errors'
import type { Http } from './http'

const TokenBody = z.object({ accountToken: z.string().min(1), expiresIn: z.union([z.number(), z.string()]).optional() })

/** Refresh this long before Sahha says the token expires. */
const EARLY_MS = 5 * 60_000

/**
 * The account token of one tenant: fetched with the client ID + secret (read from the keychain by
 * the caller, on demand), cached until shortly before it expires, shared by concurrent callers, and
 * refreshed once when Sahha answers 401. Never logged.
 */
export function createAccountAuth(deps: {
  http: Http
  baseUrl: string
  getCredentials: () => Promise<{ clientId: string; clientSecret: string }>
  onSecret?: (value: string) => void
  now?: () => number
}) {
  const now = deps.now ?? Date.now
  let cached: { token: string; expiresAt: number } | null = null
  let inflight: Promise<string> | null = null

  const fetchToken = async (signal?: AbortSignal): Promise<string> => {
    const creds = await deps.getCredentials()
    deps.onSecret?.(creds.clientSecret)
    const { value } = await deps.http.requestJson(
      {
        method: 'POST',
        url: `${deps.baseUrl}/api/v1/oauth/account/token`,
        label: '/api/v1/oauth/account/token',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ clientId: creds.clientId, clientSecret: creds.clientSecret }),
        // No side effect: safe to retry on a network fault or 5xx.
        idempotent: true,
        signal
      },
      (v) => TokenBody.parse(v)
    )
    deps.onSecret?.(value.accountToken)
    const seconds = Number(value.expiresIn ?? 86400)
    cached = { token: value.accountToken, expiresAt: now() + (Number.isFinite(seconds) ? seconds : 86400) * 1000 }
    return value.accountToken
  }

  const token = async (signal?: AbortSignal): Promise<string> => {
    if (cached && cached.expiresAt - EARLY_MS > now()) return cached.token
    inflight ??= fetchToken(signal).finally(() => {
      inflight = null
    })
    return inflight
  }

  return {
    token,
    invalidate() {
      cached = null
    },
    /** Runs an account-authenticated call; on 401 fetches a new token once and retries. */
    async withToken<T>(call: (authorization: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
      const first = await token(signal)
      try {
        return await call(`account ${first}`)
      } catch (e) {
        if (!(e instanceof AppFailure) || e.code !== 'SAHHA_AUTH' || e.appError.httpStatus !== 401) throw e
        if (cached?.token === first) cached = null
        const second = await token(signal)
        try {
          return await call(`account ${second}`)
        } catch (e2) {
          if (e2 instanceof AppFailure && e2.code === 'SAHHA_AUTH') {
            throw appError('SAHHA_AUTH', 'Sahha refused the account token twice.', {
              httpStatus: e2.appError.httpStatus,
              raw: e2.appError.raw,
              remedy: "Check the tenant's Sahha account client ID and secret (Dashboard → API Keys) for this environment.",
              retryable: false
            })
          }
          throw e2
        }
      }
    }
  }
}
export type AccountAuth = ReturnType<typeof createAccountAuth>
