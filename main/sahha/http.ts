import pLimit from 'p-limit'
import { appError, AppFailure, cancelled } from '../errors'
import { httpFailure } from './errors'

export interface HttpOptions {
  fetch: typeof fetch
  timeoutMs?: number
  retries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Upper bound for a server-requested Retry-After wait. */
  maxRetryAfterMs?: number
  /** Requests in flight at once for this instance (one instance per tenant + environment). */
  concurrency?: number
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  log?: (line: Record<string, unknown>) => void
  /** Secret values that must be redacted from anything kept (raw bodies). */
  secrets?: () => readonly string[]
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
  /** Statuses the caller handles itself (returned, not thrown). */
  accept?: number[]
  redirect?: 'follow' | 'manual'
}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])

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

/**
 * HTTP for the Sahha client: injected fetch, a timeout per attempt, cancellation, retries with
 * exponential backoff and full jitter for idempotent calls only, Retry-After honoured on 429/503,
 * and a concurrency limit (p-limit) per instance.
 */
export function createHttp(opts: HttpOptions) {
  const timeoutMs = opts.timeoutMs ?? 15_000
  const retries = opts.retries ?? 4
  const baseDelay = opts.baseDelayMs ?? 250
  const maxDelay = opts.maxDelayMs ?? 8_000
  const maxRetryAfter = opts.maxRetryAfterMs ?? 30_000
  const random = opts.random ?? Math.random
  const sleep = opts.sleep ?? defaultSleep
  const limit = pLimit(opts.concurrency ?? 6)
  const stats = { requests: 0, retries: 0, failures: 0 }
  const secrets = () => opts.secrets?.() ?? []

  const backoff = (attempt: number) => Math.floor(random() * Math.min(maxDelay, baseDelay * 2 ** attempt))

  async function attempt(spec: RequestSpec): Promise<HttpResponse> {
    const controller = new AbortController()
    const onAbort = () => controller.abort()
    spec.signal?.addEventListener('abort', onAbort, { once: true })
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
    stats.requests++
    try {
      const res = await opts.fetch(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: controller.signal,
        redirect: spec.redirect ?? 'follow'
      })
      const text = await res.text()
      return { status: res.status, headers: res.headers, text }
    } catch (e) {
      if (spec.signal?.aborted) throw cancelled()
      if (controller.signal.aborted) {
        throw appError('TIMEOUT', `Sahha did not answer ${spec.method} ${spec.label} within ${Math.round(timeoutMs / 1000)} s.`, {
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

  async function request(spec: RequestSpec): Promise<HttpResponse> {
    const canRetry = spec.idempotent ?? (spec.method === 'GET' || spec.method === 'DELETE')
    const started = Date.now()
    for (let n = 0; ; n++) {
      if (spec.signal?.aborted) throw cancelled()
      let res: HttpResponse | null = null
      let failure: AppFailure | null = null
      try {
        res = await limit(() => attempt(spec))
      } catch (e) {
        if (!(e instanceof AppFailure) || e.code === 'CANCELLED') throw e
        failure = e
      }
      if (res && (res.status < 400 || spec.accept?.includes(res.status)) && !RETRYABLE_STATUS.has(res.status)) {
        opts.log?.({ method: spec.method, path: spec.label, status: res.status, ms: Date.now() - started, retries: n })
        return res
      }
      if (res && spec.accept?.includes(res.status)) return res
      const retryAfter = res ? parseRetryAfter(res.headers.get('retry-after')) : null
      const retryableAnswer = failure !== null || (res !== null && RETRYABLE_STATUS.has(res.status))
      if (!canRetry || !retryableAnswer || n >= retries) {
        stats.failures++
        opts.log?.({ method: spec.method, path: spec.label, status: res?.status ?? failure?.code, ms: Date.now() - started, retries: n })
        if (failure) throw failure
        throw httpFailure({
          status: res!.status,
          method: spec.method,
          path: spec.label,
          bodyText: res!.text,
          invented: spec.invented ?? false,
          secrets: secrets(),
          retryAfterSeconds: retryAfter === null ? null : Math.ceil(retryAfter / 1000)
        })
      }
      stats.retries++
      const wait = retryAfter !== null && (res?.status === 429 || res?.status === 503) ? Math.min(retryAfter, maxRetryAfter) : backoff(n)
      await sleep(wait, spec.signal)
    }
  }

  /** Parses a JSON body; a 2xx that is not JSON is retried by `requestJson` for idempotent calls. */
  async function requestJson<T>(spec: RequestSpec, parse: (v: unknown) => T): Promise<{ value: T; res: HttpResponse }> {
    const canRetry = spec.idempotent ?? (spec.method === 'GET' || spec.method === 'DELETE')
    for (let n = 0; ; n++) {
      const res = await request(spec)
      try {
        return { value: parse(res.text === '' ? null : JSON.parse(res.text)), res }
      } catch (e) {
        if (e instanceof AppFailure) throw e
        if (!canRetry || n >= retries) {
          throw appError('BAD_RESPONSE', `Sahha's answer to ${spec.method} ${spec.label} could not be read.`, {
            httpStatus: res.status,
            remedy: 'Retry; if it persists, report it with the raw answer.',
            retryable: true
          })
        }
        stats.retries++
        await sleep(backoff(n), spec.signal)
      }
    }
  }

  return { request, requestJson, stats }
}
export type Http = ReturnType<typeof createHttp>
