import type { EnvironmentId, SecretStatus } from '../../preload/contract/models'
import { KeychainUnavailableError } from '../errors'
import type { Logger } from '../log'
import type { SecretKey, SecretStore } from './secret-store'

/** The one builder of keychain keys: `sahha` for the account credentials, a provider slug for an integration. */
export function secretKey(tenant: { readonly id: string; readonly environment: EnvironmentId }, provider: string): SecretKey {
  return { tenantId: tenant.id, environment: tenant.environment, provider, name: 'client-secret' }
}

/**
 * The one reading of a secret's status for the screens: set (with its last four characters when
 * it is long enough not to give itself away), missing, or the keychain unavailable. A secret read
 * is registered with the logger so that no log line can carry it.
 */
export async function readSecretStatus(secrets: SecretStore, key: SecretKey, log: Pick<Logger, 'addSecret'>): Promise<SecretStatus> {
  try {
    const v = await secrets.get(key)
    if (v === null) return { state: 'missing' }
    log.addSecret(v)
    return { state: 'set', last4: v.length >= 12 ? v.slice(-4) : undefined }
  } catch (e) {
    if (e instanceof KeychainUnavailableError) return { state: 'unavailable' }
    throw e
  }
}
