import { startSimulator } from '../../../main/simulator/server'
import { buildCrashChild } from '../../soak/build-child'
import { crashSafety, lostUpdates } from '../../soak/scenarios'

// Short versions of issue F's soak runs (the long ones: `npm run soak`).
describe('reliability (short runs)', () => {
  it('lost updates: two editors saving the same integration concurrently lose nothing silently; every conflict is merged or shown to the operator', async () => {
    const sim = await startSimulator({ port: 0, profiles: 50 })
    try {
      const r = await lostUpdates(sim.url, 40)
      expect(r.lostUpdates).toBe(0)
      expect(r.conflictsSurfaced).toBeGreaterThan(0)
      // Two different whitelist additions are a whole-field conflict in the editor's merge, so the operator chooses.
      expect(r.operatorChoices).toBeGreaterThan(0)
    } finally {
      await sim.close()
    }
  })

  it('crash safety: killing the writer with SIGKILL never corrupts settings or drafts and keeps the audit log readable', async () => {
    const child = await buildCrashChild()
    const r = await crashSafety(child, 12)
    expect(r.writesAcknowledged).toBeGreaterThan(0)
    expect(r.corruptFiles).toBe(0)
    expect(r.lostDrafts).toBe(0)
    expect(r.unreadableAuditLogs).toBe(0)
    // Temp files a SIGKILL leaves behind are gone after the next start.
    expect(r.staleTempFilesAfterStart).toBe(0)
  }, 60_000)
})
