import { AppFailure } from '../../../main/errors'
import { createLogger } from '../../../main/log'
import { createSahhaClient } from '../../../main/sahha/client'
import { makeClient, setup } from './support'
import { startSimulator } from '../../../main/simulator/server'

describe('resilience against injected faults', () => {
  it('pages through all 100,000 connections exactly once with 20% faults (5xx, 429, slow, drops, malformed JSON)', async () => {
    const { sim, client } = await setup({ profiles: 100_000 })
    try {
      const expected = (await client.admin.connectionSummary('oura')).total
      expect(expected).toBeGreaterThan(99_000)
      sim.setFaults({ rate: 0.2, slowMs: 200, retryAfterSeconds: 1 })
      const ids: string[] = []
      for await (const page of client.admin.iterateAllConnections('oura', { pageSize: 1000 })) ids.push(...page.map((c) => c.externalId))
      sim.setFaults(null)
      expect(ids).toHaveLength(expected)
      expect(new Set(ids).size).toBe(expected)
      expect(sim.state.stats.faults).toBeGreaterThan(10)
      expect(client.http.stats.retries).toBeGreaterThan(0)
    } finally {
      await sim.close()
    }
  })

  it('a sync cancelled mid-way, while a 2 s slow answer is in flight, stops within 200 ms and yields no page after', async () => {
    const { sim, client } = await setup({ profiles: 20000 })
    try {
      const controller = new AbortController()
      let pages = 0
      let pagesAtAbort = -1
      const run = (async () => {
        for await (const _ of client.admin.iterateAllConnections('oura', { pageSize: 200 }, { signal: controller.signal })) {
          pages++
          // From the first page on, every answer is slow: the next request is in flight when we cancel.
          if (pages === 1) sim.setFaults({ rate: 1, kinds: ['slow'], slowMs: 2000 })
        }
      })()
      // Wait on the sync's own state (its first page), not on a fixed sleep.
      await vi.waitFor(() => expect(pages).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 5 })
      const t = Date.now()
      pagesAtAbort = pages
      controller.abort()
      const err = await run.then(
        () => null,
        (e: unknown) => e
      )
      expect(Date.now() - t).toBeLessThan(200)
      expect(err).toBeInstanceOf(AppFailure)
      expect((err as AppFailure).code).toBe('CANCELLED')
      expect(pages).toBe(pagesAtAbort)
    } finally {
      await sim.close()
    }
  })

  it('a cancel that comes while a page is already in hand, waiting to be handed over, hands over nothing more', async () => {
    const sim = await startSimulator({ port: 0, profiles: 2000, seed: 42 })
    const controller = new AbortController()
    let listings = 0
    // The cancel lands the moment the third listing request is made: page 2 is then in hand, not yet handed over.
    const cancellingFetch: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/connections?') && ++listings === 3) controller.abort()
      return fetch(input, init)
    }
    try {
      const client = makeClient(sim, { fetch: cancellingFetch })
      let pages = 0
      const err = await (async () => {
        for await (const _ of client.admin.iterateAllConnections('oura', { pageSize: 200 }, { signal: controller.signal })) pages++
      })().then(
        () => null,
        (e: unknown) => e
      )
      expect(listings).toBe(3)
      expect(err).toBeInstanceOf(AppFailure)
      expect((err as AppFailure).code).toBe('CANCELLED')
      expect(pages).toBe(1)
    } finally {
      await sim.close()
    }
  })

  it('secret canary: the tenant secret and tokens never appear in logs or error messages', async () => {
    const { sim } = await setup({ profiles: 50 })
    const lines: string[] = []
    const log = createLogger((l) => lines.push(l), 'debug')
    const canary = `canary-secret-${Date.now()}-zz`
    try {
      const bad = createSahhaClient({
        baseUrl: sim.url,
        ouraCloudBase: `${sim.url}/_oura/cloud`,
        ouraApiBase: `${sim.url}/_oura/api`,
        fetch,
        getCredentials: async () => ({ clientId: sim.demo.accountClientId, clientSecret: canary }),
        http: { baseDelayMs: 1, retries: 1 },
        log
      })
      const errors: unknown[] = []
      await bad.auth.token().catch((e: unknown) => errors.push(e))
      await bad.admin.connectionSummary('oura').catch((e: unknown) => errors.push(e))
      const good = createSahhaClient({
        baseUrl: sim.url,
        ouraCloudBase: `${sim.url}/_oura/cloud`,
        ouraApiBase: `${sim.url}/_oura/api`,
        fetch,
        getCredentials: async () => ({ clientId: sim.demo.accountClientId, clientSecret: sim.demo.accountClientSecret }),
        http: { baseDelayMs: 1, retries: 1 },
        log
      })
      const token = await good.auth.token()
      const { profileToken } = await good.documented.profileTokenOrRegister('canary-user')
      await good.documented.authorize('oura', profileToken, 'https://not-listed.example/cb').catch((e: unknown) => errors.push(e))
      await good.oura.probeCredentials(sim.demo.ouraClientId, canary, 'https://x.example/cb')
      expect(errors.length).toBe(3)
      const everything = lines.join('\n') + JSON.stringify(errors.map((e) => (e instanceof AppFailure ? e.appError : String(e))))
      for (const secret of [canary, token, profileToken, sim.demo.accountClientSecret]) expect(everything).not.toContain(secret)
      expect(lines.length).toBeGreaterThan(0)
    } finally {
      await sim.close()
    }
  })
})
