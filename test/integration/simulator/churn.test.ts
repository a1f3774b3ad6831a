import { accountToken, api, start, type ConnDetail, type ConnPage, type Sim } from './support'

let sim: Sim
let auth: string
beforeAll(async () => {
  sim = await start({ profiles: 2000 })
  auth = `account ${await accountToken(sim)}`
})
afterAll(() => sim.close())

const root = '/api/v1/account/integrations/oura/connections'
const BROKEN = ['needs_reauth', 'scope_missing', 'membership_expired', 'error']

async function listAll(): Promise<Map<string, ConnPage['items'][number]>> {
  const out = new Map<string, ConnPage['items'][number]>()
  let cursor: string | null = null
  do {
    const r: { body: ConnPage } = await api<ConnPage>(sim, `${root}?sort=externalId&pageSize=1000${cursor ? `&cursor=${cursor}` : ''}`, { auth })
    for (const c of r.body.items) out.set(c.externalId, c)
    cursor = r.body.nextCursor
  } while (cursor)
  return out
}

describe('POST /_admin/churn', () => {
  it('breaks n connected users and fixes n broken ones, answering their externalIds, and the listing shows exactly that', async () => {
    const before = await listAll()
    const t = new Date().toISOString()
    const r = await api<{ broken: string[]; fixed: string[] }>(sim, '/_admin/churn', { method: 'POST', body: { break: 12, fix: 9 } })
    expect(r.status).toBe(200)
    expect(r.body.broken).toHaveLength(12)
    expect(r.body.fixed).toHaveLength(9)
    expect(new Set([...r.body.broken, ...r.body.fixed]).size).toBe(21)
    const after = await listAll()
    for (const id of r.body.broken) {
      expect(before.get(id)?.state, id).toBe('connected')
      expect(BROKEN, id).toContain(after.get(id)?.state)
      expect(after.get(id)!.stateChangedAt! >= t.slice(0, 19), id).toBe(true)
    }
    // The default is a mix of failure modes, not one.
    expect(new Set(r.body.broken.map((id) => after.get(id)!.lastError?.code)).size).toBeGreaterThan(3)
    for (const id of r.body.fixed) {
      expect(BROKEN, id).toContain(before.get(id)?.state)
      expect(after.get(id)).toMatchObject({ state: 'connected', lastError: null })
    }
    // Nobody else changed state.
    const touched = new Set([...r.body.broken, ...r.body.fixed])
    for (const [id, c] of after) if (!touched.has(id)) expect(c.state, id).toBe(before.get(id)!.state)
    // The detail's timeline says what happened to a fixed user.
    const d = await api<ConnDetail>(sim, `${root}/${r.body.fixed[0]}`, { auth })
    expect(d.body.timeline.at(-1)?.type).toBe('authorized')
  })

  it('with a mode, every broken user carries that mode; repeated calls pick other users; bad bodies are 400', async () => {
    const a = await api<{ broken: string[] }>(sim, '/_admin/churn', { method: 'POST', body: { break: 5, mode: 'OURA_USER_REVOKED' } })
    const b = await api<{ broken: string[] }>(sim, '/_admin/churn', { method: 'POST', body: { break: 5, mode: 'OURA_USER_REVOKED' } })
    expect(a.body.broken.filter((id) => b.body.broken.includes(id))).toEqual([])
    const all = await listAll()
    for (const id of [...a.body.broken, ...b.body.broken]) expect(all.get(id)).toMatchObject({ state: 'needs_reauth', lastError: { code: 'invalid_grant' } })
    for (const body of [{ break: -1 }, { fix: 1.5 }, { break: 1, mode: 'OURA_DATA_LAG' }, { break: 1, mode: 'NOPE' }]) {
      expect((await api(sim, '/_admin/churn', { method: 'POST', body })).status, JSON.stringify(body)).toBe(400)
    }
  })
})
