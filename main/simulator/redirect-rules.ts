/**
 * The simulator's own implementation of Sahha's redirect rules (sahha-api.md §3.1, §5.1), written
 * independently of the app's shared rules so the contract tests compare two implementations. Both follow
 * the spec and the rule order in docs/decisions/0004-redirect-url-rules.md; `test/fixtures/redirect-url-corpus.ts`
 * is run through both. Here Node does the IDNA work (`node:url`, `node:net`); the app cannot, it also runs
 * in the renderer.
 */
import { BlockList, isIPv4 } from 'node:net'
import { domainToASCII, domainToUnicode } from 'node:url'

/**
 * The same category names as the app's `RedirectRule`, repeated on purpose (this module imports no app
 * code); the corpus test fails to compile if the two lists drift apart. Grouped by the stage that refuses.
 */
export type RedirectRefusal =
  | 'empty' | 'forbidden-scheme' | 'too-long' | 'invisible-character' | 'backslash' | 'wildcard' | 'fragment'
  | 'not-absolute' | 'not-redirect-scheme' | 'private-scheme' | 'slashes' | 'userinfo' | 'malformed'
  | 'no-host' | 'trailing-dot' | 'empty-label' | 'host-mapped' | 'bad-punycode' | 'loopback-form' | 'ip-form' | 'mixed-script'
  | 'http-not-loopback' | 'dot-segment'

export type Normalized = { ok: true; key: string } | { ok: false; rule: RedirectRefusal; reason: string }

const LIMIT = 2048
const FORBIDDEN = new Set(['javascript', 'data', 'file', 'blob', 'vbscript', 'about'])
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])
const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')
const HIDDEN = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/u
const NON_ASCII_PUNCTUATION = /(?![\u0000-\u007f])[\p{P}\p{S}]/u // eslint-disable-line no-control-regex
const DOTS = /(?:^|\/)(?:\.|%2e)(?:\.|%2e)?(?:\/|$)/i

// Script names of Unicode 17 plus Unknown (unassigned); a label is single-script when one of them (with
// Common and Inherited characters) covers it whole.
const SCRIPTS = (
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Beria_Erfe Bhaiksuki Bopomofo Brahmi ' +
  'Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Coptic Cuneiform Cypriot Cypro_Minoan ' +
  'Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic ' +
  'Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic ' +
  'Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki ' +
  'Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen ' +
  'Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar ' +
  'Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic ' +
  'Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene ' +
  'Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala ' +
  'Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tamil Tangsa ' +
  'Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi ' +
  'Zanabazar_Square Unknown'
)
  .split(' ')
  .map((name) => ({ name, uses: new RegExp(`\\p{sc=${name}}`, 'u'), covers: new RegExp(`^[\\p{sc=${name}}\\p{sc=Zyyy}\\p{sc=Zinh}]*$`, 'u') }))
// UTS #39 "Highly Restrictive" combinations (Japanese, Chinese, Korean).
const CJK = [
  /^[\p{sc=Latn}\p{sc=Hani}\p{sc=Hira}\p{sc=Kana}\p{sc=Zyyy}\p{sc=Zinh}]*$/u,
  /^[\p{sc=Latn}\p{sc=Hani}\p{sc=Bopo}\p{sc=Zyyy}\p{sc=Zinh}]*$/u,
  /^[\p{sc=Latn}\p{sc=Hani}\p{sc=Hang}\p{sc=Zyyy}\p{sc=Zinh}]*$/u
]

const no = (rule: RedirectRefusal, reason: string): Normalized => ({ ok: false, rule, reason })
const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32))
const nonAscii = (s: string) => /[^\u0000-\u007f]/.test(s) // eslint-disable-line no-control-regex
const toUnicode = (label: string) => (label.startsWith('xn--') ? domainToUnicode(label) : label)

function keyOf(url: URL): Normalized {
  return url.href.length > LIMIT ? no('too-long', 'longer than 2048 characters once serialised') : { ok: true, key: url.href }
}

