import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

export interface LogRotation {
  /** The live file is rotated before a line would take it past this size. */
  readonly maxBytes: number
  /** Rotated files kept beside it: `main.log.1` (newest) … `main.log.<keep>`; older ones are deleted. */
  readonly keep: number
}
const DEFAULT_LOG_ROTATION: LogRotation = { maxBytes: 5 * 1024 * 1024, keep: 3 }

/**
 * A log sink that appends lines to a file (already redacted by the logger) and optionally echoes them.
 * The file is capped: at most (keep + 1) × maxBytes of logs stay on disk, the newest lines always kept.
 */
export function fileSink(path: string, echo?: (line: string) => void, rotation: LogRotation = DEFAULT_LOG_ROTATION): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true })
  let size = sizeOf(path)
  return (line) => {
    const bytes = Buffer.byteLength(line) + 1
    try {
      if (size > 0 && size + bytes > rotation.maxBytes) {
        rotate(path, rotation.keep)
        size = 0
      }
      appendFileSync(path, line + '\n', { mode: 0o600 })
      size += bytes
    } catch {
      // Logging must never take the app down.
      size = sizeOf(path)
    }
    echo?.(line)
  }
}

function rotate(path: string, keep: number): void {
  rmSync(`${path}.${keep}`, { force: true })
  for (let i = keep - 1; i >= 1; i--) renameIfPresent(`${path}.${i}`, `${path}.${i + 1}`)
  if (keep > 0) renameIfPresent(path, `${path}.1`)
  else rmSync(path, { force: true })
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
