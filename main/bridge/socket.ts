import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Dispatch } from '../ipc/dispatch'
import type { Logger } from '../log'
import { CLIENT_ID } from './client-presence'
import { BRIDGE_PROTOCOL, BRIDGE_SOCKET_PATH, CLIENT_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX, type BridgeAnswerFrame, type BridgeCallFrame } from '../../preload/contract/bridge-socket'

/**
 * The bridge's calls over one WebSocket per tab (`/api/socket`), the same typed calls as `POST /api/<channel>`.
 *
 * Why: in Chromium every fetch is a new URL request through the network service. Measured on this 2-core machine,
 * a 200-row answer took 7.8-8.5 ms median (10-12 ms p95) by fetch and 1.3-2 ms (2-3 ms p95) by a message on an
 * open socket, with an idle page; on the Connections screen under load the fetch path took 22-28 ms of a 35-45 ms
 * keystroke. The HTTP path stays (other clients, and the renderer's fallback while a socket cannot open).
 *
 * The same rules as the HTTP path: Host must be our address, an Origin must be ours, and the per-launch token is
 * required before the upgrade (as an offered subprotocol: preload/contract/bridge-socket.ts; Kubernetes carries its
 * bearer token the same way).
 */

/** The answer to a call whose dispatch threw (it is logged as bridge.crash), over either transport. */
export const BRIDGE_FAILED = { ok: false, error: { code: 'INTERNAL', message: 'The bridge failed.', retryable: true } } as const

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' }

export function createSocketServer(opts: {
  dispatch: Dispatch
  log: Logger
  maxPayload: number
  /** Host and Origin checks, the same as the HTTP path: null when the request may upgrade, else the refusal. */
  check(req: IncomingMessage): { status: number; message: string } | null
  tokenOk(candidate: string | undefined): boolean
}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false, clientTracking: true, handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false) })

  // The same answers as the HTTP path's refusals (an HTTP response: the socket never opened).
  const refuse = (socket: Duplex, status: number, message: string, code: 'UNTRUSTED_SENDER' | 'NOT_FOUND' = 'UNTRUSTED_SENDER') => {
    const body = JSON.stringify({ ok: false, error: { code, message, retryable: false } })
    socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }

  function serve(ws: WebSocket, clientId: string | undefined) {
    const inflight = new Set<AbortController>()
    ws.on('close', () => {
      // The tab went away (or reloaded): what it asked for is no longer awaited, as with a closed HTTP request.
      for (const a of inflight) a.abort()
      inflight.clear()
    })
    ws.on('error', () => undefined) // a bad frame closes the socket; 'close' above does the rest
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const call = isBinary ? null : parseCall(data)
      if (!call) {
        // Only our own renderer sends here, with a token: a malformed frame is a bug, not something to answer.
        ws.close(1008, 'Malformed call frame.')
        return
      }
      const abort = new AbortController()
      inflight.add(abort)
      void opts
        .dispatch(call.channel, call.input, { kind: 'bridge', tokenVerified: true, clientId }, abort.signal)
        .catch((e: unknown) => {
          opts.log.error('bridge.crash', { error: e })
          return BRIDGE_FAILED
        })
        .then((result) => {
          inflight.delete(abort)
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, result } satisfies BridgeAnswerFrame))
        })
    })
  }

  return {
    /** The HTTP server's 'upgrade' handler. */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      socket.on('error', () => undefined)
      const refused = opts.check(req)
      if (refused) { refuse(socket, refused.status, refused.message); return; }
      const path = (req.url ?? '').split('?')[0]
      if (path !== BRIDGE_SOCKET_PATH) { refuse(socket, 404, 'Not found.', 'NOT_FOUND'); return; }
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
      const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length)
      if (!offered.includes(BRIDGE_PROTOCOL) || !opts.tokenOk(token)) { refuse(socket, 401, 'Missing or wrong bridge token.'); return; }
      const client = offered.find((p) => p.startsWith(CLIENT_PROTOCOL_PREFIX))?.slice(CLIENT_PROTOCOL_PREFIX.length)
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, client && CLIENT_ID.test(client) ? client : undefined))
    },
    close() {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
    }
  }
}

function parseCall(data: RawData): BridgeCallFrame | null {
  try {
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8')
    const v: unknown = JSON.parse(text)
    if (typeof v !== 'object' || v === null) return null
    const { id, channel, input } = v as Record<string, unknown>
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof channel !== 'string') return null
    return { id, channel, input }
  } catch {
    return null
  }
}
