import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { createKeytarSecretStore } from '../../../main/secrets/keytar-secret-store'
import type { SecretKey } from '../../../main/secrets/secret-store'

// Runs against the REAL OS keychain: gnome-keyring on a private D-Bus session, set up by
// scripts/with-keychain.sh (npm test does this). Without it this suite fails loudly, it never skips.
const service = `sahha-admin-test-${randomBytes(4).toString('hex')}`
const store = createKeytarSecretStore({ service })
const key = (tenantId: string, environment: SecretKey['environment'] = 'sandbox'): SecretKey => ({
  tenantId,
  environment,
  provider: 'oura',
  name: 'client-secret'
})

describe('keytar secret store (real keychain)', () => {
  it('needs a session bus: run through `npm test` or scripts/with-keychain.sh', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'no D-Bus session: run tests through scripts/with-keychain.sh').toBeTruthy()
  })

  it('sets, gets, replaces and deletes a secret', async () => {
    const k = key('t_set0001')
    expect(await store.get(k)).toBeNull()
    await store.set(k, 'first-secret-value')
    expect(await store.get(k)).toBe('first-secret-value')
    expect(await store.has(k)).toBe(true)
    await store.set(k, 'second-secret-value')
    expect(await store.get(k)).toBe('second-secret-value')
    expect(await store.delete(k)).toBe(true)
    expect(await store.get(k)).toBeNull()
    expect(await store.delete(k)).toBe(false)
  })

  it('keeps environments and tenants apart', async () => {
    await store.set(key('t_ns00001', 'sandbox'), 'sandbox-value')
    await store.set(key('t_ns00001', 'production'), 'production-value')
    expect(await store.get(key('t_ns00001', 'sandbox'))).toBe('sandbox-value')
    expect(await store.get(key('t_ns00001', 'production'))).toBe('production-value')
    expect(await store.get(key('t_ns00002', 'sandbox'))).toBeNull()
    await store.delete(key('t_ns00001', 'sandbox'))
    await store.delete(key('t_ns00001', 'production'))
  })

  it('stores the item where other keychain tools see it, under our service and namespaced account', async () => {
    await store.set(key('t_tool0001'), 'visible-to-secret-tool')
    const out = execFileSync('secret-tool', ['lookup', 'service', service, 'account', 't_tool0001/sandbox/oura/client-secret'], {
      encoding: 'utf8'
    })
    expect(out).toBe('visible-to-secret-tool')
    await store.delete(key('t_tool0001'))
  })
})
