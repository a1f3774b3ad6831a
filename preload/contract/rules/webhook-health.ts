/**
 * Reading Oura's webhook subscription list (oura-api.md §7.1) into the findings an operator acts on. Pure: main
 * runs it on the list it fetched, tests run it on any list. Everything here is [inferred] from documented fields.
 */

/** Scope → subscribable webhook data types (the §4 map in webhook spelling; heartrate and ring_battery_level are not subscribable). */
export const WEBHOOK_TYPES_BY_SCOPE: Readonly<Record<string, readonly string[]>> = {
  daily: ['daily_activity', 'daily_readiness', 'daily_sleep', 'sleep', 'sleep_time', 'rest_mode_period'],
  workout: ['workout'],
  tag: ['tag', 'enhanced_tag'],
  session: ['session'],
  spo2: ['daily_spo2'],
  ring_configuration: ['ring_configuration'],
  stress: ['daily_stress', 'daily_resilience'],
  heart_health: ['daily_cardiovascular_age', 'vo2_max']
}

/** Expiring "soon": within this many days (issue H.5). */
export const EXPIRING_DAYS = 3
const SAHHA_HOSTS = ['sandbox-api.sahha.ai', 'api.sahha.ai']

export interface OuraSubscription {
  readonly id: string
  readonly callback_url: string
  readonly event_type: string
  readonly data_type: string
  readonly expiration_time: string
}

export type CallbackKind = 'this_environment' | 'other_sahha_environment' | 'not_sahha'
export interface SubscriptionRow {
  readonly id: string
  readonly dataType: string
  readonly eventType: string
  readonly callbackHost: string
  readonly callback: CallbackKind
  readonly expiresAt: string
  readonly expiry: 'ok' | 'expiring' | 'expired' | 'unreadable'
}
export interface CoverageCell {
  readonly dataType: string
  readonly scope: string
  /** Event types with a subscription on this environment's host that has not expired. */
  readonly liveEventTypes: string[]
  /** 'awaiting': the list is empty, so nothing is judged yet (inconclusive or a fresh integration). */
  readonly state: 'covered' | 'expiring' | 'expired' | 'other_host' | 'missing' | 'awaiting'
}
export interface WebhookFinding {
  readonly id: 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED' | 'OURA_WEBHOOK_SUBSCRIPTION_MISSING' | 'OURA_WEBHOOK_CALLBACK_OTHER_HOST' | 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRING'
  readonly severity: 'fail' | 'warn'
  readonly dataTypes: string[]
  readonly message: string
  readonly remedy: string
}
export interface WebhookAssessment {
  readonly verdict: 'healthy' | 'attention' | 'inconclusive' | 'waiting'
  readonly summary: string
  readonly rows: SubscriptionRow[]
  readonly coverage: CoverageCell[]
  readonly findings: WebhookFinding[]
}

/** Oura's enum writes vo2_max where the data route writes vO2_max: compare lower-cased, never raw. */
const norm = (t: string): string => t.toLowerCase()

export function expectedWebhookTypes(scopes: readonly string[]): { dataType: string; scope: string }[] {
  return scopes.flatMap((scope) => (WEBHOOK_TYPES_BY_SCOPE[scope] ?? []).map((dataType) => ({ dataType, scope })))
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return ''
  }
}

