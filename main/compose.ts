import { join } from 'node:path'
import type { AppConfig } from './config'
import { demoAccount } from './config'
import { AppFailure } from './errors'
import { createDispatch, senderKey, type Dispatch } from './ipc/dispatch'
import { createEventBus } from './ipc/events'
import { createHandlers } from './ipc/handlers'
import type { Services } from './services/services'
import { createSenderPolicy, type SenderPolicy } from './ipc/sender-policy'
import { createLogger } from './log'
import type { SecretStore } from './secrets/secret-store'
import { createKeytarSecretStore } from './secrets/keytar-secret-store'
import type { SpawnHost } from './secrets/keychain-host-client'
import { createAuditLog } from './storage/audit-log'
import { createSettingsFile } from './storage/settings'
import { createTenantsService } from './services/tenants'
import { createDraftStore } from './storage/drafts'
import { createOperations } from './services/operations'
import { createEnvironments, type StartDemo } from './services/environments'
import { createIntegrationsService } from './services/integrations'
import { createConnectionsService } from './services/connections'
import { createConnectionActions } from './services/connection-actions'
import { createTenantClients } from './services/tenant-clients'
import { createSubjects } from './services/subjects'
import { createTierConnections, publishToLocalStore } from './services/documented-connections'
import { createStoreRegistry } from './local-store/store-registry'
import type { TenantRecord } from './storage/settings'
import { createOnboardingFile } from './storage/onboarding'
import { createCapabilitiesFile } from './storage/capabilities'
import { createCapabilities, type AdminApiProbe } from './services/capabilities'
import { createWindowStateFile } from './storage/window-state'
import { prepareUserDataDir, type StorageFs } from './storage/disk'
import type { LocalFile } from './storage/json-file'
import type { AppInfo, StorageFileId } from '../preload/contract/models'
import { createDesiredConfigStore } from './storage/desired-config'
import { createVerifyLive } from './services/verify-live'
import { createWebhookHealth } from './services/webhook-health'
import { createSecretClipboard } from './services/secret-clipboard'

export interface App {
  readonly services: Services
  readonly dispatch: Dispatch
  /** The Electron shell registers its window's WebContents; IPC from any other one is refused. */
  readonly registerWebContents: SenderPolicy['registerWebContents']
  /** A browser-mode tab went away (bridge/client-presence.ts): what it started stops, as for a closed window. */
  bridgeClientGone(clientId: string): void
  /**
   * Starts what the first screen asks for while the window loads: the tenant list, which starts the keychain helper
   * and its D-Bus connection (measured: the page's first tenants.list took 250-380 ms with it cold, 50-140 ms warm).
   * Errors are left for the page's own call to report.
   */
  warmUp(): void
  close(): Promise<void>
}

/**
 * The composition root: config → services → handlers → dispatch. The Electron shell and the
 * loopback bridge both call this, so both run the same code. `secrets` may be injected by unit
 * tests; the app always uses the OS keychain.
 */
