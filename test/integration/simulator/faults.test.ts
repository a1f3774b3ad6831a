import { accountToken, api, start, type Sim } from './support'

let sim: Sim
let auth: string
beforeAll(async () => {
  sim = await start()
  auth = `account ${await accountToken(sim)}`
})
afterEach(() => sim.setFaults(null))
afterAll(() => sim.close())

const summary = '/api/v1/account/integrations/oura/connections/summary'

describe('fault injection', () => {
  it('http500/502/503: JSON error bodies; 429 with Retry-After and the X-RateLimit-* headers', async () => {
    for (const [kind, status] of [['http500', 500], ['http502', 502], ['http503', 503]] as const) {
      sim.setFaults({ rate: 1, kinds: [kind] })
      const r = await api<{ statusCode: number }>(sim, summary, { auth })
      expect(r.status).toBe(status)
      expect(r.body.statusCode).toBe(status)
    }
    sim.setFaults({ rate: 1, kinds: ['http429'], retryAfterSeconds: 3 })
    const r = await api(sim, summary, { auth })
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('3')
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-window', 'x-ratelimit-reset']) expect(Number(r.headers.get(h)), h).toBeGreaterThan(0)
    expect(['token', 'application']).toContain(r.headers.get('x-ratelimit-tier'))
    const oura = await fetch(`${sim.url}/_oura/api/v2/usercollection/personal_info`)
    expect(oura.status).toBe(429)
    expect(await oura.json()).toMatchObject({ status: 429 })
  })

  it('slow answers normally after slowMs; malformed is a 200 with truncated JSON; drop closes the socket', async () => {
    sim.setFaults({ rate: 1, kinds: ['slow'], slowMs: 300 })
    const t = Date.now()
    const slow = await api(sim, summary, { auth })
    expect(slow.status).toBe(200)
    expect(Date.now() - t).toBeGreaterThanOrEqual(290)
    sim.setFaults({ rate: 1, kinds: ['malformed'] })
    const bad = await fetch(`${sim.url}${summary}`, { headers: { Authorization: auth } })
    expect(bad.status).toBe(200)
    await expect(bad.json()).rejects.toThrow()
    sim.setFaults({ rate: 1, kinds: ['drop'] })
    await expect(fetch(`${sim.url}${summary}`, { headers: { Authorization: auth } })).rejects.toThrow()
  })

  it('never touches /_admin; /_admin/faults sets and clears; stats count requests and faults', async () => {
    const set = await fetch(`${sim.url}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 1, kinds: ['http500'] }) })
    expect(set.status).toBe(200)
    expect((await fetch(`${sim.url}/_admin/stats`)).status).toBe(200)
    expect((await api(sim, summary, { auth })).status).toBe(500)
    expect((await fetch(`${sim.url}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 2 }) })).status).toBe(400)
    expect((await fetch(`${sim.url}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 0.5, kinds: ['boom'] }) })).status).toBe(400)
    await fetch(`${sim.url}/_admin/faults`, { method: 'DELETE' })
    expect((await api(sim, summary, { auth })).status).toBe(200)
    const stats = (await (await fetch(`${sim.url}/_admin/stats`)).json()) as { requests: number; faults: number; faultsByKind: Record<string, number>; byRoute: Record<string, number> }
    expect(stats.faults).toBeGreaterThanOrEqual(1)
    expect(stats.faultsByKind.http500).toBeGreaterThanOrEqual(1)
    expect(stats.requests).toBeGreaterThan(stats.faults)
    expect(stats.byRoute[`GET ${summary}`.replace('/oura/', '/{provider}/')]).toBeGreaterThanOrEqual(1)
  })

  it('a rate hits about that share, the same requests for the same seed', async () => {
    const run = async () => {
      const s = await start({ seed: 9, faults: { rate: 0.3, kinds: ['http503'] } })
      try {
        const out: number[] = []
        for (let i = 0; i < 200; i++) out.push((await fetch(`${s.url}/_oura/api/v2/usercollection/personal_info`)).status)
        return out
      } finally {
        await s.close()
      }
    }
    const a = await run()
    const share = a.filter((x) => x === 503).length / a.length
    expect(share).toBeGreaterThan(0.18)
    expect(share).toBeLessThan(0.42)
    expect(await run()).toEqual(a)
  })
})
