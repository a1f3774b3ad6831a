/**
 * Which browser-mode clients are still there, so the operations a closed tab started are cancelled
 * as an Electron window's are when it closes (compose.ts `registerWebContents`).
 *
 * A client is a tab: the renderer sends a random id, kept in the tab's sessionStorage, on every call
 * and on its event stream (`X-Bridge-Client`). A client is gone when its last event stream has been
 * closed for `graceMs` without one coming back. Why the stream and not an unload beacon: a beacon is
 * not sent when the tab crashes, the browser is killed or the machine sleeps, `sendBeacon` cannot
 * carry the token header, and it fires on a reload too; a closed TCP stream is seen in every one of
 * those cases, and the grace lets a reload (same tab, same id) or a dropped stream reconnect without
 * cancelling a sync the operator is still watching.
 */
export interface ClientPresence {
  /** An event stream of this client opened; returns the function to call when it closes. */
  streamOpened(clientId: string): () => void
  /** Stops every pending timer (the bridge is closing: its operations are cancelled by the app's own close). */
  close(): void
}

/** A client id as the renderer makes it (a UUID, or any short token-like string); anything else is ignored. */
export const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/

export function createClientPresence(opts: { graceMs: number; onGone(clientId: string): void }): ClientPresence {
  const streams = new Map<string, number>()
  const timers = new Map<string, NodeJS.Timeout>()
  return {
    streamOpened(clientId) {
      clearTimeout(timers.get(clientId))
      timers.delete(clientId)
      streams.set(clientId, (streams.get(clientId) ?? 0) + 1)
      let closed = false
      return () => {
        if (closed) return
        closed = true
        const left = (streams.get(clientId) ?? 1) - 1
        if (left > 0) {
          streams.set(clientId, left)
          return
        }
        streams.delete(clientId)
        const timer = setTimeout(() => {
          timers.delete(clientId)
          opts.onGone(clientId)
        }, opts.graceMs)
        timer.unref()
        timers.set(clientId, timer)
      }
    },
    close() {
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
      streams.clear()
    }
  }
}
