import { KeychainUnavailableError } from '../errors'
import { secretAccount, type SecretStore } from './secret-store'

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/**
 * The OS keychain through keytar: the only file that imports it. Every failure (no session bus,
 * locked keyring, native module missing, a hung prompt) becomes KEYCHAIN_UNAVAILABLE. There is no
 * fallback: a secret that cannot go to the keychain goes nowhere.
 */
export function createKeytarSecretStore(opts: { service: string; timeoutMs?: number; load?: () => KeytarModule }): SecretStore {
  const timeoutMs = opts.timeoutMs ?? 10_000
  let keytar: KeytarModule | null = null
  const load = (): KeytarModule => {
    if (keytar) return keytar
    try {
      // Loaded lazily: a missing native build must surface as a typed error on first use, not crash start-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      keytar = opts.load ? opts.load() : (require('keytar') as KeytarModule)
      return keytar
    } catch (e) {
      throw new KeychainUnavailableError('the keychain module could not be loaded (on Linux: install libsecret-1-0)', { cause: e })
    }
  }
  const guarded = async <T>(what: string, op: (k: KeytarModule) => Promise<T>): Promise<T> => {
    const k = load()
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        op(k),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new KeychainUnavailableError(`${what} did not answer within ${timeoutMs / 1000} s (is an unlock prompt waiting?)`)),
            timeoutMs
          )
        })
      ])
    } catch (e) {
      if (e instanceof KeychainUnavailableError) throw e
      throw new KeychainUnavailableError(`${what} failed (${describe(e)})`, { cause: e })
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    get: (key) => guarded('reading a secret', (k) => k.getPassword(opts.service, secretAccount(key))),
    set: (key, value) => guarded('storing a secret', (k) => k.setPassword(opts.service, secretAccount(key), value)),
    delete: (key) => guarded('deleting a secret', (k) => k.deletePassword(opts.service, secretAccount(key))),
    has: async (key) => (await guarded('reading a secret', (k) => k.getPassword(opts.service, secretAccount(key)))) !== null
  }
}

/** The OS error text names the bus or collection, never the secret; keep it short for the operator. */
function describe(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  return text.split('\n')[0]!.slice(0, 160)
}
