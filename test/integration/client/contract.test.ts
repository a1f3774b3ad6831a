import { AppFailure } from '../../../main/errors'
import { callbackUrl, PROVIDERS } from '../../../preload/contract/rules/providers'
import { consent, makeClient, setup } from './support'
import type { RunningSimulator } from '../../../main/simulator/server'
import type { SahhaClient } from '../../../main/sahha/client'

const fail = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(AppFailure)
  return (e as AppFailure).appError
}

let sim: RunningSimulator
let client: SahhaClient
beforeAll(async () => {
  ;({ sim, client } = await setup({ profiles: 300 }))
})
afterAll(() => sim.close())

describe('seed behaviours (seed-oura-integration.md) through the client', () => {
  it('seed: the callback URL per environment is {base}/api/v1/integration/oauth/oura/callback', async () => {
    expect(callbackUrl('https://sandbox-api.sahha.ai', 'oura')).toBe('https://sandbox-api.sahha.ai/api/v1/integration/oauth/oura/callback')
    expect(callbackUrl('https://api.sahha.ai', 'oura')).toBe('https://api.sahha.ai/api/v1/integration/oauth/oura/callback')
    const cfg = (await client.admin.getIntegration('oura'))!.config
    expect(cfg.callbackUrl).toBe(`${sim.url}/api/v1/integration/oauth/oura/callback`)
  })

  it('seed: the 11 Oura scopes are accepted, anything else is refused', async () => {
    const current = (await client.admin.getIntegration('oura'))!
    const all = PROVIDERS.oura.scopes.map((s) => s.name)
    expect(all).toHaveLength(11)
    const bad = await fail(client.admin.putIntegration('oura', { ...current.config, scopes: ['daily', 'activity'] }, { ifMatch: current.etag! }))
    expect(bad).toMatchObject({ code: 'SAHHA_VALIDATION', field: 'scopes' })
  })

  it('seed: a new integration defaults to all scopes; scopes not enabled on the Oura app are flagged by Sahha', async () => {
    const acme = makeClient(sim, { clientId: 'acme-account-client-id', clientSecret: 'acme-account-secret-42' })
    expect(await acme.admin.getIntegration('oura')).toBeNull()
    const all = PROVIDERS.oura.defaultScopes as string[]
    const created = await acme.admin.putIntegration(
      'oura',
      { enabled: true, clientId: 'ACME-OURA', clientSecret: 'acme-oura-secret-000', scopes: all, providerAppScopes: ['daily'], redirectUrlWhitelist: ['https://acme.example/cb'] },
      { ifNoneMatch: '*' }
    )
    expect(created.config.version).toBe(1)
    expect(created.etag).toBe('"1"')
    expect(created.warnings[0]).toMatchObject({ code: 'SCOPE_NOT_ON_PROVIDER_APP' })
    expect(created.warnings[0]!.scopes).toHaveLength(10)
    expect(JSON.stringify(created.config)).not.toContain('acme-oura-secret-000')
    const again = await fail(acme.admin.putIntegration('oura', { ...created.config }, { ifNoneMatch: '*' }))
    expect(again.code).toBe('CONFLICT')
  })

  it('seed: a scope selected in Sahha but not enabled on the Oura app fails the OAuth flow', async () => {
    const cur = (await client.admin.getIntegration('oura'))!
    const withStress = await client.admin.putIntegration('oura', { ...cur.config, scopes: [...cur.config.scopes, 'stress'] }, { ifMatch: cur.etag! })
    try {
      const { profileToken } = await client.documented.profileTokenOrRegister('flow-scope-mismatch')
      const { authorizationUrl } = await client.documented.authorize('oura', profileToken, undefined)
      const r = await consent(authorizationUrl, 'approve')
      expect(r.consentShown).toBe(false)
      const back = new URL((await fetch(r.location!, { redirect: "manual" })).headers.get("location")!)
      expect(back.searchParams.get('status')).toBe('error')
      expect(back.searchParams.get('error')).toBe('invalid_scope')
      expect((await client.admin.getConnection('oura', 'flow-scope-mismatch')).state).toBe('error')
    } finally {
      await client.admin.putIntegration('oura', { ...withStress.config, scopes: cur.config.scopes }, { ifMatch: withStress.etag! })
    }
  })

  it('seed: redirectUrl must match a whitelist entry', async () => {
    const { profileToken } = await client.documented.profileTokenOrRegister('flow-whitelist')
    const e = await fail(client.documented.authorize('oura', profileToken, 'https://evil.example/cb'))
    expect(e).toMatchObject({ code: 'SAHHA_VALIDATION', field: 'redirectUrl', httpStatus: 400 })
    // Matching is on the normalised URL: scheme/host case and the default port do not matter.
    const ok = await client.documented.authorize('oura', profileToken, 'HTTPS://DEMO-APP.example:443/integrations/callback')
    expect(ok.authorizationUrl).toContain('/_oura/cloud/oauth/authorize')
  })

  it('seed: without redirectUrl the first whitelist entry is used', async () => {
    const { profileToken } = await client.documented.profileTokenOrRegister('flow-default')
    const { authorizationUrl } = await client.documented.authorize('oura', profileToken, undefined)
    const r = await consent(authorizationUrl, 'approve')
    expect(r.location).toMatch(/^https:\/\/demo-app\.example\/integrations\/callback\?provider=oura&status=connected$/)
    expect((await client.admin.getConnection('oura', 'flow-default')).state).toBe('connected')
  })

  it('seed: the authorize response is {"authorizationUrl": …} with the integration scopes space-separated', async () => {
    const { profileToken } = await client.documented.profileTokenOrRegister('flow-shape')
    const r = await client.documented.authorize('oura', profileToken, undefined)
    expect(Object.keys(r)).toEqual(['authorizationUrl'])
    const u = new URL(r.authorizationUrl)
    expect(u.searchParams.get('response_type')).toBe('code')
    expect(u.searchParams.get('scope')).toBe('email personal daily heartrate workout tag session spo2')
    expect(r.authorizationUrl).toContain('scope=email%20personal')
    expect(u.searchParams.get('redirect_uri')).toBe(`${sim.url}/api/v1/integration/oauth/oura/callback`)
  })
})

