import type { ProviderSlug, WebhookHealthResult } from '../../preload/contract/models'
import { assessWebhooks } from '../../preload/contract/rules/webhook-health'
import { KeychainUnavailableError } from '../errors'
import type { Logger } from '../log'
import type { SecretStore } from '../secrets/secret-store'
import type { EnvironmentBases } from '../config'
import type { TenantRecord as Tenant } from '../storage/settings'
import type { IntegrationsPort } from './integrations'
import { secretKey } from '../secrets/secret-keys'

/** What the app knows about the integration, whichever tier it comes from (services/integrations.ts `facts`). */
export interface IntegrationFacts {
  clientId: string | null
  scopes: string[] | null
  scopesFrom: 'live' | 'admin' | 'desired' | 'none'
  /** No users yet, or younger than the subscription delay: an empty subscription list is expected. */
  fresh: boolean
}

/**
 * Webhook health from Oura's own API (oura-api.md §7.1), strictly read-only: GET /v2/webhook/subscription with the
 * tenant's Oura app credentials from the keychain. Never creates, renews or deletes: Sahha manages them.
 */
export function createWebhookHealth(deps: {
  secrets: SecretStore
  log: Logger
  bases: (tenant: Tenant) => Promise<EnvironmentBases>
  port: (tenant: Tenant) => Promise<Pick<IntegrationsPort, 'listWebhooks'>>
  facts: (tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal) => Promise<IntegrationFacts>
  now?: () => number
}) {
  const now = deps.now ?? Date.now
  return {
    async check(tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal): Promise<WebhookHealthResult> {
      const facts = await deps.facts(tenant, provider, signal)
      const checkedAt = new Date(now()).toISOString()
      const base = { checkedAt, clientId: facts.clientId, scopesFrom: facts.scopesFrom, scopes: facts.scopes ?? [], assessment: null }
      if (!facts.clientId) {
        return { ...base, credentials: 'no_client_id', detail: 'The app holds no Oura Client ID for this tenant yet.', remedy: 'Enter the Oura Client ID in the Integration tab, then check again.' }
      }
      let secret: string | null
      try {
        secret = await deps.secrets.get(secretKey(tenant, provider))
      } catch (e) {
        if (!(e instanceof KeychainUnavailableError)) throw e
        return { ...base, credentials: 'unknown', detail: e.appError.message, remedy: e.appError.remedy }
      }
      if (!secret) {
        return { ...base, credentials: 'no_secret', detail: 'The Oura client secret is not in this keychain, so Oura cannot be asked.', remedy: 'Store it with "Replace secret…" in the Integration tab.' }
      }
      deps.log.addSecret(secret)
      const list = await (await deps.port(tenant)).listWebhooks(facts.clientId, secret, signal)
      if (list.kind === 'rejected') {
        return {
          ...base,
          credentials: 'rejected',
          detail: `Oura refused the Client ID and secret (${list.status} ${list.detail}): OURA_INVALID_CLIENT.`,
          remedy: 'Copy the Client ID and Client Secret from the Oura portal again (sandbox and production pairs differ).'
        }
      }
      if (list.kind !== 'ok') {
        const why = list.kind === 'unreachable' ? `Oura could not be reached (${list.detail})` : `Oura answered ${list.status}: ${list.detail}`
        return { ...base, credentials: 'unknown', detail: why, remedy: 'Retry in a moment; if it persists, check the network or Oura status.' }
      }
      const sahhaBase = (await deps.bases(tenant)).sahhaBase
      const assessment = assessWebhooks({ subscriptions: list.subscriptions, scopes: facts.scopes ?? [], sahhaBase, now: now(), fresh: facts.fresh })
      return { ...base, credentials: 'valid', detail: `Oura listed ${list.subscriptions.length} subscription${list.subscriptions.length === 1 ? '' : 's'} on this Oura app (200).`, assessment }
    }
  }
}
export type WebhookHealth = ReturnType<typeof createWebhookHealth>

