/** The simulator's public types. The rest of the app depends on these names and shapes: keep them stable. */

export type FaultKind = 'http500' | 'http502' | 'http503' | 'http429' | 'slow' | 'drop' | 'malformed'
export const FAULT_KINDS: readonly FaultKind[] = ['http500', 'http502', 'http503', 'http429', 'slow', 'drop', 'malformed']

export interface FaultConfig {
  /** 0..1: share of /api/ and /_oura/ requests hit. /_admin/ is never hit. */
  rate: number
  /** Default: all kinds. */
  kinds?: FaultKind[]
  /** Delay of a `slow` fault (default 1500 ms). */
  slowMs?: number
  /** `Retry-After` of a 429 (default 1 s). */
  retryAfterSeconds?: number
}

export interface DemoCredentials {
  accountClientId: string
  accountClientSecret: string
  ouraClientId: string
  ouraClientSecret: string
}

export interface SimulatorOptions {
  /** 0 = a random free port. */
  port?: number
  /** Profiles of the Demo account (default 2000). */
  profiles?: number
  /** Seed of every generated value and of fault injection (default 42). */
  seed?: number
  /**
   * What the Demo and Acme client secrets end in (default: the seed). The e2e suite sets a unique value
   * per run so the secret canary can search every artifact for the exact secrets it typed.
   */
  secretSuffix?: string
  faults?: FaultConfig
  logger?: (line: string) => void
  /** Fixed "now" for the seeded data (ms since epoch); default: the start time. */
  now?: number
  /**
   * 'off': a Sahha host without the [invented] admin API of sahha-api.md §5, as sandbox-api.sahha.ai and
   * api.sahha.ai are today. Every invented route, and any other unknown /api/ route, then answers a bare
   * 404 (405 with Allow when only the method is wrong) with no body, never a Sahha error body. Default 'on'.
   */
  adminApi?: 'on' | 'off'
}
