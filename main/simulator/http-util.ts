import type { IncomingMessage, ServerResponse } from 'node:http'

export interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  method: string
  body: string
  /** The simulator's own origin, e.g. http://127.0.0.1:PORT */
  base: string
}

export type Handler = (ctx: Ctx, params: Record<string, string>) => Promise<void> | void

export interface Route {
  method: string
  /** The path template, e.g. /api/v1/account/profile/{externalId} (stats key). */
  path: string
  pattern: RegExp
  keys: string[]
  handler: Handler
}

export function route(method: string, path: string, handler: Handler): Route {
  const keys: string[] = []
  const pattern = new RegExp(
    '^' +
      path.replace(/\{(\w+)\}/g, (_, k: string) => {
        keys.push(k)
        return '([^/]+)'
      }) +
      '$'
  )
  return { method, path, pattern, keys, handler }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

export function empty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers)
  res.end()
}

export function html(res: ServerResponse, status: number, title: string, bodyHtml: string): void {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:520px;margin:40px auto;padding:0 16px;color:#222}
.card{border:1px solid #ddd;border-radius:10px;padding:20px 24px}h1{font-size:20px}label{display:block;margin:6px 0}
button{font:inherit;padding:8px 18px;margin-right:8px;border-radius:6px;border:1px solid #888;cursor:pointer}
.approve{background:#222;color:#fff}.muted{color:#666;font-size:13px}</style></head><body>${bodyHtml}</body></html>`
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) })
  res.end(page)
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** Sahha's error body (sahha-api.md §4). */
export function sahhaError(res: ServerResponse, status: number, location: string, origin: string, message: string, extra: Record<string, unknown> = {}): void {
  sahhaErrors(res, status, location, [{ origin, errors: [message] }], extra)
}

const SAHHA_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable'
}
export const sahhaTitle = (status: number): string => SAHHA_TITLES[status] ?? 'Error'

/** Sahha's error body with several origins (validation). */
export function sahhaErrors(res: ServerResponse, status: number, location: string, errors: { origin: string; errors: string[] }[], extra: Record<string, unknown> = {}): void {
  json(res, status, { title: sahhaTitle(status), statusCode: status, location, errors, ...extra })
}

/** Appends query parameters to an app URL, keeping its own query exactly as written (no fragments: §5.1). */
export function appendQuery(url: string, params: Record<string, string>): string {
  const q = new URLSearchParams(params).toString()
  return url + (url.includes('?') ? (url.endsWith('?') || url.endsWith('&') ? '' : '&') : '?') + q
}

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string')
}

export function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}
