import { DEFAULT_TIER_SETTINGS, TIER_DIAGNOSIS, tierModeById } from '../../../preload/contract/diagnosis/documented-tier'
import { checkProfile, type TierPort } from '../../../main/services/documented-check'
import { appError } from '../../../main/errors'
import type { DataAnswer } from '../../../main/sahha/documented'

// Issue J item 2: one profile's honest state on the documented-only tier, and the evidence behind it
// (which calls, when, what they answered with tokens redacted, the diagnosis from the catalogue).
const NOW = Date.parse('2026-12-02T06:00:00Z')
const D = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString()
const oura = [{ integrationType: 'oura', integrationIdentifier: 'x' }]
const data = (newestAt: string | null, count = newestAt ? 3 : 0): DataAnswer => ({ status: 200, count, newestAt })

type Calls = { integrations?: () => unknown; biomarkers?: () => unknown; scores?: () => unknown; profile?: () => unknown }
function port(c: Calls): TierPort & { asked: string[] } {
  const asked: string[] = []
  const answer = async (name: string, fn?: () => unknown) => {
    asked.push(name)
    if (!fn) throw new Error(`unexpected call ${name}`)
    return fn() as never
  }
  return {
    asked,
    integrations: () => answer('integration', c.integrations),
    biomarkers: () => answer('biomarker', c.biomarkers),
    scores: () => answer('score', c.scores),
    profile: () => answer('profile', c.profile)
  }
}
const check = (p: TierPort, confirmExists = false) => checkProfile(p, 'user-1', { settings: DEFAULT_TIER_SETTINGS, now: () => NOW, signal: new AbortController().signal, confirmExists })
const fail = (code: Parameters<typeof appError>[0], httpStatus: number | undefined, raw?: string) => () => {
  throw appError(code, `${code} from the test`, { httpStatus, raw, retryable: code !== 'VALIDATION' })
}

