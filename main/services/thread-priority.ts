import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/** The nice value the Demo simulator's thread runs at: the lowest priority, so it takes only CPU time the app leaves. */
export const BACKGROUND_NICE = 19

/**
 * Lowers the calling thread's CPU priority (Linux: setpriority on the thread's own id, which affects that thread
 * only). Elsewhere it does nothing: on macOS the same call would take the whole app's pid, and Windows threads have
 * no id Node can reach. Returns the thread id and the nice value set, or null where nothing was changed.
 */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): { tid: number; nice: number } | null {
  if (process.platform !== 'linux') return null
  try {
    // "/proc/thread-self" → "<pid>/task/<tid>", resolved for the thread that reads it.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
    if (!Number.isInteger(tid) || tid <= 0) return null
    setPriority(tid, nice)
    return { tid, nice }
  } catch {
    return null
  }
}
