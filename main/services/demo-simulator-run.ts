import { promises as fs } from 'node:fs'
import { startSimulator } from '../simulator/server'
import { restoreState, seedBaseline, snapshotState, stateVersion, type SimSnapshot } from '../simulator/persist'
import { writeFileAtomic } from '../storage/disk'
import type { DemoSimulator, StartDemo } from './environments'

/** How often a changed Demo state is written (and always once more on close). */
const SAVE_EVERY_MS = 1000

/**
 * The simulator itself. With `statePath`, what the operator changed (integration, connections, profiles) is written
 * there and restored on the next start, so the Demo keeps its state across restarts until the operator resets it.
 */
export async function runDemoSimulator(opts: Parameters<StartDemo>[0]): Promise<DemoSimulator> {
  const sim = await startSimulator({ port: 0, profiles: opts.profiles, seed: opts.seed, secretSuffix: opts.secretSuffix, adminApi: opts.adminApi })
  const path = opts.statePath
  if (!path) return { url: sim.url, close: () => sim.close(), restored: false }
  const seed = { seed: opts.seed, profiles: opts.profiles }
  const baseline = seedBaseline(sim.state)
  let restored = false
  try {
    restored = restoreState(sim.state, JSON.parse(await fs.readFile(path, 'utf8')) as SimSnapshot, seed)
  } catch (e) {
    // No saved state yet, or a damaged one: the Demo starts from its seed (the file is overwritten on the next change).
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') opts.log?.('demo.state-unreadable', e instanceof Error ? e.message : String(e))
  }
  let saved = stateVersion(sim.state)
  let writing: Promise<void> = Promise.resolve()
  const save = () => {
    const v = stateVersion(sim.state)
    if (v === saved) return writing
    saved = v
    writing = writing.then(() => writeFileAtomic(path, JSON.stringify(snapshotState(sim.state, seed, baseline)), 'Demo state file')).catch((e: unknown) => {
      opts.log?.('demo.state-not-saved', e instanceof Error ? e.message : String(e))
    })
    return writing
  }
  const timer = setInterval(() => void save(), SAVE_EVERY_MS)
  timer.unref()
  return {
    url: sim.url,
    restored,
    async close() {
      clearInterval(timer)
      await save()
      await sim.close()
    }
  }
}
