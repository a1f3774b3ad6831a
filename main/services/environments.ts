import type { EnvironmentId } from '../../preload/contract/models'
import { DEMO_SEED, demoBases, REAL_BASES, type EnvironmentBases } from '../config'
import { rm } from 'node:fs/promises'
import type { Logger } from '../log'

export interface DemoSimulator {
  readonly url: string
  /** The state saved by an earlier run was restored (false: started from the seed). */
  readonly restored?: boolean
  /** The OS thread it runs on and the nice value it was lowered to (Linux, worker thread); null or absent: unchanged. */
  readonly thread?: { tid: number; nice: number } | null
  close(): Promise<void>
}
export type StartDemo = (opts: {
  profiles: number
  seed: number
  secretSuffix?: string
  adminApi: 'on' | 'off'
  /** Where the Demo keeps its state across restarts; none: it starts from the seed every time. */
  statePath?: string
  log?: (event: string, detail: string) => void
}) => Promise<DemoSimulator>

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
export function createEnvironments(deps: { startDemo: StartDemo; demoProfiles: number; demoSecretSuffix?: string; log: Logger; demoStatePath?: (adminApi: 'on' | 'off') => string }) {
  const demos = new Map<'on' | 'off', Promise<DemoSimulator>>()
  // A reset in progress: a Demo asked for meanwhile starts after it, from the seed, not from the old state.
  let resetting: Promise<void> = Promise.resolve()
  const ensureDemo = (adminApi: 'on' | 'off') => {
    let demo = demos.get(adminApi)
    if (!demo) {
      demo = resetting
        .then(() =>
          deps.startDemo({
            profiles: deps.demoProfiles,
            seed: DEMO_SEED,
            secretSuffix: deps.demoSecretSuffix,
            adminApi,
            statePath: deps.demoStatePath?.(adminApi),
            log: (event, detail) => deps.log.warn(event, { detail })
          })
        )
        .then(
          (sim) => {
            deps.log.info('demo.started', { url: sim.url, profiles: deps.demoProfiles, adminApi, restored: sim.restored ?? false, thread: sim.thread ?? null })
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
    /** Forgets what the operator changed in the Demo environment: it starts from its seed on next use. */
    resetDemo(): Promise<void> {
      const all = [...demos.values()]
      demos.clear()
      resetting = resetting.then(async () => {
        // Closing saves the last state; only then is it removed.
        await Promise.all(all.map(async (d) => (await d.catch(() => null))?.close()))
        for (const adminApi of ['on', 'off'] as const) {
          const path = deps.demoStatePath?.(adminApi)
          if (path) await rm(path, { force: true })
        }
        deps.log.info('demo.reset', {})
      })
      return resetting
    },
    async close(): Promise<void> {
      const all = [...demos.values()]
      demos.clear()
      await Promise.all(all.map(async (d) => (await d.catch(() => null))?.close()))
    }
  }
}
export type Environments = ReturnType<typeof createEnvironments>
