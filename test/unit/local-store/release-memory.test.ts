import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { createConnectionStore, RELEASE_AFTER_ROWS } from '../../../main/local-store/connection-store'
import { openTenantDb } from '../../../main/local-store/tenant-db'
import { releaseMemory } from '../../../main/local-store/release-memory'

describe('giving main memory back after a large sync', () => {
  it("returns the heap's emptied pages to the OS: committed heap falls to near what is in use, and no gc global is left behind", () => {
    // What a large sync leaves: a heap grown for garbage that is now unreachable.
    const grow = () => {
      const junk: { i: number; s: string }[] = []
      for (let i = 0; i < 1_500_000; i++) junk.push({ i, s: `user-${i}` })
      return junk.length
    }
    expect(grow()).toBe(1_500_000)
    const before = process.memoryUsage()
    expect(releaseMemory()).toBe(true)
    const after = process.memoryUsage()
    expect(before.heapTotal - after.heapTotal).toBeGreaterThan(50e6)
    expect(after.heapTotal).toBeLessThan(after.heapUsed * 1.5 + 16e6)
    // The flag was set only to fetch the collector: a context made later has no `gc`.
    expect(runInNewContext('typeof gc')).toBe('undefined')
  })

  it(`a sync of ${RELEASE_AFTER_ROWS.toLocaleString('en')} rows or more gives memory back once it completes; a small one does not`, async () => {
    const calls: number[] = []
    const store = createConnectionStore(openTenantDb(join(mkdtempSync(join(tmpdir(), 'sia-release-')), 't.sqlite')), { releaseMemory: () => calls.push(Date.now()) })
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ externalId: `user-${String(i).padStart(7, '0')}`, state: 'connected', stateChangedAt: null, lastSyncAt: null, lastDataAt: null, errorCode: null, requestedScopes: ['daily'], grantedScopes: ['daily'] }))
    const sync = async (n: number) => {
      const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
      const all = rows(n)
      for (let i = 0; i < all.length; i += 1000) w.writeBatch(all.slice(i, i + 1000))
      return w.complete()
    }
    await sync(500)
    expect(calls).toHaveLength(0)
    const rec = await sync(RELEASE_AFTER_ROWS)
    expect(rec.total).toBe(RELEASE_AFTER_ROWS)
    expect(calls).toHaveLength(1)
    store.close()
  })
})
