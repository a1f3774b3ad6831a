import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { SahhaClient } from '../../../main/sahha/client'
import { credentialCheck } from '../../../main/services/integrations'
import { makeClient } from './support'

// The client calls the documented-only tier relies on, against the simulator with the admin API off
// (sahha-api.md §2.2, §3, §7; oura-api.md §7, §8).
let sim: RunningSimulator
let client: SahhaClient
beforeAll(async () => {
  sim = await startSimulator({ port: 0, profiles: 200, seed: 42, adminApi: 'off' })
  client = makeClient(sim)
})
afterAll(async () => {
  await sim?.close()
})
const options = (o: Record<string, unknown>) => fetch(`${sim.url}/_admin/options`, { method: 'POST', body: JSON.stringify(o) })

describe("Oura's webhook subscription list (oura-api.md §7.1)", () => {
  it('lists the models with every required field for the right pair', async () => {
    const r = await client.oura.listWebhookSubscriptions(sim.demo.ouraClientId, sim.demo.ouraClientSecret)
    expect(r.kind).toBe('ok')
    if (r.kind !== 'ok') return
    expect(r.subscriptions.length).toBe(10)
    for (const s of r.subscriptions) expect(s).toMatchObject({ id: expect.any(String), callback_url: expect.any(String), event_type: 'update', data_type: expect.any(String), expiration_time: expect.stringMatching(/\+00:00$/) })
  })

  it('reads 403 {"detail":"Forbidden"} (and 401 by option) as credentials rejected, never as an empty list', async () => {
    const r = await client.oura.listWebhookSubscriptions(sim.demo.ouraClientId, 'not-the-secret')
    expect(r).toEqual({ kind: 'rejected', status: 403, detail: 'Forbidden' })
    await options({ webhookAuthStatus: 401 })
    expect((await client.oura.listWebhookSubscriptions(sim.demo.ouraClientId, 'not-the-secret')).kind).toBe('rejected')
    await options({ webhookAuthStatus: 403 })
  })

  it("is preflight's credential check; the dummy-code probe only answers when the list cannot, with weaker wording", async () => {
    const port = { listWebhooks: client.oura.listWebhookSubscriptions, probeCredentials: client.oura.probeCredentials }
    const cb = `${sim.url}/api/v1/integration/oauth/oura/callback`
    const good = await credentialCheck(port, sim.demo.ouraClientId, sim.demo.ouraClientSecret, cb)
    expect([good.status, good.detail]).toEqual(['pass', expect.stringContaining('webhook subscription list accepted the pair (200')])
    const bad = await credentialCheck(port, sim.demo.ouraClientId, 'nope', cb)
    expect([bad.status, bad.detail]).toEqual(['fail', expect.stringContaining('403 Forbidden')])
    const listDown = { ...port, listWebhooks: async () => ({ kind: 'unreachable' as const, detail: 'connection refused' }) }
    const fallback = await credentialCheck(listDown, sim.demo.ouraClientId, sim.demo.ouraClientSecret, cb)
    expect([fallback.status, fallback.detail]).toEqual(['pass', expect.stringMatching(/^Weaker check: .*invalid_grant/)])
  })
})

describe('profileTokenOrRegister does not depend on the invented 404 (sahha-api.md §2.2)', () => {
  it('registers an unknown externalId when the token call answers 400 instead of 404, then finds it', async () => {
    await options({ unknownProfileTokenStatus: 400 })
    try {
      expect((await client.documented.profileTokenOrRegister('h-new-profile-400')).created).toBe(true)
      expect((await client.documented.profileTokenOrRegister('h-new-profile-400')).created).toBe(false)
    } finally {
      await options({ unknownProfileTokenStatus: 404 })
    }
    expect((await client.documented.profileTokenOrRegister('h-new-profile-404')).created).toBe(true)
  })

  it('a refused account token (401) is not taken as "unknown profile": nothing is registered', async () => {
    const wrong = makeClient(sim, { clientSecret: 'wrong' })
    const e = await wrong.documented.profileTokenOrRegister('h-never-registered').catch((x: unknown) => x)
    expect((e as { code?: string }).code).toBe('SAHHA_AUTH')
    const r = await fetch(`${sim.url}/api/v1/account/profile/h-never-registered`, { headers: { Authorization: `account ${await client.auth.token()}` } })
    expect(r.status).toBe(404)
  })
})

