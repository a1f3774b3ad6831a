import pLimit from 'p-limit'
import { isSecretFieldName, redactSecrets } from '../../preload/contract/secret-patterns'
import { appError, AppFailure, cancelled, redactFailure } from '../errors'
import { httpFailure } from './errors'

export interface HttpOptions {
  fetch: typeof fetch
  /** Longest wait for one attempt. */
  timeoutMs?: number
  /** Longest one call may take, every attempt and every wait between them (Retry-After included) together. */
  budgetMs?: number
  /** Largest answer read; the reading stops and the call fails beyond it. */
  maxBodyBytes?: number
  retries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Upper bound for a server-requested Retry-After wait. */
  maxRetryAfterMs?: number
  /** Requests in flight at once for this instance (one instance per tenant + environment). */
  concurrency?: number
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  now?: () => number
  log?: (line: Record<string, unknown>) => void
  /** Secret values to redact from everything a failed call reports (message, raw body, details). */
  secrets?: () => readonly string[]
  /**
   * Told every secret a request carries (body fields and headers named like one, the Authorization
   * token) before it is sent, so that an echo in the answer is redacted. `perUser`: a profile's token,
   * one of many.
   */
  onSecret?: (value: string, perUser: boolean) => void
  /**
   * Pacing outside the per-attempt timeout (the documented-tier scan): waited for before each attempt, told
   * each attempt's status (null: no answer) and Retry-After.
   */
  gate?: { acquire(signal?: AbortSignal): Promise<void>; release(status: number | null, retryAfter: string | null): void }
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  /** For messages and logs: the path only, never the query (it may hold tokens). */
  label: string
  headers?: Record<string, string>
  body?: string
  /** GET/DELETE/PUT with If-Match are idempotent; POST only when the caller says so. */
  idempotent?: boolean
  signal?: AbortSignal
  invented?: boolean
  /** Statuses the caller handles itself (returned, not thrown). A redirect is followed by no one: list it here to read it. */
  accept?: number[]
}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])
export const DEFAULT_BUDGET_MS = 30_000
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled())
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(cancelled())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/** The secrets a request carries, found by name in its headers and its JSON or form body. */
function secretsOf(spec: Pick<RequestSpec, 'headers' | 'body'>): { values: string[]; perUser: boolean } {
  const values: string[] = []
  let perUser = false
  let form = false
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    const lower = name.toLowerCase()
    if (lower === 'authorization') {
      const m = /^(\S+)\s+(.+)$/.exec(value.trim())
      if (m?.[1]?.toLowerCase() === 'profile') perUser = true
      values.push(m?.[2] ?? value)
    } else if (isSecretFieldName(name)) values.push(value)
    else if (lower === 'content-type') form = /x-www-form-urlencoded/i.test(value)
  }
  if (spec.body) {
    if (form) {
      for (const [k, v] of new URLSearchParams(spec.body)) if (isSecretFieldName(k)) values.push(v)
    } else {
      const walk = (v: unknown, depth: number): void => {
        if (depth > 4 || v === null || typeof v !== 'object') return
        for (const [k, x] of Object.entries(v)) {
          if (typeof x === 'string' && isSecretFieldName(k)) values.push(x)
          else walk(x, depth + 1)
        }
      }
      try {
        walk(JSON.parse(spec.body), 0)
      } catch {
        // Not JSON: nothing named to find.
      }
    }
  }
  return { values: values.filter((v) => v !== ''), perUser }
}

