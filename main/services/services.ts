import type { AppConfig } from '../config'
import type { Logger } from '../log'
import type { EventBus } from '../ipc/events'
import type { SecretStore } from '../secrets/secret-store'
import type { AuditLog } from '../storage/audit-log'
import type { DraftStore } from '../storage/drafts'
import type { createOnboardingFile } from '../storage/onboarding'
import type { createWindowStateFile } from '../storage/window-state'
import type { DesiredConfigStore } from '../storage/desired-config'
import type { TenantRecord } from '../storage/settings'
import type { AppInfo, StorageFileId, TenantCapabilities } from '../../preload/contract/models'
import type { TenantsService } from './tenants'
import type { Operations } from './operations'
import type { IntegrationsService } from './integrations'
import type { ConnectionsService } from './connections'
import type { ConnectionActions } from './connection-actions'
import type { Subjects } from './subjects'
import type { CapabilitiesService } from './capabilities'
import type { WebhookHealth } from './webhook-health'
import type { TierConnections } from './documented-connections'
import type { StoreRegistry } from '../local-store/store-registry'

/**
 * Everything the IPC handlers may call: built once by the composition root (`main/compose.ts`) and
 * handed to `main/ipc/handlers.ts`. It lives here, beside the services, so neither of those two
 * imports the other.
 */
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
  /** Admin-API connections in the tenants' local stores (sync, window queries, counts). */
  readonly connections: ConnectionsService
  readonly connectionActions: ConnectionActions
  readonly subjects: Subjects
  readonly onboarding: ReturnType<typeof createOnboardingFile>
  readonly capabilities: CapabilitiesService
  readonly windowState: ReturnType<typeof createWindowStateFile>
  /** Every local file, each reported on its own: one damaged file never hides the others. */
  storageStatus(): Promise<AppInfo['storage']>
  /** Sets one damaged file aside (its backup stays), after the operator agreed. */
  resetCorruptFile(file: StorageFileId): Promise<{ backupPath?: string }>
  /** Starts the Demo environment over from its seed (on the operator's request only). */
  resetDemo(): Promise<{ reset: true }>
  readonly webhookHealth: WebhookHealth
  readonly desired: DesiredConfigStore
  /** Connections on the documented-only tier (scans, "check these users"). */
  readonly tier: TierConnections
  /** The ONE registry of the tenants' local connection stores (issue I): changes, history, alerts, settings. */
  readonly localStores: StoreRegistry
  /** Account token, then the admin API detection (always repeated here, sahha-api.md §7). */
  checkTenant(tenant: TenantRecord, signal: AbortSignal): Promise<{ ok: true; latencyMs: number; baseUrl: string; capabilities: TenantCapabilities }>
  /** Drop cached clients and tokens after a tenant's credentials changed or it was removed. */
  invalidateTenant(id: string): void
  /** Tenant removed or its Demo reset: stop its syncs and delete its local connection store and scan checkpoint. */
  forgetTenantData(id: string): void
}
