import { matchRedirectUrl, normalizeRedirectUrl, validateRedirectEntry, validateWhitelist } from '../../../preload/contract/rules/redirect-url'

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
    for (const ok of ['http://127.0.0.1:8080/cb', 'http://localhost/cb', 'http://[::1]:3000/cb', 'http://LOCALHOST./cb']) {
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

  it('normalises scheme and host case, default port, IDN and trailing dot; keeps path and query exactly', () => {
    expect(normalizeRedirectUrl('HTTPS://App.EXAMPLE/Cb?X=1')).toBe('https://app.example/Cb?X=1')
    expect(normalizeRedirectUrl('https://app.example:443/cb')).toBe('https://app.example/cb')
    expect(normalizeRedirectUrl('https://app.example:8443/cb')).toBe('https://app.example:8443/cb')
    expect(normalizeRedirectUrl('https://bücher.example/cb')).toBe('https://xn--bcher-kva.example/cb')
    expect(normalizeRedirectUrl('https://app.example./cb')).toBe('https://app.example/cb')
    expect(normalizeRedirectUrl('https://app.example')).toBe('https://app.example/')
    expect(normalizeRedirectUrl('https://app.example/a/../b')).toBe('https://app.example/a/../b')
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
