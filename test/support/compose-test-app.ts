import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { composeApp, type App } from '../../main/compose'
import type { AppConfig } from '../../main/config'
import type { Result } from '../../preload/contract/result'
import type { Sender } from '../../main/ipc/sender-policy'
import { createMemorySecretStore } from '../fakes/memory-secret-store'

type Overrides = NonNullable<Parameters<typeof composeApp>[1]>

export interface TestApp {
  readonly app: App
  readonly dir: string
  /** Every log line the app wrote, in order. */
  readonly lines: string[]
  /** The in-memory secret store, unless `secrets: 'keychain'` (then null). */
  readonly secrets: ReturnType<typeof createMemorySecretStore> | null
  /** One call through dispatch as the test sender. */
  call(channel: string, input: unknown, sender?: Sender): Promise<Result<unknown>>
  /** Same, but the value, or a thrown Error carrying the AppError. */
  value<T>(channel: string, input: unknown): Promise<T>
}

/**
 * The app as the tests compose it: a fresh data folder, the log captured, an in-memory secret store
 * (or the real keychain with `secrets: 'keychain'`), the test sender trusted. `config` and
 * `overrides` replace single fields.
 */
export async function composeTestApp(
  opts: { config?: Partial<AppConfig>; overrides?: Overrides; secrets?: 'memory' | 'keychain'; dir?: string } = {}
): Promise<TestApp> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'sia-test-')))
  const lines: string[] = []
  const config: AppConfig = {
    version: '0.0.0-test',
    platform: 'linux',
    transport: 'bridge',
    userDataDir: dir,
    keychainService: 'unused',
    fetch: globalThis.fetch,
    logSink: (l) => lines.push(l),
    rendererOrigin: null,
    rendererFile: null,
    demoProfiles: 50,
    ...opts.config
  }
  const secrets = opts.secrets === 'keychain' || opts.overrides?.secrets ? null : createMemorySecretStore()
  const app = await composeApp(config, { allowTestSender: true, ...(secrets ? { secrets } : {}), ...opts.overrides })
  const call = (channel: string, input: unknown, sender: Sender = { kind: 'test' }) => app.dispatch(channel, input, sender)
  return {
    app,
    dir,
    lines,
    secrets,
    call,
    async value<T>(channel: string, input: unknown): Promise<T> {
      const r = await call(channel, input)
      if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code} ${r.error.message}`), { appError: r.error })
      return r.value as T
    }
  }
}
