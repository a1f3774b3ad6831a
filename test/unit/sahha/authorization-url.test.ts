import { demoBases, REAL_BASES } from '../../../main/config'
import { AppFailure } from '../../../main/errors'
import { checkAuthorizationUrl } from '../../../main/sahha/authorization-url'
import { createSahhaClient } from '../../../main/sahha/client'
import { failureOf, sendJson, startHostileServer } from './support'

const SANDBOX_OURA = REAL_BASES.sandbox.ouraCloudBase
const SIM = 'http://127.0.0.1:45678'
const DEMO_OURA = demoBases(SIM).ouraCloudBase
const QUERY = '?response_type=code&client_id=ACME&state=st_do-not-echo-me'

function refusal(url: string, base: string): AppFailure {
  try {
    checkAuthorizationUrl(url, base)
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure)
    return e as AppFailure
  }
  throw new Error(`accepted ${url}`)
}

describe('the authorization link Sahha returns', () => {
  it("is accepted on Oura's https host for sandbox and production, and on the simulator's Oura base on Demo", () => {
    expect(checkAuthorizationUrl(`https://cloud.ouraring.com/oauth/authorize${QUERY}`, SANDBOX_OURA)).toBe(`https://cloud.ouraring.com/oauth/authorize${QUERY}`)
    expect(checkAuthorizationUrl(`https://cloud.ouraring.com/oauth/authorize${QUERY}`, REAL_BASES.production.ouraCloudBase)).toContain('cloud.ouraring.com')
    expect(checkAuthorizationUrl(`${SIM}/_oura/cloud/oauth/authorize${QUERY}`, DEMO_OURA)).toContain('/_oura/cloud/oauth/authorize')
  })

  it.each([
    ['javascript:alert(document.cookie)', SANDBOX_OURA, 'javascript:'],
    ['file:///etc/passwd', SANDBOX_OURA, 'file:'],
    ['data:text/html,<script>alert(1)</script>', SANDBOX_OURA, 'data:'],
    ['sahha-admin://connect?tenant=t_1', SANDBOX_OURA, 'sahha-admin://connect'],
    [`http://cloud.ouraring.com/oauth/authorize${QUERY}`, SANDBOX_OURA, 'http://cloud.ouraring.com'],
    [`https://evil.example/oauth/authorize${QUERY}`, SANDBOX_OURA, 'https://evil.example'],
    [`https://cloud.ouraring.com.evil.example/oauth/authorize${QUERY}`, SANDBOX_OURA, 'https://cloud.ouraring.com.evil.example'],
    [`https://user:pw@cloud.ouraring.com/oauth/authorize${QUERY}`, SANDBOX_OURA, 'https://cloud.ouraring.com with a user name or password in it'],
    [`https://cloud.ouraring.com:8443/oauth/authorize${QUERY}`, SANDBOX_OURA, 'https://cloud.ouraring.com:8443'],
    [`${SIM}/_oura/cloud/oauth/authorize${QUERY}`, SANDBOX_OURA, SIM],
    [`http://127.0.0.1:1/_oura/cloud/oauth/authorize${QUERY}`, DEMO_OURA, 'http://127.0.0.1:1'],
    [`${SIM}/api/v1/integration/oauth/oura/callback${QUERY}`, DEMO_OURA, `${SIM} outside its Oura path`],
    ['not a url', SANDBOX_OURA, 'an address that is not a URL']
  ])('refuses %s as BAD_RESPONSE naming where it points, never its query', (url, base, named) => {
    const e = refusal(url, base)
    expect(e.code).toBe('BAD_RESPONSE')
    expect(e.message).toContain(`authorization link to ${named}`)
    expect(e.message).not.toContain('do-not-echo-me')
    expect(e.appError.remedy).toMatch(/Do not send a link/)
  })

  it('a javascript: link from Sahha never reaches the caller of the client', async () => {
    const sahha = await startHostileServer((_req, res) => sendJson(res, 200, { authorizationUrl: 'javascript:alert(1)' }))
    try {
      const client = createSahhaClient({ baseUrl: sahha.url, ouraCloudBase: `${sahha.url}/_oura/cloud`, ouraApiBase: `${sahha.url}/_oura/api`, fetch, getCredentials: async () => ({ clientId: 'x', clientSecret: 'y-secret' }) })
      const e = await failureOf(client.documented.authorize('oura', 'prof_token_of_the_test_user_0000000', undefined))
      expect(e.message).toContain('authorization link to javascript:')
    } finally {
      await sahha.close()
    }
  })
})
