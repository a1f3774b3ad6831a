import { createKeytarSecretStore } from '../../../main/secrets/keytar-secret-store'
import { AppFailure } from '../../../main/errors'

// This project runs with DBUS_SESSION_BUS_ADDRESS pointing at a socket that does not exist
// (see test/vitest.config.mts): the keychain is absent, as on a machine with no keyring running.
describe('keytar secret store without a keychain', () => {
  it('fails with KEYCHAIN_UNAVAILABLE and a remedy, for every operation', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toContain('/nonexistent')
    const store = createKeytarSecretStore({ service: 'sahha-admin-test-absent', timeoutMs: 5000 })
    const key = { tenantId: 't_absent01', environment: 'sandbox', provider: 'sahha', name: 'client-secret' } as const
    for (const op of [() => store.set(key, 'x-secret'), () => store.get(key), () => store.delete(key), () => store.has(key)]) {
      const err = await op().then(
        () => null,
        (e: unknown) => e
      )
      expect(err).toBeInstanceOf(AppFailure)
      const appErr = (err as AppFailure).appError
      expect(appErr.code).toBe('KEYCHAIN_UNAVAILABLE')
      expect(appErr.remedy).toMatch(/Unlock your keychain/)
      expect(appErr.retryable).toBe(true)
    }
  })
})
