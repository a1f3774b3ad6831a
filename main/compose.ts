import type { AppConfig } from './config'
import { DEMO_ACCOUNT } from './config'
import { AppFailure } from './errors'
import { createDispatch, type Dispatch } from './ipc/dispatch'
import { createEventBus, type EventBus } from './ipc/events'
import { createHandlers } from './ipc/handlers'
import { createSenderPolicy } from './ipc/sender-policy'
import { createLogger, type Logger } from './log'
import type { SecretStore } from './secrets/secret-store'
import { createKeytarSecretStore } from './secrets/keytar-secret-store'
import { createAuditLog, type AuditLog } from './storage/audit-log'
import { createSettingsFile } from './storage/settings'
import { createTenantsService, type TenantsService } from './services/tenants'

export interface Services {
  readonly config: AppConfig
  readonly log: Logger
  readonly events: EventBus
  readonly secrets: SecretStore
  readonly audit: AuditLog
  readonly tenants: TenantsService
  storageStatus(): Promise<{ state: 'ok' | 'corrupt'; backupPath?: string }>
  resetCorruptSettings(): Promise<{ backupPath?: string }>
  checkTenant?: (id: string, signal: AbortSignal) => Promise<{ ok: true; latencyMs: number; baseUrl: string }>
}

export interface App {
  readonly services: Services
  readonly dispatch: Dispatch
  close(): Promise<void>
}

/**
 * The composition root: config → services → handlers → dispatch. The Electron shell and the
 * loopback bridge both call this, so both run the same code. `secrets` may be injected by unit
 * tests; the app always uses the OS keychain.
 */
export async function composeApp(config: AppConfig, overrides: { secrets?: SecretStore; allowTestSender?: boolean } = {}): Promise<App> {
  const log = createLogger(config.logSink, config.logLevel ?? 'info')
  const events = createEventBus()
  const secrets = overrides.secrets ?? createKeytarSecretStore({ service: config.keychainService })
  const settings = createSettingsFile(config.userDataDir)
  const audit = createAuditLog(config.userDataDir, log.scrub)
  const tenants = createTenantsService({ settings, secrets, log, audit, demo: DEMO_ACCOUNT })

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
    storageStatus,
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
    allowTest: overrides.allowTestSender
  })
  const dispatch = createDispatch(createHandlers(services), policy, log)
  return {
    services,
    dispatch,
    async close() {
      // Services with resources (the Demo simulator, running operations) register their shutdown here.
    }
  }
}
