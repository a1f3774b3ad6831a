import { join } from 'node:path'
import type { AppConfig } from './config'
import { demoAccount } from './config'
import { AppFailure } from './errors'
import { createDispatch, type Dispatch } from './ipc/dispatch'
import { createEventBus, type EventBus } from './ipc/events'
import { createHandlers } from './ipc/handlers'
import { createSenderPolicy, type SenderPolicy } from './ipc/sender-policy'
import { createLogger, type Logger } from './log'
import type { SecretStore } from './secrets/secret-store'
import { createKeytarSecretStore } from './secrets/keytar-secret-store'
import type { SpawnHost } from './secrets/keychain-host-client'
import { createAuditLog, type AuditLog } from './storage/audit-log'
import { createSettingsFile } from './storage/settings'
import { createTenantsService, type TenantsService } from './services/tenants'
import { createDraftStore, type DraftStore } from './storage/drafts'
import { createOperations, type Operations } from './services/operations'
import { createEnvironments, type StartDemo } from './services/environments'
import { createIntegrationsService, type IntegrationsService } from './services/integrations'
import { createConnectionsStore, type ConnectionsStore } from './services/connections'
import { createConnectionActions, type ConnectionActions } from './services/connection-actions'
import { createTenantClients } from './services/tenant-clients'
import { createTierConnections, publishToLocalStore, type TierConnections } from './services/documented-connections'
import { createStoreRegistry } from './local-store/store-registry'
import type { TenantRecord } from './storage/settings'
import { createOnboardingFile } from './storage/onboarding'
import { createCapabilitiesFile } from './storage/capabilities'
import { createCapabilities, type AdminApiProbe, type CapabilitiesService } from './services/capabilities'
import type { TenantCapabilities } from '../preload/contract/models'

export interface Services {
  readonly config: AppConfig
  readonly log: Logger
  readonly events: EventBus
  readonly secrets: SecretStore
  readonly audit: AuditLog
  readonly tenants: TenantsService
  readonly drafts: DraftStore
  readonly operations: Operations
  readonly integrations: IntegrationsService
  readonly connections: ConnectionsStore
  readonly connectionActions: ConnectionActions
  readonly onboarding: ReturnType<typeof createOnboardingFile>
  readonly capabilities: CapabilitiesService
  /** Connections on the documented-only tier (scans, "check these users"). */
  readonly tier: TierConnections
  storageStatus(): Promise<{ state: 'ok' | 'corrupt'; backupPath?: string }>
  resetCorruptSettings(): Promise<{ backupPath?: string }>
  /** Account token, then the admin API detection (always repeated here, sahha-api.md §7). */
  checkTenant(tenant: TenantRecord, signal: AbortSignal): Promise<{ ok: true; latencyMs: number; baseUrl: string; capabilities: TenantCapabilities }>
  /** Drop cached clients and tokens after a tenant's credentials changed or it was removed. */
  invalidateTenant(id: string): void
}

export interface App {
  readonly services: Services
  readonly dispatch: Dispatch
  /** The Electron shell registers its window's WebContents; IPC from any other one is refused. */
  readonly registerWebContents: SenderPolicy['registerWebContents']
  close(): Promise<void>
}

/**
 * The composition root: config → services → handlers → dispatch. The Electron shell and the
 * loopback bridge both call this, so both run the same code. `secrets` may be injected by unit
 * tests; the app always uses the OS keychain.
 */
