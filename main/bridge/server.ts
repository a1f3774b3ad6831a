import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { promises as fs } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Dispatch } from '../ipc/dispatch'
import type { EventBus } from '../ipc/events'
import type { Logger } from '../log'
import { CONTENT_SECURITY_POLICY } from '../security'
import { CLIENT_ID, createClientPresence } from './client-presence'
import { BRIDGE_FAILED, createSocketServer } from './socket'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}
const MAX_BODY = 1024 * 1024

export interface Bridge {
  readonly url: string
  readonly port: number
  /** The URL to open: the token travels in the fragment, which browsers never send to a server. */
  readonly launchUrl: string
  close(): Promise<void>
}

/**
 * The loopback bridge: the built renderer and `POST /api/<channel>` from one origin, so the
 * production CSP applies unchanged. Binds 127.0.0.1 only, on a random port; every API call must
 * carry the per-launch token; Host must be our address (DNS rebinding) and Origin, when present, our
 * own. It does not exercise contextBridge or window hardening: test/electron covers those.
 */
export async function startBridge(opts: {
  dispatch: Dispatch
  events: EventBus
  log: Logger
  rendererDir: string
  port?: number
  token?: string
  /** A tab's event stream closed and did not come back within `clientGraceMs` (default 10 s): cancel what it started. */
  onClientGone?(clientId: string): void
  clientGraceMs?: number
}): Promise<Bridge> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  let port = 0
  const origin = () => `http://127.0.0.1:${port}`
  const clients = new Set<ServerResponse>()
  const presence = createClientPresence({ graceMs: opts.clientGraceMs ?? 10_000, onGone: (id) => opts.onClientGone?.(id) })
  const clientOf = (req: IncomingMessage): string | undefined => {
    const id = req.headers['x-bridge-client']
    return typeof id === 'string' && CLIENT_ID.test(id) ? id : undefined
  }

  const tokenOk = (candidate: string | null | undefined) => {
    if (!candidate) return false
    const b = Buffer.from(candidate)
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf)
  }
  const security = (res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  }
  // 400/404/405 are about the request, not about who sent it, so they carry their own codes.
  const refuse = (res: ServerResponse, status: number, message: string, code: 'UNTRUSTED_SENDER' | 'NOT_FOUND' | 'VALIDATION' = 'UNTRUSTED_SENDER') => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    res.end(JSON.stringify({ ok: false, error: { code, message, retryable: false } }))
  }

  // A malformed path is a client's mistake, answered 400 without a log line: anyone on this machine can send one, token or not.
  const MALFORMED_PATH = 'The request path has a malformed percent-escape.'

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') { refuse(res, 405, 'Method not allowed.', 'VALIDATION'); return; }
    const decoded = decodePath(pathname)
    if (decoded === null) { refuse(res, 400, MALFORMED_PATH, 'VALIDATION'); return; }
    const rel = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
    const file = normalize(join(opts.rendererDir, rel))
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) { refuse(res, 404, 'Not found.', 'NOT_FOUND'); return; }
    try {
      const body = await fs.readFile(file)
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' })
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end(rel === 'index.html' ? 'The renderer is not built. Run `npm run build` first.' : 'Not found.')
    }
  }

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let size = 0
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_BODY) {
          reject(new Error('too large'))
          req.destroy()
        } else chunks.push(c)
      })
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      req.on('error', reject)
    })

  // Who may talk to us at all, for a request and a socket's upgrade alike: our Host (DNS rebinding), our Origin if any.
  const checkPeer = (req: IncomingMessage): { status: number; message: string } | null => {
    if (req.headers.host !== `127.0.0.1:${port}`) return { status: 421, message: 'Wrong Host header: use the URL the app printed.' }
    if (req.headers.origin !== undefined && req.headers.origin !== origin()) return { status: 403, message: 'Foreign Origin refused.' }
    return null
  }

  // The listener itself stays synchronous; a rejected promise from it would go unhandled.
  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    security(res)
    try {
      const refused = checkPeer(req)
      if (refused) { refuse(res, refused.status, refused.message); return; }
      const url = new URL(req.url ?? '/', origin())
      if (!url.pathname.startsWith('/api/')) { await serveStatic(req, res, url.pathname); return; }

      if (url.pathname === '/api/events' && req.method === 'GET') {
        // The token comes as a header (the renderer reads the stream over fetch), never in the URL.
        if (!tokenOk(req.headers['x-bridge-token'] as string | undefined)) { refuse(res, 401, 'Missing or wrong bridge token.'); return; }
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
        res.write(': connected\n\n')
        clients.add(res)
        const client = clientOf(req)
        const gone = client ? presence.streamOpened(client) : () => undefined
        req.on('close', () => {
          clients.delete(res)
          gone()
        })
        return
      }
      if (req.method !== 'POST') { refuse(res, 405, 'Method not allowed.', 'VALIDATION'); return; }
      if (!tokenOk(req.headers['x-bridge-token'] as string | undefined)) { refuse(res, 401, 'Missing or wrong bridge token.'); return; }
      const channel = decodePath(url.pathname.slice('/api/'.length))
      if (channel === null) { refuse(res, 400, MALFORMED_PATH, 'VALIDATION'); return; }
      let input: unknown
      try {
        const text = await readBody(req)
        input = text ? JSON.parse(text) : {}
      } catch {
        refuse(res, 400, 'The request body was not valid JSON.', 'VALIDATION')
        return
      }
      const abort = new AbortController()
      res.on('close', () => {
        if (!res.writableFinished) abort.abort()
      })
      const result = await opts.dispatch(channel, input, { kind: 'bridge', tokenVerified: true, clientId: clientOf(req) }, abort.signal)
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify(result))
    } catch (e) {
      opts.log.error('bridge.crash', { error: e })
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(BRIDGE_FAILED))
    }
  }
  const server = createServer((req, res) => void handleRequest(req, res))
  const sockets = createSocketServer({ dispatch: opts.dispatch, log: opts.log, maxPayload: MAX_BODY, check: checkPeer, tokenOk })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => sockets.upgrade(req, socket, head))

  const unsubscribe = opts.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const c of clients) c.write(frame)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: origin(),
    port,
    launchUrl: `${origin()}/#token=${token}`,
    async close() {
      unsubscribe()
      presence.close()
      for (const c of clients) c.end()
      clients.clear()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }
}

/** decodeURIComponent, or null for a malformed escape (`%E0%A4%A`, a lone `%`) instead of a URIError. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}
