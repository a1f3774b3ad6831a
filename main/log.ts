import { isSecretFieldName, REDACTED, redactSecrets } from '../preload/contract/secret-patterns'

/**
 * A structured logger that redacts before it writes. Every known secret value is registered with
 * `addSecret` as soon as main reads it, and any line containing one has it replaced, whatever the
 * field. Fields named like a secret are dropped by name, and every string (an unexpected error's
 * message included: it may quote a request) goes through the shared secret shapes.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  debug(event: string, data?: Record<string, unknown>): void
  info(event: string, data?: Record<string, unknown>): void
  warn(event: string, data?: Record<string, unknown>): void
  error(event: string, data?: Record<string, unknown>): void
  addSecret(value: string): void
  /** Replace every registered secret and every secret shape in a text that is about to leave main (audit lines, exports, errors). */
  scrub(text: string): string
}

/** Nested data is written this deep; anything below is summarised, never dumped. */
const MAX_DEPTH = 4

export function createLogger(sink: (line: string) => void, minLevel: Level = 'info'): Logger {
  const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 }
  const secrets = new Set<string>()
  const scrub = (text: string) => redactSecrets(text, secrets)
  const clean = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v)
    if (v instanceof Error) return scrub(`${v.name}: ${v.message}`)
    if (v === null || typeof v !== 'object') return v
    if (depth >= MAX_DEPTH) return Array.isArray(v) ? `[${v.length} items]` : '[object]'
    if (Array.isArray(v)) return v.map((x) => clean(x, depth + 1))
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = isSecretFieldName(k) ? REDACTED : clean(x, depth + 1)
    return out
  }
  const write = (level: Level, event: string, data?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return
    const safe = clean(data ?? {}, 0) as Record<string, unknown>
    // Scrubbed again as a whole: a registered secret could also sit in a key or arrive JSON-escaped.
    sink(scrub(JSON.stringify({ t: new Date().toISOString(), level, event, ...safe })))
  }
  return {
    debug: (e, d) => write('debug', e, d),
    info: (e, d) => write('info', e, d),
    warn: (e, d) => write('warn', e, d),
    error: (e, d) => write('error', e, d),
    addSecret: (v) => {
      if (v) secrets.add(v)
    },
    scrub
  }
}
