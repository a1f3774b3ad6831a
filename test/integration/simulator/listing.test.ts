import { accountToken, api, connPath, start, type ConnPage, type Sim } from './support'

let sim: Sim
let auth: string
beforeAll(async () => {
  sim = await start({ profiles: 3000 })
  auth = `account ${await accountToken(sim)}`
})
afterAll(() => sim.close())

async function pageAll(query: string, pageSize: number): Promise<{ ids: string[]; pages: number; totalCount: number; lastSync: (string | null)[] }> {
  const ids: string[] = []
  const lastSync: (string | null)[] = []
  let cursor: string | null = null
  let pages = 0
  let totalCount: number
  do {
    const r: { status: number; body: ConnPage } = await api<ConnPage>(sim, `${connPath()}?${query}&pageSize=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`, { auth })
    expect(r.status).toBe(200)
    ids.push(...r.body.items.map((c) => c.externalId))
    lastSync.push(...r.body.items.map((c) => c.lastSyncAt))
    totalCount = r.body.totalCount
    cursor = r.body.nextCursor
    pages++
  } while (cursor)
  return { ids, pages, totalCount, lastSync }
}

describe('connection listing (sahha-api.md §5.3)', () => {
  it('pages every connection exactly once in externalId order; nextCursor is null at the end', async () => {
    const all = await pageAll('sort=externalId', 250)
    expect(new Set(all.ids).size).toBe(all.ids.length)
    expect(all.ids.length).toBe(all.totalCount)
    expect([...all.ids].sort()).toEqual(all.ids)
    // 3000 profiles minus the few never connected (every 997th).
    expect(all.ids.length).toBe(3000 - 3)
  })

  it('pages every connection exactly once by lastSyncAt and -lastSyncAt, in order', async () => {
    const up = await pageAll('sort=lastSyncAt', 333)
    const down = await pageAll('sort=-lastSyncAt', 333)
    for (const r of [up, down]) {
      expect(new Set(r.ids).size).toBe(2997)
      expect(r.ids.length).toBe(2997)
    }
    const key = (s: string | null) => s ?? ''
    expect(up.lastSync.map(key)).toEqual([...up.lastSync.map(key)].sort())
    expect(down.lastSync.map(key)).toEqual([...down.lastSync.map(key)].sort().reverse())
    expect([...down.ids].reverse()).toEqual(up.ids)
  })

  it('a cursor replays the same page, also after writes', async () => {
    for (const sort of ['externalId', 'lastSyncAt', '-lastSyncAt']) {
      const first = await api<ConnPage>(sim, `${connPath()}?sort=${sort}&pageSize=50`, { auth })
      const cursor = first.body.nextCursor!
      const a = await api<ConnPage>(sim, `${connPath()}?sort=${sort}&pageSize=50&cursor=${cursor}`, { auth })
      const b = await api<ConnPage>(sim, `${connPath()}?sort=${sort}&pageSize=50&cursor=${cursor}`, { auth })
      expect(b.body).toEqual(a.body)
      expect(a.body.items[0]!.externalId).not.toBe(first.body.items[49]!.externalId)
    }
    // A write elsewhere does not move the externalId keyset.
    const before = await api<ConnPage>(sim, `${connPath()}?pageSize=10&cursor=${Buffer.from(JSON.stringify({ s: 'externalId', k: 'user-0001000' })).toString('base64url')}`, { auth })
    await api(sim, connPath('user-0000500'), { method: 'DELETE', auth })
    const after = await api<ConnPage>(sim, `${connPath()}?pageSize=10&cursor=${Buffer.from(JSON.stringify({ s: 'externalId', k: 'user-0001000' })).toString('base64url')}`, { auth })
    expect(after.body.items.map((c) => c.externalId)).toEqual(before.body.items.map((c) => c.externalId))
  })

  it('filters by state list, case-sensitive prefix search and errorCode, with totalCount', async () => {
    const broken = await pageAll('state=needs_reauth,error', 1000)
    const summary = await api<{ byState: Record<string, number> }>(sim, `${connPath()}/summary`, { auth })
    expect(broken.ids.length).toBe(summary.body.byState.needs_reauth! + summary.body.byState.error!)
    expect(broken.totalCount).toBe(broken.ids.length)
    const s = await api<ConnPage>(sim, `${connPath()}?search=user-00001&pageSize=1000`, { auth })
    expect(s.body.items.every((c) => c.externalId.startsWith('user-00001'))).toBe(true)
    expect(s.body.totalCount).toBe(s.body.items.length)
    expect((await api<ConnPage>(sim, `${connPath()}?search=USER-00001`, { auth })).body.items).toEqual([])
    const grant = await api<ConnPage>(sim, `${connPath()}?errorCode=invalid_grant&pageSize=1000`, { auth })
    expect(grant.body.items.length).toBeGreaterThan(0)
    expect(grant.body.items.every((c) => c.lastError?.code === 'invalid_grant')).toBe(true)
    const combined = await api<ConnPage>(sim, `${connPath()}?state=needs_reauth&errorCode=access_denied&search=user-000&pageSize=1000`, { auth })
    expect(combined.body.items.every((c) => c.state === 'needs_reauth' && c.lastError?.code === 'access_denied' && c.externalId.startsWith('user-000'))).toBe(true)
  })

  it('refuses a pageSize outside 1..1000, an unknown sort or state, and a foreign cursor (400)', async () => {
    for (const q of ['pageSize=0', 'pageSize=1001', 'pageSize=abc', 'pageSize=2.5', 'sort=name', 'state=broken', 'cursor=!!notacursor']) {
      const r = await api<{ errors: { origin: string }[] }>(sim, `${connPath()}?${q}`, { auth })
      expect(r.status, q).toBe(400)
    }
    expect((await api<{ errors: { origin: string }[] }>(sim, `${connPath()}?pageSize=5000`, { auth })).body.errors[0]!.origin).toBe('pageSize')
    const first = await api<ConnPage>(sim, `${connPath()}?sort=externalId&pageSize=5`, { auth })
    expect((await api(sim, `${connPath()}?sort=lastSyncAt&cursor=${first.body.nextCursor}`, { auth })).status).toBe(400)
    expect((await api<ConnPage>(sim, `${connPath()}?pageSize=1000`, { auth })).body.items).toHaveLength(1000)
    expect((await api<ConnPage>(sim, connPath(), { auth })).body.items).toHaveLength(100)
  })

  it('detail: the list item plus tokenInfo, backfill, lastErrorRaw and timeline; 404 without a connection', async () => {
    const d = await api(sim, connPath('user-0000011'), { auth })
    expect(d.status).toBe(200)
    for (const k of ['externalId', 'profileId', 'provider', 'state', 'stateChangedAt', 'connectedAt', 'lastSyncAt', 'lastDataAt', 'requestedScopes', 'grantedScopes', 'providerUserId', 'lastError', 'tokenInfo', 'backfill', 'lastErrorRaw', 'timeline']) {
      expect(d.body, k).toHaveProperty(k)
    }
    expect(d.text).not.toMatch(/access_token"\s*:\s*"(?!\[REDACTED)/)
    expect((await api(sim, connPath('nobody-here'), { auth })).status).toBe(404)
  })

  it('disconnect is idempotent and reports revokedAtProvider', async () => {
    const a = await api<{ state: string; revokedAtProvider: boolean }>(sim, connPath('user-0000150'), { method: 'DELETE', auth })
    const b = await api<{ state: string; revokedAtProvider: boolean }>(sim, connPath('user-0000150'), { method: 'DELETE', auth })
    expect(a.status).toBe(200)
    expect(a.body.state).toBe('disconnected')
    expect(b.body).toEqual(a.body)
    expect(typeof a.body.revokedAtProvider).toBe('boolean')
    const d = await api<{ timeline: { type: string }[] }>(sim, connPath('user-0000150'), { auth })
    expect(d.body.timeline.filter((e) => e.type === 'disconnected')).toHaveLength(1)
    expect((await api(sim, connPath('nobody-here'), { method: 'DELETE', auth })).status).toBe(404)
  })
})