describe('documented answers with odd statuses', () => {
  it('204 from the profile integration list is an empty list', async () => {
    // A profile registered just now has no integration: the simulator answers 204, as Sahha does (sahha-api.md §2.3).
    await client.documented.profileTokenOrRegister('fresh-user-with-no-integration')
    expect(await client.documented.profileIntegrations('fresh-user-with-no-integration')).toEqual([])
  })

  it('authorize reads back the live integration: Oura host, client_id, callback, space-separated scopes', async () => {
    const { profileToken } = await client.documented.profileTokenOrRegister('sahha-admin-preflight')
    const u = new URL((await client.documented.authorize('oura', profileToken, undefined)).authorizationUrl)
    expect(`${u.origin}${u.pathname}`).toBe(`${sim.url}/_oura/cloud/oauth/authorize`)
    expect(u.searchParams.get('client_id')).toBe(sim.demo.ouraClientId)
    expect(u.searchParams.get('redirect_uri')).toBe(`${sim.url}/api/v1/integration/oauth/oura/callback`)
    expect(u.searchParams.get('scope')).toBe('email personal daily heartrate workout tag session spo2')
    const refused = await client.documented.authorize('oura', profileToken, 'https://not-listed.example/cb').catch((x: unknown) => x)
    expect((refused as { appError: { httpStatus: number; raw: string } }).appError).toMatchObject({ httpStatus: 400, raw: expect.stringContaining('redirectUrl') })
  })
})

describe("preflight reads Oura's error bodies: HTML titles, RFC 7807 and FastAPI detail; a sign-in redirect is inconclusive", () => {
  let oura: Server
  let base: string
  beforeAll(async () => {
    oura = createServer((req, res) => {
      const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => res.writeHead(status, { 'Content-Type': type, ...headers }).end(body)
      if (req.url?.startsWith('/rfc7807')) return send(400, 'application/json', JSON.stringify({ status: 400, title: 'Invalid Client ID', detail: 'No application with this client_id' }))
      if (req.url?.startsWith('/fastapi')) return send(400, 'application/json', JSON.stringify({ detail: 'Redirect URI Not Found' }))
      if (req.url?.startsWith('/html')) return send(400, 'text/html', '<html><head><title>Missing Redirect URI Parameter</title></head></html>')
      if (req.url?.startsWith('/login')) return send(302, 'text/plain', '', { Location: '/user/sign-in?next=%2Foauth%2Fauthorize' })
      send(200, 'text/html', '<title>Authorize</title>')
    })
    await new Promise<void>((r) => oura.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(oura.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => oura.close(() => r())))

  it('classifies each answer', async () => {
    expect(await client.oura.checkAuthorize(`${base}/rfc7807?client_id=x`)).toEqual({ kind: 'error_page', title: 'Invalid Client ID: No application with this client_id' })
    expect(await client.oura.checkAuthorize(`${base}/fastapi?client_id=x`)).toEqual({ kind: 'error_page', title: 'Redirect URI Not Found' })
    expect(await client.oura.checkAuthorize(`${base}/html?client_id=x`)).toEqual({ kind: 'error_page', title: 'Missing Redirect URI Parameter' })
    expect(await client.oura.checkAuthorize(`${base}/login?client_id=x`)).toEqual({ kind: 'login' })
    expect(await client.oura.checkAuthorize(`${base}/ok`)).toEqual({ kind: 'consent' })
  })
})
