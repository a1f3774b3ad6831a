import type { IncomingMessage, ServerResponse } from 'node:http'
import { json, sahhaTitle } from './http-util'
import { mulberry32 } from './random'
import { FAULT_KINDS, type FaultConfig, type FaultKind } from './types'

/**
 * Fault injection for /api/ and /_oura/ requests (never /_admin/): 5xx with a JSON error body, 429 with
 * Retry-After and the X-RateLimit-* headers of oura-api.md §9, slow answers, dropped sockets and
 * truncated JSON. Which request is hit and how comes from a PRNG seeded with the simulator's seed.
 */

export const DEFAULT_SLOW_MS = 1500
export const DEFAULT_RETRY_AFTER_S = 1

export function isFaultable(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname.startsWith('/_oura/')
}

/** Validates a fault configuration from /_admin/faults or the CLI; returns a message when it is not valid. */
export function checkFaultConfig(v: unknown): { ok: true; config: FaultConfig } | { ok: false; message: string } {
  if (typeof v !== 'object' || v === null) return { ok: false, message: 'Send {"rate": 0..1, "kinds"?: [...], "slowMs"?: n, "retryAfterSeconds"?: n}.' }
  const o = v as Record<string, unknown>
  const rate = o.rate
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return { ok: false, message: 'rate must be a number from 0 to 1' }
  let kinds: FaultKind[] | undefined
  if (o.kinds !== undefined && o.kinds !== null) {
    if (!Array.isArray(o.kinds) || o.kinds.some((k) => !FAULT_KINDS.includes(k as FaultKind))) return { ok: false, message: `kinds must be a list of ${FAULT_KINDS.join(', ')}` }
    kinds = o.kinds as FaultKind[]
  }
  const num = (k: 'slowMs' | 'retryAfterSeconds'): number | undefined | null => {
    const x = o[k]
    if (x === undefined || x === null) return undefined
    return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null
  }
  const slowMs = num('slowMs')
  const retryAfterSeconds = num('retryAfterSeconds')
  if (slowMs === null) return { ok: false, message: 'slowMs must be a number >= 0' }
  if (retryAfterSeconds === null) return { ok: false, message: 'retryAfterSeconds must be a number >= 0' }
  return { ok: true, config: { rate, ...(kinds ? { kinds } : {}), ...(slowMs !== undefined ? { slowMs } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } }
}

export class FaultInjector {
  private config: FaultConfig | null = null
  private readonly rnd: () => number
  injected = 0
  readonly byKind = new Map<FaultKind, number>()

  constructor(seed: number, config: FaultConfig | null = null) {
    this.rnd = mulberry32((seed ^ 0x9e3779b9) >>> 0)
    this.set(config)
  }

  set(config: FaultConfig | null): void {
    this.config = config && config.rate > 0 ? { ...config, kinds: config.kinds && config.kinds.length ? [...config.kinds] : undefined } : null
  }

  get current(): FaultConfig | null {
    return this.config
  }

  /** The fault for this request, or null. Consumes the PRNG only while faults are on, so runs replay. */
  pick(pathname: string): FaultKind | null {
    const f = this.config
    if (!f || !isFaultable(pathname)) return null
    if (this.rnd() >= f.rate) return null
    const kinds = f.kinds ?? FAULT_KINDS
    const kind = kinds[Math.floor(this.rnd() * kinds.length)] ?? kinds[0]!
    this.injected++
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1)
    return kind
  }

  /**
   * Applies `kind`. Returns true when the request was answered (or dropped) and must not reach a route;
   * `slow` waits and returns false so the route answers normally.
   */
  async apply(kind: FaultKind, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const f = this.config
    const oura = pathname.startsWith('/_oura/')
    switch (kind) {
      case 'slow':
        await new Promise((r) => setTimeout(r, f?.slowMs ?? DEFAULT_SLOW_MS))
        return false
      case 'drop':
        req.socket.destroy()
        return true
      case 'malformed': {
        const text = oura ? '{"data":[{"id":"' : '{"items":[{"externalId":"user-'
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
        res.end(text)
        return true
      }
      case 'http429': {
        const retryAfter = Math.round(f?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S)
        const headers = {
          'Retry-After': String(retryAfter),
          'X-RateLimit-Limit': '5000',
          'X-RateLimit-Window': '300',
          'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + retryAfter),
          'X-RateLimit-Tier': this.rnd() < 0.5 ? 'token' : 'application'
        }
        json(res, 429, this.body(429, pathname, 'Rate limit exceeded'), headers)
        return true
      }
      default: {
        const status = kind === 'http500' ? 500 : kind === 'http502' ? 502 : 503
        json(res, status, this.body(status, pathname, 'Injected fault'), status === 503 ? { 'Retry-After': '1' } : {})
        return true
      }
    }
  }

  private body(status: number, pathname: string, detail: string): Record<string, unknown> {
    return pathname.startsWith('/_oura/')
      ? { status, title: sahhaTitle(status), detail }
      : { title: sahhaTitle(status), statusCode: status, location: pathname, errors: [{ origin: 'server', errors: [detail] }] }
  }
}