describe('OAuth flow outcomes', () => {
  it('a user who unticks scopes ends in scope_missing; one who denies before ever connecting stays pending (nothing to re-authorize)', async () => {
    const a = await client.documented.profileTokenOrRegister('flow-untick')
    const r1 = await consent((await client.documented.authorize('oura', a.profileToken, undefined)).authorizationUrl, 'approve', ['heartrate'])
    expect(r1.location).toContain('status=connected')
    expect((await client.admin.getConnection('oura', 'flow-untick')).state).toBe('scope_missing')
    const b = await client.documented.profileTokenOrRegister('flow-deny')
    const r2 = await consent((await client.documented.authorize('oura', b.profileToken, undefined)).authorizationUrl, 'deny')
    expect(r2.location).toContain('error=access_denied')
    const d = await client.admin.getConnection('oura', 'flow-deny')
    expect(d.state).toBe('pending')
    expect(d.timeline.map((e) => e.type)).toContain('consent_denied')
  })
})

describe('documented and invented calls, with their error paths', () => {
  it('account token: wrong credentials are a typed auth error with a remedy, and the secret is never echoed', async () => {
    const bad = makeClient(sim, { clientSecret: 'wrong-secret-canary-123' })
    const e = await fail(bad.auth.token())
    expect(e).toMatchObject({ code: 'SAHHA_AUTH', httpStatus: 401 })
    expect(e.remedy).toMatch(/client ID and secret/)
    expect(JSON.stringify(e)).not.toContain('wrong-secret-canary-123')
  })

  it('refreshes the account token once on 401 and carries on', async () => {
    await client.admin.connectionSummary('oura')
    await fetch(`${sim.url}/_admin/expire-tokens`, { method: 'POST' })
    const s = await client.admin.connectionSummary('oura')
    expect(s.total).toBeGreaterThan(0)
  })

  it('profiles: register is not idempotent (400), token for an unknown id is 404, search pages by prefix', async () => {
    await client.documented.registerProfile('reg-once')
    const dup = await fail(client.documented.registerProfile('reg-once'))
    expect(dup).toMatchObject({ code: 'SAHHA_VALIDATION', field: 'externalId' })
    const unknown = await fail(client.documented.profileToken('never-registered'))
    expect(unknown.code).toBe('NOT_FOUND')
    const page = await client.documented.searchProfiles({ search: 'user-00001', page: 1, pageSize: 5 })
    expect(page.items).toHaveLength(5)
    expect(page.items.every((p) => p.externalId.startsWith('user-00001'))).toBe(true)
    expect((await client.documented.searchProfiles({ search: 'zzz' })).items).toEqual([])
  })

  it('profile integrations: a list for a connected user, an empty list (204) for one without', async () => {
    expect(await client.documented.profileIntegrations('user-0000100')).toEqual([{ integrationType: 'oura', integrationIdentifier: expect.any(String), integrationValues: {} }])
    await client.documented.registerProfile('never-linked')
    expect(await client.documented.profileIntegrations('never-linked')).toEqual([])
  })

  it('integration config: a stale write is a CONFLICT carrying the current version; no If-Match is refused', async () => {
    const a = (await client.admin.getIntegration('oura'))!
    const next = await client.admin.putIntegration('oura', { ...a.config, enabled: true }, { ifMatch: a.etag! })
    expect(next.config.version).toBe(a.config.version + 1)
    const stale = await fail(client.admin.putIntegration('oura', { ...a.config }, { ifMatch: a.etag! }))
    expect(stale.code).toBe('CONFLICT')
    expect((stale.details as { current: { version: number } }).current.version).toBe(next.config.version)
    const res = await fetch(`${sim.url}/api/v1/account/integrations/oura`, { method: 'PUT', headers: { Authorization: `account ${await client.auth.token()}`, 'Content-Type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(428)
  })

  it('connections: filters, search, sort, bad page size, detail 404, idempotent disconnect', async () => {
    const broken = await client.admin.listConnections('oura', { state: ['needs_reauth', 'error'], pageSize: 1000 })
    expect(broken.items.length).toBeGreaterThan(0)
    expect(broken.items.every((c) => ['needs_reauth', 'error'].includes(c.state))).toBe(true)
    const search = await client.admin.listConnections('oura', { search: 'user-000002', pageSize: 1000 })
    expect(search.items.every((c) => c.externalId.startsWith('user-000002'))).toBe(true)
    const sorted = await client.admin.listConnections('oura', { sort: '-lastSyncAt', pageSize: 50 })
    const times = sorted.items.map((c) => c.lastSyncAt ?? '')
    expect([...times].sort().reverse()).toEqual(times)
    expect((await fail(client.admin.listConnections('oura', { pageSize: 5000 }))).code).toBe('SAHHA_VALIDATION')
    expect((await fail(client.admin.getConnection('oura', 'nobody-here'))).code).toBe('NOT_FOUND')
    const d1 = await client.admin.disconnect('oura', 'user-0000150')
    const d2 = await client.admin.disconnect('oura', 'user-0000150')
    expect([d1.state, d2.state]).toEqual(['disconnected', 'disconnected'])
  })

  it('a real Sahha host without the invented admin API gives SAHHA_NOT_AVAILABLE, not a crash', async () => {
    const fake: typeof fetch = async (url) => {
      const u = url instanceof Request ? url.url : url.toString()
      if (u.endsWith('/api/v1/oauth/account/token')) return new Response(JSON.stringify({ accountToken: 'tok-aaaaaaaaaaaa', expiresIn: 86400 }), { status: 200 })
      return new Response('', { status: 404 })
    }
    const c = makeClient(sim, { fetch: fake })
    expect((await fail(c.admin.getIntegration('oura'))).code).toBe('SAHHA_NOT_AVAILABLE')
    expect((await fail(c.admin.connectionSummary('oura'))).code).toBe('SAHHA_NOT_AVAILABLE')
  })
})

describe('preflight probes against Oura', () => {
  it('distinguishes good credentials (invalid_grant) from wrong ones (invalid_client)', async () => {
    const cb = `${sim.url}/api/v1/integration/oauth/oura/callback`
    expect((await client.oura.probeCredentials(sim.demo.ouraClientId, sim.demo.ouraClientSecret, cb)).credentials).toBe('good')
    expect((await client.oura.probeCredentials(sim.demo.ouraClientId, 'wrong-secret', cb)).credentials).toBe('bad')
  })

  it('sees an unregistered redirect URI as an Oura error page and a disabled scope as invalid_scope', async () => {
    const base = `${sim.url}/_oura/cloud/oauth/authorize?response_type=code&client_id=${sim.demo.ouraClientId}`
    const cb = encodeURIComponent(`${sim.url}/api/v1/integration/oauth/oura/callback`)
    expect(await client.oura.checkAuthorize(`${base}&redirect_uri=${encodeURIComponent('https://api.sahha.ai/api/v1/integration/oauth/oura/callback')}&scope=daily`)).toEqual({ kind: 'error_page', title: 'Redirect URI Not Found' })
    expect(await client.oura.checkAuthorize(`${base}&redirect_uri=${cb}&scope=daily%20stress`)).toMatchObject({ kind: 'redirect_error', error: 'invalid_scope' })
    expect(await client.oura.checkAuthorize(`${base}&redirect_uri=${cb}&scope=daily`)).toEqual({ kind: 'consent' })
  })

  it('refresh tokens are single-use: a reused one fails as "already used or revoked"', async () => {
    const { profileToken } = await client.documented.profileTokenOrRegister('flow-refresh')
    const { authorizationUrl } = await client.documented.authorize('oura', profileToken, undefined)
    const page = await fetch(authorizationUrl)
    const html = await page.text()
    const form = new URLSearchParams()
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&amp;/g, '&'))
    form.append('scope', 'daily')
    form.set('decision', 'approve')
    const posted = await fetch(`${sim.url}/_oura/cloud/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' })
    const code = new URL(posted.headers.get('location')!).searchParams.get('code')!
    const tokenCall = (body: Record<string, string>) =>
      fetch(`${sim.url}/_oura/api/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: sim.demo.ouraClientId, client_secret: sim.demo.ouraClientSecret, ...body }) })
    const first = await (await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: `${sim.url}/api/v1/integration/oauth/oura/callback` })).json()
    expect(first.refresh_token).toBeTruthy()
    const codeAgain = await (await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: `${sim.url}/api/v1/integration/oauth/oura/callback` })).json()
    expect(codeAgain.error).toBe('invalid_grant')
    expect((await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(200)
    const reused = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(reused.status).toBe(400)
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant', title: 'Token Already Used Or Revoked' })
  })
})
