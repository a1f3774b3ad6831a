import type { ServerResponse } from 'node:http'
import { createHttp, DEFAULT_BUDGET_MS } from '../../../main/sahha/http'
import { failureOf, sendJson, startHostileServer, type HostileServer } from './support'

const MB = 1024 * 1024

/** Writes `total` bytes of a JSON array in 64 kB chunks, honouring backpressure, and says how much went out before the client hung up. */
function streamHuge(res: ServerResponse, total: number, withLength: boolean): Promise<number> {
  res.writeHead(200, { 'Content-Type': 'application/json', ...(withLength ? { 'Content-Length': String(total) } : {}) })
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  let sent = 0
  return new Promise((resolve) => {
    const finish = () => resolve(sent)
    res.on('close', finish)
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      res.end()
    }
    pump()
  })
}

describe('answers larger than the cap', () => {
  let server: HostileServer
  let sent: Promise<number> = Promise.resolve(0)
  let withLength = false
  beforeAll(async () => {
    server = await startHostileServer((_req, res) => {
      sent = streamHuge(res, 50 * MB, withLength)
    })
  })
  afterAll(() => server.close())

  it.each([
    ['streamed without a length', false],
    ['announced with a Content-Length', true]
  ])('a 50 MB answer %s fails as BAD_RESPONSE naming the cap, and the reading stops long before the end', async (_how, length) => {
    withLength = length
    const http = createHttp({ fetch, retries: 0 })
    const e = await failureOf(http.request({ method: 'GET', url: `${server.url}/api/v1/account/integrations/oura/connections`, label: '/api/v1/account/integrations/oura/connections' }))
    expect(e.code).toBe('BAD_RESPONSE')
    expect(e.message).toBe(`${server.host} sent more than 10 MB in answer to GET /api/v1/account/integrations/oura/connections; the app stopped reading it.`)
    expect(e.appError.remedy).toMatch(/smaller page/)
    // The server saw the connection go away: what it managed to write is a fraction of the 50 MB.
    expect(await sent).toBeLessThan(25 * MB)
  })

  it('an answer of just under the cap is read whole', async () => {
    const small = await startHostileServer((_req, res) => sendJson(res, 200, { pad: 'x'.repeat(9 * MB) }))
    try {
      const res = await createHttp({ fetch }).request({ method: 'GET', url: small.url, label: '/' })
      expect(res.text.length).toBeGreaterThan(9 * MB)
    } finally {
      await small.close()
    }
  })
})

describe("one call's time budget, shared by retries and Retry-After waits", () => {
  let server: HostileServer
  let retryAfter = '20'
  beforeAll(async () => {
    server = await startHostileServer((_req, res) => sendJson(res, 429, { title: 'Too Many Requests' }, { 'Retry-After': retryAfter }))
  })
  afterAll(() => server.close())

  /** A clock that moves only when the client waits, so the test takes no real time. */
  const fakeClock = () => {
    let t = 1_000_000
    const waits: number[] = []
    return { now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)), waits }
  }

  it('stops retrying a call that keeps asking to wait 20 s before it passes 30 s, and says so in the error', async () => {
    retryAfter = '20'
    const clock = fakeClock()
    const http = createHttp({ fetch, now: clock.now, sleep: clock.sleep })
    const e = await failureOf(http.request({ method: 'GET', url: `${server.url}/summary`, label: '/summary' }))
    const waited = clock.waits.reduce((a, b) => a + b, 0)
    expect(waited).toBeLessThan(DEFAULT_BUDGET_MS)
    expect(e.code).toBe('RATE_LIMITED')
    expect(e.message).toBe(`Sahha is rate-limiting these requests. Gave up after 2 attempts in 20 s: waiting the 20 s ${server.host} asked for would pass this call's 30 s time budget.`)
    expect(e.appError.remedy).toMatch(/Wait 20 s/)
    expect(server.received.length).toBe(2)
  })

  it('does not wait at all when the server asks for more than the whole budget', async () => {
    retryAfter = '120'
    server.received.length = 0
    const clock = fakeClock()
    const e = await failureOf(createHttp({ fetch, now: clock.now, sleep: clock.sleep }).request({ method: 'GET', url: `${server.url}/summary`, label: '/summary' }))
    expect(clock.waits).toEqual([])
    expect(e.message).toContain('waiting the 120 s')
    expect(e.appError.remedy).toMatch(/Wait 120 s/)
  })

  it('cuts an attempt that hangs at what is left of the budget instead of the per-attempt timeout', { timeout: 10_000 }, async () => {
    const silent = await startHostileServer(() => undefined)
    try {
      const http = createHttp({ fetch, budgetMs: 600, timeoutMs: 5_000, baseDelayMs: 1 })
      const e = await failureOf(http.request({ method: 'GET', url: `${silent.url}/hang`, label: '/hang' }))
      expect(e.code).toBe('TIMEOUT')
      expect(e.message).toMatch(/time budget/)
    } finally {
      await silent.close()
    }
  })
})
