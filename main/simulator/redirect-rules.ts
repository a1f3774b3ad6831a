/**
 * The simulator's own implementation of Sahha's redirect rules (sahha-api.md §3.1, §5.1), written
 * independently of the app's shared rules so the contract tests compare two implementations.
 */

const FORBIDDEN = new Set(['javascript', 'data', 'file', 'blob', 'vbscript', 'about'])
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export type Normalized = { ok: true; key: string } | { ok: false; reason: string }

/**
 * Match key: lower-case scheme and host, default port dropped, IDN host to punycode (WHATWG URL);
 * path and query kept exactly as written. Also enforces what a whitelist entry may be.
 */
export function normalizeRedirect(raw: string): Normalized {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(raw)
  if (!m) return { ok: false, reason: 'not an absolute URL' }
  const scheme = m[1]!.toLowerCase()
  const rest = m[2]!
  if (FORBIDDEN.has(scheme)) return { ok: false, reason: `the ${scheme}: scheme is not allowed` }
  if ([...raw].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f || /\s/.test(ch))) return { ok: false, reason: 'contains spaces or control characters' }
  if (raw.includes('*')) return { ok: false, reason: 'wildcards are not allowed' }
  if (raw.includes('#')) return { ok: false, reason: 'fragments are not allowed' }
  if (scheme === 'http' || scheme === 'https') {
    const a = /^\/\/([^/?#]*)(.*)$/s.exec(rest)
    if (!a) return { ok: false, reason: 'missing host' }
    if (a[1]!.includes('@')) return { ok: false, reason: 'user info is not allowed' }
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return { ok: false, reason: 'not a valid URL' }
    }
    if (!url.hostname) return { ok: false, reason: 'missing host' }
    if (scheme === 'http' && !LOOPBACK.has(url.hostname)) return { ok: false, reason: 'http is allowed on loopback hosts only' }
    const tail = a[2]!
    const pathAndQuery = tail === '' || tail.startsWith('?') ? `/${tail}` : tail
    return { ok: true, key: `${scheme}://${url.hostname}${url.port ? `:${url.port}` : ''}${pathAndQuery}` }
  }
  // RFC 8252 private-use scheme: reverse-DNS (at least one dot).
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(scheme)) return { ok: false, reason: 'only https, loopback http or reverse-DNS private-use schemes are allowed' }
  if (rest.startsWith('//') && /^\/\/[^/?#]*@/.test(rest)) return { ok: false, reason: 'user info is not allowed' }
  return { ok: true, key: `${scheme}:${rest}` }
}

/** Index of the whitelist entry `redirectUrl` matches, or -1. */
export function matchWhitelist(whitelist: readonly string[], redirectUrl: string): number {
  const n = normalizeRedirect(redirectUrl)
  if (!n.ok) return -1
  return whitelist.findIndex((e) => {
    const k = normalizeRedirect(e)
    return k.ok && k.key === n.key
  })
}
