import { accountToken, api, authorize, connPath, consentAt, followCallback, fullFlow, profileToken, start, type ConnDetail, type SahhaErrorBody, type Sim } from './support'

let sim: Sim
let acct: string
beforeAll(async () => {
  sim = await start()
  acct = await accountToken(sim)
})
afterAll(() => sim.close())

const detail = async (externalId: string) => (await api<ConnDetail>(sim, connPath(externalId), { auth: `account ${acct}` })).body

describe('authorize (sahha-api.md §3, §3.1)', () => {
  it('answers {authorizationUrl} pointing at the simulated Oura with the integration scopes joined by %20', async () => {
    const p = await profileToken(sim, acct, 'auth-shape')
    const r = await authorize(sim, p, 'https://demo-app.example/integrations/callback')
    expect(r.status).toBe(200)
    expect(Object.keys(r.body)).toEqual(['authorizationUrl'])
    const url = r.body.authorizationUrl
    expect(url.startsWith(`${sim.url}/_oura/cloud/oauth/authorize?response_type=code&client_id=DEMO-OURA-CLIENT-ID&redirect_uri=`)).toBe(true)
    expect(url).toContain(`redirect_uri=${encodeURIComponent(sim.callback)}`)
    expect(url).toContain('&scope=email%20personal%20daily%20heartrate%20workout%20tag%20session%20spo2&state=')
    const d = await detail('auth-shape')
    expect(d.state).toBe('pending')
    expect(d.timeline.at(-1)).toMatchObject({ type: 'authorize_started', data: { redirectUrl: 'https://demo-app.example/integrations/callback', requestedScopes: expect.any(Array) } })
  })

  it('issuing a link leaves a broken user broken (no state change, no drop in the broken count) until the callback; a disconnected one restarts as pending', async () => {
    const summary = async () => (await api<{ byState: Record<string, number> }>(sim, `${connPath()}/summary`, { auth: `account ${acct}` })).body.byState
    const before = await summary()
    // user-0000011: OURA_REFRESH_TOKEN_REUSED (needs_reauth); user-0000014: OURA_MEMBERSHIP_EXPIRED.
    for (const id of ['user-0000011', 'user-0000014']) {
      const r = await authorize(sim, await profileToken(sim, acct, id))
      expect(r.status).toBe(200)
    }
    expect((await detail('user-0000011')).state).toBe('needs_reauth')
    expect((await detail('user-0000011')).timeline.at(-1)?.type).toBe('authorize_started')
    expect((await detail('user-0000014')).state).toBe('membership_expired')
    const after = await summary()
    expect(after.needs_reauth).toBe(before.needs_reauth)
    expect(after.pending).toBe(before.pending)
  })

  it('matches the whitelist after lower-casing scheme and host and dropping the default port; path and query exactly', async () => {
    const p = await profileToken(sim, acct, 'auth-match')
    for (const ok of ['https://demo-app.example/integrations/callback', 'HTTPS://DEMO-APP.EXAMPLE/integrations/callback', 'https://Demo-App.example:443/integrations/callback', 'com.example.demo:/oauth', 'COM.EXAMPLE.DEMO:/oauth']) {
      expect((await authorize(sim, p, ok)).status, ok).toBe(200)
    }
    for (const no of ['https://demo-app.example/integrations/callback/', 'https://demo-app.example/Integrations/callback', 'https://demo-app.example/integrations/callback?x=1', 'https://demo-app.example:8443/integrations/callback', 'http://demo-app.example/integrations/callback', 'https://evil.example/integrations/callback', 'com.example.demo:/OAUTH', 'not a url']) {
      const r = await authorize(sim, p, no)
      expect(r.status, no).toBe(400)
      expect(r.body.errors![0]!.origin).toBe('redirectUrl')
    }
  })

  it('refuses a redirectUrl that only the parser’s repairs would turn into a whitelist entry', async () => {
    const p = await profileToken(sim, acct, 'auth-lookalike')
    const lookalikes = [
      'https://\uff44emo-app.example/integrations/callback', // fullwidth "ｄ": IDNA maps it to "d"
      'https://demo-app.example./integrations/callback',
      'https://demo-app.example/x/../integrations/callback',
      'https://demo-app.example/integrations/%2e/callback',
      'https:/demo-app.example/integrations/callback',
      'https:\\demo-app.example/integrations/callback',
      'https://demo-app.example/integrations/callback\u200b',
      'com.example.demo:/x/../oauth'
    ]
    for (const no of lookalikes) {
      const r = await authorize(sim, p, no)
      expect(r.status, no).toBe(400)
      expect(r.body.errors![0]!.origin).toBe('redirectUrl')
    }
  })

  it('omitted redirectUrl → the first whitelist entry; empty whitelist → 400 redirectUrl', async () => {
    const r = await fullFlow(sim, acct, 'auth-default')
    expect(r.location!.startsWith('https://demo-app.example/integrations/callback?')).toBe(true)
    const integ = sim.state.accounts.get('acct-demo')!.integrations.get('oura')!
    const saved = integ.redirectUrlWhitelist
    integ.redirectUrlWhitelist = []
    try {
      const e = await authorize(sim, await profileToken(sim, acct, 'auth-empty'))
      expect(e.status).toBe(400)
      expect(e.body.errors![0]!.origin).toBe('redirectUrl')
    } finally {
      integ.redirectUrlWhitelist = saved
    }
  })

  it('unknown provider, or no / disabled integration → 404 origin provider; a non-profile token → 401', async () => {
    const p = await profileToken(sim, acct, 'auth-404')
    for (const slug of ['fitbit', 'garmin']) {
      const r = await api<SahhaErrorBody>(sim, `/api/v1/integration/oauth/${slug}/authorize`, { auth: `profile ${p}` })
      expect(r.status, slug).toBe(404)
      expect(r.body.errors[0]!.origin).toBe('provider')
    }
    const acme = await accountToken(sim, { clientId: 'acme-account-client-id', clientSecret: 'acme-account-secret-42' })
    const ap = await profileToken(sim, acme, 'acme-user-001')
    expect((await authorize(sim, ap)).status).toBe(404)
    const integ = sim.state.accounts.get('acct-demo')!.integrations.get('oura')!
    integ.enabled = false
    try {
      expect((await authorize(sim, p)).status).toBe(404)
    } finally {
      integ.enabled = true
    }
    const wrongKind = await api<SahhaErrorBody>(sim, '/api/v1/integration/oauth/oura/authorize', { auth: `account ${acct}` })
    expect(wrongKind.status).toBe(401)
    expect(wrongKind.body.errors[0]!.origin).toBe('authorization')
  })

  it('a connected connection stays connected on a new authorize (with an authorize_started event)', async () => {
    await fullFlow(sim, acct, 'auth-keep')
    expect((await detail('auth-keep')).state).toBe('connected')
    await authorize(sim, await profileToken(sim, acct, 'auth-keep'))
    const d = await detail('auth-keep')
    expect(d.state).toBe('connected')
    expect(d.timeline.filter((e) => e.type === 'authorize_started')).toHaveLength(2)
  })
})