const isRedirect = (res: Response) => res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400 && res.status !== 304)
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`

/**
 * HTTP for the Sahha client: injected fetch, a timeout per attempt and a time budget per call that
 * retries and Retry-After waits share, cancellation, retries with exponential backoff and full
 * jitter for idempotent calls only, Retry-After honoured on 429/503, a concurrency limit (p-limit)
 * per instance, answers read up to a size cap, and no redirect ever followed: every call carries a
 * secret (a credential in its body, or a token in its Authorization header), and a 307/308 would
 * send it to wherever the Location points.
 */
export function createHttp(opts: HttpOptions) {
  const timeoutMs = opts.timeoutMs ?? 15_000
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const retries = opts.retries ?? 4
  const baseDelay = opts.baseDelayMs ?? 250
  const maxDelay = opts.maxDelayMs ?? 8_000
  const maxRetryAfter = opts.maxRetryAfterMs ?? 30_000
  const random = opts.random ?? Math.random
  const sleep = opts.sleep ?? defaultSleep
  const now = opts.now ?? Date.now
  const limit = pLimit(opts.concurrency ?? 6)
  const stats = { requests: 0, retries: 0, failures: 0 }
  const secrets = () => opts.secrets?.() ?? []
  const scrub = (text: string, extra: readonly string[] = []) => redactSecrets(text, [...secrets(), ...extra])

  const backoff = (attempt: number) => Math.floor(random() * Math.min(maxDelay, baseDelay * 2 ** attempt))

  /** One call's clock: it starts with the first attempt (not in the concurrency queue), and every attempt and wait draws on it. */
  interface Budget {
    startedAt: number | null
    attempts: number
  }
  const left = (b: Budget) => (b.startedAt === null ? budgetMs : b.startedAt + budgetMs - now())
  const spent = (b: Budget) => (b.startedAt === null ? 0 : now() - b.startedAt)
  /** The last failure, with why the call stopped before its retries ran out. */
  const overBudget = (f: AppFailure, b: Budget, why: string) =>
    new AppFailure({
      ...f.appError,
      message: `${f.appError.message} Gave up after ${b.attempts} attempt${b.attempts === 1 ? '' : 's'} in ${seconds(spent(b))}: ${why} would pass this call's ${seconds(budgetMs)} time budget.`
    })

  async function readCapped(res: Response, spec: RequestSpec, controller: AbortController): Promise<string> {
    const tooLarge = () => {
      controller.abort()
      return appError('BAD_RESPONSE', `${new URL(spec.url).host} sent more than ${Math.round(maxBody / 1024 / 1024)} MB in answer to ${spec.method} ${spec.label}; the app stopped reading it.`, {
        httpStatus: res.status,
        remedy: 'Retry with a smaller page or a narrower filter; if it persists, report it (the server should not send that much).',
        retryable: false
      })
    }
    const declared = Number(res.headers.get('content-length') ?? NaN)
    if (declared > maxBody) {
      await res.body?.cancel().catch(() => undefined)
      throw tooLarge()
    }
    if (!res.body) return ''
    const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBody) {
        await reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(value)
    }
    const all = new Uint8Array(size)
    let at = 0
    for (const c of chunks) {
      all.set(c, at)
      at += c.byteLength
    }
    return new TextDecoder().decode(all)
  }

  function refuseRedirect(res: Response, spec: RequestSpec): AppFailure {
    const from = new URL(spec.url)
    const location = res.headers.get('location')
    let target: string | null
    try {
      target = location ? new URL(location, from).host : null
    } catch {
      target = null
    }
    const to = target === null ? 'an address it did not disclose' : target === from.host ? `${target} (the same host, another path)` : target
    return appError('BAD_RESPONSE', `${from.host} answered ${spec.method} ${spec.label} with a redirect (${res.status || 'opaque'}) to ${to}. The app never follows redirects, so nothing was sent there.`, {
      httpStatus: res.status || undefined,
      remedy: `Check the environment's address and any proxy or captive portal between this machine and ${from.host}; if ${target ?? 'the service'} is really where it moved, report it: the app will not send credentials there by itself.`,
      retryable: false,
      details: { redirectTo: target }
    })
  }

  async function attempt(spec: RequestSpec, budget: Budget): Promise<HttpResponse> {
    const gate = opts.gate
    if (!gate) return attemptOnce(spec, budget)
    await gate.acquire(spec.signal)
    let status: number | null = null
    let retryAfter: string | null = null
    try {
      const res = await attemptOnce(spec, budget)
      status = res.status
      retryAfter = res.headers.get('retry-after')
      return res
    } finally {
      gate.release(status, retryAfter)
    }
  }

  async function attemptOnce(spec: RequestSpec, budget: Budget): Promise<HttpResponse> {
    budget.startedAt ??= now()
    const remaining = left(budget)
    if (remaining <= 0) {
      throw appError('TIMEOUT', `${spec.method} ${spec.label} used up this call's ${seconds(budgetMs)} time budget.`, { remedy: 'Check your network; retry in a moment.', retryable: true })
    }
    const attemptMs = Math.min(timeoutMs, remaining)
    budget.attempts++
    const controller = new AbortController()
    const onAbort = () => controller.abort()
    spec.signal?.addEventListener('abort', onAbort, { once: true })
    const timer = setTimeout(() => controller.abort(new Error('timeout')), attemptMs)
    stats.requests++
    try {
      const res = await opts.fetch(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: controller.signal,
        redirect: 'manual'
      })
      if (isRedirect(res) && !spec.accept?.includes(res.status)) {
        await res.body?.cancel().catch(() => undefined)
        throw refuseRedirect(res, spec)
      }
      const text = await readCapped(res, spec, controller)
      return { status: res.status, headers: res.headers, text }
    } catch (e) {
      if (e instanceof AppFailure) throw e
      if (spec.signal?.aborted) throw cancelled()
      if (controller.signal.aborted) {
        const within = attemptMs < timeoutMs ? `within what was left of this call's ${seconds(budgetMs)} time budget` : `within ${seconds(timeoutMs)}`
        throw appError('TIMEOUT', `${new URL(spec.url).host} did not answer ${spec.method} ${spec.label} ${within}.`, {
          remedy: 'Check your network; retry in a moment.',
          retryable: true
        })
      }
      throw appError('NETWORK', `Could not reach ${new URL(spec.url).host} (${e instanceof Error ? e.message : 'network error'}).`, {
        remedy: 'Check your network connection, proxy and VPN, then retry.',
        retryable: true
      })
    } finally {
      clearTimeout(timer)
      spec.signal?.removeEventListener('abort', onAbort)
    }
  }

  async function send(spec: RequestSpec, budget: Budget): Promise<HttpResponse> {
    const canRetry = spec.idempotent ?? (spec.method === 'GET' || spec.method === 'DELETE')
    for (let n = 0; ; n++) {
      if (spec.signal?.aborted) throw cancelled()
      let res: HttpResponse | null = null
      let failure: AppFailure | null = null
      try {
        res = await limit(() => attempt(spec, budget))
      } catch (e) {
        if (!(e instanceof AppFailure) || e.code === 'CANCELLED') throw e
        failure = e
      }
      if (res && (res.status < 400 || spec.accept?.includes(res.status)) && !RETRYABLE_STATUS.has(res.status)) {
        opts.log?.({ method: spec.method, path: spec.label, status: res.status, ms: spent(budget), retries: n })
        return res
      }
      if (res && spec.accept?.includes(res.status)) return res
      const retryAfter = res ? parseRetryAfter(res.headers.get('retry-after')) : null
      // Only a lost connection or a timeout is tried again; a refused redirect or an oversized answer would come back the same.
      const retryableAnswer = failure !== null ? failure.code === 'NETWORK' || failure.code === 'TIMEOUT' : res !== null && RETRYABLE_STATUS.has(res.status)
      const final = (): AppFailure =>
        failure ??
        httpFailure({
          status: res!.status,
          method: spec.method,
          path: spec.label,
          bodyText: res!.text,
          invented: spec.invented ?? false,
          secrets: secrets(),
          retryAfterSeconds: retryAfter === null ? null : Math.ceil(retryAfter / 1000)
        })
      const stop = (f: AppFailure) => {
        stats.failures++
        opts.log?.({ method: spec.method, path: spec.label, status: res?.status ?? failure?.code, ms: spent(budget), retries: n })
        return f
      }
      if (!canRetry || !retryableAnswer || n >= retries) throw stop(final())
      const asked = retryAfter !== null && (res?.status === 429 || res?.status === 503)
      const wait = asked ? Math.min(retryAfter, maxRetryAfter) : backoff(n)
      if (wait >= left(budget)) {
        throw stop(overBudget(final(), budget, asked ? `waiting the ${seconds(retryAfter)} ${new URL(spec.url).host} asked for` : 'another attempt'))
      }
      stats.retries++
      await sleep(wait, spec.signal)
    }
  }

  /** Registers the secrets the request carries, sends it, and redacts them (and every known one) from any failure. */
  async function guarded<T>(spec: RequestSpec, run: (budget: Budget) => Promise<T>): Promise<T> {
    const carried = secretsOf(spec)
    for (const v of carried.values) opts.onSecret?.(v, carried.perUser)
    try {
      return await run({ startedAt: null, attempts: 0 })
    } catch (e) {
      if (e instanceof AppFailure) throw redactFailure(e, (text) => scrub(text, carried.values))
      throw e
    }
  }

  function request(spec: RequestSpec): Promise<HttpResponse> {
    return guarded(spec, (budget) => send(spec, budget))
  }

  /** Parses a JSON body; a 2xx that is not JSON is retried by `requestJson` for idempotent calls, within the same budget. */
  function requestJson<T>(spec: RequestSpec, parse: (v: unknown) => T): Promise<{ value: T; res: HttpResponse }> {
    const canRetry = spec.idempotent ?? (spec.method === 'GET' || spec.method === 'DELETE')
    return guarded(spec, async (budget) => {
      for (let n = 0; ; n++) {
        const res = await send(spec, budget)
        try {
          return { value: parse(res.text === '' ? null : JSON.parse(res.text)), res }
        } catch (e) {
          if (e instanceof AppFailure) throw e
          const unreadable = appError('BAD_RESPONSE', `Sahha's answer to ${spec.method} ${spec.label} could not be read.`, {
            httpStatus: res.status,
            remedy: 'Retry; if it persists, report it with the raw answer.',
            retryable: true
          })
          if (!canRetry || n >= retries) throw unreadable
          const wait = backoff(n)
          if (wait >= left(budget)) throw overBudget(unreadable, budget, 'another attempt')
          stats.retries++
          await sleep(wait, spec.signal)
        }
      }
    })
  }

  return { request, requestJson, stats, scrub }
}
export type Http = ReturnType<typeof createHttp>
