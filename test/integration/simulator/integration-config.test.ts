import { accountToken, api, connPath, start, type ConnDetail, type IntegrationBody, type SahhaErrorBody, type Sim } from './support'

let sim: Sim
let demo: string
let acme: string
beforeAll(async () => {
  sim = await start({ profiles: 500 })
  demo = `account ${await accountToken(sim)}`
  acme = `account ${await accountToken(sim, { clientId: 'acme-account-client-id', clientSecret: 'acme-account-secret-42' })}`
})
afterAll(() => sim.close())

const URL_ = '/api/v1/account/integrations/oura'
const put = (auth: string, body: unknown, headers: Record<string, string>) => api<IntegrationBody & SahhaErrorBody>(sim, URL_, { method: 'PUT', auth, body, headers })
const valid = { enabled: true, clientId: 'ACME-OURA-CLIENT', clientSecret: 'acme-oura-secret-123456', scopes: ['daily', 'heartrate', 'personal'], providerAppScopes: ['daily', 'heartrate', 'personal'], redirectUrlWhitelist: ['https://acme.example/cb'] }

describe('integration configuration (sahha-api.md §5.1)', () => {
  it('GET: the seeded Demo integration with ETag "1"; clientSecret never returned', async () => {
    const r = await api<IntegrationBody>(sim, URL_, { auth: demo })
    expect(r.status).toBe(200)
    expect(r.headers.get('etag')).toBe('"1"')
    expect(r.body).toMatchObject({
      provider: 'oura',
      enabled: true,
      clientId: 'DEMO-OURA-CLIENT-ID',
      clientSecretSet: true,
      clientSecretLast4: 't-42',
      scopes: ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2'],
      redirectUrlWhitelist: ['https://demo-app.example/integrations/callback', 'com.example.demo:/oauth'],
      callbackUrl: sim.callback,
      version: 1
    })
    expect(r.text).not.toContain('demo-oura-secret-42')
    const list = await api<{ items: IntegrationBody[] }>(sim, '/api/v1/account/integrations', { auth: demo })
    expect(list.body.items.map((i) => i.provider)).toEqual(['oura'])
    expect((await api(sim, URL_, { auth: acme })).status).toBe(404)
  })

  it('create with If-None-Match: * → 201 + ETag "1"; again → 409; without any precondition → 428', async () => {
    expect((await put(acme, valid, {})).status).toBe(428)
    const noSecret = await put(acme, { ...valid, clientSecret: undefined }, { 'If-None-Match': '*' })
    expect(noSecret.status).toBe(400)
    expect(noSecret.body.errors.map((e) => e.origin)).toContain('clientSecret')
    const created = await put(acme, valid, { 'If-None-Match': '*' })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"1"')
    expect(created.body).toMatchObject({ version: 1, clientSecretSet: true, clientSecretLast4: '3456', warnings: [] })
    expect(created.text).not.toContain('acme-oura-secret-123456')
    const again = await put(acme, valid, { 'If-None-Match': '*' })
    expect(again.status).toBe(409)
    expect(again.body.current!.version).toBe(1)
  })

  it('update with If-Match → 200 + next ETag; stale → 409 carrying current; omitted clientSecret keeps the stored one', async () => {
    const cur = await api<IntegrationBody>(sim, URL_, { auth: acme })
    const next = await put(acme, { ...valid, clientSecret: undefined, scopes: ['daily'] }, { 'If-Match': cur.headers.get('etag')! })
    expect(next.status).toBe(200)
    expect(next.headers.get('etag')).toBe(`"${cur.body.version + 1}"`)
    expect(next.body.clientSecretLast4).toBe('3456')
    const stale = await put(acme, valid, { 'If-Match': cur.headers.get('etag')! })
    expect(stale.status).toBe(409)
    expect(stale.body.errors[0]!.origin).toBe('version')
    expect(stale.body.errors[0]!.errors[0]).toBe(`version ${cur.body.version} is stale; current is ${cur.body.version + 1}`)
    expect(stale.body.current).toMatchObject({ provider: 'oura', version: cur.body.version + 1, scopes: ['daily'] })
    expect(stale.body.current).not.toHaveProperty('clientSecret')
    expect((await put(acme, valid, {})).status).toBe(428)
  })

  it('validation: 400 with origins clientId, scopes, redirectUrlWhitelist[i]', async () => {
    const etag = (await api(sim, URL_, { auth: acme })).headers.get('etag')!
    const origins = async (body: Record<string, unknown>) => {
      const r = await put(acme, { ...valid, ...body }, { 'If-Match': etag })
      expect(r.status, JSON.stringify(body)).toBe(400)
      return r.body.errors.map((e) => e.origin)
    }
    expect(await origins({ clientId: '' })).toEqual(['clientId'])
    expect(await origins({ scopes: [] })).toEqual(['scopes'])
    expect(await origins({ scopes: ['daily', 'activity'] })).toEqual(['scopes'])
    expect(await origins({ scopes: ['daily', 'daily'] })).toEqual(['scopes'])
    expect(await origins({ redirectUrlWhitelist: [] })).toEqual(['redirectUrlWhitelist'])
    const bad = ['http://acme.example/cb', 'javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'https://user:pw@acme.example/cb', 'https://acme.example/cb#frag', 'https://*.acme.example/cb', 'myapp:/cb', 'about:blank',
      // The look-alikes of issue 12 item 10: each is refused, not repaired into another URL.
      'https://acme.example./cb', 'https://\u0430cme.example/cb', 'https://\uff41cme.example/cb', 'http://2130706433/cb', 'http://127.1/cb',
      'https://acme.example/a/../cb', 'https://acme.example\\cb', 'https:/acme.example/cb', 'https://acme..example/cb', 'https://acme.example/c\u200bb']
    for (const u of bad) expect(await origins({ redirectUrlWhitelist: ['https://ok.example/cb', u] }), u).toEqual(['redirectUrlWhitelist[1]'])
    expect(await origins({ redirectUrlWhitelist: ['https://acme.example/cb', 'HTTPS://ACME.EXAMPLE:443/cb'] })).toEqual(['redirectUrlWhitelist[1]'])
    expect(await origins({ clientId: ' ', scopes: [], redirectUrlWhitelist: ['ftp://x'] })).toEqual(['clientId', 'scopes', 'redirectUrlWhitelist[0]'])
    // Allowed: loopback http and reverse-DNS private-use schemes.
    const ok = await put(acme, { ...valid, redirectUrlWhitelist: ['http://127.0.0.1:8080/cb', 'http://localhost/cb', 'com.acme.app:/oauth'] }, { 'If-Match': etag })
    expect(ok.status).toBe(200)
  })

  it('accepts scopes not on the provider app, with a SCOPE_NOT_ON_PROVIDER_APP warning', async () => {
    const etag = (await api(sim, URL_, { auth: acme })).headers.get('etag')!
    const r = await put(acme, { ...valid, scopes: ['daily', 'stress', 'heart_health'], providerAppScopes: ['daily'] }, { 'If-Match': etag })
    expect(r.status).toBe(200)
    expect(r.body.warnings).toEqual([{ code: 'SCOPE_NOT_ON_PROVIDER_APP', scopes: ['stress', 'heart_health'] }])
  })

  it('a new clientId moves every live connection to needs_reauth (refresh_failed invalid_grant), applied at once', async () => {
    const summary = async () => (await api<{ byState: Record<string, number> }>(sim, `${connPath()}/summary`, { auth: demo })).body.byState
    const before = await summary()
    const cur = await api<IntegrationBody>(sim, URL_, { auth: demo })
    const body = { enabled: true, clientId: 'ANOTHER-OURA-APP', scopes: cur.body.scopes, providerAppScopes: cur.body.providerAppScopes, redirectUrlWhitelist: cur.body.redirectUrlWhitelist }
    const r = await put(demo, body, { 'If-Match': cur.headers.get('etag')! })
    expect(r.status).toBe(200)
    const after = await summary()
    expect(after.connected).toBe(0)
    expect(after.scope_missing).toBe(0)
    expect(after.needs_reauth).toBe(before.needs_reauth! + before.connected! + before.scope_missing! + before.membership_expired!)
    const d = await api<ConnDetail>(sim, connPath('user-0000100'), { auth: demo })
    expect(d.body.state).toBe('needs_reauth')
    expect(d.body.lastError).toMatchObject({ source: 'oura_token', code: 'invalid_grant' })
    expect(d.body.timeline.at(-1)).toMatchObject({ type: 'refresh_failed', data: { code: 'invalid_grant' } })
  })
})
