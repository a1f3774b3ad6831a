import { startSimulator } from '../simulator/server'
import type { DemoSimulator } from './environments'

/** The Demo environment: the simulator in-process on a free loopback port. */
export async function startDemoSimulator(opts: { profiles: number; seed: number; secretSuffix?: string }): Promise<DemoSimulator> {
  const sim = await startSimulator({ port: 0, profiles: opts.profiles, seed: opts.seed, secretSuffix: opts.secretSuffix })
  return { url: sim.url, close: () => sim.close() }
}
