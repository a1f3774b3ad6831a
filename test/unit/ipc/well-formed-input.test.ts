import type { App } from '../../../main/compose'
import type { Tenant } from '../../../preload/contract/models'
import { composeTestApp } from '../../support/compose-test-app'

// An identifier with half an emoji (a lone UTF-16 surrogate, e.g. from a broken paste) cannot be put into a
// URL: encodeURIComponent throws and URLSearchParams silently swaps it for U+FFFD. Through the real dispatch
// and the Demo environment, the operator gets VALIDATION on that field instead of "something unexpected".
const LONE = 'user-\uD83D' // the first half of 😀 alone
let app: App
let demo: Tenant
const call = (channel: string, input: unknown) => app.dispatch(channel, input, { kind: 'test' })

beforeAll(async () => {
  app = (await composeTestApp()).app
  const listed = await call('tenants.list', {})
  demo = (listed.ok ? (listed.value as Tenant[]) : []).find((t) => t.environment === 'demo')!
})
afterAll(() => app.close())

describe('identifiers that are not well-formed Unicode', () => {
  it('refuses a lone-surrogate externalId with VALIDATION on that field, on every channel that puts it in a URL', async () => {
    const base = { tenantId: demo.id, provider: 'oura' }
    const cases: [string, unknown, string][] = [
      ['connections.detail', { ...base, externalId: LONE }, 'externalId'],
      ['connections.connect', { ...base, externalId: LONE }, 'externalId'],
      ['connections.disconnect', { ...base, externalId: LONE }, 'externalId'],
      ['connections.reconnectLinks', { ...base, operationId: 'op_wellformed01', externalIds: ['user-0000001', LONE] }, 'externalIds.1'],
      ['connections.connect', { ...base, externalId: 'user-0000001', redirectUrl: `https://app.example.com/cb?x=${LONE}` }, 'redirectUrl']
    ]
    for (const [channel, input, field] of cases) {
      const r = await call(channel, input)
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'VALIDATION', field, message: expect.stringMatching(/broken character/), remedy: expect.stringContaining(field) } })
    }
  })

  it('refuses a lone surrogate in a tenant name or client ID, and in the integration editor fields', async () => {
    const created = await call('tenants.create', { name: `Acme ${LONE}`, environment: 'demo', sahhaClientId: 'acme-account-client-id', sahhaClientSecret: 'acme-account-secret-42' })
    expect(created).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name' } })
    const edit = { enabled: true, clientId: `ACME\uDE00`, scopes: ['daily'], providerAppScopes: null, redirectUrlWhitelist: ['https://app.example.com/cb'] }
    expect(await call('drafts.save', { tenantId: demo.id, provider: 'oura', edit, baseVersion: null })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'edit.clientId' } })
  })

  it('accepts the same identifiers with the whole emoji, so only broken text is refused', async () => {
    const r = await call('connections.detail', { tenantId: demo.id, provider: 'oura', externalId: 'user-😀' })
    // Not a validation error: the Demo environment answers (this user does not exist there).
    expect(r.ok ? 'ok' : r.error.code).not.toBe('VALIDATION')
    expect(await call('connections.detail', { tenantId: demo.id, provider: 'oura', externalId: 'user-0000001' })).toMatchObject({ ok: true })
  })
})
