import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/** A log sink that appends lines to a file (already redacted by the logger) and optionally echoes them. */
export function fileSink(path: string, echo?: (line: string) => void): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true })
  return (line) => {
    try {
      appendFileSync(path, line + '\n', { mode: 0o600 })
    } catch {
      // Logging must never take the app down.
    }
    echo?.(line)
  }
}
