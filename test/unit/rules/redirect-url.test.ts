import { matchRedirectUrl, normalizeRedirectUrl, validateRedirectEntry, validateWhitelist } from '../../../preload/contract/rules/redirect-url'
import { decodePunycode } from '../../../preload/contract/rules/punycode'

const bad = (raw: string, pattern: RegExp) => {
  const r = validateRedirectEntry(raw)
  expect(r.ok, raw).toBe(false)
  if (!r.ok) expect(r.reason, raw).toMatch(pattern)
}

describe('whitelist entry validation (tricky URL corpus)', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'blob:https://example.com/uuid',
    'vbscript:msgbox(1)',
    'about:blank'
  ])('never allows %j', (raw) => bad(raw, /never allowed/))

  it('refuses userinfo, fragments, wildcards, relative and malformed URLs', () => {
    bad('https://user:pass@app.example/cb', /user name or password/)
    bad('https://user@app.example/cb', /user name or password/)
    bad('https://@app.example/cb', /user name or password/)
    bad('https://app.example/cb#frag', /fragment/)
    bad('https://app.example/cb#', /fragment/)
    bad('https://*.app.example/cb', /Wildcards/)
    bad('https://app.example/cb/*', /Wildcards/)
    bad('/integrations/callback', /absolute URL/)
    bad('app.example/cb', /absolute URL|not allowed/)
    bad('https://', /not a valid URL|no host/)
    bad('https://app.example/c b', /spaces/)
    bad('', /Enter a URL/)
  })

  it('allows http only on loopback hosts', () => {
    bad('http://app.example/cb', /only allowed for loopback/)
    for (const ok of ['http://127.0.0.1:8080/cb', 'http://localhost/cb', 'http://[::1]:3000/cb', 'http://LOCALHOST/cb']) {
      const r = validateRedirectEntry(ok)
      expect(r.ok, ok).toBe(true)
      if (r.ok) expect(r.kind).toBe('loopback-http')
    }
  })

  it('allows reverse-DNS private-use schemes with a note, and refuses others', () => {
    const r = validateRedirectEntry('com.example.app:/oauth')
    expect(r).toMatchObject({ ok: true, kind: 'private-use', normalized: 'com.example.app:/oauth' })
    if (r.ok) expect(r.note).toMatch(/only works where Sahha accepts it/)
    bad('myapp:/oauth', /reverse-DNS/)
    bad('ws://app.example/cb', /not a redirect scheme/)
  })

  it('normalises scheme and host case, default port and IDN from the parsed URL; keeps path and query exactly', () => {
    expect(normalizeRedirectUrl('HTTPS://App.EXAMPLE/Cb?X=1')).toBe('https://app.example/Cb?X=1')
    expect(normalizeRedirectUrl('https://app.example:443/cb')).toBe('https://app.example/cb')
    expect(normalizeRedirectUrl('https://app.example:8443/cb')).toBe('https://app.example:8443/cb')
    expect(normalizeRedirectUrl('https://bücher.example/cb')).toBe('https://xn--bcher-kva.example/cb')
    expect(normalizeRedirectUrl('https://app.example')).toBe('https://app.example/')
  })

  it('refuses a trailing-dot host and dot segments instead of silently rewriting them', () => {
    bad('https://app.example./cb', /Remove the dot at the end of "app\.example\."/)
    bad('http://LOCALHOST./cb', /dot at the end/)
    bad('https://app.example/a/../b', /Remove the "\.\." path segment/)
    bad('https://app.example/%2e%2e/b', /Remove the "%2e%2e" path segment/)
  })
})

