import { accountToken, api, start, type SahhaErrorBody, type Sim } from './support'

/** sahha-api.md §2.2-§2.4 and §7: the documented routes the documented-only tier reads, pinned on the wire. */

let sim: Sim
let auth: string
const D = 86_400_000
beforeAll(async () => {
  sim = await start({ profiles: 2000 })
  auth = `account ${await accountToken(sim)}`
})
afterAll(() => sim.close())

interface Item {
  category?: string
  type: string
  startDateTime?: string
  endDateTime?: string
  createdAtUtc: string
  scoreDateTime?: string
}
const bio = (id: string, q: string) => api<Item[]>(sim, `/api/v1/profile/biomarker/${id}?${q}`, { auth })
const windowQ = (days: number) => `startDateTime=${new Date(sim.state.t0 - days * D).toISOString()}&endDateTime=${new Date(sim.state.t0).toISOString()}`
const newest = (items: Item[]) => Math.max(...items.map((i) => Date.parse(i.createdAtUtc)))

describe('biomarkers and scores (sahha-api.md §2.4)', () => {
  it('a connected user: one item per biomarker per 24-hour segment, repeated keys and a comma list alike, newest within hours', async () => {
    const repeated = await bio('user-0000100', `categories=sleep&categories=activity&types=sleep_duration&types=steps&${windowQ(14)}`)
    expect(repeated.status).toBe(200)
    const comma = await bio('user-0000100', `categories=sleep,activity&types=sleep_duration,steps&${windowQ(14)}`)
    expect(comma.body).toEqual(repeated.body)
    expect(new Set(repeated.body.map((i) => i.type))).toEqual(new Set(['sleep_duration', 'steps']))
    for (const i of repeated.body) {
      expect(i).toMatchObject({ id: expect.any(String), category: expect.any(String), type: expect.any(String), startDateTime: expect.any(String) })
      expect(Date.parse(i.endDateTime!) - Date.parse(i.startDateTime!)).toBeLessThanOrEqual(D)
    }
    // ~15 UTC days × 2 types; the newest item ends at the user's last data time, a few hours before "now".
    expect(repeated.body.length).toBeGreaterThanOrEqual(28)
    expect(sim.state.t0 - newest(repeated.body)).toBeLessThan(13 * 3_600_000)
  })

  it('the date-time forms of the SDKs and third parties are accepted; an unreadable one is 400 naming the parameter', async () => {
    const day = new Date(sim.state.t0 - 5 * D).toISOString().slice(0, 10)
    expect((await bio('user-0000100', `categories=sleep&types=sleep_duration&startDateTime=${day}`)).status).toBe(200)
    const ios = encodeURIComponent('2021-10-27T16:34:06.00-06:00')
    expect((await bio('user-0000100', `categories=sleep&types=sleep_duration&startDateTime=${ios}`)).status).toBe(200)
    const bad = await api<SahhaErrorBody>(sim, '/api/v1/profile/biomarker/user-0000100?categories=sleep&types=sleep_duration&startDateTime=yesterday', { auth })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]!.origin).toBe('startDateTime')
  })

  it('biomarkers without categories or without types answer 400 (both are needed)', async () => {
    const noCat = await api<SahhaErrorBody>(sim, '/api/v1/profile/biomarker/user-0000100?types=steps', { auth })
    expect(noCat.status).toBe(400)
    expect(noCat.body.errors[0]!.origin).toBe('categories')
    const noType = await api<SahhaErrorBody>(sim, '/api/v1/profile/biomarker/user-0000100?categories=activity', { auth })
    expect(noType.body.errors[0]!.origin).toBe('types')
  })

  it('a user whose data stopped (OURA_DATA_LAG seed, user-0000019): nothing in the last 3 days, data before that', async () => {
    expect((await bio('user-0000019', `categories=sleep&types=sleep_duration&${windowQ(3)}`)).body).toEqual([])
    const wide = await bio('user-0000019', `categories=sleep&types=sleep_duration&${windowQ(14)}`)
    expect(wide.body.length).toBeGreaterThan(5)
    expect(sim.state.t0 - newest(wide.body)).toBeGreaterThan(3 * D)
  })

  it('a never-connected profile (user-0000997) holds no data: 200 with an empty array', async () => {
    const r = await bio('user-0000997', `categories=sleep&types=sleep_duration&${windowQ(14)}`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual([])
  })

  it('scores: the docs/webhook fields (type, score, state, scoreDateTime, createdAtUtc); the same stop as the biomarkers', async () => {
    const r = await api<Item[]>(sim, `/api/v1/profile/score/user-0000100?types=sleep&types=activity&${windowQ(14)}`, { auth })
    expect(r.status).toBe(200)
    expect(new Set(r.body.map((i) => i.type))).toEqual(new Set(['sleep', 'activity']))
    expect(r.body[0]).toMatchObject({ type: expect.any(String), score: expect.any(Number), state: expect.any(String), scoreDateTime: expect.any(String), createdAtUtc: expect.any(String) })
    expect((await api<Item[]>(sim, `/api/v1/profile/score/user-0000019?types=sleep&${windowQ(3)}`, { auth })).body).toEqual([])
  })

  it('account token only: a profile token or none is 401; an unknown externalId 404; a deleted profile 410', async () => {
    expect((await api(sim, `/api/v1/profile/biomarker/user-0000100?categories=sleep&types=sleep_duration`, {})).status).toBe(401)
    expect((await api(sim, `/api/v1/profile/biomarker/nobody-here?categories=sleep&types=sleep_duration`, { auth })).status).toBe(404)
    for (const path of ['/api/v1/profile/biomarker/user-0001999?categories=sleep&types=sleep_duration', '/api/v1/profile/score/user-0001999', '/api/v1/profile/integration/user-0001999', '/api/v1/account/profile/user-0001999']) {
      const r = await api<SahhaErrorBody>(sim, path, { auth })
      expect(r.status, path).toBe(410)
      expect(r.body).toMatchObject({ title: expect.any(String), statusCode: 410 })
    }
  })
})

describe('profile search and integrations as reported (sahha-api.md §2.2, §2.3)', () => {
  it('the search envelope carries items, currentPage, totalPages, pageSize, totalCount; page 1 first; empty items past the end', async () => {
    const r = await api<{ items: { externalId: string }[]; currentPage: number; totalPages: number; pageSize: number; totalCount: number }>(sim, '/api/v1/account/profile/search?searchParameter=&currentPage=1&pageSize=100', { auth })
    expect(r.body).toMatchObject({ currentPage: 1, pageSize: 100, totalCount: 2000, totalPages: 20 })
    expect(r.body.items).toHaveLength(100)
    expect(r.body.items[0]!.externalId).toBe('user-0000001')
    expect((await api<{ items: unknown[] }>(sim, '/api/v1/account/profile/search?currentPage=21&pageSize=100', { auth })).body.items).toEqual([])
  })

  it('an integration item has the reported fields integrationType, integrationIdentifier, integrationValues; unknown externalId 404', async () => {
    const r = await api<Record<string, unknown>[]>(sim, '/api/v1/profile/integration/user-0000100', { auth })
    expect(r.body).toEqual([{ integrationType: 'oura', integrationIdentifier: expect.any(String), integrationValues: {} }])
    expect((await api(sim, '/api/v1/profile/integration/nobody-here', { auth })).status).toBe(404)
  })
})
