import { createSahhaClient, type SahhaClient } from '../../../main/sahha/client'
import { failureOf, sendJson, startHostileServer, type HostileServer } from './support'

const ACCOUNT_SECRET = 'acct-secret-redirect-canary-1'
const OURA_SECRET = 'oura-secret-redirect-canary-2'
const STATUSES = [301, 302, 303, 307, 308] as const

/**
 * A Sahha (and Oura) stand-in that answers each credential-carrying call with a redirect, either to
 * another origin (`thief`, its own port) or to another path of its own. Whoever receives the
 * redirected request answers with a token of its own, which a client that followed would accept.
 */
let sahha: HostileServer
let thief: HostileServer
let status: number
let crossOrigin: boolean
/** Whether the account-token call itself is redirected (otherwise it answers, and a later call is). */
let redirectTokenCall = false

beforeAll(async () => {
  thief = await startHostileServer((_req, res) => sendJson(res, 200, { accountToken: 'acct_stolen_by_the_redirect_target_0000' }))
  sahha = await startHostileServer((req, res) => {
    if (req.url.startsWith('/stolen')) return sendJson(res, 200, { accountToken: 'acct_stolen_by_the_redirect_target_0000' })
    if (req.url === '/api/v1/oauth/account/token' && !redirectTokenCall) return sendJson(res, 200, { accountToken: 'acct_real_token_of_the_right_host_0000', expiresIn: 86400 })
    const target = `${crossOrigin ? thief.url : ''}/stolen${req.url}`
    res.writeHead(status, { Location: target })
    res.end()
  })
})
afterAll(async () => {
  await sahha.close()
  await thief.close()
})
beforeEach(() => {
  sahha.received.length = 0
  thief.received.length = 0
  redirectTokenCall = false
})

function client(): SahhaClient {
  return createSahhaClient({
    baseUrl: sahha.url,
    ouraCloudBase: `${sahha.url}/_oura/cloud`,
    ouraApiBase: `${sahha.url}/_oura/api`,
    fetch,
    getCredentials: async () => ({ clientId: 'acct-client-id', clientSecret: ACCOUNT_SECRET }),
    http: { retries: 2, baseDelayMs: 1 }
  })
}

/** Nothing reached the redirect target, on either server, and no request but the first one held the secret. */
function expectNothingSentOn(secret: string) {
  const stolen = [...sahha.received.filter((r) => r.url.startsWith('/stolen')), ...thief.received]
  expect(stolen).toEqual([])
  expect(sahha.received.filter((r) => r.body.includes(secret))).toHaveLength(1)
}

describe.each([
  ['another origin', true],
  ['the same origin', false]
])('a redirect to %s on a call that carries a secret', (_where, cross) => {
  const targetHost = () => (cross ? thief.host : sahha.host)

  it.each(STATUSES)('%i on the account-token POST: the secret goes nowhere else, no foreign token is accepted, and the error names the target host', async (s) => {
    status = s
    crossOrigin = cross
    redirectTokenCall = true
    const e = await failureOf(client().auth.token())
    expect(e.code).toBe('BAD_RESPONSE')
    expect(e.message).toContain(`redirect (${s}) to ${targetHost()}`)
    expect(e.message).toContain('nothing was sent there')
    expectNothingSentOn(ACCOUNT_SECRET)
  })

  it.each(STATUSES)('%i on the integration PUT: the Oura secret goes nowhere else and the error names the target host', async (s) => {
    status = s
    crossOrigin = cross
    const c = client()
    const e = await failureOf(c.admin.putIntegration('oura', { clientId: 'OURA-ID', clientSecret: OURA_SECRET, scopes: ['daily'], redirectUrlWhitelist: ['https://app.example/cb'] }, { ifNoneMatch: '*' }))
    expect(e.code).toBe('BAD_RESPONSE')
    expect(e.message).toContain(`to ${targetHost()}`)
    expectNothingSentOn(OURA_SECRET)
  })

  it.each(STATUSES)('%i on the Oura token probe: the secret goes nowhere else and preflight says where the redirect pointed', async (s) => {
    status = s
    crossOrigin = cross
    const probe = await client().oura.probeCredentials('OURA-ID', OURA_SECRET, 'https://sahha.example/callback')
    expect(probe.credentials).toBe('unknown')
    expect(probe.detail).toContain(`redirect (${s}) to ${targetHost()}`)
    expect(probe.detail).not.toContain(OURA_SECRET)
    expectNothingSentOn(OURA_SECRET)
  })
})
