import { assessWebhooks, expectedWebhookTypes } from '../../../preload/contract/rules/webhook-health'
import { driftOf, ouraPageRow, parseAuthorizationUrl, readBackRows } from '../../../preload/contract/rules/authorize-readback'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const D = 86_400_000
const sub = (data_type: string, over: Partial<{ callback_url: string; expiration_time: string; event_type: string }> = {}) => ({
  id: `id-${data_type}-${over.event_type ?? 'update'}`,
  data_type,
  event_type: 'update',
  callback_url: 'https://sandbox-api.sahha.ai/hooks/oura',
  expiration_time: new Date(NOW + 40 * D).toISOString(),
  ...over
})

describe('webhook health from Oura’s list', () => {
  it('maps scopes to subscribable webhook types (heartrate has none; vo2_max in webhook spelling)', () => {
    expect(expectedWebhookTypes(['heartrate'])).toEqual([])
    expect(expectedWebhookTypes(['heart_health']).map((e) => e.dataType)).toEqual(['daily_cardiovascular_age', 'vo2_max'])
  })

  it('flags expired, expiring within 3 days, missing and other-host subscriptions; a healthy list has no finding', () => {
    const healthy = assessWebhooks({ subscriptions: [sub('workout'), sub('daily_spo2')], scopes: ['workout', 'spo2'], sahhaBase: 'https://sandbox-api.sahha.ai', now: NOW, fresh: false })
    expect([healthy.verdict, healthy.findings]).toEqual(['healthy', []])
    const a = assessWebhooks({
      subscriptions: [
        sub('tag', { expiration_time: new Date(NOW - D).toISOString() }),
        sub('enhanced_tag', { expiration_time: new Date(NOW + 2 * D).toISOString() }),
        sub('workout', { callback_url: 'https://api.sahha.ai/hooks/oura' })
      ],
      scopes: ['tag', 'workout', 'session'],
      sahhaBase: 'https://sandbox-api.sahha.ai',
      now: NOW,
      fresh: false
    })
    expect(a.verdict).toBe('attention')
    expect(Object.fromEntries(a.coverage.map((c) => [c.dataType, c.state]))).toEqual({ tag: 'expired', enhanced_tag: 'expiring', workout: 'other_host', session: 'missing' })
    expect(a.findings.map((f) => f.id).sort()).toEqual(['OURA_WEBHOOK_CALLBACK_OTHER_HOST', 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED', 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRING', 'OURA_WEBHOOK_SUBSCRIPTION_MISSING'])
    expect(a.rows.find((r) => r.dataType === 'workout')?.callback).toBe('other_sahha_environment')
  })

  it('an empty list is never an alarm: inconclusive, or waiting for the first event on a fresh integration', () => {
    const old = assessWebhooks({ subscriptions: [], scopes: ['daily'], sahhaBase: 'https://api.sahha.ai', now: NOW, fresh: false })
    expect([old.verdict, old.findings.length]).toEqual(['inconclusive', 0])
    expect(old.summary).toMatch(/Sahha may not have subscribed yet/)
    const fresh = assessWebhooks({ subscriptions: [], scopes: ['daily'], sahhaBase: 'https://api.sahha.ai', now: NOW, fresh: true })
    expect([fresh.verdict, fresh.summary, fresh.coverage[0]?.state]).toEqual(['waiting', expect.stringContaining('no subscriptions until Sahha creates them'), 'awaiting'])
  })
})

describe('authorize read-back (sahha-api.md §7.3)', () => {
  const url = 'https://cloud.ouraring.com/oauth/authorize?response_type=code&client_id=LIVE-ID&redirect_uri=https%3A%2F%2Fsandbox-api.sahha.ai%2Fapi%2Fv1%2Fintegration%2Foauth%2Foura%2Fcallback&scope=daily+heartrate%20stress&state=opaque'
  const expected = { ouraAuthorizePage: 'https://cloud.ouraring.com/oauth/authorize', clientId: 'LIVE-ID', callbackUrl: 'https://sandbox-api.sahha.ai/api/v1/integration/oauth/oura/callback', scopes: ['daily', 'heartrate'], providerAppScopes: ['daily', 'heartrate'] }

  it('splits scope on + and %20, and names the scope the Oura app lacks as a red row', () => {
    const r = parseAuthorizationUrl(url)!
    expect(r.scopes).toEqual(['daily', 'heartrate', 'stress'])
    const rows = readBackRows({ readBack: r, expected })
    const onApp = rows.find((x) => x.id === 'scopes_on_app')!
    expect([onApp.verdict, onApp.mode]).toEqual(['fail', 'OURA_SCOPE_NOT_ON_APP'])
    expect(onApp.remedy).toMatch(/stress.*the OAuth flow will fail for every user/)
    expect(rows.find((x) => x.id === 'client_id')?.verdict).toBe('pass')
  })

  it('catches a production callback on a sandbox tenant, an unknown scope and a different client ID', () => {
    const prod = url.replace('sandbox-api.sahha.ai', 'api.sahha.ai').replace('stress', 'activity')
    const rows = readBackRows({ readBack: parseAuthorizationUrl(prod)!, expected: { ...expected, clientId: 'APP-ID' } })
    expect(rows.filter((x) => x.verdict === 'fail').map((x) => x.mode)).toEqual(['OURA_INVALID_CLIENT', 'OURA_REDIRECT_MISMATCH', 'OURA_SCOPE_UNKNOWN'])
  })

  it("a sign-in redirect is inconclusive, never a pass; unauthorized_client tells the server-flow case from the user cap", () => {
    expect(ouraPageRow({ kind: 'login' }).verdict).toBe('inconclusive')
    expect(ouraPageRow({ kind: 'redirect_error', error: 'unauthorized_client', description: 'authorization grant not allowed for this client application' }).mode).toBe('OURA_SERVER_FLOW_NOT_ALLOWED')
    expect(ouraPageRow({ kind: 'redirect_error', error: 'unauthorized_client', description: 'Application user limit reached' }).mode).toBe('OURA_USER_CAP_REACHED')
  })

  it('drift is measured against the current desired version, so applying and saving clears it', () => {
    const v = { live: { clientId: 'LIVE-ID', scopes: ['daily', 'heartrate', 'stress'] }, rows: [{ id: 'whitelist:https://a.example/cb', verdict: 'fail' }] }
    expect(driftOf({ clientId: 'OTHER', scopes: ['daily'], redirectUrlWhitelist: ['https://a.example/cb'] }, v)).toEqual(['clientId', 'scopes', 'redirectUrlWhitelist'])
    expect(driftOf({ clientId: 'LIVE-ID', scopes: ['stress', 'daily', 'heartrate'], redirectUrlWhitelist: ['https://b.example/cb'] }, v)).toEqual([])
  })
})
