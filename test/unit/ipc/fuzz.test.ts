import fc from 'fast-check'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { composeApp } from '../../../main/compose'
import { CHANNEL_NAMES } from '../../../preload/contract/channel-names'
import { APP_ERROR_CODES } from '../../../preload/contract/result'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'

// IPC fuzz (short version; the long run is part of `npm run soak`): generated inputs on every
// contract channel through the real dispatch. Nothing may throw; every answer is a Result, and every
// failure carries a code from the closed list.
describe('IPC fuzz', () => {
  it('answers every generated input on every channel with a typed Result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-fuzz-'))
    const app = await composeApp(
      {
        version: '0',
        platform: 'linux',
        transport: 'bridge',
        userDataDir: dir,
        keychainService: 'fuzz',
        // No network in this test: any outbound call fails fast as a network error.
        fetch: async () => {
          throw new TypeError('fetch failed')
        },
        logSink: () => undefined,
        rendererOrigin: null,
        rendererFile: null,
        demoProfiles: 50
      },
      { secrets: createMemorySecretStore(), allowTestSender: true }
    )
    const runs = Number(process.env.FUZZ_RUNS ?? 40)
    const input = fc.oneof(
      fc.anything(),
      fc.object(),
      fc.record({ tenantId: fc.string(), provider: fc.string(), externalId: fc.string(), id: fc.string(), offset: fc.integer(), limit: fc.integer() }, { requiredKeys: [] })
    )
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), input, async (channel, raw) => {
          const r = await app.dispatch(channel, raw, { kind: 'test' })
          expect(typeof r.ok).toBe('boolean')
          if (!r.ok) {
            expect(APP_ERROR_CODES).toContain(r.error.code)
            expect(typeof r.error.message).toBe('string')
          }
        }),
        { numRuns: runs * CHANNEL_NAMES.length }
      )
      const unknown = await app.dispatch('secrets.read', {}, { kind: 'test' })
      expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
      const wrongSender = await app.dispatch('tenants.list', {}, { kind: 'electron', frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 9 })
      expect(wrongSender).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    } finally {
      await app.close()
    }
  })
})
