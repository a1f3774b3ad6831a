import { DEFAULT_TIER_SETTINGS } from '../../../preload/contract/diagnosis/documented-tier'
import { createTierClient } from '../../../main/services/tier-port'

// Issue J item 3, through the scan's real client (tier-port: the documented client behind the pacer) against a
// fake Sahha host: at most the default 4 requests in flight, a 429's Retry-After honoured by the call and by every
// other request of the tenant, and 5xx retried with a jittered, growing backoff.
type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }

function host(answer: (path: string, n: number) => Answer | undefined) {
  const clock = { t: 1_000_000 }
  const fetches: { path: string; at: number }[] = []
  const httpSleeps: number[] = []
  const pacerSleeps: number[] = []
  const seen = new Map<string, number>()
  let inFlight = 0
  let maxInFlight = 0
  const fakeFetch = (async (input: string | URL | Request) => {
    const path = new URL(input instanceof Request ? input.url : input).pathname
    const n = (seen.get(path) ?? 0) + 1
    seen.set(path, n)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    fetches.push({ path, at: clock.t })
    const a = path.endsWith('/oauth/account/token') ? null : (answer(path, n) ?? { status: 204 })
    await new Promise((r) => setTimeout(r, a?.delayMs ?? 5))
    inFlight--
    if (!a) return Response.json({ accountToken: 'acct_tokentokentokentokentoken', expiresIn: 86400 })
    return new Response(a.status === 204 ? null : (a.body ?? '[]'), { status: a.status, headers: { 'Content-Type': 'application/json', ...a.headers } })
  }) as typeof fetch
  const randoms = [0.2, 0.7, 0.4, 0.9]
  let ri = 0
  const { port, pacer } = createTierClient({
    baseUrl: 'https://sahha.test',
    ouraCloudBase: 'https://cloud.oura.test',
    ouraApiBase: 'https://api.oura.test',
    fetch: fakeFetch,
    getCredentials: async () => ({ clientId: 'client-id-x', clientSecret: 'client-secret-x' }),
    concurrency: DEFAULT_TIER_SETTINGS.concurrency,
    pacer: {
      now: () => clock.t,
      random: () => 0.5,
      sleep: async (ms) => {
        pacerSleeps.push(ms)
        clock.t += ms
      }
    },
    http: {
      now: () => clock.t,
      baseDelayMs: 100,
      random: () => randoms[ri++ % randoms.length]!,
      sleep: async (ms) => {
        httpSleeps.push(ms)
        clock.t += ms
      }
    }
  })
  return { port, pacer, clock, fetches, httpSleeps, pacerSleeps, maxInFlight: () => maxInFlight }
}
const signal = new AbortController().signal
const ids = (n: number) => Array.from({ length: n }, (_, i) => `u-${i}`)

describe('documented-tier scan client: politeness towards Sahha', () => {
  it('never has more than the default 4 requests in flight, however many users are asked at once', async () => {
    const h = host(() => undefined)
    expect(DEFAULT_TIER_SETTINGS.concurrency).toBe(4)
    await Promise.all(ids(40).map((id) => h.port.integrations(id, signal)))
    expect(h.fetches.filter((f) => f.path.includes('/profile/integration/'))).toHaveLength(40)
    expect(h.maxInFlight()).toBe(4)
  })

  it("a 429's Retry-After is waited by that call, and no other request of the tenant starts before it ends", async () => {
    const h = host((path, n) => (path === '/api/v1/profile/integration/u-0' && n === 1 ? { status: 429, body: '{"title":"Too many"}', headers: { 'Retry-After': '3' }, delayMs: 0 } : undefined))
    await h.port.integrations('warm-up', signal)
    // u-0 to u-3 start together; u-0's 429 comes back first; the other 8 users wait for the pause.
    const answers = await Promise.all(ids(12).map((id) => h.port.integrations(id, signal)))
    expect(answers.every((a) => a.status === 204)).toBe(true)
    const calls = h.fetches.filter((f) => f.path.includes('/profile/integration/u-'))
    const at429 = calls[0]!.at
    expect(calls[0]!.path).toBe('/api/v1/profile/integration/u-0')
    expect(calls.slice(0, 4).map((f) => f.at)).toEqual([at429, at429, at429, at429])
    expect(calls).toHaveLength(13)
    for (const f of calls.slice(4)) expect(f.at - at429, f.path).toBeGreaterThanOrEqual(3000)
    expect(h.httpSleeps).toEqual([3000])
    expect(h.pacer.stats.throttled).toBe(1)
  })

  it('a 429 without Retry-After pauses the tenant for a jittered backoff', async () => {
    const h = host((path, n) => (path.endsWith('/u-0') && n === 1 ? { status: 429, body: '{}' } : undefined))
    await h.port.integrations('u-0', signal)
    // The pacer's pause: random (0.5) x 500 ms x 2^1; the call's own retry: the HTTP layer's jittered wait.
    expect(h.pacer.pausedUntil - h.fetches.find((f) => f.path.endsWith('/u-0'))!.at).toBe(500)
    expect(h.httpSleeps).toEqual([20])
  })

  it('5xx answers are retried after a jittered, exponentially growing wait, and the user gets its answer', async () => {
    const h = host((path, n) => (path.endsWith('/u-0') && n <= 3 ? { status: 503, body: '{"title":"Service Unavailable"}' } : undefined))
    const r = await h.port.integrations('u-0', signal)
    expect(r.status).toBe(204)
    // random() x min(maxDelay, 100 ms x 2^attempt) with random 0.2, 0.7, 0.4: jittered (not a fixed share) and growing.
    expect(h.httpSleeps).toEqual([20, 140, 160])
    expect(h.fetches.filter((f) => f.path.endsWith('/u-0'))).toHaveLength(4)
  })
})
