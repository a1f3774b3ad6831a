import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AppFailure } from '../../../main/errors'

export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface HostileServer {
  /** http://127.0.0.1:<port> */
  readonly url: string
  /** 127.0.0.1:<port>, as an error message names it */
  readonly host: string
  /** Every request that reached this server, in order. */
  readonly received: Received[]
  close(): Promise<void>
}

/**
 * A local HTTP server that answers as a hostile or broken vendor would (redirects elsewhere, echoes
 * what it was sent, sends too much, asks to wait): the client under test talks to it over real HTTP.
 */
export async function startHostileServer(handle: (req: Received, res: ServerResponse) => void | Promise<void>): Promise<HostileServer> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(r)
      Promise.resolve(handle(r, res)).catch(() => res.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** The AppFailure a call rejects with (fails the test when it resolves, or rejects with anything else). */
export async function failureOf(p: Promise<unknown>): Promise<AppFailure> {
  const e = await p.then(
    () => null,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(AppFailure)
  return e as AppFailure
}
