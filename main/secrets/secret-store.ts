import type { EnvironmentId } from '../../preload/contract/models'

/**
 * Where a secret lives, namespaced by tenant, environment and provider, so that a sandbox secret can
 * never be read for production and removing a tenant can find every entry it owns.
 */
export interface SecretKey {
  readonly tenantId: string
  readonly environment: EnvironmentId
  /** `sahha` for the account credentials; a provider slug (`oura`, ...) for an integration. */
  readonly provider: string
  readonly name: 'client-secret'
}

export function secretAccount(key: SecretKey): string {
  return `${key.tenantId}/${key.environment}/${key.provider}/${key.name}`
}

/** Four methods, so another backend (Electron safeStorage, say) is a one-file change plus a migration. */
export interface SecretStore {
  get(key: SecretKey): Promise<string | null>
  set(key: SecretKey, value: string): Promise<void>
  /** true: deleted; false: there was no such entry. A keychain that cannot tell (locked) throws instead. */
  delete(key: SecretKey): Promise<boolean>
  has(key: SecretKey): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'sahha-integrations-admin'
