import { KeychainUnavailableError } from '../errors'
import { createHostKeytar, forkHost, type SpawnHost } from './keychain-host-client'
import { createKeyQueue } from './key-queue'
import { secretAccount, type SecretStore } from './secret-store'

type HostKeytar = ReturnType<typeof createHostKeytar>

/** The account of the write probe that tells a locked keychain from an empty entry. */
const PROBE_ACCOUNT = '__sahha-admin-probe__/write-check'

/**
 * The OS keychain through keytar, which runs in a helper process (keychain-host.ts) so the app can
 * recover when D-Bus or the keyring daemon comes back. Every failure (no session bus, locked
 * keyring, native module missing, a hung prompt) becomes KEYCHAIN_UNAVAILABLE with a remedy, and the
 * helper is replaced so the next call starts clean. There is no fallback: a secret that cannot go to
 * the keychain goes nowhere.
 */
export function createKeytarSecretStore(opts: { service: string; timeoutMs?: number; spawnHost?: SpawnHost }): SecretStore & { close(): void } {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const keytar = createHostKeytar(opts.spawnHost ?? forkHost)
  // The helper answers requests as they complete, not as they came: each account gets its own queue.
  const queue = createKeyQueue()
  const guarded = async <T>(what: string, op: (k: HostKeytar) => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        op(keytar),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new KeychainUnavailableError(`${what} did not answer within ${timeoutMs / 1000} s (is an unlock prompt waiting?)`)),
            timeoutMs
          )
        })
      ])
    } catch (e) {
      // A fresh helper (and D-Bus connection) for the next call: libsecret never reconnects by itself.
      keytar.reset()
      if (e instanceof KeychainUnavailableError) throw e
      throw new KeychainUnavailableError(`${what} failed (${describe(e)})`, { cause: e })
    } finally {
      clearTimeout(timer)
    }
  }
  /**
   * libsecret answers "nothing there" when the keyring is locked and its unlock prompt is dismissed
   * or cannot be shown, exactly as for an entry that does not exist. So before the app tells the
   * operator a secret is missing (and asks them to type it again), it checks the keychain takes a
   * write: a locked one refuses.
   */
  const assertUnlocked = () =>
    queue.run(PROBE_ACCOUNT, () =>
      guarded('checking the keychain is unlocked', async (k) => {
        await k.setPassword(opts.service, PROBE_ACCOUNT, 'probe')
        await k.deletePassword(opts.service, PROBE_ACCOUNT)
      })
    )
  const read = async (account: string): Promise<string | null> => {
    const value = await guarded('reading a secret', (k) => k.getPassword(opts.service, account))
    if (value !== null) return value
    await assertUnlocked()
    return null
  }
  /**
   * The same trap for deletes: in a locked collection libsecret answers `false` ("nothing deleted")
   * instead of failing, so `false` is believed only once the keychain has taken a write. Otherwise a
   * removed tenant would leave its secret behind while the app said it was gone.
   */
  const remove = async (account: string): Promise<boolean> => {
    if (await guarded('deleting a secret', (k) => k.deletePassword(opts.service, account))) return true
    await assertUnlocked()
    return false
  }
  return {
    get: (key) => queue.run(secretAccount(key), () => read(secretAccount(key))),
    set: (key, value) => queue.run(secretAccount(key), () => guarded('storing a secret', (k) => k.setPassword(opts.service, secretAccount(key), value))),
    delete: (key) => queue.run(secretAccount(key), () => remove(secretAccount(key))),
    has: (key) => queue.run(secretAccount(key), async () => (await read(secretAccount(key))) !== null),
    close: () => keytar.reset()
  }
}

/** Short and actionable: the OS error names the bus or the collection, never the secret. */
function describe(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160)
  if (/locked collection|is locked/i.test(text)) return `the keychain is locked: ${text}`
  if (/Cannot find module|\.node\b|dlopen|libsecret-1\.so/i.test(text)) return `the keychain module could not be loaded, on Linux install libsecret-1-0: ${text}`
  if (/ENOENT|spawn/i.test(text)) return `the keychain helper process could not start: ${text}`
  return text
}