export async function composeApp(
  config: AppConfig,
  overrides: { secrets?: SecretStore; allowTestSender?: boolean; startDemo?: StartDemo; spawnKeychainHost?: SpawnHost } = {}
): Promise<App> {
  const log = createLogger(config.logSink, config.logLevel ?? 'info')
  const events = createEventBus()
  const keychain = overrides.secrets ? null : createKeytarSecretStore({ service: config.keychainService, spawnHost: overrides.spawnKeychainHost })
  const secrets = overrides.secrets ?? keychain!
  const settings = createSettingsFile(config.userDataDir)
  const audit = createAuditLog(config.userDataDir, (text) => log.scrub(text))
  // The host's capabilities are probed through the tenant's client, built further down (late-bound).
  let probeAdminApi: (t: TenantRecord, signal?: AbortSignal) => Promise<AdminApiProbe> = () => Promise.reject(new Error('not composed yet'))
  const capabilities = createCapabilities({ file: createCapabilitiesFile(config.userDataDir), probe: (t, signal) => probeAdminApi(t, signal), log })
  const tenants = createTenantsService({ settings, secrets, log, audit, demo: demoAccount(config.demoSecretSuffix), capabilities: (id) => capabilities.get(id) })
  const drafts = createDraftStore(config.userDataDir)
  const operations = createOperations(events)
  const environments = createEnvironments({
    // Loaded only when a Demo tenant is used.
    startDemo: overrides.startDemo ?? (async (o) => (await import('./services/demo-simulator')).startDemoSimulator(o)),
    demoProfiles: config.demoProfiles,
    demoSecretSuffix: config.demoSecretSuffix,
    log
  })
  const clients = createTenantClients({ environments, tenants, secrets, log, fetch: config.fetch })
  probeAdminApi = (t, signal) => clients.probeAdminApi(t, signal)
  const integrations = createIntegrationsService({
    secrets,
    drafts,
    audit,
    log,
    bases: (t) => environments.bases(t),
    port: (t) => clients.integrationsPort(t)
  })
  const connections = createConnectionsStore({ operations, log, port: (t) => clients.connectionsPort(t) })
  const connectionActions = createConnectionActions({ port: (t) => clients.actionsPort(t), adminApi: async (id) => (await capabilities.get(id)).adminApi, store: connections, operations, audit, log })
  // Issue I's per-tenant connection store: a completed documented-tier run is published into it (source 'documented-scan').
  // When I wires its own registry here, pass that one instead (one registry per app).
  const localStores = createStoreRegistry({ dir: join(config.userDataDir, 'connections'), log })
  const tier = createTierConnections({ dir: config.userDataDir, operations, log, port: async (t, s) => (await clients.tierClient(t, s.concurrency)).port, publish: publishToLocalStore(localStores) })

  let corruptBackup: string | undefined
  const storageStatus = async () => {
    try {
      await tenants.list()
      return { state: 'ok' as const }
    } catch (e) {
      if (e instanceof AppFailure && e.code === 'STORAGE_CORRUPT') {
        const details = e.appError.details as { backupPath?: string } | undefined
        corruptBackup = details?.backupPath ?? corruptBackup
        return { state: 'corrupt' as const, backupPath: corruptBackup }
      }
      throw e
    }
  }

  try {
    await tenants.ensureDemoTenant()
  } catch (e) {
    // A corrupt settings file is reported to the operator by the first screen, never silently reset.
    if (!(e instanceof AppFailure && e.code === 'STORAGE_CORRUPT')) throw e
    corruptBackup = (e.appError.details as { backupPath?: string } | undefined)?.backupPath
    log.error('settings.corrupt', { backupPath: corruptBackup })
  }

  const services: Services = {
    config,
    log,
    events,
    secrets,
    audit,
    tenants,
    drafts,
    operations,
    integrations,
    connections,
    connectionActions,
    onboarding: createOnboardingFile(config.userDataDir),
    storageStatus,
    capabilities,
    tier,
    async checkTenant(t, signal) {
      const checked = await clients.check(t, signal)
      return { ...checked, capabilities: await capabilities.detect(t, signal) }
    },
    invalidateTenant: (id) => {
      clients.invalidate(id)
      connections.forget(id)
    },
    async resetCorruptSettings() {
      const status = await storageStatus()
      if (status.state !== 'corrupt') return {}
      await settings.discardCorrupt()
      tenants.reset()
      await tenants.ensureDemoTenant()
      log.warn('settings.reset', { backupPath: status.backupPath })
      return { backupPath: status.backupPath }
    }
  }

  const policy = createSenderPolicy({
    rendererOrigin: config.rendererOrigin,
    rendererFile: config.rendererFile,
    allowTest: overrides.allowTestSender,
    windows: config.platform === 'win32'
  })
  const dispatch = createDispatch(createHandlers(services), policy, log)
  return {
    services,
    dispatch,
    registerWebContents: (id) => policy.registerWebContents(id),
    async close() {
      operations.cancelAll()
      tier.close()
      localStores.closeAll()
      await environments.close()
      keychain?.close()
    }
  }
}
