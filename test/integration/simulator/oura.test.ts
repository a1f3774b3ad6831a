import { accountToken, authorize, consentAt, ouraToken, profileToken, start, type Sim } from './support'

let sim: Sim
let acct: string
beforeAll(async () => {
  sim = await start()
  acct = await accountToken(sim)
})
afterAll(() => sim.close())

/** A code straight from the consent page (the test plays Sahha's part of the exchange). */
async function code(externalId: string, untick: string[] = []): Promise<{ code: string; scope: string }> {
  const a = await authorize(sim, await profileToken(sim, acct, externalId))
  const c = await consentAt(a.body.authorizationUrl, 'approve', untick)
  const loc = new URL(c.ouraLocation!)
  return { code: loc.searchParams.get('code')!, scope: loc.searchParams.get('scope')! }
}
const creds = () => ({ client_id: sim.demo.ouraClientId, client_secret: sim.demo.ouraClientSecret })
const exchange = async (c: string) => ouraToken(sim, { grant_type: 'authorization_code', code: c, redirect_uri: sim.callback, ...creds() })
const bearer = (t: unknown) => ({ headers: { Authorization: `Bearer ${String(t)}` } })

describe('token endpoint (oura-api.md §3)', () => {
  it('preflight: good credentials with a dummy code → 400 invalid_grant; wrong ones → 401 invalid_client', async () => {
    const good = await exchange('dummy-code')
    expect(good.status).toBe(400)
    expect(good.body).toMatchObject({ status: 400, error: 'invalid_grant' })
    const bad = await ouraToken(sim, { grant_type: 'authorization_code', code: 'dummy-code', redirect_uri: sim.callback, client_id: sim.demo.ouraClientId, client_secret: 'wrong' })
    expect(bad.status).toBe(401)
    expect(bad.body).toEqual({ status: 401, title: 'Invalid Client ID', error: 'invalid_client', error_description: 'Invalid client_id or client_secret' })
    // Client authentication comes first, whatever the grant.
    expect((await ouraToken(sim, { grant_type: 'nonsense', client_id: 'NOPE', client_secret: 'x' })).status).toBe(401)
  })

  it('accepts HTTP Basic client credentials', async () => {
    const basic = `Basic ${Buffer.from(`${sim.demo.ouraClientId}:${sim.demo.ouraClientSecret}`).toString('base64')}`
    expect((await ouraToken(sim, { grant_type: 'authorization_code', code: 'dummy', redirect_uri: sim.callback }, { Authorization: basic })).body.error).toBe('invalid_grant')
    const wrong = `Basic ${Buffer.from(`${sim.demo.ouraClientId}:nope`).toString('base64')}`
    expect((await ouraToken(sim, { grant_type: 'authorization_code', code: 'dummy', redirect_uri: sim.callback }, { Authorization: wrong })).status).toBe(401)
  })

  it('exchanges a code once (10 min, single use); a different redirect_uri → invalid_redirect_uri; bad grant_type → unsupported_grant_type', async () => {
    const c = await code('tok-code')
    const mismatch = await ouraToken(sim, { grant_type: 'authorization_code', code: c.code, redirect_uri: `${sim.callback}/`, ...creds() })
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.error).toBe('invalid_redirect_uri')
    const ok = await exchange(c.code)
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ token_type: 'bearer', access_token: expect.any(String), expires_in: 86400, refresh_token: expect.any(String) })
    expect((await exchange(c.code)).body.error).toBe('invalid_grant')
    const g = await ouraToken(sim, { grant_type: 'password', ...creds() })
    expect(g.status).toBe(400)
    expect(g.body).toMatchObject({ error: 'unsupported_grant_type', title: 'Invalid Grant Type' })
    expect((await ouraToken(sim, { ...creds() })).body.error).toBe('invalid_request')
  })

  it('refresh tokens are single-use: reuse → 400 invalid_grant "Token Already Used Or Revoked"', async () => {
    const t = (await exchange((await code('tok-refresh')).code)).body
    const r1 = await ouraToken(sim, { grant_type: 'refresh_token', refresh_token: String(t.refresh_token), ...creds() })
    expect(r1.status).toBe(200)
    expect(r1.body.refresh_token).not.toBe(t.refresh_token)
    const reused = await ouraToken(sim, { grant_type: 'refresh_token', refresh_token: String(t.refresh_token), ...creds() })
    expect(reused.status).toBe(400)
    expect(reused.body).toEqual({ status: 400, title: 'Token Already Used Or Revoked', detail: 'Refresh token can only be used once.', error: 'invalid_grant', error_description: 'Token already used or revoked' })
    expect((await ouraToken(sim, { grant_type: 'refresh_token', refresh_token: String(r1.body.refresh_token), ...creds() })).status).toBe(200)
  })

  it('an app of the newer portal: every refresh → 400 invalid_request "Invalid request"', async () => {
    const t = (await exchange((await code('tok-portal')).code)).body
    await fetch(`${sim.url}/_admin/oura/apps/${sim.demo.ouraClientId}`, { method: 'PUT', body: JSON.stringify({ portal: 'new' }) })
    try {
      const r = await ouraToken(sim, { grant_type: 'refresh_token', refresh_token: String(t.refresh_token), ...creds() })
      expect(r.status).toBe(400)
      expect(r.body).toEqual({ status: 400, title: 'Bad Request', error: 'invalid_request', error_description: 'Invalid request' })
    } finally {
      await fetch(`${sim.url}/_admin/oura/apps/${sim.demo.ouraClientId}`, { method: 'PUT', body: JSON.stringify({ portal: 'classic' }) })
    }
  })
})

