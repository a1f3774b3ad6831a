import { AppFailure } from '../../../main/errors'
import { namesOura } from '../../../main/sahha/documented'
import type { RunningSimulator } from '../../../main/simulator/server'
import type { SahhaClient } from '../../../main/sahha/client'
import { makeClient, setup } from './support'

/** The documented client calls the documented-only tier uses (sahha-api.md §2.2-§2.4, §7.1), against the simulator and odd bodies. */

const D = 86_400_000
let sim: RunningSimulator
let client: SahhaClient
beforeAll(async () => {
  ;({ sim, client } = await setup({ profiles: 2000 }))
})
afterAll(() => sim.close())

const failOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(AppFailure)
  return (e as AppFailure).appError
}

const urlOf = (u: string | URL | Request): string => (typeof u === 'string' ? u : u instanceof URL ? u.href : u.url)

/** A client whose fetch answers `answer` for the route under test and passes the rest (the account token) to the simulator. */
function clientAnswering(match: RegExp, answer: () => Response): SahhaClient {
  return makeClient(sim, {
    http: { retries: 1 },
    fetch: (async (url: string | URL | Request, init?: RequestInit) => (match.test(urlOf(url)) ? answer() : fetch(url, init))) as typeof fetch
  })
}

describe('documented client: search envelope, integrations, data timestamps', () => {
  it('search: an envelope with only items, or with fields beyond the reported ones, is read; the extras are kept', async () => {
    const only = clientAnswering(/profile\/search/, () => Response.json({ items: [{ externalId: 'a-1' }] }))
    expect((await only.documented.searchProfiles({ page: 1 })).items).toEqual([{ externalId: 'a-1' }])
    const extra = clientAnswering(/profile\/search/, () => Response.json({ items: [{ externalId: 'a-1', isSampleProfile: false, deviceType: 'ios' }], hasNextPage: true, totalPages: 3 }))
    const page = await extra.documented.searchProfiles({ page: 1 })
    expect(page).toMatchObject({ hasNextPage: true, totalPages: 3 })
    expect(page.items[0]).toMatchObject({ isSampleProfile: false, deviceType: 'ios' })
  })

  it('search: asks page 1 with pageSize=100 by default (sahha-api.md §7.1) and the simulator answers the reported envelope', async () => {
    const page = await client.documented.searchProfiles({})
    expect(page).toMatchObject({ currentPage: 1, pageSize: 100, totalCount: 2000, totalPages: 20 })
  })

  it('integrations: unknown fields and any type of integrationValues / integrationIdentifier are kept; oura matched in any case', async () => {
    const odd = clientAnswering(/profile\/integration\//, () => Response.json([{ integrationType: 'OURA', integrationIdentifier: 12345, integrationValues: ['x'], linkedAt: '2026-01-01' }]))
    const items = await odd.documented.profileIntegrations('user-0000100')
    expect(items).toEqual([{ integrationType: 'OURA', integrationIdentifier: 12345, integrationValues: ['x'], linkedAt: '2026-01-01' }])
    expect(namesOura(items)).toBe(true)
    expect(namesOura([{ integrationType: 'garmin' }])).toBe(false)
  })

  it('integrations: a body that is not a list of items is BAD_RESPONSE inside the typed path, not a crash', async () => {
    for (const body of ['{"integrationType":"oura"}', '[{"integrationIdentifier":"x"}]', '[{"integrationType":"oura"']) {
      const bad = clientAnswering(/profile\/integration\//, () => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }))
      expect((await failOf(bad.documented.profileIntegrations('user-0000100'))).code, body).toBe('BAD_RESPONSE')
    }
  })

  it('integrations: 204 is an empty list; a deleted profile is PROFILE_GONE (410); an unknown one NOT_FOUND', async () => {
    expect(await client.documented.profileIntegrationsAnswer('user-0000997')).toEqual({ status: 204, items: [] })
    expect((await failOf(client.documented.profileIntegrations('user-0001999'))).code).toBe('PROFILE_GONE')
    expect((await failOf(client.documented.profileIntegrations('nobody-here'))).code).toBe('NOT_FOUND')
  })

  it('biomarkers and scores: only the count and the newest timestamp come back, no health values', async () => {
    const window = { start: new Date(sim.state.t0 - 14 * D), end: new Date(sim.state.t0) }
    const b = await client.documented.biomarkers('user-0000100', { categories: ['sleep', 'activity'], types: ['sleep_duration', 'steps'], window })
    expect(Object.keys(b).sort()).toEqual(['count', 'newestAt', 'status'])
    expect(b.count).toBeGreaterThan(20)
    expect(sim.state.t0 - Date.parse(b.newestAt!)).toBeLessThan(13 * 3_600_000)
    const lag = await client.documented.biomarkers('user-0000019', { categories: ['sleep'], types: ['sleep_duration'], window: { start: new Date(sim.state.t0 - 3 * D), end: window.end } })
    expect(lag).toEqual({ status: 200, count: 0, newestAt: null })
    const s = await client.documented.scores('user-0000019', { types: ['sleep', 'activity'], window })
    expect(sim.state.t0 - Date.parse(s.newestAt!)).toBeGreaterThan(3 * D)
  })

  it('biomarkers: the client repeats the list keys (categories=…&categories=…) on the wire', async () => {
    let seen = ''
    const spy = makeClient(sim, { fetch: (async (url: string | URL | Request, init?: RequestInit) => ((seen = /biomarker/.test(urlOf(url)) ? urlOf(url) : seen), fetch(url, init))) as typeof fetch })
    await spy.documented.biomarkers('user-0000100', { categories: ['sleep', 'activity'], types: ['sleep_duration', 'steps'], window: { start: new Date(0), end: new Date() } })
    const q = new URL(seen).searchParams
    expect(q.getAll('categories')).toEqual(['sleep', 'activity'])
    expect(q.getAll('types')).toEqual(['sleep_duration', 'steps'])
  })
})
