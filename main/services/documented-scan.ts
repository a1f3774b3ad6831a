import { randomBytes } from 'node:crypto'
import type { TierSettings } from '../../preload/contract/diagnosis/documented-tier'
import { AppFailure, cancelled } from '../errors'
import { defaultSleep } from '../sahha/http'
import type { RunKind, RunOptions, RunRow, TierStore } from '../storage/tier-scan-store'
import { checkProfile, type TierPort, type TierResult } from './documented-check'

/**
 * The documented-tier scan (issue J): page through the account's profiles, check each one (documented-check.ts)
 * with a fixed number of workers, and write every result into the tenant's store in the same transaction that
 * ticks it off the run's queue. A run is resumable after a stop, a cancel, a failure or a crash: enumeration
 * continues at the saved search page, and only queue rows not yet done are checked again. Users whose calls
 * failed transiently end the pass as `unknown` and are checked again in up to `maxPasses` passes.
 */

export interface ScanPort extends TierPort {
  search(page: number, pageSize: number, signal: AbortSignal): Promise<{ ids: string[]; totalCount: number | null }>
}

export interface ScanProgress {
  runId: string
  kind: RunKind
  done: number
  /** Users queued so far (grows while the search is still paging). */
  queued: number
  /** Best estimate of the total: the search's totalCount, else the queue. */
  total: number | null
  enumerated: boolean
  pass: number
  /** Users per second over the last ~10 s. */
  rate: number
  etaSeconds: number | null
}

export interface ScanSummary {
  runId: string
  kind: RunKind
  status: 'done'
  checked: number
  counts: Record<string, number>
  passes: number
  ms: number
}

export interface ScanDeps {
  store: TierStore
  port: ScanPort
  settings: TierSettings
  now?: () => number
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  onProgress?: (p: ScanProgress) => void
  /** Passes over transient unknowns (default 4). */
  maxPasses?: number
  pageSize?: number
  /** Results written per transaction (default 100) and at the latest after `flushMs`. */
  flushEvery?: number
  flushMs?: number
}

export const newRunId = () => `run_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`

/** The run to continue for `kind`, or a new one (a check run always starts fresh with its own list). */
export function openOrCreateRun(store: TierStore, kind: RunKind, o: { ids?: readonly string[]; options?: RunOptions; now?: () => number; resume?: boolean } = {}): { run: RunRow; resumed: boolean } {
  const at = new Date((o.now ?? Date.now)()).toISOString()
  if (kind !== 'check' && o.resume !== false) {
    const open = store.openRun(kind)
    if (open && (kind === 'full' || open.options.linkedOnly === o.options?.linkedOnly)) {
      store.setStatus(open.id, 'running', null)
      return { run: store.run(open.id)!, resumed: true }
    }
  }
  const ids = kind === 'rescan' ? store.rescanIds(o.options?.linkedOnly ?? false) : o.ids
  return { run: store.createRun(newRunId(), kind, o.options ?? {}, at, ids), resumed: false }
}

