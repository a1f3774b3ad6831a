import { MODES, OURA_SCOPES } from '../../../main/simulator/server'
import { accountToken, api, connPath, start, type ConnDetail, type ConnPage, type Sim } from './support'

// failure-modes.md §2, applied top to bottom to the evidence the simulator returns: an independent
// restatement of the rules, so the seed is checked against the reference, not against itself.
function classify(d: ConnDetail, integrationScopes: readonly string[], now: number): string | null {
  const e = d.lastError
  const t = (s: string | null | undefined) => (s ? Date.parse(s) : NaN)
  const authorized = [...d.timeline].reverse().find((ev) => ev.type === 'authorized')
  const consentRequested = (authorized?.data?.requestedScopes as string[] | undefined) ?? null
  if (e) {
    const errAt = t(e.at)
    const refreshBefore = d.timeline.some((ev) => (ev.type === 'token_refreshed' || ev.type === 'refresh_failed') && t(ev.at) < errAt && errAt - t(ev.at) <= 60_000)
    if (e.source === 'sahha' && e.httpStatus === 400 && d.timeline.some((ev) => ev.data?.origin === 'redirectUrl')) return 'SAHHA_REDIRECT_NOT_WHITELISTED'
    if (e.source === 'oura_token' && e.code === 'invalid_client') return 'OURA_INVALID_CLIENT'
    if (e.source === 'oura_token' && e.httpStatus === 400 && e.code === 'invalid_request') return 'OURA_NEW_PORTAL_TOKEN_ENDPOINT'
    if (e.source === 'oura_token' && e.code === 'invalid_grant') return refreshBefore ? 'OURA_REFRESH_TOKEN_REUSED' : 'OURA_USER_REVOKED'
    if (e.code === 'invalid_redirect_uri') return 'OURA_REDIRECT_MISMATCH'
    if (e.code === 'invalid_scope' && d.requestedScopes.some((s) => !OURA_SCOPES.includes(s) || s.includes(','))) return 'OURA_SCOPE_UNKNOWN'
    if (e.source === 'oura_authorize' && e.code === 'invalid_scope') return 'OURA_SCOPE_NOT_ON_APP'
    if (e.source === 'oura_authorize' && e.code === 'unauthorized_client') return 'OURA_USER_CAP_REACHED'
    if (e.source === 'oura_authorize' && e.code === 'access_denied') return 'OURA_ACCESS_DENIED'
    if (e.source.startsWith('oura') && e.httpStatus === 429) return 'OURA_RATE_LIMITED'
    if (e.source === 'oura_api' && e.httpStatus === 426) return 'OURA_APP_OUTDATED'
  }
  if (consentRequested && integrationScopes.some((s) => !d.grantedScopes.includes(s) && !consentRequested.includes(s))) return 'OURA_SCOPES_ADDED_LATER'
  if (consentRequested && d.grantedScopes.length < consentRequested.length && d.grantedScopes.every((s) => consentRequested.includes(s))) return 'OURA_SCOPES_UNTICKED'
  if (e && e.httpStatus === 403 && e.title === 'Missing Scopes') return 'OURA_SCOPES_UNTICKED'
  if (e && e.source === 'oura_api' && e.httpStatus === 403) return 'OURA_MEMBERSHIP_EXPIRED'
  if (e && e.source === 'oura_api' && e.httpStatus === 401 && e.title === 'Expired Token' && d.timeline.some((ev) => ev.type === 'token_refreshed' && t(ev.at) > t(e.at))) return 'OURA_ACCESS_TOKEN_EXPIRED'
  if (d.state === 'connected' && !e && now - t(d.lastDataAt) > 24 * 3_600_000) return 'OURA_DATA_LAG'
  return null
}

const pad = (n: number) => `user-${String(n).padStart(7, '0')}`
let sim: Sim
let auth: string
beforeAll(async () => {
  sim = await start({ profiles: 5000 })
  auth = `account ${await accountToken(sim)}`
})
afterAll(() => sim.close())

