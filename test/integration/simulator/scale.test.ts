import { startSimulator } from '../../../main/simulator/server'
import { accountToken, api, connPath, type ConnPage } from './support'

describe('scale: 100,000 profiles', () => {
  it('starts in well under 5 s, pages every connection, and stays compact', async () => {
    global.gc?.()
    const heap0 = process.memoryUsage().heapUsed
    const t0 = performance.now()
    const sim = await startSimulator({ port: 0, profiles: 100_000, seed: 42 })
    const startMs = performance.now() - t0
    try {
      global.gc?.()
      const mem = process.memoryUsage()
      const auth = `account ${await accountToken(sim)}`
      const t1 = performance.now()
      let cursor: string | null = null
      let n = 0
      do {
        const r: { body: ConnPage } = await api<ConnPage>(sim, `${connPath()}?pageSize=1000${cursor ? `&cursor=${cursor}` : ''}`, { auth })
        n += r.body.items.length
        cursor = r.body.nextCursor
      } while (cursor)
      const pageMs = performance.now() - t1
      const t2 = performance.now()
      const bySync = await api<ConnPage>(sim, `${connPath()}?sort=-lastSyncAt&pageSize=1000`, { auth })
      const sortMs = performance.now() - t2
      console.log(
        `[simulator scale] 100k profiles: start ${startMs.toFixed(0)} ms; heap +${((mem.heapUsed - heap0) / 1e6).toFixed(1)} MB; RSS ${(mem.rss / 1e6).toFixed(0)} MB (vitest worker); ` +
          `paged ${n} connections in ${pageMs.toFixed(0)} ms; first -lastSyncAt page ${sortMs.toFixed(0)} ms`
      )
      expect(startMs).toBeLessThan(5000)
      expect(n).toBe(100_000 - Math.floor(100_000 / 997))
      expect(bySync.body.items).toHaveLength(1000)
    } finally {
      await sim.close()
    }
  })
})
