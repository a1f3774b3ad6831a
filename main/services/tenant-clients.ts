import pLimit from 'p-limit'
import { createTierClient } from './tier-port'
import { createSahhaClient, type SahhaClient } from '../sahha/client'
import type { Logger } from '../log'
import type { SecretStore } from '../secrets/secret-store'
import type { TenantRecord } from '../storage/settings'
import type { ConnectionActionsPort } from './connection-actions'
import type { ConnectionsPort } from './connections'
import type { Environments } from './environments'
import type { IntegrationsPort } from './integrations'
import type { TenantsService } from './tenants'
import type { VerifyPort } from './verify-live'

/**
 * One Sahha client per tenant (so the concurrency limit and the token cache are per tenant), built
 * on first use and dropped when the tenant's credentials change. Adapts the client to the ports the
 * services declare.
 */
export function createTenantClients(deps: { environments: Environments; tenants: TenantsService; secrets: SecretStore; log: Logger; fetch: typeof fetch }) {
  const clients = new Map<string, Promise<SahhaClient>>()
  const client = (t: TenantRecord): Promise<SahhaClient> => {
    let c = clients.get(t.id)
    if (!c) {
      c = deps.environments.bases(t).then((b) =>
        createSahhaClient({
          baseUrl: b.sahhaBase,
          ouraCloudBase: b.ouraCloudBase,
          ouraApiBase: b.ouraApiBase,
          fetch: deps.fetch,
          getCredentials: () => deps.tenants.credentials(t.id),
          log: deps.log
        })
      )
      c.catch(() => clients.delete(t.id))
      clients.set(t.id, c)
    }
    return c
  }

  // The documented-tier scan's own client per tenant (its pacer holds the per-tenant concurrency limit).
  const tierClients = new Map<string, { concurrency: number; c: Promise<ReturnType<typeof createTierClient>> }>()
  const tierClient = (t: TenantRecord, concurrency: number) => {
    let e = tierClients.get(t.id)
    if (!e || e.concurrency !== concurrency) {
      const c = deps.environments.bases(t).then((b) =>
        createTierClient({ baseUrl: b.sahhaBase, ouraCloudBase: b.ouraCloudBase, ouraApiBase: b.ouraApiBase, fetch: deps.fetch, getCredentials: () => deps.tenants.credentials(t.id), log: deps.log, concurrency })
      )
      c.catch(() => tierClients.delete(t.id))
      e = { concurrency, c }
      tierClients.set(t.id, e)
    }
    return e.c
  }

  return {
    client,
    tierClient,
    invalidate(id: string) {
      clients.delete(id)
      tierClients.delete(id)
    },

    async check(t: TenantRecord, signal: AbortSignal) {
      const c = await client(t)
      c.auth.invalidate()
      const started = Date.now()
      await c.auth.token(signal)
      return { ok: true as const, latencyMs: Date.now() - started, baseUrl: c.bases.sahha }
    },

    /** One read of the admin API's root (sahha-api.md §5): present, or absent as on the real Sahha today. */
    async probeAdminApi(t: TenantRecord, signal?: AbortSignal) {
      return (await client(t)).admin.detectAdminApi(signal)
    },

    async integrationsPort(t: TenantRecord): Promise<IntegrationsPort> {
      const c = await client(t)
      return {
        get: (provider, signal) => c.admin.getIntegration(provider, signal),
        put: (provider, body, pre, signal) => c.admin.putIntegration(provider, body, pre, signal),
        summary: (provider, signal) => c.admin.connectionSummary(provider, signal),
        checkAuthorize: (url, signal) => c.oura.checkAuthorize(url, signal),
        listWebhooks: (id, secret, signal) => c.oura.listWebhookSubscriptions(id, secret, signal),
        probeCredentials: (id, secret, redirect, signal) => c.oura.probeCredentials(id, secret, redirect, signal)
      }
    },

    /** The documented calls Verify live makes (sahha-api.md §7.3). */
    async verifyPort(t: TenantRecord): Promise<VerifyPort> {
      const c = await client(t)
      return {
        profileTokenOrRegister: (externalId, signal) => c.documented.profileTokenOrRegister(externalId, signal),
        authorize: (provider, token, redirectUrl, signal) => c.documented.authorize(provider, token, redirectUrl, signal),
        checkAuthorize: (url, signal) => c.oura.checkAuthorize(url, signal),
        listWebhooks: (id, secret, signal) => c.oura.listWebhookSubscriptions(id, secret, signal)
      }
    },

    async connectionsPort(t: TenantRecord): Promise<ConnectionsPort> {
      const c = await client(t)
      return {
        iterateAll: (provider, o) => c.admin.iterateAllConnections(provider, { pageSize: o.pageSize, updatedSince: o.updatedSince }, { signal: o.signal, onProgress: o.onProgress, onAsOf: o.onAsOf })
      }
    },

    async actionsPort(t: TenantRecord): Promise<ConnectionActionsPort> {
      const c = await client(t)
      const jobs = pLimit(4)
      return {
        summary: (provider, signal) => c.admin.connectionSummary(provider, signal),
        detail: (provider, externalId, signal) => c.admin.getConnection(provider, externalId, signal),
        integration: async (provider, signal) => (await c.admin.getIntegration(provider, signal))?.config ?? null,
        profileToken: (externalId, signal) => c.documented.profileTokenOrRegister(externalId, signal),
        authorize: (provider, token, redirectUrl, signal) => c.documented.authorize(provider, token, redirectUrl, signal),
        disconnect: (provider, externalId, signal) => c.admin.disconnect(provider, externalId, signal),
        webhookStatus: (provider, signal) => c.admin.webhookStatus(provider, signal),
        limit: (fn) => jobs(fn)
      }
    }
  }
}