describe('consent → callback → connection state and 302 back to the app', () => {
  it('consent page: app name, one checked checkbox per scope with test ids, Approve and Deny', async () => {
    const p = await profileToken(sim, acct, 'page-user')
    const html = await (await fetch((await authorize(sim, p)).body.authorizationUrl)).text()
    expect(html).toContain('Demo Health App')
    for (const s of ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2']) {
      expect(html).toMatch(new RegExp(`<input type="checkbox" name="scope" value="${s}" checked data-testid="scope-${s}">`))
    }
    expect(html).toContain('data-testid="consent-approve"')
    expect(html).toContain('data-testid="consent-deny"')
    expect(html).not.toMatch(/<(script|link|img)\b/)
  })

  it('approve with every scope → connected; 302 to the redirectUrl with provider=oura&status=connected', async () => {
    const r = await fullFlow(sim, acct, 'flow-ok')
    expect(r.status).toBe(302)
    expect(r.location).toBe('https://demo-app.example/integrations/callback?provider=oura&status=connected')
    const ouraLoc = new URL(r.ouraLocation)
    expect(ouraLoc.origin + ouraLoc.pathname).toBe(sim.callback)
    expect(ouraLoc.searchParams.get('scope')).toBe('email personal daily heartrate workout tag session spo2')
    const d = await detail('flow-ok')
    expect(d.state).toBe('connected')
    expect(d.providerUserId).toMatch(/^OURA-/)
    expect(d.grantedScopes).toEqual(d.requestedScopes)
    expect(d.lastError).toBeNull()
    expect(d.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['authorize_started', 'authorized', 'backfill_started']))
    expect(d.tokenInfo?.accessTokenExpiresAt).toBeTruthy()
    expect(JSON.stringify(d)).not.toMatch(/oa_|or_|code_/)
    const list = await api<{ integrationType: string }[]>(sim, '/api/v1/profile/integration', { auth: `profile ${r.profile}` })
    expect(list.body).toEqual([{ integrationType: 'oura', integrationIdentifier: d.providerUserId, integrationValues: {} }])
  })

  it('approve with scopes unticked → scope_missing (Location still status=connected)', async () => {
    const r = await fullFlow(sim, acct, 'flow-untick', 'approve', ['heartrate', 'spo2'])
    expect(r.location).toContain('status=connected')
    const d = await detail('flow-untick')
    expect(d.state).toBe('scope_missing')
    expect(d.grantedScopes).not.toContain('heartrate')
    expect(d.timeline.find((e) => e.type === 'authorized')!.data).toMatchObject({ grantedScopes: d.grantedScopes, requestedScopes: d.requestedScopes })
  })

  it('deny → a user who never connected stays pending, with consent_denied; 302 with status=error&error=access_denied, keeping query params and private-use schemes', async () => {
    const p = await profileToken(sim, acct, 'flow-deny')
    const a = await authorize(sim, p, 'com.example.demo:/oauth')
    const c = await consentAt(a.body.authorizationUrl, 'deny')
    const ouraLoc = new URL(c.ouraLocation!)
    expect(ouraLoc.searchParams.get('error')).toBe('access_denied')
    expect(ouraLoc.searchParams.get('code')).toBeNull()
    expect(ouraLoc.searchParams.get('state')).toBe(new URL(a.body.authorizationUrl).searchParams.get('state'))
    const back = await followCallback(c.ouraLocation!)
    expect(back.status).toBe(302)
    expect(back.location).toBe('com.example.demo:/oauth?provider=oura&status=error&error=access_denied')
    const d = await detail('flow-deny')
    expect(d.state).toBe('pending')
    expect(d.lastError).toMatchObject({ source: 'oura_authorize', code: 'access_denied' })
    expect(d.timeline.at(-1)).toMatchObject({ type: 'consent_denied', data: { source: 'oura_authorize', code: 'access_denied' } })
  })

  it('an app redirect with its own query keeps it; a replayed state or code is refused', async () => {
    const integ = sim.state.accounts.get('acct-demo')!.integrations.get('oura')!
    integ.redirectUrlWhitelist = [...integ.redirectUrlWhitelist, 'https://demo-app.example/cb?tenant=7']
    const r = await fullFlow(sim, acct, 'flow-query', 'approve', [], 'https://demo-app.example/cb?tenant=7')
    expect(r.location).toBe('https://demo-app.example/cb?tenant=7&provider=oura&status=connected')
    const replay = await followCallback(r.ouraLocation)
    expect(replay.status).toBe(400)
    integ.redirectUrlWhitelist = integ.redirectUrlWhitelist.slice(0, 2)
  })

  it('a scope not enabled on the Oura app: invalid_scope redirect → error state, authorize_failed', async () => {
    const integ = sim.state.accounts.get('acct-demo')!.integrations.get('oura')!
    const saved = integ.scopes
    integ.scopes = [...saved, 'stress', 'heart_health']
    try {
      const p = await profileToken(sim, acct, 'flow-scope')
      const a = await authorize(sim, p)
      const c = await consentAt(a.body.authorizationUrl, 'approve')
      expect(c.status).toBe(302)
      const loc = new URL(c.ouraLocation!)
      expect(loc.searchParams.get('error')).toBe('invalid_scope')
      expect(loc.searchParams.get('error_description')).toBe('Scope not enabled for this application: stress heart_health')
      const back = await followCallback(c.ouraLocation!)
      expect(back.location).toContain('status=error&error=invalid_scope&error_description=Scope+not+enabled')
      const d = await detail('flow-scope')
      expect(d.state).toBe('error')
      expect(d.lastError).toMatchObject({ source: 'oura_authorize', code: 'invalid_scope' })
      expect(d.timeline.at(-1)!.type).toBe('authorize_failed')
    } finally {
      integ.scopes = saved
    }
  })

  it('wrong integration secret: the exchange fails invalid_client → error state with token_exchange_failed', async () => {
    const integ = sim.state.accounts.get('acct-demo')!.integrations.get('oura')!
    const saved = integ.clientSecret
    integ.clientSecret = 'not-the-oura-secret'
    try {
      const r = await fullFlow(sim, acct, 'flow-badclient')
      expect(r.location).toContain('status=error&error=invalid_client')
      const d = await detail('flow-badclient')
      expect(d.state).toBe('error')
      expect(d.lastError).toMatchObject({ source: 'oura_token', code: 'invalid_client', httpStatus: 401, title: 'Invalid Client ID' })
      expect(d.timeline.at(-1)!.type).toBe('token_exchange_failed')
    } finally {
      integ.clientSecret = saved
    }
  })
})

