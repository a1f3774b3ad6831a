import { checkScopes, newIntegrationDraft } from '../../../preload/contract/rules/scopes'
import { PROVIDERS, callbackUrl } from '../../../preload/contract/rules/providers'
import { diffIntegration, resolveMerge, threeWayMerge, type IntegrationEdit } from '../../../preload/contract/rules/integration-diff'

const ALL = ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2', 'ring_configuration', 'stress', 'heart_health']

describe('Oura provider data (seed)', () => {
  it('has the 11 scopes of the Sahha Oura page, in order, each with a meaning', () => {
    expect(PROVIDERS.oura.scopes.map((s) => s.name)).toEqual(ALL)
    expect(PROVIDERS.oura.scopes.every((s) => s.meaning.length > 5)).toBe(true)
  })
  it('builds the callback URL per environment', () => {
    expect(callbackUrl('https://sandbox-api.sahha.ai', 'oura')).toBe('https://sandbox-api.sahha.ai/api/v1/integration/oauth/oura/callback')
    expect(callbackUrl('https://api.sahha.ai/', 'oura')).toBe('https://api.sahha.ai/api/v1/integration/oauth/oura/callback')
  })
})

describe('scope rules ("Match your scopes")', () => {
  it('a new integration selects all scopes, as Sahha does, and shows the mismatch at once', () => {
    const d = newIntegrationDraft('oura')
    expect(d.scopes).toEqual(ALL)
    const r = checkScopes({ provider: 'oura', scopes: d.scopes, providerAppScopes: d.providerAppScopes })
    expect(r.blocking).toBe(true)
    expect(r.issues[0]).toMatchObject({ code: 'SCOPE_NOT_ON_PROVIDER_APP', scopes: ALL })
  })
  it('blocks a scope selected in Sahha but not enabled on the Oura app, naming it', () => {
    const r = checkScopes({ provider: 'oura', scopes: ['daily', 'stress'], providerAppScopes: ['daily'] })
    expect(r.blocking).toBe(true)
    expect(r.issues[0]!.message).toMatch(/not enabled on your Oura app: stress.*fails the OAuth flow/)
  })
  it('passes when the scopes match, and allows app scopes Sahha does not request', () => {
    expect(checkScopes({ provider: 'oura', scopes: ['daily'], providerAppScopes: ['daily', 'heartrate'] })).toEqual({ issues: [], blocking: false })
  })
  it('flags unknown and duplicate scopes and an empty selection', () => {
    const r = checkScopes({ provider: 'oura', scopes: ['activity', 'spo2Daily', 'daily', 'daily'], providerAppScopes: ALL })
    expect(r.issues.map((i) => i.code).sort()).toEqual(['DUPLICATE_SCOPE', 'UNKNOWN_SCOPE'])
    expect(r.issues.find((i) => i.code === 'UNKNOWN_SCOPE')!.message).toMatch(/activity.*spo2Daily/)
    expect(checkScopes({ provider: 'oura', scopes: [], providerAppScopes: [] }).issues[0]!.code).toBe('NO_SCOPES')
  })
  it('warns, without blocking, when the app scopes were never recorded', () => {
    const r = checkScopes({ provider: 'oura', scopes: ['daily'], providerAppScopes: null })
    expect(r).toMatchObject({ blocking: false, issues: [{ code: 'PROVIDER_APP_SCOPES_UNKNOWN' }] })
  })
})

const base: IntegrationEdit = {
  enabled: true,
  clientId: 'A',
  scopes: ['daily', 'heartrate'],
  providerAppScopes: ['daily', 'heartrate'],
  redirectUrlWhitelist: ['https://a.example/cb', 'https://b.example/cb']
}

describe('diff', () => {
  it('describes every change in words', () => {
    const texts = diffIntegration(base, {
      ...base,
      clientId: 'B',
      scopes: ['daily', 'spo2'],
      redirectUrlWhitelist: ['https://b.example/cb', 'https://a.example/cb']
    }).map((c) => c.text)
    expect(texts).toEqual(
      expect.arrayContaining([
        'Client ID changed from A to B',
        'Scope added: spo2',
        'Scope removed: heartrate',
        'Default redirect changed from https://a.example/cb to https://b.example/cb'
      ])
    )
  })
  it('is empty when nothing changed', () => {
    expect(diffIntegration(base, structuredClone(base))).toEqual([])
  })
})

describe('three-way merge of a stale save', () => {
  it('keeps their change and mine when they touch different fields', () => {
    const m = threeWayMerge(base, { ...base, clientId: 'mine' }, { ...base, redirectUrlWhitelist: ['https://c.example/cb'] })
    expect(m.conflicts).toEqual([])
    expect(m.merged.clientId).toBe('mine')
    expect(m.merged.redirectUrlWhitelist).toEqual(['https://c.example/cb'])
  })
  it('combines scope additions from both sides instead of losing one', () => {
    const m = threeWayMerge(base, { ...base, scopes: ['daily', 'heartrate', 'spo2'] }, { ...base, scopes: ['daily', 'heartrate', 'tag'] })
    expect(m.merged.scopes.sort()).toEqual(['daily', 'heartrate', 'spo2', 'tag'])
    expect(m.conflicts).toEqual([])
  })
  it('reports a field both changed differently as a conflict', () => {
    const m = threeWayMerge(base, { ...base, clientId: 'mine' }, { ...base, clientId: 'theirs' })
    expect(m.conflicts).toEqual([{ field: 'clientId', base: 'A', mine: 'mine', theirs: 'theirs' }])
  })
  it('treats two different whitelist edits as one conflict, and the operator\'s choice takes that side whole', () => {
    const mine = { ...base, clientId: 'mine', redirectUrlWhitelist: [...base.redirectUrlWhitelist, 'https://mine.example/cb'] }
    const theirs = { ...base, redirectUrlWhitelist: [...base.redirectUrlWhitelist, 'https://theirs.example/cb'] }
    const m = threeWayMerge(base, mine, theirs)
    expect(m.conflicts.map((c) => c.field)).toEqual(['redirectUrlWhitelist'])
    expect(resolveMerge(m.merged, m.conflicts, { redirectUrlWhitelist: 'theirs' })).toEqual({ ...theirs, clientId: 'mine' })
    expect(resolveMerge(m.merged, m.conflicts, { redirectUrlWhitelist: 'mine' })).toEqual(mine)
  })
})
