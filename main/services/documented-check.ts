import { TIER_DIAGNOSIS, type TierSettings, type TierState } from '../../preload/contract/diagnosis/documented-tier'
import { AppFailure } from '../errors'
import { namesOura, type DataAnswer, type DataWindow, type ProfileIntegrationItem } from '../sahha/documented'
import { redactSecrets as redact } from '../../preload/contract/secret-patterns'

/**
 * One profile on the documented-only tier (sahha-api.md §7.1-§7.2): the calls, in order, and the honest state
 * their answers support. Every call is recorded as evidence (when, what, status, a short answer; tokens redacted,
 * health values never kept).
 */

export interface TierPort {
  integrations(externalId: string, signal: AbortSignal): Promise<{ status: number; items: ProfileIntegrationItem[] }>
  biomarkers(externalId: string, window: DataWindow, signal: AbortSignal): Promise<DataAnswer>
  scores(externalId: string, window: DataWindow, signal: AbortSignal): Promise<DataAnswer>
  profile(externalId: string, signal: AbortSignal): Promise<unknown>
}

export interface CallEvidence {
  at: string
  call: 'integration' | 'biomarker' | 'score' | 'profile'
  path: string
  status: number | null
  answer: string
  ms: number
}

export interface TierError {
  code: string
  message: string
  httpStatus: number | null
  raw: string | null
}

export interface TierResult {
  externalId: string
  state: TierState
  checkedAt: string
  /** Newest biomarker or score time in the window; null: none in the window (or not asked). */
  lastDataAt: string | null
  diagnosis: string | null
  error: TierError | null
  /** The raw integration items (unknown fields kept for display). */
  integrations: ProfileIntegrationItem[] | null
  calls: CallEvidence[]
  /** true when the state is `unknown` because of a fault worth retrying later (network, 429, 5xx, bad body). */
  transient: boolean
}

export const BIOMARKER_QUERY = { categories: ['sleep', 'activity'], types: ['sleep_duration', 'steps'] } as const
export const SCORE_TYPES = ['sleep', 'activity'] as const
const TRANSIENT = new Set(['TIMEOUT', 'NETWORK', 'RATE_LIMITED', 'SERVER_ERROR', 'BAD_RESPONSE'])
const D = 86_400_000

const errorOf = (e: unknown): TierError =>
  e instanceof AppFailure
    ? { code: e.code, message: e.appError.message, httpStatus: e.appError.httpStatus ?? null, raw: e.appError.raw ? redact(e.appError.raw).slice(0, 2000) : null }
    : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), httpStatus: null, raw: null }

export async function checkProfile(
  port: TierPort,
  externalId: string,
  opts: { settings: TierSettings; now: () => number; signal: AbortSignal; /** Pasted lists: confirm a "not linked" profile exists. */ confirmExists: boolean }
): Promise<TierResult> {
  const { signal, now, settings } = opts
  const calls: CallEvidence[] = []
  const checkedAt = new Date(now()).toISOString()
  const end = new Date(now())
  const window: DataWindow = { start: new Date(end.getTime() - settings.windowDays * D), end }

  async function call<T>(kind: CallEvidence['call'], path: string, fn: () => Promise<T>, answer: (v: T) => { status: number; text: string }): Promise<{ ok: true; value: T } | { ok: false; error: TierError }> {
    const started = now()
    try {
      const value = await fn()
      const a = answer(value)
      calls.push({ at: new Date(started).toISOString(), call: kind, path, status: a.status, answer: a.text, ms: now() - started })
      return { ok: true, value }
    } catch (e) {
      if (e instanceof AppFailure && e.code === 'CANCELLED') throw e
      const error = errorOf(e)
      calls.push({ at: new Date(started).toISOString(), call: kind, path, status: error.httpStatus, answer: `${error.code}: ${error.message}`, ms: now() - started })
      return { ok: false, error }
    }
  }
  const done = (state: TierState, extra: Partial<TierResult> = {}): TierResult => ({
    externalId,
    state,
    checkedAt,
    lastDataAt: null,
    diagnosis: TIER_DIAGNOSIS[state] ?? null,
    error: null,
    integrations: null,
    calls,
    transient: false,
    ...extra
  })
  const profileLookup = () => call('profile', 'GET /api/v1/account/profile/{externalId}', () => port.profile(externalId, signal), () => ({ status: 200, text: 'profile exists' }))
  const isGone = (e: TierError) => e.code === 'PROFILE_GONE' || e.code === 'NOT_FOUND'
  const unknown = (error: TierError) => done('unknown', { error, transient: TRANSIENT.has(error.code) })

  // 1. Link.
  const integ = await call(
    'integration',
    'GET /api/v1/profile/integration/{externalId}',
    () => port.integrations(externalId, signal),
    (v) => ({ status: v.status, text: v.status === 204 ? '204: no integrations' : redact(JSON.stringify(v.items)).slice(0, 2000) })
  )
  if (!integ.ok) {
    if (integ.error.code === 'PROFILE_GONE') return done('profile_gone', { error: integ.error })
    // An unexpected 4xx: one look-up tells a missing profile from other faults (§7.1 step 4).
    const s = integ.error.httpStatus
    if (s !== null && s >= 400 && s < 500 && s !== 401 && s !== 429) {
      const look = await profileLookup()
      if (!look.ok && isGone(look.error)) return done('profile_gone', { error: look.error })
      if (!look.ok) return unknown(look.error)
    }
    return unknown(integ.error)
  }
  const items = integ.value.items
  if (!namesOura(items)) {
    if (opts.confirmExists) {
      // A pasted externalId that Sahha does not know must not pass for "not linked" (the real status of an unknown id is unpublished).
      const look = await profileLookup()
      if (!look.ok) return isGone(look.error) ? done('profile_gone', { error: look.error, integrations: items }) : unknown(look.error)
    }
    return done('not_linked', { integrations: items })
  }

  // 2. Freshness: biomarkers, then scores when that fails or is empty (§7.1 step 3).
  const dataText = (v: DataAnswer) => ({ status: v.status, text: v.count === 0 ? 'no items in the window' : `${v.count} items, newest ${v.newestAt}` })
  const bio = await call('biomarker', 'GET /api/v1/profile/biomarker/{externalId}', () => port.biomarkers(externalId, window, signal), dataText)
  let newest = bio.ok ? bio.value.newestAt : null
  let failure = bio.ok ? null : bio.error
  if (!bio.ok && bio.error.code === 'PROFILE_GONE') return done('profile_gone', { error: bio.error, integrations: items })
  if (!newest) {
    const score = await call('score', 'GET /api/v1/profile/score/{externalId}', () => port.scores(externalId, window, signal), dataText)
    if (!score.ok && score.error.code === 'PROFILE_GONE') return done('profile_gone', { error: score.error, integrations: items })
    if (score.ok) newest = score.value.newestAt
    else failure ??= score.error
  }
  if (newest === null && failure) return { ...unknown(failure), integrations: items }
  const fresh = newest !== null && now() - Date.parse(newest) <= settings.freshDays * D
  return done(fresh ? 'linked_recent' : 'linked_no_data', { lastDataAt: newest, integrations: items })
}
