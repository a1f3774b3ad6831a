/**
 * Redirect URL whitelist rules (sahha-api.md §3.1, §5.1; RFC 8252 for native apps). Pure: used by the
 * editor as the operator types and by main before it saves. The rule order and the reasons are specified in
 * docs/decisions/0004-redirect-url-rules.md; the simulator implements the same spec on its own, and
 * test/fixtures/redirect-url-corpus.ts holds the cases both must agree on.
 */
import { decodePunycode } from './punycode'
import { mixedScripts } from './unicode-scripts'

export type RedirectKind = 'https' | 'loopback-http' | 'private-use'

/** Why an entry is refused: one value per rule, so tests (and the simulator's twin) can compare the category. */
export type RedirectRule =
  | 'empty'
  | 'forbidden-scheme'
  | 'too-long'
  | 'invisible-character'
  | 'backslash'
  | 'wildcard'
  | 'fragment'
  | 'not-absolute'
  | 'not-redirect-scheme'
  | 'private-scheme'
  | 'slashes'
  | 'userinfo'
  | 'no-host'
  | 'trailing-dot'
  | 'empty-label'
  | 'host-mapped'
  | 'malformed'
  | 'bad-punycode'
  | 'loopback-form'
  | 'ip-form'
  | 'mixed-script'
  | 'http-not-loopback'
  | 'dot-segment'

export type EntryResult =
  | { ok: true; normalized: string; kind: RedirectKind; note?: string }
  | { ok: false; rule: RedirectRule; reason: string }

export const MAX_REDIRECT_URL_LENGTH = 2048

const FORBIDDEN_SCHEMES = ['javascript', 'data', 'file', 'blob', 'vbscript', 'about']
const NOT_REDIRECT_SCHEMES = ['ws', 'wss', 'ftp']
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const SCHEME_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):/
const REVERSE_DNS_RE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/
// Controls, format characters (zero-width, bidi controls, soft hyphen), every space and separator (NBSP,
// U+2028/2029), default-ignorables (Hangul fillers, variation selectors) and lone surrogates.
const INVISIBLE_RE = /[\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}\p{Cs}]/u
const LOOKALIKE_RE = /[\p{P}\p{S}]/u
const DOT_SEGMENT_RE = /^(?:\.|%2e){1,2}$/i
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/

const CHAR_NAMES: Record<number, string> = {
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x20: 'SPACE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE'
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** `U+200B ZERO WIDTH SPACE` for invisible characters, `"а" (U+0430)` for visible ones. */
function describeChar(ch: string): string {
  const name = CHAR_NAMES[ch.codePointAt(0)!]
  if (name) return `${codePoint(ch)} ${name}`
  return INVISIBLE_RE.test(ch) ? codePoint(ch) : `"${ch}" (${codePoint(ch)})`
}

const refuse = (rule: RedirectRule, reason: string): EntryResult => ({ ok: false, rule, reason })

/** Only A–Z: IDNA's wider case mapping (Ü → ü) is one of the silent changes the host rules refuse. */
const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase())
// eslint-disable-next-line no-control-regex
const hasNonAscii = (s: string): boolean => /[^\u0000-\u007f]/.test(s)

/** What a label spells: `xn--` labels decoded (null when that fails), others as they are. */
function unicodeLabel(label: string): string | null {
  return label.startsWith('xn--') ? decodePunycode(label.slice(4)) : label
}

function isLoopbackAddress(host: string): boolean {
  return host.startsWith('127.') || host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:/.test(host)
}

/** `scheme:` then `//authority` (when present), path and query, as typed. */
function splitRest(rest: string): { authority: string | null; path: string } {
  if (!rest.startsWith('//')) return { authority: null, path: rest.split('?')[0]! }
  const afterSlashes = rest.slice(2)
  const end = afterSlashes.search(/[/?]/)
  const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end)
  const tail = end < 0 ? '' : afterSlashes.slice(end)
  return { authority, path: tail.split('?')[0]! }
}

function hostOf(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']')
    return end < 0 ? authority : authority.slice(0, end + 1)
  }
  return authority.split(':')[0]!
}

function dotSegment(path: string): EntryResult | null {
  const segment = path.split('/').find((s) => DOT_SEGMENT_RE.test(s))
  if (segment === undefined) return null
  return refuse(
    'dot-segment',
    `Remove the "${segment}" path segment: it is resolved away ("/a/../b" is "/b"), so the URL Sahha matches is not the one you typed. Write the path without "." or ".." segments.`
  )
}

