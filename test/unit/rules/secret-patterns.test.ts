import { findSecrets, isSecretFieldName, redactSecrets } from '../../../preload/contract/secret-patterns'

/** Secrets in every shape that the logger, the client's redaction, the incident bundle or the canary met before they shared one module. */
const LEAKS: [string, string][] = [
  ['an account token in a JSON body', '{"accountToken":"acct_abcdefghijklmnopqrstuvwxyz012345"}'],
  ['an Authorization header in JSON', '{"Authorization":"account acct_abcdefghijklmnopqrstuvwxyz012345"}'],
  ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
  ['an Oura refresh token', '{"refresh_token":"or_8f7d6c5b4a39281706f5e4d3"}'],
  ['an OAuth code in a URL', 'https://x.example/cb?code=code_abcdefghijklmnop'],
  ['a client secret in a form body', 'grant_type=authorization_code&client_id=abc&client_secret=hunter2-oura'],
  ['a client secret quoted in an error message', 'boom with clientSecret=hunter2-canary'],
  ['a secret header line', 'x-client-secret: hunter2-header'],
  ['a profile token in prose', 'sent profile prof_Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Ng to Sahha'],
  ['Basic credentials', 'Authorization: Basic Y2xpZW50OmFjbWUtc2VjcmV0LTQy'],
  ['a bare simulator token', 'oa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ['a secret in a JSON field named by suffix', '{"sahhaClientSecret":"s3cr3t-value"}']
]

/** What the incident bundle and the error views must keep: they name secrets without holding one. */
const CLEAN: string[] = [
  '{"refresh_token":"[REDACTED]","title":"Token Already Used Or Revoked","externalId":"sha256:0f1e"}',
  '{"tokenInfo":{"accessTokenExpiresAt":"2026-11-24T00:00:00Z","refreshTokenIssuedAt":null},"clientSecretSet":true,"clientSecretUpdatedAt":"2026-11-20T00:00:00Z"}',
  '{"lastError":{"source":"oura_token","code":"invalid_grant","title":"Token Already Used Or Revoked"}}',
  'Check the profile registration and the account credentials; see Basic information.',
  'refreshToken: Field required',
  '{"provider":"oura","clientId":"ACME","clientSecret":"TO BE ENTERED"}',
  'https://cloud.ouraring.com/oauth/authorize?response_type=code&client_id=ACME&redirect_uri=https%3A%2F%2Fx&scope=daily&state=st_preflight'
]

describe('secret patterns shared by the logger, the client, the incident bundle and the canary', () => {
  it.each(LEAKS)('finds and redacts %s', (_what, text) => {
    expect(findSecrets(text)).not.toEqual([])
    const redacted = redactSecrets(text)
    expect(redacted).toContain('[REDACTED]')
    expect(findSecrets(redacted)).toEqual([])
  })

  it.each(CLEAN)('leaves alone text that only names a secret: %s', (text) => {
    expect(findSecrets(text)).toEqual([])
    expect(redactSecrets(text)).toBe(text)
  })

  it('keeps the name of the field it redacts, so the operator still sees what was there', () => {
    expect(redactSecrets('{"clientSecret": "hunter2-x", "clientId": "ACME"}')).toBe('{"clientSecret": "[REDACTED]", "clientId": "ACME"}')
    expect(redactSecrets('a=1&client_secret=hunter2&b=2')).toBe('a=1&client_secret=[REDACTED]&b=2')
  })

  it('replaces literal secrets of 4 characters or more wherever they are, and ignores shorter ones', () => {
    expect(redactSecrets('Oura said: acme-oura-secret-42 is not valid', ['acme-oura-secret-42'])).toBe('Oura said: [REDACTED] is not valid')
    expect(redactSecrets('abc', ['abc', 'b'])).toBe('abc')
  })

  it('tells secret field names from names that only describe one', () => {
    for (const n of ['clientSecret', 'client_secret', 'x-client-secret', 'Authorization', 'accountToken', 'refresh_token', 'password', 'x-api-key']) expect(isSecretFieldName(n)).toBe(true)
    for (const n of ['clientSecretSet', 'accessTokenExpiresAt', 'tokenInfo', 'code', 'clientId', 'status']) expect(isSecretFieldName(n)).toBe(false)
  })
})
