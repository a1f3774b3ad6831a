import type { TenantCapabilities } from '../../preload/contract/models'
import { AppFailure } from '../errors'
import type { Logger } from '../log'
import type { CapabilitiesFile } from '../storage/capabilities'
import type { TenantRecord } from '../storage/settings'

/** What one read of the admin API's root answered (sahha-api.md §5, §7). */
export type AdminApiProbe = { adminApi: 'present' | 'absent'; evidence: string }

/** A detection older than this is repeated before a screen relies on it. */
export const CAPABILITIES_MAX_AGE_MS = 24 * 60 * 60_000

const NEVER: TenantCapabilities = { adminApi: 'unknown', checkedAt: null }

/**
 * Per tenant: does its host serve the [invented] admin API? Detected on tenant check (always) and at most
 * daily otherwise; kept on disk with its time so every screen can say where its data comes from. A failed
 * detection (network, auth) keeps the last result: it is no evidence either way.
 */
export function createCapabilities(deps: {
  file: CapabilitiesFile
  probe: (tenant: TenantRecord) => Promise<AdminApiProbe>
  log: Logger
  now?: () => number
}) {
  const now = deps.now ?? Date.now
  let cache: Record<string, TenantCapabilities> | null = null
  const inflight = new Map<string, Promise<TenantCapabilities>>()

  const load = async () => (cache ??= { ...(await deps.file.load()).tenants })
  // A read-modify-write of the file as it is on disk (issue G.1), so another writer's tenants are kept.
  const store = async (id: string, value: TenantCapabilities | null) => {
    const next = await deps.file.update((current) => {
      const tenants = { ...current.tenants }
      if (value) tenants[id] = value
      else delete tenants[id]
      return { tenants }
    })
    cache = { ...next.tenants }
  }

  const service = {
    async get(tenantId: string): Promise<TenantCapabilities> {
      try {
        return (await load())[tenantId] ?? NEVER
      } catch (e) {
        // A damaged capabilities file only costs a re-detection; it is reported in the log.
        deps.log.warn('capabilities.unreadable', { error: e instanceof Error ? e.message : String(e) })
        return NEVER
      }
    },

    /**
     * Probes now (single-flight per tenant). Throws the probe's failure; the stored result is then unchanged. The
     * shared probe runs without any one caller's signal (one request, bounded by the HTTP timeout), so a caller that
     * goes away cannot cancel it for the others.
     */
    detect(tenant: TenantRecord): Promise<TenantCapabilities> {
      let p = inflight.get(tenant.id)
      if (!p) {
        p = (async () => {
          const r = await deps.probe(tenant)
          const value: TenantCapabilities = { adminApi: r.adminApi, checkedAt: new Date(now()).toISOString(), evidence: r.evidence }
          await store(tenant.id, value)
          deps.log.info('capabilities.detected', { tenantId: tenant.id, adminApi: r.adminApi })
          return value
        })().finally(() => inflight.delete(tenant.id))
        inflight.set(tenant.id, p)
      }
      return p
    },

    /** The stored result, detected again first when it is missing or older than a day. */
    async ensure(tenant: TenantRecord): Promise<TenantCapabilities> {
      const current = await service.get(tenant.id)
      const fresh = current.checkedAt !== null && now() - Date.parse(current.checkedAt) < CAPABILITIES_MAX_AGE_MS
      if (fresh) return current
      try {
        return await service.detect(tenant)
      } catch (e) {
        deps.log.warn('capabilities.detect-failed', { tenantId: tenant.id, code: e instanceof AppFailure ? e.code : 'INTERNAL' })
        return current
      }
    },

    async forget(tenantId: string): Promise<void> {
      await store(tenantId, null)
    }
  }
  return service
}
export type CapabilitiesService = ReturnType<typeof createCapabilities>