export async function composeApp(
  config: AppConfig,
  overrides: { secrets?: SecretStore; allowTestSender?: boolean; startDemo?: StartDemo; spawnKeychainHost?: SpawnHost; storageFs?: StorageFs } = {}
): Promise<App> {
  const log = createLogger(config.logSink, config.logLevel ?? 'info')
  const fs = overrides.storageFs
  // A read-only or full data folder stops here with STORAGE_WRITE_FAILED (path, OS reason, remedy).
  const { removedTempFiles } = await prepareUserDataDir(config.userDataDir, fs)
  if (removedTempFiles.length > 0) log.info('storage.stale-temp-files-removed', { count: removedTempFiles.length })
  const events = createEventBus()
  const keychain = overrides.secrets ? null : createKeytarSecretStore({ service: config.keychainService, spawnHost: overrides.spawnKeychainHost })
  const secrets = overrides.secrets ?? keychain!
  const settings = createSettingsFile(config.userDataDir, fs)
  const audit = createAuditLog(config.userDataDir, (text) => log.scrub(text), fs)
  // The host's capabilities are probed through the tenant's client, built further down (late-bound).
  let probeAdminApi: (t: TenantRecord) => Promise<AdminApiProbe> = () => Promise.reject(new Error('not composed yet'))
  const capabilitiesFile = createCapabilitiesFile(config.userDataDir, fs)
  const capabilities = createCapabilities({ file: capabilitiesFile, probe: (t) => probeAdminApi(t), log })
  const desired = createDesiredConfigStore(config.userDataDir, fs)
  let driftOf: (tenantId: string) => Promise<string[]> = () => Promise.resolve([])
  const tenants = createTenantsService({
    settings,
    secrets,
    log,
    audit,
    demo: demoAccount(config.demoSecretSuffix),
    capabilities: (id) => capabilities.get(id),
    drift: (id) => driftOf(id)
  })
  const drafts = createDraftStore(config.userDataDir, fs)
  const onboarding = createOnboardingFile(config.userDataDir, fs)
  const windowState = createWindowStateFile(config.userDataDir, fs)
  const files: Record<StorageFileId, LocalFile> = { settings, drafts, onboarding, 'window-state': windowState, capabilities: capabilitiesFile, 'desired-config': desired.file, 'audit-log': audit }
  const operations = createOperations(events)
  const environments = createEnvironments({
    // Loaded only when a Demo tenant is used.
    startDemo: overrides.startDemo ?? (async (o) => (await import('./services/demo-simulator')).startDemoSimulator(o)),
    demoProfiles: config.demoProfiles,
    demoSecretSuffix: config.demoSecretSuffix,
    log,
    // The Demo keeps what the operator changed across restarts (README "The Demo environment").
    demoStatePath: (adminApi) => join(config.userDataDir, adminApi === 'on' ? 'demo-state.json' : 'demo-state-documented.json')
  })
  const clients = createTenantClients({ environments, tenants, secrets, log, fetch: config.fetch })
  probeAdminApi = (t) => clients.probeAdminApi(t)
  const verifyLive = createVerifyLive({ secrets, audit, log, operations, bases: (t) => environments.bases(t), port: (t) => clients.verifyPort(t) })
  const integrations = createIntegrationsService({
    secrets,
    drafts,
    audit,
    log,
    bases: (t) => environments.bases(t),
    port: (t) => clients.integrationsPort(t),
    desired,
    adminApi: async (t) => (await capabilities.ensure(t)).adminApi,
    verifyLive,
    clipboard: createSecretClipboard({ clipboard: config.clipboard ?? null })
  })
  driftOf = (id) => integrations.driftOf({ id }, 'oura')
  const webhookHealth = createWebhookHealth({
    secrets,
    log,
    bases: (t) => environments.bases(t),
    port: (t) => clients.integrationsPort(t),
    facts: (t, provider, signal) => integrations.facts(t, provider, signal)
  })
  // Issue I's per-tenant connection stores: the ONE registry of the app. The admin-API sync writes into it
  // (source 'admin-api') and a completed documented-tier run is published into it (source 'documented-scan').
  const localStores = createStoreRegistry({ dir: join(config.userDataDir, 'connections'), log })
  const connections = createConnectionsService({ operations, log, port: (t) => clients.connectionsPort(t), stores: localStores })
  const subjects = createSubjects({ userDataDir: config.userDataDir })
  const connectionActions = createConnectionActions({ port: (t) => clients.actionsPort(t), adminApi: async (id) => (await capabilities.get(id)).adminApi, store: connections, operations, audit, subjects, log })
  const tier = createTierConnections({ dir: config.userDataDir, operations, log, port: async (t, s) => (await clients.tierClient(t, s.concurrency)).port, publish: publishToLocalStore(localStores) })

  const storageStatus = async (): Promise<AppInfo['storage']> => {
    const all = await Promise.all(Object.values(files).map((f) => f.status()))
    return { state: all.every((f) => f.state === 'ok') ? 'ok' : 'damaged', files: all }
  }

  try {
    await tenants.ensureDemoTenant()
  } catch (e) {
    // A corrupt settings file is reported to the operator by the first screen, never silently reset.
    if (!(e instanceof AppFailure && e.code === 'STORAGE_CORRUPT')) throw e
    log.error('settings.corrupt', { backupPath: (e.appError.details as { backupPath?: string } | undefined)?.backupPath })
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
    subjects,
    onboarding,
    windowState,
    storageStatus,
    capabilities,
    webhookHealth,
    desired,
    tier,
    localStores,
    async checkTenant(t, signal) {
      const checked = await clients.check(t, signal)
      return { ...checked, capabilities: await capabilities.detect(t) }
    },
    invalidateTenant: (id) => {
      clients.invalidate(id)
    },
    forgetTenantData: (id) => {
      connections.forget(id)
      tier.forget(id)
    },
    async resetDemo() {
      await environments.resetDemo()
      for (const t of await tenants.list()) {
        if (t.environment !== 'demo') continue
        services.invalidateTenant(t.id)
        // The Demo's users started over: rows stored before the reset would show users who no longer exist.
        services.forgetTenantData(t.id)
        await audit.append({ tenantId: t.id, environment: 'demo', action: 'demo.reset', summary: 'Demo environment reset to its seed: integrations, connections and test users changed since are gone' })
      }
      return { reset: true as const }
    },
    async resetCorruptFile(file) {
      const r = await files[file].discardCorrupt()
      if (r.backupPath === undefined) return r
      // Settings start fresh with the Demo tenant, as on a first start.
      if (file === 'settings') await tenants.ensureDemoTenant()
      log.warn('storage.reset', { file, backupPath: r.backupPath })
      return r
    }
  }

  const policy = createSenderPolicy({
    rendererOrigin: config.rendererOrigin,
    rendererFile: config.rendererFile,
    allowTest: overrides.allowTestSender,
    windows: config.platform === 'win32'
  })
  const dispatch = createDispatch(createHandlers(services), policy, log, (sender, run) => operations.asOwner(senderKey(sender), run))
  return {
    services,
    dispatch,
    registerWebContents: (id) => {
      const untrust = policy.registerWebContents(id)
      // The window's web contents are gone: nothing may call for it, and what it started stops.
      return () => {
        untrust()
        const n = operations.cancelOwner(senderKey({ kind: 'electron', webContentsId: id, frameUrl: '', isMainFrame: true }))
        if (n > 0) log.info('operations.cancelled-sender-gone', { count: n })
      }
    },
    bridgeClientGone: (clientId) => {
      const n = operations.cancelOwner(senderKey({ kind: 'bridge', tokenVerified: true, clientId }))
      if (n > 0) log.info('operations.cancelled-sender-gone', { count: n })
    },
    warmUp() {
      void tenants.list().catch(() => undefined)
    },
    async close() {
      operations.cancelAll()
      tier.close()
      localStores.closeAll()
      await environments.close()
      keychain?.close()
    }
  }
}