describe('consent page rules (oura-api.md §2, §10)', () => {
  const cloud = () => `${sim.url}/_oura/cloud/oauth/authorize`
  const title = async (url: string) => {
    const r = await fetch(url, { redirect: 'manual' })
    return { status: r.status, title: /<title>([^<]*)</.exec(await r.text())?.[1] }
  }
  it('unknown client_id, unregistered or missing redirect_uri: an Oura error page, never a redirect', async () => {
    const cb = encodeURIComponent(sim.callback)
    expect(await title(`${cloud()}?response_type=code&client_id=NOPE&redirect_uri=${cb}&scope=daily`)).toEqual({ status: 400, title: 'Invalid Client ID' })
    expect(await title(`${cloud()}?response_type=code&client_id=DEMO-OURA-CLIENT-ID&redirect_uri=${encodeURIComponent(`${sim.callback}/`)}&scope=daily`)).toEqual({ status: 400, title: 'Redirect URI Not Found' })
    await fetch(`${sim.url}/_admin/oura/apps/TWO-URIS`, { method: 'PUT', body: JSON.stringify({ clientSecret: 's-two', redirectUris: [sim.callback, 'https://other.example/cb'], enabledScopes: ['daily'], approved: true, portal: 'classic' }) })
    expect(await title(`${cloud()}?response_type=code&client_id=TWO-URIS&scope=daily`)).toEqual({ status: 400, title: 'Missing Redirect URI Parameter' })
    // One registered URI: redirect_uri may be left out.
    expect((await title(`${cloud()}?response_type=code&client_id=DEMO-OURA-CLIENT-ID&scope=daily`)).status).toBe(200)
  })

  it('an unknown scope is dropped silently by default: consent opens without it (oura-api.md §2, reported)', async () => {
    const r = await fetch(`${cloud()}?response_type=code&client_id=DEMO-OURA-CLIENT-ID&redirect_uri=${encodeURIComponent(sim.callback)}&scope=daily%20activity&state=s0`, { redirect: 'manual' })
    expect(r.status).toBe(200)
    const page = await r.text()
    expect(page).toContain('data-testid="scope-daily"')
    expect(page).not.toContain('scope-activity')
  })

  it('an app without server-side flow: every authorize redirects unauthorized_client "authorization grant not allowed"', async () => {
    await fetch(`${sim.url}/_admin/oura/apps/NO-SERVER-FLOW`, { method: 'PUT', body: JSON.stringify({ clientSecret: 's-nsf', redirectUris: [sim.callback], enabledScopes: ['daily'], approved: true, serverSideAllowed: false }) })
    const r = await fetch(`${cloud()}?response_type=code&client_id=NO-SERVER-FLOW&redirect_uri=${encodeURIComponent(sim.callback)}&scope=daily&state=s9`, { redirect: 'manual' })
    const loc = new URL(r.headers.get('location')!)
    expect([loc.searchParams.get('error'), loc.searchParams.get('error_description'), loc.searchParams.get('state')]).toEqual(['unauthorized_client', 'authorization grant not allowed for this client application', 's9'])
  })

  it('an unknown scope → invalid_scope "Unknown scope: X" with the option set to error', async () => {
    await fetch(`${sim.url}/_admin/options`, { method: 'POST', body: JSON.stringify({ unknownScope: 'error' }) })
    const r = await fetch(`${cloud()}?response_type=code&client_id=DEMO-OURA-CLIENT-ID&redirect_uri=${encodeURIComponent(sim.callback)}&scope=daily%20activity&state=s1`, { redirect: 'manual' })
    expect(r.status).toBe(302)
    const loc = new URL(r.headers.get('location')!)
    expect([loc.searchParams.get('error'), loc.searchParams.get('error_description'), loc.searchParams.get('state')]).toEqual(['invalid_scope', 'Unknown scope: activity', 's1'])
    await fetch(`${sim.url}/_admin/options`, { method: 'POST', body: JSON.stringify({ unknownScope: 'drop' }) })
  })

  it('an unapproved app with 10 connected users refuses the 11th: unauthorized_client "Application user limit reached"', async () => {
    await fetch(`${sim.url}/_admin/oura/apps/CAPPED`, { method: 'PUT', body: JSON.stringify({ clientSecret: 's-cap', redirectUris: [sim.callback], enabledScopes: ['daily'], approved: false, portal: 'classic', connectedUsers: 10 }) })
    const r = await fetch(`${cloud()}?response_type=code&client_id=CAPPED&redirect_uri=${encodeURIComponent(sim.callback)}&scope=daily&state=s2`, { redirect: 'manual' })
    const loc = new URL(r.headers.get('location')!)
    expect([loc.searchParams.get('error'), loc.searchParams.get('error_description')]).toEqual(['unauthorized_client', 'Application user limit reached'])
    await fetch(`${sim.url}/_admin/oura/apps/CAPPED`, { method: 'PUT', body: JSON.stringify({ connectedUsers: 9 }) })
    expect((await fetch(`${cloud()}?response_type=code&client_id=CAPPED&redirect_uri=${encodeURIComponent(sim.callback)}&scope=daily`, { redirect: 'manual' })).status).toBe(200)
    const app = (await (await fetch(`${sim.url}/_admin/oura/apps/CAPPED`)).json()) as Record<string, unknown>
    expect(app).toMatchObject({ clientId: 'CAPPED', approved: false, connectedUsers: 9 })
    expect(app).not.toHaveProperty('clientSecret')
  })
})
