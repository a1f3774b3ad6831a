import { DEMO_ACCOUNT_CLIENT_ID, demoCredentials } from '../../../main/simulator/server'
import { accountToken, api, start, type SahhaErrorBody, type Sim } from './support'

let sim: Sim
let acct: string
beforeAll(async () => {
  sim = await start()
  acct = await accountToken(sim)
})
afterAll(() => sim.close())

interface TokenBody {
  profileToken: string
  refreshToken: string
  expiresIn: number
}

describe('account token and Authorization schemes (sahha-api.md §2)', () => {
  it('issues an account token with expiresIn 86400 (a number) for the seeded credentials', async () => {
    expect(sim.demo).toEqual(demoCredentials(42))
    expect(sim.demo.accountClientId).toBe(DEMO_ACCOUNT_CLIENT_ID)
    expect(sim.demo.accountClientSecret).toBe('demo-account-secret-42')
    const r = await api<{ accountToken: string; expiresIn: number }>(sim, '/api/v1/oauth/account/token', { method: 'POST', body: { clientId: sim.demo.accountClientId, clientSecret: sim.demo.accountClientSecret } })
    expect(r.status).toBe(200)
    expect(r.body.expiresIn).toBe(86400)
    expect(r.body.accountToken.length).toBeGreaterThan(20)
  })

  it('wrong credentials: 401 with the §4 error body, the secret not echoed', async () => {
    const r = await api<SahhaErrorBody>(sim, '/api/v1/oauth/account/token', { method: 'POST', body: { clientId: sim.demo.accountClientId, clientSecret: 'wrong-canary-991' } })
    expect(r.status).toBe(401)
    expect(r.body).toMatchObject({ title: 'Unauthorized', statusCode: 401, location: '/api/v1/oauth/account/token' })
    expect(r.body.errors[0]!.errors[0]).toEqual(expect.any(String))
    expect(r.text).not.toContain('wrong-canary-991')
  })

  it('compares the scheme word case-insensitively; Bearer, missing or a profile token → 401 origin authorization', async () => {
    for (const scheme of ['account', 'Account', 'ACCOUNT']) expect((await api(sim, '/api/v1/account/integrations', { auth: `${scheme} ${acct}` })).status).toBe(200)
    const p = await api<TokenBody>(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'scheme-user' } })
    for (const auth of [`Bearer ${acct}`, undefined, `account not-a-token`, `profile ${acct}`, `account ${p.body.profileToken}`]) {
      const r = await api<SahhaErrorBody>(sim, '/api/v1/account/integrations', { auth })
      expect(r.status, String(auth)).toBe(401)
      expect(r.body.errors[0]!.origin).toBe('authorization')
    }
    expect((await api(sim, '/api/v1/profile/integration', { auth: `Profile ${p.body.profileToken}` })).status).toBe(204)
  })

  it('/_admin/expire-tokens invalidates issued tokens; a new account token or a profile refresh works', async () => {
    const p = await api<TokenBody>(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'expire-user' } })
    expect((await fetch(`${sim.url}/_admin/expire-tokens`, { method: 'POST' })).status).toBe(200)
    expect((await api(sim, '/api/v1/account/integrations', { auth: `account ${acct}` })).status).toBe(401)
    expect((await api(sim, '/api/v1/profile/integration', { auth: `profile ${p.body.profileToken}` })).status).toBe(401)
    acct = await accountToken(sim)
    expect((await api(sim, '/api/v1/account/integrations', { auth: `account ${acct}` })).status).toBe(200)
    const refreshed = await api<TokenBody>(sim, '/api/v1/oauth/profile/refreshToken', { method: 'POST', auth: `profile ${p.body.profileToken}`, body: { refreshToken: p.body.refreshToken } })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.expiresIn).toBe(86400)
    expect((await api(sim, '/api/v1/profile/integration', { auth: `profile ${refreshed.body.profileToken}` })).status).toBe(204)
    const bad = await api(sim, '/api/v1/oauth/profile/refreshToken', { method: 'POST', auth: `profile ${p.body.profileToken}`, body: { refreshToken: 'nope' } })
    expect(bad.status).toBe(401)
  })
})

