import type { ProviderSlug, VerificationResult } from '../../preload/contract/models'
import { ouraPageRow, parseAuthorizationUrl, readBackRows, whitelistRow, type Row } from '../../preload/contract/rules/authorize-readback'
import { callbackUrl } from '../../preload/contract/rules/providers'
import { AppFailure, KeychainUnavailableError } from '../errors'
import type { Logger } from '../log'
import type { SecretStore } from '../secrets/secret-store'
import type { EnvironmentBases } from '../config'
import type { AuditLog } from '../storage/audit-log'
import type { TenantRecord as Tenant } from '../storage/settings'
import type { AuthorizeProbe, WebhookListProbe } from '../sahha/oura-probe'
import { secretKey } from '../secrets/secret-keys'
import { settleCancellable, type Operations } from './operations'

/** The app's own profile on each environment, registered once through the documented calls (sahha-api.md §7.3). */
export const VERIFICATION_EXTERNAL_ID = 'sahha-admin-preflight'

export interface VerifyPort {
  profileTokenOrRegister(externalId: string, signal?: AbortSignal): Promise<{ profileToken: string; created: boolean }>
  authorize(provider: string, profileToken: string, redirectUrl: string | undefined, signal?: AbortSignal): Promise<{ authorizationUrl: string }>
  checkAuthorize(url: string, signal?: AbortSignal): Promise<AuthorizeProbe>
  listWebhooks(clientId: string, clientSecret: string, signal?: AbortSignal): Promise<WebhookListProbe>
}

/** What the app holds for this tenant: its desired configuration, or the admin API's config where it exists. */
export interface Expected {
  clientId: string | null
  scopes: string[] | null
  providerAppScopes: string[] | null
  whitelist: string[]
}

const failureText = (e: unknown): { status: number | null; body: string } =>
  e instanceof AppFailure ? { status: e.appError.httpStatus ?? null, body: e.appError.raw ?? e.appError.message } : { status: null, body: 'failed' }

/**
 * Verify live: read the live integration back through Sahha's documented authorize call and compare it with what
 * the app holds, try each whitelist candidate, send Sahha's exact URL to Oura without following redirects, and
 * check the Oura pair on Oura's webhook list. Read-only (beyond the test profile), cancellable, audited; the
 * result is kept with its time by the caller.
 */