function accepted(url: URL, kind: RedirectKind): EntryResult {
  // The key is the parser's serialisation, never the raw text: two spellings of one URL get one key.
  const normalized = url.href
  if (normalized.length > MAX_REDIRECT_URL_LENGTH) {
    return refuse(
      'too-long',
      `Written out in full (non-ASCII characters percent-encoded) this URL is ${normalized.length} characters long; a redirect URL may have at most 2,048. Shorten the path or query.`
    )
  }
  if (kind === 'https') return { ok: true, normalized, kind }
  if (kind === 'loopback-http') {
    return { ok: true, normalized, kind, note: 'Loopback http works only on the machine that runs the app (a development set-up).' }
  }
  return { ok: true, normalized, kind, note: 'Private-use scheme for a native app (RFC 8252): it only works where Sahha accepts it.' }
}

/** Checks on the host as typed, before the parser can rewrite it. */
function checkTypedHost(host: string): EntryResult | null {
  if (host.startsWith('[')) return null // an IPv6 literal: compared with its canonical form once parsed
  if (host.endsWith('.')) {
    return refuse(
      'trailing-dot',
      `Remove the dot at the end of "${host}": with it the host is a different name, which Sahha would not match. Write the host without the final dot.`
    )
  }
  if (host.split('.').includes('')) {
    return refuse('empty-label', `The host "${host}" has an empty part between two dots. Check it for a doubled or leading dot.`)
  }
  if (host.includes('%')) {
    return refuse(
      'host-mapped',
      `Remove the percent-escape from the host "${host}": the URL parser decodes it, so the host used would not be the one shown. Type the host name in plain characters.`
    )
  }
  for (const ch of host) {
    if (!hasNonAscii(ch)) continue
    const mapped = ch.normalize('NFKC').toLowerCase()
    if (mapped !== ch) {
      return refuse(
        'host-mapped',
        `The host contains ${describeChar(ch)}, which IDNA silently changes to "${mapped}", so the host used would not be the one shown. Retype the host name with ordinary characters.`
      )
    }
  }
  return null
}

function punycodeRoundTrip(unicode: string): string | null {
  try {
    return new URL(`https://${unicode}/`).hostname
  } catch {
    return null
  }
}

/** Checks that compare the host as typed with what the WHATWG parser made of it. */
function checkParsedHost(typed: string, parsed: string): EntryResult | null {
  if (IPV4_RE.test(parsed) || parsed.startsWith('[')) {
    if (parsed === asciiLower(typed)) return null
    return isLoopbackAddress(parsed)
      ? refuse('loopback-form', `"${typed}" is the loopback address ${parsed} written in another form. Write loopback exactly as 127.0.0.1, localhost or [::1].`)
      : refuse('ip-form', `"${typed}" is the IP address ${parsed} written in a shortened or numeric form. Write it as ${parsed}.`)
  }
  const typedLabels = asciiLower(typed).split('.')
  const parsedLabels = parsed.split('.')
  const typedText = typedLabels.map(unicodeLabel)
  const parsedText = parsedLabels.map(unicodeLabel)
  if (typedText.length !== parsedText.length || typedText.some((l, i) => l !== parsedText[i])) {
    const shown = parsedText.map((l, i) => l ?? parsedLabels[i]!).join('.')
    return refuse(
      'host-mapped',
      `IDNA silently changes the host "${typed}" into "${shown}" (${parsed}), so the host used would not be the one shown. Type the host as "${shown}".`
    )
  }
  for (const label of typedLabels) {
    if (!label.startsWith('xn--')) continue
    const decoded = decodePunycode(label.slice(4))
    if (decoded === null || punycodeRoundTrip(decoded) !== label) {
      return refuse(
        'bad-punycode',
        `"${label}" is not valid punycode: an xn-- label must be exactly what IDNA makes of a real name. Check the label, or type the name in its own letters.`
      )
    }
  }
  for (const [i, label] of parsedText.entries()) {
    const text = label ?? parsedLabels[i]!
    const shown = text === parsedLabels[i] ? `"${text}"` : `"${text}" (${parsedLabels[i]!})`
    const lookalike = Array.from(text).find((ch) => hasNonAscii(ch) && LOOKALIKE_RE.test(ch))
    if (lookalike) {
      return refuse(
        'host-mapped',
        `The host label ${shown} contains ${describeChar(lookalike)}, a symbol or look-alike of URL punctuation, so the host reads as something it is not. Host names may use letters, digits and hyphens only.`
      )
    }
    const mix = mixedScripts(text)
    if (mix) {
      const names = mix.map((s) => s.script)
      const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`
      const which = mix.slice(1).map((s) => `${describeChar(s.char)} is ${s.script}`).join(', ')
      return refuse(
        'mixed-script',
        `The host label ${shown} mixes ${list} letters (${which}): a look-alike of another name (an IDN homograph). Type every letter of the label in one script.`
      )
    }
  }
  return null
}

function validateWebUrl(raw: string, scheme: 'http' | 'https', rest: string): EntryResult {
  if (!rest.startsWith('//') || rest.startsWith('///')) {
    return refuse(
      'slashes',
      `Write exactly two slashes after "${scheme}:", then the host name, as in ${scheme}://app.example/callback: the URL parser would quietly repair "${raw.slice(0, scheme.length + 4)}…" into a different URL.`
    )
  }
  const { authority, path } = splitRest(rest)
  if (authority!.includes('@')) return refuseUserinfo()
  const host = hostOf(authority!)
  if (host === '') return refuse('no-host', `The URL has no host name. Write it after "${scheme}://", as in ${scheme}://app.example/callback.`)
  const typedProblem = checkTypedHost(host)
  if (typedProblem) return typedProblem
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return hasNonAscii(host)
      ? refuse('host-mapped', `IDNA cannot use the host "${host}" as typed: it holds characters that are changed or refused. Retype the host name with ordinary characters.`)
      : refuse('malformed', 'This is not a valid URL. Check it for typos.')
  }
  const parsedProblem = checkParsedHost(host, url.hostname)
  if (parsedProblem) return parsedProblem
  if (scheme === 'http' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return refuse('http-not-loopback', 'Plain http is only allowed for loopback hosts (127.0.0.1, localhost, [::1]). Use https.')
  }
  return dotSegment(path) ?? accepted(url, scheme === 'https' ? 'https' : 'loopback-http')
}