export async function runTierScan(deps: ScanDeps, runId: string, signal: AbortSignal): Promise<ScanSummary> {
  const { store, port, settings } = deps
  const now = deps.now ?? Date.now
  const random = deps.random ?? Math.random
  const sleep = deps.sleep ?? defaultSleep
  const maxPasses = deps.maxPasses ?? 4
  const pageSize = deps.pageSize ?? 100
  const flushEvery = deps.flushEvery ?? 100
  const flushMs = deps.flushMs ?? 250
  const started = now()
  const run = store.run(runId)
  if (!run) throw new AppFailure({ code: 'NOT_FOUND', message: `No scan run ${runId}.`, retryable: false })
  store.setStatus(runId, 'running', null)

  let enumerated = run.enumerated
  let estimate = run.estimate
  let producerError: unknown = null
  let wakeWorkers: () => void = () => undefined
  let changed = new Promise<void>((r) => (wakeWorkers = r))
  const notify = () => {
    const w = wakeWorkers
    changed = new Promise<void>((r) => (wakeWorkers = r))
    w()
  }
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  // A cancel that came before the scan began (while its client was being made) must stop it too.
  if (signal.aborted) inner.abort()
  const sig = inner.signal

  // Progress: rate over a sliding window of (time, done) samples.
  const samples: [number, number][] = []
  let pass = 1
  const report = () => {
    const p = store.progress(runId)
    const t = now()
    samples.push([t, p.done])
    while (samples.length > 2 && t - samples[0]![0] > 10_000) samples.shift()
    const [t0, d0] = samples[0]!
    const rate = t > t0 ? ((p.done - d0) * 1000) / (t - t0) : 0
    const total = enumerated ? p.total : Math.max(estimate ?? 0, p.total) || null
    deps.onProgress?.({ runId, kind: run.kind, done: p.done, queued: p.total, total, enumerated, pass, rate, etaSeconds: rate > 0 && total !== null ? Math.ceil((total - p.done) / rate) : null })
  }

  // Results wait here until written in one transaction.
  let pendingWrites: TierResult[] = []
  let lastFlush = now()
  const flush = () => {
    if (pendingWrites.length === 0) return
    const batch = pendingWrites
    pendingWrites = []
    store.record(runId, batch)
    lastFlush = now()
    report()
  }

  async function produce(): Promise<void> {
    let page = store.run(runId)!.nextPage
    while (!enumerated && !sig.aborted) {
      let answer: { ids: string[]; totalCount: number | null }
      for (let attempt = 0; ; attempt++) {
        try {
          answer = await port.search(page, pageSize, sig)
          break
        } catch (e) {
          if (e instanceof AppFailure && e.code === 'CANCELLED') throw cancelled()
          const retryable = e instanceof AppFailure && e.appError.retryable
          if (!retryable || attempt >= 5) throw e
          await sleep(Math.floor(random() * 1000 * 2 ** attempt), sig)
        }
      }
      if (answer.ids.length === 0) {
        store.setEnumerated(runId)
        enumerated = true
      } else {
        estimate = answer.totalCount ?? estimate
        store.addPage(runId, answer.ids, page + 1, answer.totalCount)
        page++
      }
      notify()
    }
  }

  let buffer: { id: string; seq: number }[] = []
  let lastSeq = -1
  async function next(): Promise<string | null> {
    for (;;) {
      if (sig.aborted) return null
      const item = buffer.shift()
      if (item) return item.id
      const rows = store.pending(runId, lastSeq, 500)
      if (rows.length) {
        lastSeq = rows[rows.length - 1]!.seq
        buffer = rows
        continue
      }
      if (enumerated || producerError) return null
      await changed
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      const id = await next()
      if (id === null) return
      const result = await checkProfile(port, id, { settings, now, signal: sig, confirmExists: run!.options.confirmExists ?? false })
      pendingWrites.push(result)
      if (pendingWrites.length >= flushEvery || now() - lastFlush >= flushMs) flush()
    }
  }

  try {
    report()
    const producer = enumerated
      ? Promise.resolve()
      : produce().catch((e: unknown) => {
          producerError = e
          notify()
        })
    for (;;) {
      const workers = Array.from({ length: Math.max(1, settings.concurrency) }, () => worker())
      const outcome = await Promise.allSettled(workers)
      flush()
      const failed = outcome.find((o): o is PromiseRejectedResult => o.status === 'rejected')
      if (failed) throw failed.reason
      await producer
      if (producerError) throw producerError instanceof Error ? producerError : new Error('The profile search failed.')
      if (sig.aborted) throw cancelled()
      if (pass >= maxPasses) break
      const again = store.requeueTransient(runId, maxPasses - 1)
      if (again === 0) break
      pass++
      lastSeq = -1
      buffer = []
      await sleep(Math.floor(500 + random() * 1000 * pass), sig)
    }
    if (run.kind === 'full') store.finishFull(runId)
    store.setStatus(runId, 'done', new Date(now()).toISOString())
    report()
    return { runId, kind: run.kind, status: 'done', checked: store.progress(runId).done, counts: store.counts(runId), passes: pass, ms: now() - started }
  } catch (e) {
    inner.abort()
    try {
      flush()
    } catch {
      // The store is gone (closing): the rows stay pending and are checked again on resume.
    }
    const wasCancelled = signal.aborted || (e instanceof AppFailure && e.code === 'CANCELLED')
    store.setStatus(runId, wasCancelled ? 'cancelled' : 'failed', new Date(now()).toISOString(), wasCancelled ? null : e instanceof Error ? e.message : String(e))
    throw wasCancelled ? cancelled() : e
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
