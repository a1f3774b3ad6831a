import { KeychainUnavailableError } from '../../main/errors'
import { secretAccount, type SecretKey, type SecretStore } from '../../main/secrets/secret-store'

/** Unit tests only. Never used by the app: the app has no fallback store. */
export function createMemorySecretStore(): SecretStore & { entries: Map<string, string>; available: boolean } {
  const entries = new Map<string, string>()
  const store = {
    entries,
    available: true,
    check() {
      if (!store.available) throw new KeychainUnavailableError('test keychain is locked')
    },
    async get(key: SecretKey) {
      store.check()
      return entries.get(secretAccount(key)) ?? null
    },
    async set(key: SecretKey, value: string) {
      store.check()
      entries.set(secretAccount(key), value)
    },
    async delete(key: SecretKey) {
      store.check()
      return entries.delete(secretAccount(key))
    },
    async has(key: SecretKey) {
      store.check()
      return entries.has(secretAccount(key))
    }
  }
  return store
}
