import { matchRedirectUrl, validateRedirectEntry, validateWhitelist, type RedirectRule } from '../../../preload/contract/rules/redirect-url'
import { matchWhitelist, normalizeRedirect, type RedirectRefusal } from '../../../main/simulator/redirect-rules'
import { MUST_ACCEPT, MUST_REJECT, PAIRS } from '../../fixtures/redirect-url-corpus'

// The two implementations name their refusals with the same words; this fails to compile if one list drifts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameCategories: Same<RedirectRule, RedirectRefusal> = true

const label = (url: string) => {
  const shown = JSON.stringify(url)
  return shown.length > 70 ? `${shown.slice(0, 60)}…" (${url.length} chars)` : shown
}

describe('redirect whitelist corpus: the editor and the simulator apply one set of rules', () => {
  it('holds at least 150 must-reject and 30 must-accept URLs and 20 duplicate / not-duplicate pairs', () => {
    expect(sameCategories).toBe(true)
    expect(MUST_REJECT.length).toBeGreaterThanOrEqual(150)
    expect(MUST_ACCEPT.length).toBeGreaterThanOrEqual(30)
    expect(PAIRS.length).toBeGreaterThanOrEqual(20)
    expect(PAIRS.filter((p) => p.duplicate).length).toBeGreaterThanOrEqual(10)
    expect(PAIRS.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(10)
    expect(new Set(MUST_REJECT.map((c) => c.url)).size).toBe(MUST_REJECT.length)
  })

  describe.each(MUST_REJECT.map((c) => [c.rule, label(c.url), c] as const))('refuses (%s) %s', (_rule, _label, c) => {
    it('in the editor, with that reason category and a message to act on', () => {
      const v = validateRedirectEntry(c.url)
      expect(v.ok, c.why).toBe(false)
      if (v.ok) return
      expect(v.rule, v.reason).toBe(c.rule)
      expect(v.reason.length).toBeGreaterThan(20)
      // The whitelist editor shows it on the entry's own field.
      const wl = validateWhitelist(['https://ok.example/cb', c.url])
      expect(wl.errors.map((e) => e.field)).toEqual(['redirectUrlWhitelist.1'])
      // An empty redirectUrl is an omitted one: Sahha then uses the default, entry 1.
      expect(matchRedirectUrl(['https://ok.example/cb', c.url], c.url)).toMatchObject(c.rule === 'empty' ? { accepted: true, index: 0, usedDefault: true } : { accepted: false })
    })
    it('in the simulator, with the same category', () => {
      const n = normalizeRedirect(c.url)
      expect(n.ok, c.why).toBe(false)
      if (!n.ok) expect(n.rule, n.reason).toBe(c.rule)
      expect(matchWhitelist(['https://ok.example/cb', c.url], c.url)).toBe(-1)
    })
  })

  describe.each(MUST_ACCEPT.map((c) => [label(c.url), c] as const))('accepts %s', (_label, c) => {
    it('in the editor and the simulator, with the same match key', () => {
      const v = validateRedirectEntry(c.url)
      expect(v, c.why).toMatchObject({ ok: true, normalized: c.key })
      expect(normalizeRedirect(c.url), c.why).toEqual({ ok: true, key: c.key })
    })
    it('as a whitelist entry a redirectUrl can match, after the default', () => {
      const whitelist = ['https://default.example/cb', c.url]
      expect(validateWhitelist(whitelist).errors).toEqual([])
      expect(matchRedirectUrl(whitelist, c.url)).toMatchObject({ accepted: true, index: 1, usedDefault: false })
      expect(matchWhitelist(whitelist, c.url)).toBe(1)
      expect(matchRedirectUrl(whitelist, undefined)).toMatchObject({ accepted: true, index: 0, usedDefault: true })
    })
  })

  describe.each(PAIRS.map((p) => [p.duplicate ? 'duplicates' : 'distinct URLs', label(p.a), label(p.b), p] as const))('%s: %s and %s', (_kind, _a, _b, p) => {
    it('the editor and the simulator agree', () => {
      const editorDuplicate = validateWhitelist([p.a, p.b]).errors.some((e) => e.field === 'redirectUrlWhitelist.1' && /same URL as entry 1/.test(e.message))
      expect(editorDuplicate, p.why).toBe(p.duplicate)
      expect(validateWhitelist([p.a]).errors, 'each side is a valid entry').toEqual([])
      expect(validateWhitelist([p.b]).errors, 'each side is a valid entry').toEqual([])
      const [ka, kb] = [normalizeRedirect(p.a), normalizeRedirect(p.b)]
      expect(ka.ok && kb.ok && ka.key === kb.key, p.why).toBe(p.duplicate)
      expect(matchRedirectUrl([p.a], p.b).accepted, p.why).toBe(p.duplicate)
      expect(matchWhitelist([p.a], p.b), p.why).toBe(p.duplicate ? 0 : -1)
    })
  })
})
