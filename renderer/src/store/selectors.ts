import type { EnvironmentId, StorageFileStatus, Tenant } from '../../../preload/contract/models'
import type { StoreState } from './index'

const ENV_ORDER: Record<EnvironmentId, number> = { production: 0, sandbox: 1, demo: 2 }

export const selectTenants = (s: StoreState): readonly Tenant[] => s.tenants

/** Sidebar order: production first (it needs the most care), then sandbox, then demo; by name within. */
export function sortTenants(tenants: readonly Tenant[]): Tenant[] {
  return [...tenants].sort((a, b) => ENV_ORDER[a.environment] - ENV_ORDER[b.environment] || a.name.localeCompare(b.name))
}

export const selectSelectedTenant = (s: StoreState): Tenant | null =>
  s.tenants.find((t) => t.id === s.selectedTenantId) ?? null

/** Tenants whose account secret the app cannot use right now. */
export const selectTenantsNeedingSecret = (s: StoreState): Tenant[] =>
  s.tenants.filter((t) => t.accountSecret.state !== 'set')

/** Local files that need the operator: each gets its own line and, if a backup was kept, its own reset. */
export const selectDamagedFiles = (s: StoreState): StorageFileStatus[] => s.appInfo?.storage.files.filter((f) => f.state !== 'ok') ?? []

/** The settings file (the tenant list) cannot be used: the recovery banner replaces the tenants error. */
export const selectStorageCorrupt = (s: StoreState): boolean =>
  s.appInfo?.storage.files.some((f) => f.id === 'settings' && f.state !== 'ok') === true || s.tenantsError?.code === 'STORAGE_CORRUPT'

/** Whether the tenant's host serves the admin API; 'unknown' until a tenant check says. */
export const adminApiOf = (t: Tenant | null | undefined): 'present' | 'absent' | 'unknown' => t?.capabilities?.adminApi ?? 'unknown'
