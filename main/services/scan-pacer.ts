import { defaultSleep, parseRetryAfter } from '../sahha/http'

/**
 * Politeness for a documented-tier scan (sahha-api.md §7.4): at most `max` requests in flight per tenant, a
 * pause for every request when Sahha answers 429 (its Retry-After, else a jittered backoff), and fewer requests
 * in flight while 429s or a burst of 5xx/network faults come back; back up one at a time after clean stretches.
 * It wraps the fetch of the tier's client, so the HTTP layer's own per-request retries pass through it too.
 */
export interface PacerOptions {
  max: number
  now?: () => number
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  baseDelayMs?: number
  maxPauseMs?: number
  /** Window over which the shares of 429s and of faults are judged (ms). */
  windowMs?: number
}

/**
 * Rules [invented defaults, sahha-api.md §7.4]: a 429 pauses every request of the tenant for its Retry-After
 * (a 503 with Retry-After too; else a jittered exponential backoff); per window, more than 5% 429s or more than half of the answers being
 * 5xx / no answer halves the requests in flight; a calm window (≤ 5% 429s, < 25% faults) adds one back, up to `max`.
 */
export function createPacer(opts: PacerOptions) {
  const now = opts.now ?? Date.now
  const random = opts.random ?? Math.random
  const sleep = opts.sleep ?? defaultSleep
  const base = opts.baseDelayMs ?? 500
  const maxPause = opts.maxPauseMs ?? 60_000
  const windowMs = opts.windowMs ?? 2_000
  let limit = opts.max
  let inFlight = 0
  let pausedUntil = 0
  let throttleStreak = 0
  let win = { start: now(), ok: 0, throttled: 0, faults: 0 }
  const waiters: (() => void)[] = []
  const stats = { attempts: 0, throttled: 0, faults: 0, pauses: 0, minLimit: limit }

  const wake = () => {
    while (waiters.length && inFlight < limit) waiters.shift()!()
  }
  const setLimit = (n: number) => {
    limit = Math.max(1, Math.min(opts.max, n))
    stats.minLimit = Math.min(stats.minLimit, limit)
    wake()
  }
  const rollWindow = () => {
    const t = now()
    if (t - win.start < windowMs) return
    const total = win.ok + win.throttled + win.faults
    if (total >= 10) {
      if (win.throttled / total > 0.05 || win.faults / total > 0.5) setLimit(Math.floor(limit / 2))
      else if (win.faults / total < 0.25) setLimit(limit + 1)
    }
    win = { start: t, ok: 0, throttled: 0, faults: 0 }
  }

  return {
    stats,
    get limit() {
      return limit
    },
    get inFlight() {
      return inFlight
    },
    /** Waits for the pause to end and a free slot. */
    async acquire(signal?: AbortSignal): Promise<void> {
      for (;;) {
        const wait = pausedUntil - now()
        if (wait > 0) {
          await sleep(wait, signal)
          continue
        }
        if (inFlight < limit) {
          inFlight++
          return
        }
        await new Promise<void>((r) => waiters.push(r))
      }
    },
    release(status: number | null, retryAfter: string | null): void {
      inFlight--
      stats.attempts++
      if (status === 429 || (status === 503 && retryAfter)) {
        throttleStreak++
        if (status === 429) {
          stats.throttled++
          win.throttled++
        } else {
          stats.faults++
          win.faults++
        }
        const asked = parseRetryAfter(retryAfter, now())
        const pause = Math.min(maxPause, asked ?? Math.floor(random() * base * 2 ** Math.min(throttleStreak, 7)))
        if (pause > 0) {
          stats.pauses++
          pausedUntil = Math.max(pausedUntil, now() + pause)
        }
      } else if (status === null || status >= 500) {
        stats.faults++
        win.faults++
      } else {
        throttleStreak = 0
        win.ok++
      }
      rollWindow()
      wake()
    },
    /** When the current pause ends (ms since epoch; 0: none). */
    get pausedUntil() {
      return pausedUntil
    }
  }
}
export type Pacer = ReturnType<typeof createPacer>
