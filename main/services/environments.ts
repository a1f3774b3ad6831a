import type { EnvironmentId } from '../../preload/contract/models'
import { DEMO_SEED, demoBases, REAL_BASES, type EnvironmentBases } from '../config'
import type { Logger } from '../log'

export interface DemoSimulator {
  readonly url: string
  close(): Promise<void>
}
export type StartDemo = (opts: { profiles: number; seed: number; secretSuffix?: string }) => Promise<DemoSimulator>

/**
 * Where each environment's API lives. Demo is the simulator, started in-process on a free loopback
 * port the first time a Demo tenant needs it (single-flight), and closed with the app.
 */
export function createEnvironments(deps: { startDemo: StartDemo; demoProfiles: number; demoSecretSuffix?: string; log: Logger }) {
  let demo: Promise<DemoSimulator> | null = null
  const ensureDemo = () => {
    demo ??= deps.startDemo({ profiles: deps.demoProfiles, seed: DEMO_SEED, secretSuffix: deps.demoSecretSuffix }).then(
      (sim) => {
        deps.log.info('demo.started', { url: sim.url, profiles: deps.demoProfiles })
        return sim
      },
      (e: unknown) => {
        demo = null
        throw e
      }
    )
    return demo
  }
  return {
    async bases(environment: EnvironmentId): Promise<EnvironmentBases> {
      if (environment === 'demo') return demoBases((await ensureDemo()).url)
      return REAL_BASES[environment]
    },
    async close(): Promise<void> {
      if (demo) await (await demo.catch(() => null))?.close()
      demo = null
    }
  }
}
export type Environments = ReturnType<typeof createEnvironments>