/** Host rules for http(s), in the spec's order. `host` is as typed, `url` the WHATWG parse of the whole URL. */
function hostRefusal(host: string, parse: () => URL | null): Normalized | URL {
  const bracketed = host.startsWith('[')
  if (!bracketed && host.endsWith('.')) return no('trailing-dot', 'trailing dot in the host')
  if (!bracketed && host.split('.').some((l) => l.length === 0)) return no('empty-label', 'empty label in the host')
  if (!bracketed && (host.includes('%') || host.normalize('NFKC').replace(/[^\u0000-\u007f]/gu, (c) => c.toLowerCase()) !== host)) { // eslint-disable-line no-control-regex
    return no('host-mapped', 'the host has characters IDNA would change')
  }
  const url = parse()
  if (!url) return nonAscii(host) ? no('host-mapped', 'the host has characters IDNA would change or refuse') : no('malformed', 'not a valid URL')
  const parsed = url.hostname
  if (isIPv4(parsed) || bracketed) {
    if (parsed === lowerAscii(host)) return url
    const loopback = isIPv4(parsed) ? LOOPBACK.check(parsed, 'ipv4') : LOOPBACK.check(parsed.slice(1, -1), 'ipv6')
    return loopback ? no('loopback-form', 'non-canonical loopback address') : no('ip-form', 'non-canonical IP address')
  }
  const typed = lowerAscii(host).split('.')
  const shown = parsed.split('.').map(toUnicode)
  if (typed.map(toUnicode).join('.') !== shown.join('.')) return no('host-mapped', 'IDNA would change the host')
  if (typed.some((l) => l.startsWith('xn--') && (domainToUnicode(l) === l || domainToASCII(domainToUnicode(l)) !== l))) {
    return no('bad-punycode', 'an xn-- label is not valid punycode')
  }
  for (const label of shown) {
    if (NON_ASCII_PUNCTUATION.test(label)) return no('host-mapped', 'the host has look-alike punctuation or symbols')
    if (SCRIPTS.some((s) => s.covers.test(label)) || CJK.some((re) => re.test(label))) continue
    return no('mixed-script', `the host label mixes ${SCRIPTS.filter((s) => s.uses.test(label)).map((s) => s.name).join(' and ')}`)
  }
  return url
}

/**
 * Match key: the WHATWG serialisation of the URL (lower-case scheme and host, default port dropped, IDN host
 * to punycode), after the entry passed every rule.
 */
export function normalizeRedirect(raw: string): Normalized {
  if (raw.trim().length === 0) return no('empty', 'empty URL')
  const browserScheme = /^[\u0000-\u0020]*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw.replace(/[\t\n\r]/g, '')) // eslint-disable-line no-control-regex
  if (browserScheme && FORBIDDEN.has(browserScheme[1]!.toLowerCase())) return no('forbidden-scheme', `the ${browserScheme[1]!.toLowerCase()}: scheme is not allowed`)
  if (raw.length > LIMIT) return no('too-long', 'longer than 2048 characters')
  if (HIDDEN.test(raw)) return no('invisible-character', 'contains spaces, control or invisible characters')
  if (raw.includes('\\')) return no('backslash', 'backslashes are not allowed')
  if (raw.includes('*')) return no('wildcard', 'wildcards are not allowed')
  if (raw.includes('#')) return no('fragment', 'fragments are not allowed')
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(raw)
  if (!m) return no('not-absolute', 'not an absolute URL')
  const scheme = m[1]!.toLowerCase()
  const rest = m[2]!
  const parse = () => {
    try {
      return new URL(raw)
    } catch {
      return null
    }
  }
  const authority = /^\/\/([^/?]*)/.exec(rest)?.[1]
  const path = (authority === undefined ? rest : rest.slice(2 + authority.length)).replace(/\?.*$/s, '')
  if (scheme === 'http' || scheme === 'https') {
    if (!/^\/\/(?!\/)/.test(rest)) return no('slashes', `${scheme}: must be followed by exactly two slashes`)
    if (authority!.includes('@')) return no('userinfo', 'user info is not allowed')
    const host = /^(\[[^\]]*\]?|[^:]*)/.exec(authority!)![1]!
    if (host === '') return no('no-host', 'missing host')
    const checked = hostRefusal(host, parse)
    if (!(checked instanceof URL)) return checked
    if (scheme === 'http' && !LOOPBACK_NAMES.has(checked.hostname)) return no('http-not-loopback', 'http is allowed on loopback hosts only')
    if (DOTS.test(path)) return no('dot-segment', 'dot segments are not allowed in the path')
    return keyOf(checked)
  }
  if (['ws', 'wss', 'ftp'].includes(scheme)) return no('not-redirect-scheme', `${scheme}: is not a redirect scheme`)
  // RFC 8252 private-use scheme: reverse-DNS (at least one dot).
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(scheme)) return no('private-scheme', 'only https, loopback http or reverse-DNS private-use schemes are allowed')
  if (authority?.includes('@')) return no('userinfo', 'user info is not allowed')
  const url = parse()
  if (!url) return no('malformed', 'not a valid URL')
  if (DOTS.test(path)) return no('dot-segment', 'dot segments are not allowed in the path')
  return keyOf(url)
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