export function assessWebhooks(input: {
  subscriptions: readonly OuraSubscription[]
  /** The integration's selected scopes (live when known, else the app's desired configuration). */
  scopes: readonly string[]
  /** This environment's Sahha REST base (sahha-api.md §1). */
  sahhaBase: string
  now: number
  /** The integration is new (no users yet, or younger than the subscription delay): an empty list is expected. */
  fresh: boolean
}): WebhookAssessment {
  const own = hostOf(input.sahhaBase)
  const rows: SubscriptionRow[] = input.subscriptions.map((s) => {
    const host = hostOf(s.callback_url)
    const at = Date.parse(s.expiration_time)
    const left = at - input.now
    return {
      id: s.id,
      dataType: s.data_type,
      eventType: s.event_type,
      callbackHost: host || s.callback_url,
      callback: host === own ? 'this_environment' : SAHHA_HOSTS.includes(host) ? 'other_sahha_environment' : 'not_sahha',
      expiresAt: s.expiration_time,
      expiry: Number.isNaN(at) ? 'unreadable' : left <= 0 ? 'expired' : left <= EXPIRING_DAYS * 86_400_000 ? 'expiring' : 'ok'
    }
  })
  const expected = expectedWebhookTypes(input.scopes)

  if (rows.length === 0) {
    return {
      verdict: input.fresh ? 'waiting' : 'inconclusive',
      summary: input.fresh
        ? 'A new integration has no subscriptions until Sahha creates them; check again once the first users have connected.'
        : 'Inconclusive: Oura lists no subscriptions on this app. Sahha may not have subscribed yet, or may use another mechanism; this is not an alarm on its own.',
      rows,
      coverage: expected.map((e) => ({ ...e, liveEventTypes: [], state: 'awaiting' as const })),
      findings: []
    }
  }

  const coverage: CoverageCell[] = expected.map((e) => {
    const mine = rows.filter((r) => norm(r.dataType) === norm(e.dataType))
    const here = mine.filter((r) => r.callback === 'this_environment')
    const live = here.filter((r) => r.expiry === 'ok' || r.expiry === 'expiring')
    const state: CoverageCell['state'] =
      mine.length === 0 ? 'missing' : here.length === 0 ? 'other_host' : live.length === 0 ? 'expired' : live.every((r) => r.expiry === 'expiring') ? 'expiring' : 'covered'
    return { ...e, liveEventTypes: [...new Set(live.map((r) => r.eventType))], state }
  })

  const findings: WebhookFinding[] = []
  const expired = rows.filter((r) => r.expiry === 'expired' && r.callback === 'this_environment')
  if (expired.length) {
    findings.push({
      id: 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED',
      severity: 'fail',
      dataTypes: expired.map((r) => r.dataType),
      message: `Expired: ${expired.map((r) => `${r.dataType}/${r.eventType} (${r.expiresAt})`).join(', ')}. Oura sends no events for it until it is renewed.`,
      remedy: 'Report to Sahha support with the integration and the data types: Sahha manages renewal; do not renew or create subscriptions on the Oura app.'
    })
  }
  const expiring = rows.filter((r) => r.expiry === 'expiring' && r.callback === 'this_environment')
  if (expiring.length) {
    findings.push({
      id: 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRING',
      severity: 'warn',
      dataTypes: expiring.map((r) => r.dataType),
      message: `Expiring within ${EXPIRING_DAYS} days: ${expiring.map((r) => `${r.dataType}/${r.eventType} (${r.expiresAt})`).join(', ')}.`,
      remedy: 'Usually Sahha renews before expiry; if it is still listed with this time after it passes, report it to Sahha support.'
    })
  }
  const missing = coverage.filter((c) => c.state === 'missing')
  if (missing.length) {
    findings.push({
      id: 'OURA_WEBHOOK_SUBSCRIPTION_MISSING',
      severity: 'warn',
      dataTypes: missing.map((c) => c.dataType),
      message: `No subscription for ${missing.map((c) => `${c.dataType} (scope ${c.scope})`).join(', ')}. Sahha's chosen set is not published, so this is a warning: those data may arrive late or only through backfill.`,
      remedy: 'Report the missing data types to Sahha support; do not create subscriptions on the Oura app, Sahha manages them.'
    })
  }
  const elsewhere = coverage.filter((c) => c.state === 'other_host')
  if (elsewhere.length) {
    const hosts = [...new Set(rows.filter((r) => elsewhere.some((c) => norm(c.dataType) === norm(r.dataType))).map((r) => r.callbackHost))]
    findings.push({
      id: 'OURA_WEBHOOK_CALLBACK_OTHER_HOST',
      severity: 'fail',
      dataTypes: elsewhere.map((c) => c.dataType),
      message: `${elsewhere.map((c) => c.dataType).join(', ')}: every subscription calls back ${hosts.join(', ')}, not this environment's Sahha host (${own}). With one subscription per event and data type, that host gets the events instead.`,
      remedy: 'Give each environment its own Oura app; if another backend holds the subscription, remove it from that backend and tell Sahha support.'
    })
  }
  const bad = findings.length > 0
  return {
    verdict: bad ? 'attention' : 'healthy',
    summary: bad
      ? `${findings.length} finding${findings.length === 1 ? '' : 's'} across ${rows.length} subscriptions.`
      : `Every data type the scopes imply has a live subscription on ${own}.`,
    rows,
    coverage,
    findings
  }
}
