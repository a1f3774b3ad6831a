import type { Result } from '../../../preload/contract/result'
import type { BridgeAnswerFrame, BridgeCallFrame } from '../../../preload/contract/bridge-socket'
import type { Invoke } from '../../../preload/create-api'

/** What the bridge's socket needs of a WebSocket (the browser's, or a test's). */
export interface SocketLike {
  readonly readyState: number
  onopen: ((ev: Event) => void) | null
  onclose: ((ev: CloseEvent) => void) | null
  onerror: ((ev: Event) => void) | null
  onmessage: ((ev: MessageEvent) => void) | null
  send(data: string): void
  close(): void
}

const OPEN = 1
/** After a socket could not open, calls go over HTTP for this long before a socket is tried again. */
export const RETRY_SOCKET_MS = 5000

export const LOST: Result<never> = {
  ok: false,
  error: {
    code: 'NETWORK',
    message: 'The connection to the main process closed while this call was under way; it may or may not have been carried out.',
    remedy: 'Check that `npm run start:web` is still running, look at the screen for the current state, then try again.',
    retryable: true
  }
}

/**
 * Browser mode's calls over one WebSocket to the bridge (main/bridge/socket.ts), opened on the first call and again
 * after it closes. While it cannot open (refused, or not yet retried), a call goes by `fallback` (HTTP), so a call is
 * never lost to the transport; a call in flight when the socket closes answers NETWORK, as a dropped fetch does.
 */
export function createSocketInvoke(opts: { open(): SocketLike; fallback: Invoke; now?: () => number }): Invoke {
  const now = opts.now ?? (() => Date.now())
  let socket: SocketLike | null = null
  let opening: Promise<boolean> | null = null
  let retryAt = 0
  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()

  const connect = (): Promise<boolean> => {
    opening ??= new Promise<boolean>((resolve) => {
      let s: SocketLike
      try {
        s = opts.open()
      } catch {
        retryAt = now() + RETRY_SOCKET_MS
        opening = null
        resolve(false)
        return
      }
      let opened = false
      s.onopen = () => {
        opened = true
        socket = s
        opening = null
        resolve(true)
      }
      s.onmessage = (ev) => {
        if (typeof ev.data !== 'string') return
        let frame: Partial<BridgeAnswerFrame>
        try {
          frame = JSON.parse(ev.data) as typeof frame
        } catch {
          return
        }
        if (typeof frame.id !== 'number') return
        const done = pending.get(frame.id)
        pending.delete(frame.id)
        done?.(frame.result as Result<unknown>)
      }
      s.onerror = () => undefined // followed by onclose
      s.onclose = () => {
        if (socket === s) socket = null
        if (!opened) {
          retryAt = now() + RETRY_SOCKET_MS
          opening = null
          resolve(false)
        }
        for (const done of pending.values()) done(LOST)
        pending.clear()
      }
    })
    return opening
  }

  return async (channel, input) => {
    if (!(socket && socket.readyState === OPEN)) {
      if (now() < retryAt || !(await connect())) return opts.fallback(channel, input)
    }
    const s = socket
    if (!s || s.readyState !== OPEN) return opts.fallback(channel, input)
    const id = nextId++
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve)
      try {
        s.send(JSON.stringify({ id, channel, input } satisfies BridgeCallFrame))
      } catch {
        pending.delete(id)
        resolve(LOST)
      }
    })
  }
}