describe('revoke, personal_info and data (oura-api.md §5, §6, §10)', () => {
  it('personal_info: id always, personal/email only with their scope; revoke (GET or POST) → 401 afterwards, refresh invalid_grant', async () => {
    const t = (await exchange((await code('api-user', ['email'])).code)).body
    const info = await fetch(`${sim.url}/_oura/api/v2/usercollection/personal_info`, bearer(t.access_token))
    const body = (await info.json()) as Record<string, unknown>
    expect(body.id).toMatch(/^OURA-/)
    expect(body.email).toBeNull()
    expect(body.age).toEqual(expect.any(Number))
    const rv = await fetch(`${sim.url}/_oura/api/oauth/revoke?access_token=${String(t.access_token)}`, { method: 'POST' })
    expect(rv.status).toBe(200)
    expect(await rv.text()).toBe('')
    expect((await fetch(`${sim.url}/_oura/api/v2/usercollection/personal_info`, bearer(t.access_token))).status).toBe(401)
    expect((await fetch(`${sim.url}/_oura/api/oauth/revoke?access_token=${String(t.access_token)}`)).status).toBe(401)
    expect((await ouraToken(sim, { grant_type: 'refresh_token', refresh_token: String(t.refresh_token), ...creds() })).body.error).toBe('invalid_grant')
    expect((await fetch(`${sim.url}/_oura/api/v2/usercollection/personal_info`)).status).toBe(401)
  })

  it('data: 403 Missing Scopes for an ungranted type, 403 membership, 426 outdated app, 401 Expired Token', async () => {
    const t = (await exchange((await code('data-user', ['heartrate'])).code)).body
    const get = async (type: string) => {
      const r = await fetch(`${sim.url}/_oura/api/v2/usercollection/${type}?start_date=2026-11-01&end_date=2026-11-03`, bearer(t.access_token))
      return { status: r.status, body: (await r.json()) as Record<string, unknown> }
    }
    const daily = await get('daily_sleep')
    expect(daily.status).toBe(200)
    expect((daily.body.data as unknown[]).length).toBe(3)
    expect(await get('heartrate')).toEqual({ status: 403, body: { status: 403, title: 'Missing Scopes', detail: 'Missing required scopes: heartrate' } })
    expect((await get('not_a_type')).status).toBe(404)
    const userId = ((await (await fetch(`${sim.url}/_oura/api/v2/usercollection/personal_info`, bearer(t.access_token))).json()) as { id: string }).id
    await fetch(`${sim.url}/_admin/oura/users/${userId}`, { method: 'PUT', body: JSON.stringify({ outdatedDataTypes: ['daily_spo2'] }) })
    expect(await get('daily_spo2')).toEqual({ status: 426, body: { status: 426, title: 'Upgrade Required', detail: 'Update the Oura app to share this data type' } })
    await fetch(`${sim.url}/_admin/oura/users/${userId}`, { method: 'PUT', body: JSON.stringify({ membershipExpired: true }) })
    expect(await get('daily_sleep')).toEqual({ status: 403, body: { status: 403, title: 'Forbidden', detail: "User's Oura membership has expired" } })
    await fetch(`${sim.url}/_admin/oura/expire-access-tokens`, { method: 'POST' })
    expect(await get('daily_sleep')).toEqual({ status: 401, body: { status: 401, title: 'Expired Token', detail: 'Token has expired.' } })
  })
})

