/**
 * A structured logger that redacts before it writes. Every known secret value is registered with
 * `addSecret` as soon as main reads it, and any line containing one has it replaced, whatever the
 * field. Token-looking fields are redacted by name too.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  debug(event: string, data?: Record<string, unknown>): void
  info(event: string, data?: Record<string, unknown>): void
  warn(event: string, data?: Record<string, unknown>): void
  error(event: string, data?: Record<string, unknown>): void
  addSecret(value: string): void
  /** Replace every registered secret in a text that is about to leave main (audit lines, exports). */
  scrub(text: string): string
}

const SECRET_KEYS = /secret|token|password|authorization|code$/i

export function createLogger(sink: (line: string) => void, minLevel: Level = 'info'): Logger {
  const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 }
  const secrets = new Set<string>()
  const scrub = (text: string) => {
    let out = text
    for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[REDACTED]')
    return out
  }
  const write = (level: Level, event: string, data?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return
    const safe: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(data ?? {})) {
      if (SECRET_KEYS.test(k)) safe[k] = '[REDACTED]'
      else if (v instanceof Error) safe[k] = `${v.name}: ${v.message}`
      else safe[k] = v
    }
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