export function createVerifyLive(deps: {
  secrets: SecretStore
  audit: AuditLog
  log: Logger
  operations: Operations
  bases: (tenant: Tenant) => Promise<EnvironmentBases>
  port: (tenant: Tenant) => Promise<VerifyPort>
}) {
  return {
    async run(
      tenant: Tenant,
      input: { provider: ProviderSlug; operationId: string; expected: Expected; pasted: string[] },
      signal?: AbortSignal
    ): Promise<VerificationResult> {
      const { provider, expected } = input
      const bases = await deps.bases(tenant)
      const port = await deps.port(tenant)
      const rows: Row[] = []
      // Written inside the operation's closure, read after it.
      const got: { live: VerificationResult['live']; profileCreated: boolean } = { live: null, profileCreated: false }
      const aborted = (s: AbortSignal) => s.aborted
      const candidates = [...new Set([...expected.whitelist, ...input.pasted.map((p) => p.trim()).filter(Boolean)])]
      const total = 3 + candidates.length
      const op = deps.operations.run(
        'integrations.verifyLive',
        async (opSignal, progress) => {
          let step = 0
          const tick = (message: string) => progress(++step, total, message)
          const token = await port.profileTokenOrRegister(VERIFICATION_EXTERNAL_ID, opSignal)
          got.profileCreated = token.created
          tick('Verification profile ready')
          let authorizationUrl: string
          try {
            authorizationUrl = (await port.authorize(provider, token.profileToken, undefined, opSignal)).authorizationUrl
          } catch (e) {
            if (opSignal.aborted) throw e
            const f = failureText(e)
            rows.push({ id: 'authorize', field: 'Sahha authorize (no redirectUrl)', expected: '200 with an authorizationUrl', live: `${f.status ?? 'error'}: ${f.body.slice(0, 400)}`, verdict: 'fail', remedy: 'There is no usable Oura integration on this environment (not created, disabled, or an empty whitelist): create it in the Sahha Dashboard with the Apply checklist.' })
            return
          }
          tick('Read back the live integration')
          const readBack = parseAuthorizationUrl(authorizationUrl)
          if (!readBack) {
            rows.push({ id: 'authorize', field: 'Sahha authorize (no redirectUrl)', expected: 'an authorizationUrl', live: 'not a URL', verdict: 'fail', remedy: 'Report it to Sahha support.' })
            return
          }
          got.live = { clientId: readBack.clientId, scopes: readBack.scopes, redirectUri: readBack.redirectUri, host: readBack.host }
          rows.push(
            ...readBackRows({
              readBack,
              expected: { ouraAuthorizePage: `${bases.ouraCloudBase}/oauth/authorize`, clientId: expected.clientId, callbackUrl: callbackUrl(bases.sahhaBase, provider), scopes: expected.scopes, providerAppScopes: expected.providerAppScopes }
            })
          )
          for (const candidate of candidates) {
            if (aborted(opSignal)) return
            try {
              await port.authorize(provider, token.profileToken, candidate, opSignal)
              rows.push(whitelistRow(candidate, { accepted: true }, !expected.whitelist.includes(candidate)))
            } catch (e) {
              if (aborted(opSignal)) throw e
              const f = failureText(e)
              if (f.status !== null && f.status >= 400 && f.status < 500 && f.status !== 401) rows.push(whitelistRow(candidate, { accepted: false, ...f }, !expected.whitelist.includes(candidate)))
              else rows.push({ id: `whitelist:${candidate}`, field: `Whitelist: ${candidate}`, expected: 'accepted', live: `could not be tried (${f.status ?? 'error'}: ${f.body.slice(0, 200)})`, verdict: 'inconclusive', remedy: 'Retry the verification.' })
            }
            tick(`Tried ${candidate}`)
          }
          rows.push({ id: 'whitelist_default', field: 'Default whitelist entry (the first)', expected: expected.whitelist[0] ?? '(none kept in the app)', live: 'cannot be read back: Sahha does not reveal the whitelist or its order', verdict: 'inconclusive' })
          // Sahha's exact URL, not one the app builds, without following redirects.
          rows.push(ouraPageRow(await port.checkAuthorize(authorizationUrl, opSignal)))
          let secret: string | null = null
          try {
            secret = await deps.secrets.get(secretKey(tenant, provider))
          } catch (e) {
            if (!(e instanceof KeychainUnavailableError)) throw e
          }
          const clientId = readBack.clientId ?? expected.clientId
          if (!secret || !clientId) {
            rows.push({ id: 'oura_credentials', field: 'Oura Client ID and secret', expected: "accepted by Oura's webhook list", live: 'not checked: the Oura client secret is not in this keychain', verdict: 'inconclusive', remedy: 'Store it with "Replace secret…" to include this check.' })
          } else {
            deps.log.addSecret(secret)
            const w = await port.listWebhooks(clientId, secret, opSignal)
            rows.push(
              w.kind === 'ok'
                ? { id: 'oura_credentials', field: 'Oura Client ID and secret', expected: "accepted by Oura's webhook list", live: `accepted (200, ${w.subscriptions.length} subscriptions)`, verdict: 'pass' }
                : w.kind === 'rejected'
                  ? { id: 'oura_credentials', field: 'Oura Client ID and secret', expected: "accepted by Oura's webhook list", live: `refused (${w.status} ${w.detail})`, verdict: 'fail', mode: 'OURA_INVALID_CLIENT', remedy: 'The secret in this keychain does not match the Oura app of the live Client ID: copy both from the Oura portal again.' }
                  : { id: 'oura_credentials', field: 'Oura Client ID and secret', expected: "accepted by Oura's webhook list", live: w.kind === 'unreachable' ? `not reachable (${w.detail})` : `${w.status} ${w.detail}`, verdict: 'inconclusive', remedy: 'Retry when Oura is reachable.' }
            )
          }
          tick('Checked with Oura')
        },
        { operationId: input.operationId, parentSignal: signal }
      )
      const cancelled = await settleCancellable(op.done)
      const ok = !cancelled && rows.length > 0 && rows.every((r) => r.verdict === 'pass' || r.verdict === 'inconclusive')
      const result: VerificationResult = { verifiedAt: new Date().toISOString(), ok, profileExternalId: VERIFICATION_EXTERNAL_ID, profileCreated: got.profileCreated, live: got.live, rows, cancelled }
      const fails = rows.filter((r) => r.verdict === 'fail')
      await deps.audit.append({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'integration.verifyLive',
        summary: `${provider}: ${cancelled ? 'cancelled' : ok ? 'live integration matches' : `${fails.length} finding(s): ${fails.map((r) => r.mode ?? r.id).join(', ')}`} (${rows.length} rows, test profile ${VERIFICATION_EXTERNAL_ID}${got.profileCreated ? ' registered' : ''})`
      })
      return result
    }
  }
}
export type VerifyLive = ReturnType<typeof createVerifyLive>
