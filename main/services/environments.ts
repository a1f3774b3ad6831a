import type { EnvironmentId } from '../../preload/contract/models'
import { DEMO_SEED, demoBases, REAL_BASES, type EnvironmentBases } from '../config'
import type { Logger } from '../log'

export interface DemoSimulator {
  readonly url: string
  close(): Promise<void>
}
export type StartDemo = (opts: { profiles: number; seed: number; secretSuffix?: string; adminApi: 'on' | 'off' }) => Promise<DemoSimulator>

/** Where a tenant's host is: its environment, and for Demo whether it is the simulated Sahha without the admin API. */
export interface HostRef {
  readonly environment: EnvironmentId
  readonly documentedOnly?: boolean
}

/**
 * Where each environment's API lives. Demo is the simulator, started in-process on a free loopback
 * port the first time a Demo tenant needs it (single-flight), and closed with the app. A "documented API
 * only" Demo tenant gets its own simulator with the admin API off: a separate host, like a real Sahha.
 */
export function createEnvironments(deps: { startDemo: StartDemo; demoProfiles: number; demoSecretSuffix?: string; log: Logger }) {
  const demos = new Map<'on' | 'off', Promise<DemoSimulator>>()
  const ensureDemo = (adminApi: 'on' | 'off') => {
    let demo = demos.get(adminApi)
    if (!demo) {
      demo = deps.startDemo({ profiles: deps.demoProfiles, seed: DEMO_SEED, secretSuffix: deps.demoSecretSuffix, adminApi }).then(
        (sim) => {
          deps.log.info('demo.started', { url: sim.url, profiles: deps.demoProfiles, adminApi })
          return sim
        },
        (e: unknown) => {
          demos.delete(adminApi)
          throw e
        }
      )
      demos.set(adminApi, demo)
    }
    return demo
  }
  return {
    async bases(host: HostRef): Promise<EnvironmentBases> {
      if (host.environment === 'demo') return demoBases((await ensureDemo(host.documentedOnly ? 'off' : 'on')).url)
      return REAL_BASES[host.environment]
    },
    async close(): Promise<void> {
      const all = [...demos.values()]
      demos.clear()
      await Promise.all(all.map(async (d) => (await d.catch(() => null))?.close()))
    }
  }
}
export type Environments = ReturnType<typeof createEnvironments>
