import { accountToken, start, type Sim } from './support'

// `--admin-api off`: a Sahha host that serves only the documented routes, as sandbox-api.sahha.ai and
// api.sahha.ai do today (sahha-api.md §5 "may answer 404 or 405", §7).
let off: Sim
let on: Sim
let tokOff: string
let tokOn: string
beforeAll(async () => {
  ;[off, on] = await Promise.all([start({ adminApi: 'off' }), start()])
  ;[tokOff, tokOn] = await Promise.all([accountToken(off), accountToken(on)])
})
afterAll(async () => {
  await Promise.all([off?.close(), on?.close()])
})

const INVENTED: [string, string][] = [
  ['GET', '/api/v1/account/integrations'],
  ['GET', '/api/v1/account/integrations/oura'],
  ['PUT', '/api/v1/account/integrations/oura'],
  ['GET', '/api/v1/account/integrations/oura/connections/summary'],
  ['GET', '/api/v1/account/integrations/oura/connections?pageSize=10'],
  ['GET', '/api/v1/account/integrations/oura/connections/user-0000002'],
  ['DELETE', '/api/v1/account/integrations/oura/connections/user-0000002'],
  ['GET', '/api/v1/account/integrations/oura/webhook-status']
]

describe('a simulated Sahha without the admin API', () => {
  it('answers every invented route with a bare 404 and no Sahha error body, authenticated or not', async () => {
    for (const [method, path] of INVENTED) {
      for (const headers of [{ Authorization: `account ${tokOff}` }, {} as Record<string, string>]) {
        const r = await fetch(`${off.url}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: method === 'PUT' ? '{}' : undefined })
        const text = await r.text()
        expect({ route: `${method} ${path}`, status: r.status, text }).toEqual({ route: `${method} ${path}`, status: 404, text: '' })
      }
    }
  })

  it('answers a known documented path with the wrong method as a bare 405 naming the allowed one', async () => {
    const r = await fetch(`${off.url}/api/v1/oauth/account/token`, { method: 'GET' })
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe('POST')
    expect(await r.text()).toBe('')
  })

  it('still serves the documented routes: profile token, integrations list (204 when none), authorize', async () => {
    const h = { Authorization: `account ${tokOff}`, 'Content-Type': 'application/json' }
    const prof = await fetch(`${off.url}/api/v1/oauth/profile/token`, { method: 'POST', headers: h, body: JSON.stringify({ externalId: 'user-0000002' }) })
    expect(prof.status).toBe(200)
    const { profileToken } = (await prof.json()) as { profileToken: string }
    // A registered profile that never connected (an unknown externalId answers 404 on this route).
    expect((await fetch(`${off.url}/api/v1/oauth/profile/register`, { method: 'POST', headers: h, body: JSON.stringify({ externalId: 'never-linked-off' }) })).status).toBe(201)
    const none = await fetch(`${off.url}/api/v1/profile/integration/never-linked-off`, { headers: h })
    expect([none.status, await none.text()]).toEqual([204, ''])
    const a = await fetch(`${off.url}/api/v1/integration/oauth/oura/authorize`, { headers: { Authorization: `profile ${profileToken}` } })
    expect(a.status).toBe(200)
    const u = new URL(((await a.json()) as { authorizationUrl: string }).authorizationUrl)
    expect(u.searchParams.get('client_id')).toBe('DEMO-OURA-CLIENT-ID')
  })

  it('the full simulator still serves the admin API with Sahha-shaped errors (the existing Demo is unchanged)', async () => {
    const ok = await fetch(`${on.url}/api/v1/account/integrations`, { headers: { Authorization: `account ${tokOn}` } })
    expect(ok.status).toBe(200)
    const missing = await fetch(`${on.url}/api/v1/account/nothing-here`, { headers: { Authorization: `account ${tokOn}` } })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { title: string }).title).toBe('Not Found')
  })

  it('the simulated Dashboard changes the live integration that authorize reads back, on either host', async () => {
    const put = await fetch(`${off.url}/_admin/dashboard/${off.demo.accountClientId}/integrations/oura`, {
      method: 'PUT',
      body: JSON.stringify({ scopes: ['daily', 'stress'], redirectUrlWhitelist: ['https://demo-app.example/other'] })
    })
    expect(put.status).toBe(200)
    const h = { Authorization: `account ${tokOff}`, 'Content-Type': 'application/json' }
    const { profileToken } = (await (await fetch(`${off.url}/api/v1/oauth/profile/token`, { method: 'POST', headers: h, body: JSON.stringify({ externalId: 'user-0000003' }) })).json()) as { profileToken: string }
    const a = await fetch(`${off.url}/api/v1/integration/oauth/oura/authorize`, { headers: { Authorization: `profile ${profileToken}` } })
    expect(new URL(((await a.json()) as { authorizationUrl: string }).authorizationUrl).searchParams.get('scope')).toBe('daily stress')
    const refused = await fetch(`${off.url}/api/v1/integration/oauth/oura/authorize?redirectUrl=${encodeURIComponent('https://demo-app.example/integrations/callback')}`, { headers: { Authorization: `profile ${profileToken}` } })
    expect(refused.status).toBe(400)
  })
})