function validatePrivateUse(raw: string, rest: string): EntryResult {
  const { authority, path } = splitRest(rest)
  if (authority?.includes('@')) return refuseUserinfo()
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('malformed', 'This is not a valid URL. Check it for typos.')
  }
  return dotSegment(path) ?? accepted(url, 'private-use')
}

function refuseUserinfo(): EntryResult {
  return refuse('userinfo', 'Remove the user name or password (the part before "@"): credentials never belong in a redirect URL.')
}

export function validateRedirectEntry(raw: string): EntryResult {
  if (raw.trim() === '') return refuse('empty', 'Enter a URL, or remove this entry.')
  // Browsers drop tabs and newlines inside a scheme ("java\tscript:"): test what they would see.
  const squashed = raw.replace(/[\t\n\r]/g, '')
  // Control characters are exactly what this check looks for: browsers strip them before the scheme.
  // eslint-disable-next-line no-control-regex
  const lead = /^[\u0000-\u0020]*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squashed)
  if (lead && FORBIDDEN_SCHEMES.includes(lead[1]!.toLowerCase())) {
    return refuse('forbidden-scheme', `"${lead[1]!.toLowerCase()}:" URLs are never allowed as a redirect. Use your app's https URL.`)
  }
  if (raw.length > MAX_REDIRECT_URL_LENGTH) {
    return refuse('too-long', `This URL is ${raw.length} characters long; a redirect URL may have at most 2,048. Shorten the path or query.`)
  }
  const invisible = INVISIBLE_RE.exec(raw)
  if (invisible) {
    const position = Array.from(raw.slice(0, invisible.index)).length + 1
    return refuse(
      'invisible-character',
      `Remove the spaces and invisible characters from the URL: ${describeChar(invisible[0])} at position ${position}. They are not shown, yet they change the URL.`
    )
  }
  if (raw.includes('\\')) {
    return refuse('backslash', 'Replace the backslash ("\\") with "/": browsers read it as "/", so the URL would lead somewhere other than it reads.')
  }
  if (raw.includes('*')) return refuse('wildcard', 'Wildcards are not allowed: Sahha matches each URL exactly. List every URL separately.')
  if (raw.includes('#')) return refuse('fragment', 'Remove the fragment (the part from "#"): redirect URLs cannot have one.')
  const scheme = SCHEME_RE.exec(raw)?.[1]?.toLowerCase()
  if (!scheme) return refuse('not-absolute', 'Enter an absolute URL, starting with https://.')
  const rest = raw.slice(scheme.length + 1)
  if (scheme === 'https' || scheme === 'http') return validateWebUrl(raw, scheme, rest)
  if (NOT_REDIRECT_SCHEMES.includes(scheme)) return refuse('not-redirect-scheme', `"${scheme}:" is not a redirect scheme. Use https.`)
  if (!REVERSE_DNS_RE.test(scheme)) {
    return refuse(
      'private-scheme',
      `"${scheme}:" is not allowed. A native app's scheme must be reverse-DNS style, such as com.example.app:/oauth (RFC 8252).`
    )
  }
  return validatePrivateUse(raw, rest)
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