describe('documented tier: one profile → one honest state with its evidence', () => {
  it('204 from the integration call: not linked, one call, diagnosis SAHHA_PROFILE_NOT_LINKED', async () => {
    const p = port({ integrations: () => ({ status: 204, items: [] }) })
    const r = await check(p)
    expect(r).toMatchObject({ state: 'not_linked', diagnosis: 'SAHHA_PROFILE_NOT_LINKED', lastDataAt: null, error: null, transient: false })
    expect(p.asked).toEqual(['integration'])
    expect(r.calls).toEqual([{ at: iso(NOW), call: 'integration', path: 'GET /api/v1/profile/integration/{externalId}', status: 204, answer: '204: no integrations', ms: 0 }])
    expect(tierModeById(r.diagnosis)!.remedy).toMatch(/connect link/)
  })

  it('200 without an item naming Oura: not linked, the items kept for display', async () => {
    const items = [{ integrationType: 'fitbit' }]
    const r = await check(port({ integrations: () => ({ status: 200, items }) }))
    expect(r).toMatchObject({ state: 'not_linked', integrations: items })
  })

  it('Oura listed and a biomarker within 3 days: linked · data fresh, no score call, no diagnosis', async () => {
    const p = port({ integrations: () => ({ status: 200, items: oura }), biomarkers: () => data(iso(NOW - 2 * D)) })
    const r = await check(p)
    expect(r).toMatchObject({ state: 'linked_recent', lastDataAt: iso(NOW - 2 * D), diagnosis: null })
    expect(p.asked).toEqual(['integration', 'biomarker'])
    expect(r.calls[1]).toMatchObject({ call: 'biomarker', path: 'GET /api/v1/profile/biomarker/{externalId}', status: 200, answer: `3 items, newest ${iso(NOW - 2 * D)}` })
  })

  it('newest data older than the freshness threshold: linked · no recent data with its last data time and the Oura-lag diagnosis', async () => {
    const r = await check(port({ integrations: () => ({ status: 200, items: oura }), biomarkers: () => data(iso(NOW - 5 * D)) }))
    expect(r).toMatchObject({ state: 'linked_no_data', lastDataAt: iso(NOW - 5 * D), diagnosis: 'SAHHA_LINKED_NO_RECENT_DATA' })
    expect(tierModeById(r.diagnosis)!.cause).toMatch(/opened the Oura app|sleep only syncs/)
  })

  it('the freshness threshold is the setting: 5 days old is fresh with freshDays 7', async () => {
    const p = port({ integrations: () => ({ status: 200, items: oura }), biomarkers: () => data(iso(NOW - 5 * D)) })
    const r = await checkProfile(p, 'user-1', { settings: { ...DEFAULT_TIER_SETTINGS, freshDays: 7 }, now: () => NOW, signal: new AbortController().signal, confirmExists: false })
    expect(r.state).toBe('linked_recent')
  })

  it('the data window is the setting: biomarker and score calls ask for the last windowDays (default 14), ending now', async () => {
    const windows: { call: string; days: number; endsNow: boolean }[] = []
    const seen = (call: string) => (_id: string, w: { start: Date; end: Date }) => {
      windows.push({ call, days: (w.end.getTime() - w.start.getTime()) / D, endsNow: w.end.getTime() === NOW })
      return Promise.resolve(data(null))
    }
    const p = { ...port({ integrations: () => ({ status: 200, items: oura }) }), biomarkers: seen('biomarker'), scores: seen('score') }
    await check(p)
    await checkProfile(p, 'user-1', { settings: { ...DEFAULT_TIER_SETTINGS, windowDays: 30 }, now: () => NOW, signal: new AbortController().signal, confirmExists: false })
    expect(DEFAULT_TIER_SETTINGS.windowDays).toBe(14)
    expect(windows).toEqual([
      { call: 'biomarker', days: 14, endsNow: true },
      { call: 'score', days: 14, endsNow: true },
      { call: 'biomarker', days: 30, endsNow: true },
      { call: 'score', days: 30, endsNow: true }
    ])
  })

  it('no biomarker in the window: the score fallback is asked; none either → linked · no recent data, "none in the window"', async () => {
    const p = port({ integrations: () => ({ status: 200, items: oura }), biomarkers: () => data(null), scores: () => data(null) })
    const r = await check(p)
    expect(p.asked).toEqual(['integration', 'biomarker', 'score'])
    expect(r).toMatchObject({ state: 'linked_no_data', lastDataAt: null })
    expect(r.calls.map((c) => c.answer)).toEqual([expect.any(String), 'no items in the window', 'no items in the window'])
  })

  it('a failed biomarker call falls back to scores; a fresh score is linked · data fresh', async () => {
    const r = await check(port({ integrations: () => ({ status: 200, items: oura }), biomarkers: fail('SERVER_ERROR', 503), scores: () => data(iso(NOW - D)) }))
    expect(r).toMatchObject({ state: 'linked_recent', lastDataAt: iso(NOW - D) })
    expect(r.calls[1]).toMatchObject({ call: 'biomarker', status: 503, answer: 'SERVER_ERROR: SERVER_ERROR from the test' })
  })

  it('both data calls failing: unknown with the error, marked transient (checked again in the next pass)', async () => {
    const r = await check(port({ integrations: () => ({ status: 200, items: oura }), biomarkers: fail('TIMEOUT', undefined), scores: fail('SERVER_ERROR', 502) }))
    expect(r).toMatchObject({ state: 'unknown', transient: true, error: { code: 'TIMEOUT' }, diagnosis: null })
  })

  it('410 on any call: profile gone with SAHHA_PROFILE_GONE', async () => {
    expect((await check(port({ integrations: fail('PROFILE_GONE', 410) }))).state).toBe('profile_gone')
    const r = await check(port({ integrations: () => ({ status: 200, items: oura }), biomarkers: fail('PROFILE_GONE', 410) }))
    expect(r).toMatchObject({ state: 'profile_gone', diagnosis: TIER_DIAGNOSIS.profile_gone, error: { httpStatus: 410 } })
  })

  it('an unexpected 4xx asks the profile look-up once: missing → profile gone; present → unknown with the first error', async () => {
    const gone = port({ integrations: fail('VALIDATION', 400), profile: fail('NOT_FOUND', 404) })
    expect((await check(gone)).state).toBe('profile_gone')
    expect(gone.asked).toEqual(['integration', 'profile'])
    const there = port({ integrations: fail('VALIDATION', 400), profile: () => ({}) })
    expect(await check(there)).toMatchObject({ state: 'unknown', error: { code: 'VALIDATION', httpStatus: 400 }, transient: false })
  })

  it('a pasted id the integration call calls not linked is confirmed: Sahha does not know it → profile gone, never not linked', async () => {
    const p = port({ integrations: () => ({ status: 204, items: [] }), profile: fail('NOT_FOUND', 404) })
    expect((await check(p, true)).state).toBe('profile_gone')
    expect(p.asked).toEqual(['integration', 'profile'])
  })

  it('the evidence carries no token: a raw error body and integration items are redacted', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
    const raw = `{"error":"bad","accessToken":"${token}"} Authorization: account acct_${'a'.repeat(30)}`
    const r = await check(port({ integrations: fail('SERVER_ERROR', 500, raw) }))
    expect(r.state).toBe('unknown')
    expect(JSON.stringify(r)).not.toContain(token)
    expect(JSON.stringify(r)).not.toContain('a'.repeat(30))
    expect(r.error!.raw).toContain('[REDACTED]')
    const items = [{ integrationType: 'oura', integrationValues: { accessToken: token } }]
    const linked = await check(port({ integrations: () => ({ status: 200, items }), biomarkers: () => data(iso(NOW)) }))
    expect(linked.calls[0]!.answer).not.toContain(token)
    expect(linked.calls[0]!.answer).toContain('[REDACTED]')
  })
})
