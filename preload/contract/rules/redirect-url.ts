/**
 * Redirect URL whitelist rules (sahha-api.md §3.1, §5.1; RFC 8252 for native apps). Pure: used by the
 * editor as the operator types and by main before it saves.
 */

export type RedirectKind = 'https' | 'loopback-http' | 'private-use'

export type EntryResult =
  | { ok: true; normalized: string; kind: RedirectKind; note?: string }
  | { ok: false; reason: string }

const FORBIDDEN_SCHEMES = ['javascript', 'data', 'file', 'blob', 'vbscript', 'about']
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const SCHEME_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):/
const REVERSE_DNS_RE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/

/** Splits `scheme://authority` off a URL string so path and query can be compared exactly as typed. */
function pathAndQuery(raw: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:(\/\/[^/?]*)?(.*)$/.exec(raw)
  const rest = m?.[2] ?? ''
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest
}

export function validateRedirectEntry(raw: string): EntryResult {
  if (raw.trim() === '') return { ok: false, reason: 'Enter a URL, or remove this entry.' }
  // Browsers drop tabs and newlines inside a scheme ("java\tscript:"): test what they would see.
  const squashed = raw.replace(/[\t\n\r]/g, '')
  // Control characters are exactly what this check looks for: browsers strip them before the scheme.
  // eslint-disable-next-line no-control-regex
  const lead = /^[\u0000-\u0020]*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squashed)
  if (lead && FORBIDDEN_SCHEMES.includes(lead[1]!.toLowerCase())) {
    return { ok: false, reason: `"${lead[1]!.toLowerCase()}:" URLs are never allowed as a redirect. Use your app's https URL.` }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(raw)) return { ok: false, reason: 'Remove the spaces or invisible characters from the URL.' }
  if (raw.includes('*')) return { ok: false, reason: 'Wildcards are not allowed: Sahha matches each URL exactly. List every URL separately.' }
  if (raw.includes('#')) return { ok: false, reason: 'Remove the fragment (the part from "#"): redirect URLs cannot have one.' }
  const scheme = SCHEME_RE.exec(raw)?.[1]?.toLowerCase()
  if (!scheme) return { ok: false, reason: 'Enter an absolute URL, starting with https://.' }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'This is not a valid URL. Check it for typos.' }
  }
  if (url.username || url.password || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*@/.test(raw)) {
    return { ok: false, reason: 'Remove the user name or password (the part before "@"): credentials never belong in a redirect URL.' }
  }
  if (scheme === 'https' || scheme === 'http') {
    const host = url.hostname.replace(/\.$/, '')
    if (!host) return { ok: false, reason: 'The URL has no host name.' }
    if (scheme === 'http' && !LOOPBACK_HOSTS.has(host)) {
      return { ok: false, reason: 'Plain http is only allowed for loopback hosts (127.0.0.1, localhost, [::1]). Use https.' }
    }
    const normalized = `${scheme}://${host}${url.port ? `:${url.port}` : ''}${pathAndQuery(raw)}`
    return scheme === 'https'
      ? { ok: true, normalized, kind: 'https' }
      : { ok: true, normalized, kind: 'loopback-http', note: 'Loopback http works only on the machine that runs the app (a development set-up).' }
  }
  if (['ws', 'wss', 'ftp'].includes(scheme)) return { ok: false, reason: `"${scheme}:" is not a redirect scheme. Use https.` }
  if (!REVERSE_DNS_RE.test(scheme)) {
    return {
      ok: false,
      reason: `"${scheme}:" is not allowed. A native app's scheme must be reverse-DNS style, such as com.example.app:/oauth (RFC 8252).`
    }
  }
  return {
    ok: true,
    normalized: `${scheme}:${raw.slice(scheme.length + 1)}`,
    kind: 'private-use',
    note: 'Private-use scheme for a native app (RFC 8252): it only works where Sahha accepts it.'
  }
}

export function normalizeRedirectUrl(raw: string): string | null {
  const r = validateRedirectEntry(raw)
  return r.ok ? r.normalized : null
}

export interface WhitelistValidation {
  entries: EntryResult[]
  errors: { index: number; field: string; message: string }[]
}

export function validateWhitelist(entries: readonly string[]): WhitelistValidation {
  const results = entries.map(validateRedirectEntry)
  const errors: WhitelistValidation['errors'] = []
  if (entries.length === 0) {
    errors.push({ index: -1, field: 'redirectUrlWhitelist', message: 'Add at least one URL; the first entry is the default redirect.' })
  }
  const firstSeen = new Map<string, number>()
  results.forEach((r, i) => {
    if (!r.ok) {
      errors.push({ index: i, field: `redirectUrlWhitelist.${i}`, message: `Entry ${i + 1}: ${r.reason}` })
      return
    }
    const prev = firstSeen.get(r.normalized)
    if (prev !== undefined) {
      errors.push({
        index: i,
        field: `redirectUrlWhitelist.${i}`,
        message: `Entry ${i + 1} is the same URL as entry ${prev + 1} after normalisation (${r.normalized}). Remove one.`
      })
    } else firstSeen.set(r.normalized, i)
  })
  return { entries: results, errors }
}

export type MatchResult = { accepted: true; index: number; usedDefault: boolean; entry: string } | { accepted: false; reason: string }

/** Sahha's rule: omitted → the first entry; given → it must equal an entry after normalisation (no prefix, no wildcard). */
export function matchRedirectUrl(whitelist: readonly string[], redirectUrl: string | undefined): MatchResult {
  if (redirectUrl === undefined || redirectUrl.trim() === '') {
    const first = whitelist[0]
    return first === undefined
      ? { accepted: false, reason: 'The whitelist is empty, so Sahha has no default redirect: add at least one URL.' }
      : { accepted: true, index: 0, usedDefault: true, entry: first }
  }
  const candidate = validateRedirectEntry(redirectUrl)
  if (!candidate.ok) return { accepted: false, reason: `Sahha would refuse this redirectUrl: ${candidate.reason}` }
  const index = whitelist.findIndex((e) => normalizeRedirectUrl(e) === candidate.normalized)
  if (index === -1) {
    return { accepted: false, reason: 'Sahha would refuse this redirectUrl: it matches no whitelist entry exactly (path and query must be equal).' }
  }
  return { accepted: true, index, usedDefault: false, entry: whitelist[index]! }
}