describe('profiles (sahha-api.md §2.2-§2.3)', () => {
  it('register → 201 token body; again → 400 externalId; over 100 chars → 400; token for unknown → 404', async () => {
    const r = await api<TokenBody>(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'reg-1' } })
    expect(r.status).toBe(201)
    expect(r.body).toEqual({ profileToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 86400 })
    const again = await api<SahhaErrorBody>(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'reg-1' } })
    expect(again.status).toBe(400)
    expect(again.body.errors[0]).toEqual({ origin: 'externalId', errors: ['externalId is invalid or already in use'] })
    expect((await api(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'x'.repeat(101) } })).status).toBe(400)
    expect((await api(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'x'.repeat(100) } })).status).toBe(201)
    expect((await api(sim, '/api/v1/oauth/profile/token', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'reg-1', readOnly: 'false', lifetime: '86400' } })).status).toBe(200)
    expect((await api(sim, '/api/v1/oauth/profile/token', { method: 'POST', auth: `account ${acct}`, body: { profileId: 'reg-1' } })).status).toBe(200)
    expect((await api(sim, '/api/v1/oauth/profile/token', { method: 'POST', auth: `account ${acct}`, body: { externalId: 'never-registered' } })).status).toBe(404)
  })

  it('GET profile and search: currentPage from 1, prefix match, no match → items []', async () => {
    const one = await api<{ profileId: string; accountId: string; externalId: string; createdAtUtc: string }>(sim, '/api/v1/account/profile/user-0000042', { auth: `account ${acct}` })
    expect(one.status).toBe(200)
    expect(one.body).toEqual({ profileId: '7d0c6a1e-0000-4000-8000-000000000042', accountId: expect.any(String), externalId: 'user-0000042', createdAtUtc: expect.stringMatching(/Z$/) })
    expect((await api(sim, '/api/v1/account/profile/nobody', { auth: `account ${acct}` })).status).toBe(404)
    type Page = { items: { externalId: string }[]; currentPage: number; pageSize: number; totalCount: number }
    const p1 = await api<Page>(sim, '/api/v1/account/profile/search?searchParameter=user-00001&currentPage=1&pageSize=5', { auth: `account ${acct}` })
    expect(p1.body.items.map((p) => p.externalId)).toEqual(['user-0000100', 'user-0000101', 'user-0000102', 'user-0000103', 'user-0000104'])
    expect(p1.body).toMatchObject({ currentPage: 1, pageSize: 5, totalCount: 100 })
    const p2 = await api<Page>(sim, '/api/v1/account/profile/search?searchParameter=user-00001&currentPage=2&pageSize=5', { auth: `account ${acct}` })
    expect(p2.body.items[0]!.externalId).toBe('user-0000105')
    const none = await api<Page>(sim, '/api/v1/account/profile/search?searchParameter=zzz', { auth: `account ${acct}` })
    expect(none.status).toBe(200)
    expect(none.body.items).toEqual([])
    const all = await api<Page>(sim, '/api/v1/account/profile/search', { auth: `account ${acct}` })
    expect(all.body).toMatchObject({ currentPage: 1, pageSize: 50 })
    expect(all.body.totalCount).toBeGreaterThanOrEqual(300)
  })

  it("a profile's integrations: 200 list when linked, 204 with an empty body when not", async () => {
    const linked = await api<{ integrationType: string; integrationIdentifier: string }[]>(sim, '/api/v1/profile/integration/user-0000100', { auth: `account ${acct}` })
    expect(linked.status).toBe(200)
    expect(linked.body).toEqual([{ integrationType: 'oura', integrationIdentifier: expect.stringMatching(/^OURA-/), integrationValues: {} }])
    const none = await api(sim, '/api/v1/profile/integration/scheme-user', { auth: `account ${acct}` })
    expect(none.status).toBe(204)
    expect(none.text).toBe('')
  })

  it('unknown routes answer a Sahha-shaped 404', async () => {
    const r = await api<SahhaErrorBody>(sim, '/api/v1/nothing-here', { auth: `account ${acct}` })
    expect(r.status).toBe(404)
    expect(r.body.statusCode).toBe(404)
  })
})
