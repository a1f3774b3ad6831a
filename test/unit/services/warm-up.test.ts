import type { SecretKey } from '../../../main/secrets/secret-store'
import { composeTestApp } from '../../support/compose-test-app'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'

// Decision 0012: while the window loads, main starts what the first screen asks for (the tenant list, whose secret
// status starts the keychain helper), so the page's first tenants.list does not pay for a cold keychain.
describe('warm-up while the window loads', () => {
  it('reads the tenant list with its secret status before the page asks, and the page then gets the same list', async () => {
    const secrets = createMemorySecretStore()
    const reads: SecretKey[] = []
    const spied = { ...secrets, get: (k: SecretKey) => (reads.push(k), secrets.get(k)) }
    const t = await composeTestApp({ overrides: { secrets: spied } })
    try {
      expect(reads).toEqual([])
      t.app.warmUp()
      await vi.waitFor(() => expect(reads.length).toBeGreaterThan(0))
      const listed = await t.value<{ name: string; accountSecret: { state: string } }[]>('tenants.list', {})
      expect(listed.map((x) => [x.name, x.accountSecret.state])).toEqual([['Demo tenant', 'set']])
    } finally {
      await t.app.close()
    }
  })

  it('a keychain that cannot be read during the warm-up is left for the page to report', async () => {
    const secrets = createMemorySecretStore()
    const t = await composeTestApp({ overrides: { secrets } })
    try {
      secrets.available = false
      t.app.warmUp()
      const listed = await t.value<{ accountSecret: { state: string } }[]>('tenants.list', {})
      expect(listed[0]?.accountSecret.state).toBe('unavailable')
      expect(t.lines.filter((l) => /"level":"error"/.test(l))).toEqual([])
    } finally {
      await t.app.close()
    }
  })
})