describe('messages the whitelist editor shows for hostile URLs', () => {
  it('names the scripts an IDN homograph mixes and the letter that does not belong', () => {
    bad('https://p\u0430ypal.com/', /host label "p\u0430ypal" \(xn--pypal-4ve\) mixes Latin and Cyrillic letters \("\u0430" \(U\+0430\) is Cyrillic\).*one script/)
    bad('https://xn--pypal-4ve.com/', /mixes Latin and Cyrillic/)
    // The script with fewer letters is the intruder, wherever it stands in the label.
    bad('https://\u0430cme.example/', /mixes Latin and Cyrillic letters \("\u0430" \(U\+0430\) is Cyrillic\)/)
    bad('https://micr\u03bfsoft.com/', /mixes Latin and Greek/)
  })

  it('names the host character IDNA would silently map, and what it would become', () => {
    bad('https://\uff45xample.com/', /"\uff45" \(U\+FF45\), which IDNA silently changes to "e"/)
    bad('https://example.com\uff0fevil.com/', /U\+FF0F.*changes to "\/"/)
    bad('https://example.com\u2215evil.com/', /"\u2215" \(U\+2215\), a symbol or look-alike of URL punctuation/)
    bad('https://MÜNCHEN.de/', /"Ü" \(U\+00DC\), which IDNA silently changes to "ü"/)
  })

  it('says which canonical loopback to write for a numeric, octal or hex form', () => {
    bad('http://2130706433/cb', /"2130706433" is the loopback address 127\.0\.0\.1 written in another form\. Write loopback exactly as 127\.0\.0\.1, localhost or \[::1\]/)
    bad('http://[0:0:0:0:0:0:0:1]/cb', /loopback address \[::1\]/)
  })

  it('names the invisible character and where it is', () => {
    bad('https://pay\u200bpal.com/', /U\+200B ZERO WIDTH SPACE at position 12/)
    bad('https://app.example/\u202egnp.exe', /U\+202E RIGHT-TO-LEFT OVERRIDE at position 21/)
  })

  it('refuses a backslash, repaired slashes and an over-long URL with what to do', () => {
    bad('https://app.example\\@evil.example/', /Replace the backslash/)
    bad('https:/app.example/cb', /Write exactly two slashes after "https:"/)
    bad(`https://app.example/${'a'.repeat(2029)}`, /2049 characters long; a redirect URL may have at most 2,048/)
  })
})

describe('whitelist list rules', () => {
  it('requires at least one entry', () => {
    expect(validateWhitelist([]).errors[0]!.message).toMatch(/at least one URL; the first entry is the default/)
  })

  it('reports duplicates after normalisation per field', () => {
    const v = validateWhitelist(['https://app.example/cb', 'HTTPS://APP.example:443/cb', 'https://xn--bcher-kva.example/x', 'https://bücher.example/x'])
    expect(v.errors.map((e) => e.field)).toEqual(['redirectUrlWhitelist.1', 'redirectUrlWhitelist.3'])
    expect(v.errors[0]!.message).toMatch(/Entry 2 is the same URL as entry 1 after normalisation/)
  })
})

describe('redirectUrl matching (the URL tester and Sahha’s rule)', () => {
  const wl = ['https://app.example/integrations/callback', 'com.example.app:/oauth']
  it('uses the first entry when redirectUrl is omitted', () => {
    expect(matchRedirectUrl(wl, undefined)).toEqual({ accepted: true, index: 0, usedDefault: true, entry: wl[0] })
    expect(matchRedirectUrl(wl, '  ')).toMatchObject({ accepted: true, usedDefault: true })
  })
  it('matches under normalisation but requires path and query to be equal', () => {
    expect(matchRedirectUrl(wl, 'HTTPS://APP.EXAMPLE:443/integrations/callback')).toMatchObject({ accepted: true, index: 0, usedDefault: false })
    expect(matchRedirectUrl(wl, 'com.example.app:/oauth')).toMatchObject({ accepted: true, index: 1 })
    expect(matchRedirectUrl(wl, 'https://app.example/integrations/callback/extra')).toMatchObject({ accepted: false })
    expect(matchRedirectUrl(wl, 'https://app.example/integrations/callback?x=1')).toMatchObject({ accepted: false })
    expect(matchRedirectUrl(wl, 'https://app.example/Integrations/callback')).toMatchObject({ accepted: false })
    expect(matchRedirectUrl(wl, 'javascript:alert(1)')).toMatchObject({ accepted: false })
  })
  it('refuses everything when the whitelist is empty', () => {
    expect(matchRedirectUrl([], undefined)).toMatchObject({ accepted: false, reason: expect.stringMatching(/empty/) })
  })
})

describe('punycode decoding (the contract cannot use node:url)', () => {
  it('decodes what Node’s IDNA encodes, and refuses what is not punycode', async () => {
    const { domainToASCII } = await import('node:url')
    for (const name of ['münchen', 'bücher', 'пример', 'рф', 'ελληνικά', '日本語', 'ドメイン名例', '한국어', 'ß', 'straße', 'العربية', 'हिन्दी', 'ไทย', '\u{1f4a9}', 'a-ü-b-ö', 'ü'.repeat(30)]) {
      const ace = domainToASCII(name)
      expect(ace.startsWith('xn--'), name).toBe(true)
      expect(decodePunycode(ace.slice(4)), name).toBe(name)
    }
    expect(decodePunycode('99999999999')).toBeNull()
    expect(decodePunycode('ab!')).toBeNull()
    expect(decodePunycode('mnchen-3ya')).toBe('münchen')
  })
})
