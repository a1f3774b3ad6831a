import { startSimulator } from '../simulator/server'
import type { DemoSimulator, StartDemo } from './environments'

/** The Demo environment: the simulator in-process on a free loopback port (with or without the admin API). */
export async function startDemoSimulator(opts: Parameters<StartDemo>[0]): Promise<DemoSimulator> {
  const sim = await startSimulator({ port: 0, profiles: opts.profiles, seed: opts.seed, secretSuffix: opts.secretSuffix, adminApi: opts.adminApi })
  return { url: sim.url, close: () => sim.close() }
}
