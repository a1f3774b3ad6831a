import { hashString } from './random'
import { secToMs, type Connection, type Profile } from './store'

/**
 * What Sahha holds for a profile on the documented data routes (sahha-api.md §2.4), derived from the
 * connection's seeded history. Only timestamps matter to the app; values are plausible filler. [invented]
 * - never connected (no connection, or pending without a token): no data;
 * - data starts 30 days before the connection (Oura backfill) and runs to its last data time;
 * - a connection whose token broke (needs_reauth, membership_expired, error) stopped delivering data: seeded
 *   ones 1-9 days before the simulator's start (a stable per-user share, so some are still fresh at N = 3),
 *   ones broken at run time when their state changed;
 * - disconnected: data until the disconnect.
 */

const D = 86_400_000
const BROKEN = new Set(['needs_reauth', 'membership_expired', 'error'])

export const BIOMARKERS: Readonly<Record<string, readonly { type: string; unit: string; base: number }[]>> = {
  sleep: [
    { type: 'sleep_duration', unit: 'minute', base: 420 },
    { type: 'sleep_efficiency', unit: 'percentage', base: 0.88 }
  ],
  activity: [
    { type: 'steps', unit: 'count', base: 7500 },
    { type: 'active_energy_burned', unit: 'kcal', base: 450 }
  ],
  vitals: [{ type: 'heart_rate_resting', unit: 'bpm', base: 58 }],
  body: [{ type: 'weight', unit: 'kg', base: 72 }]
}
export const SCORE_TYPES: readonly string[] = ['sleep', 'activity', 'readiness', 'wellbeing', 'mental_wellbeing']

/** [fromMs, toMs] of the data Sahha holds for this profile, or null for none. */
export function dataSpan(p: Profile, t0: number): { fromMs: number; toMs: number } | null {
  const c: Connection | null = p.conn
  if (!c || c.connectedAt < 0) return null
  const connectedMs = secToMs(c.connectedAt)
  let toMs = c.lastDataAt >= 0 ? secToMs(c.lastDataAt) : connectedMs
  if (c.state === 'disconnected') toMs = Math.min(toMs, secToMs(c.stateChangedAt))
  else if (BROKEN.has(c.state)) {
    const stoppedMs = c.seeded ? t0 - (1 + (hashString(`data:${c.externalId}`) % 9)) * D - (hashString(c.externalId) % (6 * 3_600_000)) : secToMs(c.stateChangedAt)
    toMs = Math.min(toMs, stoppedMs)
  } else if (c.state === 'pending') toMs = Math.min(toMs, secToMs(c.stateChangedAt))
  return { fromMs: connectedMs - 30 * D, toMs }
}

/** 24-hour segments (UTC days) that overlap both the data span and the asked window, newest first. */
export function segments(span: { fromMs: number; toMs: number }, startMs: number, endMs: number, max = 400): { startMs: number; endMs: number }[] {
  const lo = Math.max(span.fromMs, startMs)
  const hi = Math.min(span.toMs, endMs)
  const out: { startMs: number; endMs: number }[] = []
  if (hi < lo) return out
  for (let day = Math.floor(hi / D) * D; day + D > lo && out.length < max; day -= D) out.push({ startMs: day, endMs: Math.min(day + D, hi) })
  return out
}

/**
 * A date-time query value: `YYYY-MM-DD`, UTC `…Z`, or the iOS SDK's `yyyy-MM-dd'T'HH:mm:ss.SSZZZZZ` (sahha-api.md §2.4).
 * null when absent; NaN when unreadable.
 */
export function parseDateParam(v: string | null): number | null {
  if (v === null || v === '') return null
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v.trim())) return Number.NaN
  return Date.parse(v.trim().replace(' ', 'T'))
}

/** Repeated keys (`types=a&types=b`) or a comma list (`types=a,b`); both are accepted (sahha-api.md §2.4). */
export function listParam(q: URLSearchParams, key: string): string[] {
  return q
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
}

const iso = (ms: number) => new Date(ms).toISOString()
const idOf = (...parts: (string | number)[]) => {
  const h = hashString(parts.join(':')).toString(16).padStart(8, '0')
  return `${h}-0000-4000-8000-${String(parts[parts.length - 1]).padStart(12, '0').slice(-12)}`
}

export function biomarkerItems(p: Profile, t0: number, categories: string[], types: string[], startMs: number, endMs: number): Record<string, unknown>[] {
  const span = dataSpan(p, t0)
  if (!span) return []
  const wanted = categories.flatMap((cat) => (BIOMARKERS[cat] ?? []).filter((b) => types.includes(b.type)).map((b) => ({ cat, ...b })))
  const out: Record<string, unknown>[] = []
  for (const seg of segments(span, startMs, endMs)) {
    for (const b of wanted) {
      const jitter = (hashString(`${p.externalId}:${b.type}:${seg.startMs}`) % 200) / 1000
      out.push({
        id: idOf(p.externalId, b.type, seg.startMs),
        profileId: null,
        externalId: p.externalId,
        category: b.cat,
        type: b.type,
        value: String(Math.round(b.base * (0.9 + jitter) * 100) / 100),
        unit: b.unit,
        valueType: 'double',
        periodicity: 'daily',
        aggregation: 'total',
        startDateTime: iso(seg.startMs),
        endDateTime: iso(seg.endMs),
        createdAtUtc: iso(seg.endMs)
      })
    }
  }
  return out
}

export function scoreItems(p: Profile, t0: number, types: string[], startMs: number, endMs: number): Record<string, unknown>[] {
  const span = dataSpan(p, t0)
  if (!span) return []
  const wanted = SCORE_TYPES.filter((t) => types.length === 0 || types.includes(t))
  const out: Record<string, unknown>[] = []
  for (const seg of segments(span, startMs, endMs)) {
    for (const type of wanted) {
      const score = 0.5 + (hashString(`${p.externalId}:${type}:${seg.startMs}`) % 50) / 100
      out.push({
        id: idOf(p.externalId, type, seg.startMs),
        profileId: null,
        accountId: null,
        externalId: p.externalId,
        type,
        score,
        state: score >= 0.75 ? 'high' : score >= 0.6 ? 'medium' : 'low',
        factors: [],
        dataSources: type === 'activity' ? ['activity'] : ['sleep'],
        scoreDateTime: iso(seg.startMs),
        createdAtUtc: iso(seg.endMs),
        version: 1
      })
    }
  }
  return out
}