describe('seeded Demo data', () => {
  it('places every failure mode on user-(k+2) with the evidence its §2 rule looks for, and the state of its row', async () => {
    const integ = await api<{ scopes: string[] }>(sim, '/api/v1/account/integrations/oura', { auth })
    for (const [k, mode] of MODES.entries()) {
      if (mode.integrationLevel) continue
      const d = await api<ConnDetail>(sim, connPath(pad(k + 2)), { auth })
      expect(d.status).toBe(200)
      expect(d.body.state, mode.id).toBe(mode.state)
      expect(classify(d.body, integ.body.scopes, Date.now()), `${pad(k + 2)} ${JSON.stringify(d.body.lastError)}`).toBe(mode.id)
      // Error events carry the lastError fields (sahha-api.md §5.4); no token leaks into the raw body.
      if (d.body.lastError) {
        const ev = d.body.timeline.find((x) => x.data?.code === d.body.lastError!.code && x.at === d.body.lastError!.at)
        expect(ev, mode.id).toBeDefined()
        expect(d.body.lastErrorRaw).toBeTruthy()
      }
    }
  })

  it('has the integration-level mode: a lapsed webhook subscription', async () => {
    const w = await api<{ managedBy: string; lastEventAt: string; subscriptions: { dataType: string; expiresAt: string; status: string }[] }>(sim, '/api/v1/account/integrations/oura/webhook-status', { auth })
    expect(w.body.managedBy).toBe('sahha')
    expect(w.body.subscriptions.some((s) => s.status === 'expired' && Date.parse(s.expiresAt) < Date.now())).toBe(true)
    expect(w.body.subscriptions.some((s) => s.status === 'active')).toBe(true)
  })

  it('covers every state in realistic proportions (about 91% connected)', async () => {
    const s = await api<{ total: number; byState: Record<string, number>; byErrorCode: Record<string, number> }>(sim, `${connPath()}/summary`, { auth })
    for (const st of ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected']) expect(s.body.byState[st], st).toBeGreaterThan(0)
    const share = s.body.byState.connected! / s.body.total
    expect(share).toBeGreaterThan(0.88)
    expect(share).toBeLessThan(0.94)
    expect(s.body.byErrorCode.invalid_grant).toBeGreaterThan(0)
    expect(Object.values(s.body.byState).reduce((a, b) => a + b, 0)).toBe(s.body.total)
  })

  it('every non-healthy connection classifies as a failure mode whose state matches', async () => {
    const integ = await api<{ scopes: string[] }>(sim, '/api/v1/account/integrations/oura', { auth })
    const page = await api<ConnPage>(sim, `${connPath()}?state=needs_reauth,scope_missing,membership_expired,error&pageSize=1000`, { auth })
    expect(page.body.items.length).toBeGreaterThan(100)
    const stateOf = new Map(MODES.map((m) => [m.id, m.state]))
    for (const item of page.body.items.slice(0, 60)) {
      const d = await api<ConnDetail>(sim, connPath(item.externalId), { auth })
      const id = classify(d.body, integ.body.scopes, Date.now())
      expect(id, item.externalId).not.toBeNull()
      expect(stateOf.get(id!), `${item.externalId} ${id}`).toBe(d.body.state)
    }
  })

  it('registered profiles without a connection appear in profile search, not in the connection list', async () => {
    const search = await api<{ items: { externalId: string }[]; totalCount: number }>(sim, '/api/v1/account/profile/search?searchParameter=user-0000997', { auth })
    expect(search.body.items.map((p) => p.externalId)).toEqual(['user-0000997'])
    expect((await api(sim, connPath('user-0000997'), { auth })).status).toBe(404)
    const list = await api<ConnPage>(sim, `${connPath()}?search=user-000099&pageSize=20`, { auth })
    expect(list.body.items.map((c) => c.externalId)).not.toContain('user-0000997')
    expect((await api(sim, '/api/v1/profile/integration/user-0000997', { auth })).status).toBe(204)
  })

  it('is deterministic for a seed (and differs for another seed)', async () => {
    const now = Date.UTC(2026, 10, 24, 9)
    const read = async (seed: number) => {
      const s = await start({ profiles: 400, seed, now })
      try {
        const a = `account ${await accountToken(s)}`
        const p = await api<ConnPage>(s, `${connPath()}?pageSize=1000`, { auth: a })
        return JSON.stringify(p.body.items.map(({ profileId: _p, ...rest }) => rest))
      } finally {
        await s.close()
      }
    }
    const [a, b, c] = [await read(7), await read(7), await read(8)]
    expect(a).toBe(b)
    expect(a).not.toBe(c)
  })

  it('seeds the Acme account with 25 profiles and no integration', async () => {
    const acme = `account ${await accountToken(sim, { clientId: 'acme-account-client-id', clientSecret: 'acme-account-secret-42' })}`
    expect((await api(sim, '/api/v1/account/integrations/oura', { auth: acme })).status).toBe(404)
    expect((await api<{ items: unknown[] }>(sim, '/api/v1/account/integrations', { auth: acme })).body.items).toEqual([])
    const s = await api<{ items: { externalId: string }[]; totalCount: number }>(sim, '/api/v1/account/profile/search?searchParameter=acme-user-&pageSize=100', { auth: acme })
    expect(s.body.totalCount).toBe(25)
    expect(s.body.items[0]!.externalId).toBe('acme-user-001')
    expect(s.body.items[24]!.externalId).toBe('acme-user-025')
  })
})
