import { createApi, type Api } from '../../../preload/create-api'
import type { Result } from '../../../preload/contract/result'
import { openEventStream } from './event-stream'
import { createSocketInvoke } from './bridge-socket'
import { BRIDGE_PROTOCOL, BRIDGE_SOCKET_PATH, CLIENT_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX } from '../../../preload/contract/bridge-socket'

const TOKEN_KEY = 'sahha-admin.bridge-token'
const CLIENT_KEY = 'sahha-admin.bridge-client'

/**
 * Browser mode: the same typed api, over the loopback bridge. The per-launch token arrives in the
 * URL fragment (never sent to a server), is kept for this tab only, and is removed from the address bar.
 */
export function createBridgeApi(): Api {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? ''
  // Per tab and kept across a reload (sessionStorage), so a reload does not cancel the sync it is watching.
  const clientId = sessionStorage.getItem(CLIENT_KEY) ?? crypto.randomUUID()
  sessionStorage.setItem(CLIENT_KEY, clientId)

  const http = async (channel: string, input: unknown): Promise<Result<unknown>> => {
    try {
      const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Bridge-Token': token, 'X-Bridge-Client': clientId },
        body: JSON.stringify(input ?? {})
      })
      const body = (await res.json()) as Result<unknown>
      return body
    } catch {
      return {
        ok: false,
        error: {
          code: 'NETWORK',
          message: 'The app could not reach its main process (browser mode).',
          remedy: 'Check that `npm run start:web` is still running, then reload this page.',
          retryable: true
        }
      }
    }
  }

  // Calls over one socket (no new network-service request per call); by HTTP while the socket cannot open.
  const invoke = createSocketInvoke({
    open: () => new WebSocket(`ws://${window.location.host}${BRIDGE_SOCKET_PATH}`, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`, `${CLIENT_PROTOCOL_PREFIX}${clientId}`]),
    fallback: http
  })

  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let stream: (() => void) | null = null
  const ensureStream = () => {
    stream ??= openEventStream({
      url: '/api/events',
      token,
      clientId,
      onEvent: (name, data) => {
        const set = listeners.get(name)
        if (!set || set.size === 0) return
        const payload: unknown = JSON.parse(data)
        for (const l of set) l(payload)
      },
      onRefused: (status) => console.error(`The bridge refused the event stream (HTTP ${String(status)}): reopen the exact URL the app printed.`)
    })
  }
  const subscribe = (event: string, listener: (payload: unknown) => void) => {
    ensureStream()
    let set = listeners.get(event)
    if (!set) {
      set = new Set()
      listeners.set(event, set)
    }
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }
  return createApi(invoke, subscribe)
}