describe('webhook subscriptions (oura-api.md §7)', () => {
  const wh = (path = '', init: { method?: string; body?: unknown; secret?: string } = {}) =>
    fetch(`${sim.url}/_oura/api/v2/webhook/subscription${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-client-id': sim.demo.ouraClientId, 'x-client-secret': init.secret ?? sim.demo.ouraClientSecret, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body)
    })

  it('list, create (201), get, update, renew, delete (204), with 422 / 403 errors', async () => {
    const refused = await wh('', { secret: 'wrong' })
    expect([refused.status, await refused.json()]).toEqual([403, { detail: 'Forbidden' }])
    const seeded = (await (await wh()).json()) as { id: string }[]
    expect(seeded.length).toBe(10)
    expect((await wh('', { method: 'POST', body: { callback_url: 'https://x.example/h', event_type: 'update' } })).status).toBe(422)
    const created = await wh('', { method: 'POST', body: { callback_url: 'https://sahha-side.example/oura/webhook', verification_token: 'v', event_type: 'create', data_type: 'workout' } })
    expect(created.status).toBe(201)
    const m = (await created.json()) as { id: string; expiration_time: string; data_type: string }
    expect(m).toMatchObject({ callback_url: 'https://sahha-side.example/oura/webhook', event_type: 'create', data_type: 'workout', expiration_time: expect.stringMatching(/\+00:00$/) })
    expect((await wh('', { method: 'POST', body: { callback_url: 'https://x.example/h', verification_token: 'v', event_type: 'create', data_type: 'heartrate' } })).status).toBe(422)
    expect((await wh(`/${m.id}`)).status).toBe(200)
    expect((await wh(`/${m.id}`, { method: 'PUT', body: { callback_url: 'https://y.example' } })).status).toBe(422)
    const upd = await wh(`/${m.id}`, { method: 'PUT', body: { verification_token: 'v', callback_url: 'https://y.example/h' } })
    expect(((await upd.json()) as { callback_url: string }).callback_url).toBe('https://y.example/h')
    expect((await wh(`/renew/${m.id}`, { method: 'PUT' })).status).toBe(200)
    expect((await wh(`/${m.id}`, { method: 'DELETE' })).status).toBe(204)
    const gone = await wh(`/${m.id}`)
    expect(gone.status).toBe(403)
    expect(await gone.json()).toEqual({ detail: 'Webhook with specified id does not exist.' })
  })

  it('bad credentials answer 401 by option (the spec names no status)', async () => {
    await fetch(`${sim.url}/_admin/options`, { method: 'POST', body: JSON.stringify({ webhookAuthStatus: 401 }) })
    expect((await wh('', { secret: 'wrong' })).status).toBe(401)
    await fetch(`${sim.url}/_admin/options`, { method: 'POST', body: JSON.stringify({ webhookAuthStatus: 403 }) })
    expect((await wh('', { secret: 'wrong' })).status).toBe(403)
  })

  it('the seeded list covers the data types of the Demo scopes on this host, but one expires within 3 days, one is missing, one is on another host', async () => {
    const subs = (await (await wh()).json()) as { id: string; data_type: string; callback_url: string; expiration_time: string; event_type: string }[]
    for (const s of subs) expect(Object.keys(s).sort()).toEqual(['callback_url', 'data_type', 'event_type', 'expiration_time', 'id'])
    const by = new Map(subs.map((s) => [s.data_type, s]))
    expect(by.has('session')).toBe(false)
    expect(new URL(by.get('workout')!.callback_url).host).toBe('api.sahha.ai')
    expect(new URL(by.get('daily_sleep')!.callback_url).host).toBe(new URL(sim.url).host)
    const left = Date.parse(by.get('sleep')!.expiration_time) - Date.now()
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThan(3 * 86_400_000)
  })

  it('renewing the lapsed seeded subscription clears it from webhook-status', async () => {
    const auth = { headers: { Authorization: `account ${acct}` } }
    const before = (await (await fetch(`${sim.url}/api/v1/account/integrations/oura/webhook-status`, auth)).json()) as { subscriptions: { status: string }[] }
    expect(before.subscriptions.filter((s) => s.status === 'expired')).toHaveLength(1)
    const subs = (await (await wh()).json()) as { id: string; expiration_time: string }[]
    const lapsed = subs.find((s) => Date.parse(s.expiration_time) < Date.now())!
    await wh(`/renew/${lapsed.id}`, { method: 'PUT' })
    const after = (await (await fetch(`${sim.url}/api/v1/account/integrations/oura/webhook-status`, auth)).json()) as { subscriptions: { status: string }[] }
    expect(after.subscriptions.every((s) => s.status === 'active')).toBe(true)
  })
})
