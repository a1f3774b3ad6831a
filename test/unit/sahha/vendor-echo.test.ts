import { createLogger } from '../../../main/log'
import { createSahhaClient } from '../../../main/sahha/client'
import { failureOf, sendJson, startHostileServer, type HostileServer } from './support'

const ACCOUNT_SECRET = 'acct-secret-echo-canary-1'
const OURA_SECRET = 'oura-secret-echo-canary-2'

/** A Sahha and Oura stand-in that quotes back, in free text, the secret it was sent. */
let vendor: HostileServer
beforeAll(async () => {
  vendor = await startHostileServer((req, res) => {
    if (req.url === '/api/v1/oauth/account/token') {
      const { clientSecret } = JSON.parse(req.body) as { clientSecret: string }
      if (clientSecret !== ACCOUNT_SECRET) return sendJson(res, 401, { title: 'Unauthorized', detail: `No account has the secret ${clientSecret}` })
      return sendJson(res, 200, { accountToken: 'acct_token_of_the_echoing_vendor_0000', expiresIn: 86400 })
    }
    if (req.method === 'PUT') {
      const { clientSecret } = JSON.parse(req.body) as { clientSecret: string }
      return sendJson(res, 400, { title: 'Bad Request', statusCode: 400, errors: [{ origin: 'clientSecret', errors: [`'${clientSecret}' is not a valid Oura client secret`] }] })
    }
    if (req.url === '/_oura/api/oauth/token') {
      const secret = new URLSearchParams(req.body).get('client_secret')
      return sendJson(res, 401, { error: 'invalid_client', error_description: `client_secret ${secret} does not belong to client OURA-ID` })
    }
    sendJson(res, 404, { title: 'Not Found' })
  })
})
afterAll(() => vendor.close())

function client(accountSecret = ACCOUNT_SECRET) {
  const lines: string[] = []
  const log = createLogger((l) => lines.push(l), 'debug')
  const c = createSahhaClient({
    baseUrl: vendor.url,
    ouraCloudBase: `${vendor.url}/_oura/cloud`,
    ouraApiBase: `${vendor.url}/_oura/api`,
    fetch,
    getCredentials: async () => ({ clientId: 'acct-client-id', clientSecret: accountSecret }),
    http: { retries: 0 },
    log
  })
  return { c, lines }
}

describe('a vendor that echoes the secret it was sent', () => {
  it('a 400 quoting the Oura client secret of an integration save reaches the operator redacted, in the message, the raw body and every other field', async () => {
    const { c, lines } = client()
    const e = await failureOf(c.admin.putIntegration('oura', { clientId: 'OURA-ID', clientSecret: OURA_SECRET, scopes: ['daily'], redirectUrlWhitelist: ['https://app.example/cb'] }, { ifNoneMatch: '*' }))
    expect(e.code).toBe('SAHHA_VALIDATION')
    expect(e.appError.message).toContain("'[REDACTED]' is not a valid Oura client secret")
    expect(e.appError.raw).toContain('[REDACTED]')
    expect(JSON.stringify(e.appError)).not.toContain(OURA_SECRET)
    expect(e.message).not.toContain(OURA_SECRET)
    expect(lines.join('\n')).not.toContain(OURA_SECRET)
  })

  it("Oura's error_description quoting the client secret reaches preflight's credentials check redacted", async () => {
    const { c } = client()
    const probe = await c.oura.probeCredentials('OURA-ID', OURA_SECRET, 'https://sahha.example/callback')
    expect(probe.credentials).toBe('bad')
    expect(probe.detail).toBe('client_secret [REDACTED] does not belong to client OURA-ID')
  })

  it('a 401 quoting a wrong account secret reaches the operator redacted', async () => {
    const wrong = 'wrong-account-secret-echo-3'
    const { c } = client(wrong)
    const e = await failureOf(c.auth.token())
    expect(e.code).toBe('SAHHA_AUTH')
    expect(JSON.stringify(e.appError)).not.toContain(wrong)
  })
})
