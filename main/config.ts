import type { EnvironmentId } from '../preload/contract/models'
import type { ClipboardPort } from './services/secret-clipboard'

/** Where each environment lives. Demo points at the in-process simulator, whose URL is known only once it listens. */
export interface EnvironmentBases {
  readonly sahhaBase: string
  readonly ouraCloudBase: string
  readonly ouraApiBase: string
}

export const REAL_BASES: Record<Exclude<EnvironmentId, 'demo'>, EnvironmentBases> = {
  sandbox: { sahhaBase: 'https://sandbox-api.sahha.ai', ouraCloudBase: 'https://cloud.ouraring.com', ouraApiBase: 'https://api.ouraring.com' },
  production: { sahhaBase: 'https://api.sahha.ai', ouraCloudBase: 'https://cloud.ouraring.com', ouraApiBase: 'https://api.ouraring.com' }
}

export function demoBases(simulatorUrl: string): EnvironmentBases {
  return { sahhaBase: simulatorUrl, ouraCloudBase: `${simulatorUrl}/_oura/cloud`, ouraApiBase: `${simulatorUrl}/_oura/api` }
}

/** The simulator's fixed, fake Demo account (seed 42). Not a secret: it only opens the local simulator. */
export const DEMO_SEED = 42
/**
 * The Demo tenant's credentials. They end in the seed unless `demoSecretSuffix` says otherwise (the
 * e2e secret canary gives each run its own).
 */
export function demoAccount(secretSuffix: string = String(DEMO_SEED)) {
  return {
    accountClientId: 'demo-account-client-id',
    accountClientSecret: `demo-account-secret-${secretSuffix}`,
    /** The simulated Oura app's fake secret, so preflight can test credentials on Demo out of the box. */
    ouraClientSecret: `demo-oura-secret-${secretSuffix}`
  } as const
}

export interface AppConfig {
  readonly version: string
  readonly platform: string
  readonly transport: 'electron' | 'bridge'
  readonly userDataDir: string
  /** The keychain service name; tests use their own so they never touch the operator's entries. */
  readonly keychainService: string
  /** Electron's net.fetch in the app (system proxy and certificates); global fetch elsewhere. */
  readonly fetch: typeof fetch
  readonly logSink: (line: string) => void
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error'
  readonly rendererOrigin: string | null
  readonly rendererFile: string | null
  /** Number of simulated profiles in the Demo environment. */
  readonly demoProfiles: number
  /** What the Demo environment's client secrets end in; default: the Demo seed. */
  readonly demoSecretSuffix?: string
  /** The OS clipboard for copying a secret from main (Electron's, injected by the shell); none in browser mode. */
  readonly clipboard?: ClipboardPort | null
}
