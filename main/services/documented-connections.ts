import { rmSync } from 'node:fs'
import { TIER_LIMITS, TIER_STATE_LABELS, tierModeById, type TierSettings } from '../../preload/contract/diagnosis/documented-tier'
import { parseIdList } from '../../preload/contract/rules/id-list'
import { appError, AppFailure } from '../errors'
import type { Logger } from '../log'
import type { TenantRecord as Tenant } from '../storage/settings'
import { openTierStore, tierStorePath, type RunKind, type RunRow, type TierQuery, type TierStore } from '../storage/tier-scan-store'
import { openOrCreateRun, runTierScan, type ScanPort, type ScanProgress, type ScanSummary } from './documented-scan'
import type { Operations } from './operations'
import type { ConnectionStore } from '../local-store/connection-store'

/**
 * Connections of a tenant on the documented-only tier (issue J): full scans, re-scans (oldest results first,
 * optionally linked users only), "check these users", their progress (rate, ETA) and cancel through the
 * operations mechanism, and the queries the Connections screen needs. Results are kept per tenant in
 * tier-scan-store; a completed run is also handed to `publish` (the local connection store of issue I).
 */

export interface TierPublishRow {
  externalId: string
  state: string
  stateChangedAt: string
  lastSyncAt: string
  lastDataAt: string | null
  errorCode: string | null
  evidence: unknown
}
export type TierPublish = (tenant: Tenant, kind: RunKind, rows: () => Iterable<TierPublishRow>) => Promise<void>

export function createTierConnections(deps: {
  dir: string
  operations: Operations
  log: Logger
  port: (tenant: Tenant, settings: TierSettings) => Promise<ScanPort>
  publish?: TierPublish
  now?: () => number
}) {
  const stores = new Map<string, TierStore>()
  const running = new Map<string, { operationId: string; runId: string; kind: RunKind; progress: ScanProgress | null }>()
  const storeOf = (tenantId: string): TierStore => {
    let s = stores.get(tenantId)
    if (!s) {
      s = openTierStore(tierStorePath(deps.dir, tenantId))
      stores.set(tenantId, s)
    }
    return s
  }

  function start(tenant: Tenant, kind: RunKind, o: { ids?: string[]; linkedOnly?: boolean; rejected?: { line: number; value: string; reason: string }[] }) {
    const active = running.get(tenant.id)
    if (active) {
      throw appError('CONFLICT', `A ${active.kind === 'check' ? 'check' : 'scan'} of this tenant is already running.`, { remedy: 'Wait for it or cancel it, then start again.', retryable: true, details: { operationId: active.operationId } })
    }
    const store = storeOf(tenant.id)
    const settings = store.settings()
    const { run, resumed } = openOrCreateRun(store, kind, {
      ids: o.ids,
      options: { linkedOnly: o.linkedOnly ?? false, confirmExists: kind === 'check', ...(o.rejected?.length ? { rejected: o.rejected } : {}) },
      now: deps.now
    })
    const entry = { operationId: '', runId: run.id, kind, progress: null as ScanProgress | null }
    const op = deps.operations.run(`tier.${kind}`, async (signal, progress) => {
      const port = await deps.port(tenant, settings)
      const summary = await runTierScan(
        {
          store,
          port,
          settings,
          now: deps.now,
          onProgress: (p) => {
            entry.progress = p
            progress(p.done, p.total, progressMessage(p))
          }
        },
        run.id,
        signal
      )
      if (deps.publish) await publishRun(tenant, store, summary)
      deps.log.info('tier.scan.done', { tenantId: tenant.id, kind, runId: run.id, checked: summary.checked, passes: summary.passes, ms: summary.ms })
      return summary
    })
    entry.operationId = op.operationId
    running.set(tenant.id, entry)
    op.done
      .catch((e: unknown) => {
        if (!(e instanceof AppFailure && e.code === 'CANCELLED')) deps.log.warn('tier.scan.failed', { tenantId: tenant.id, kind, runId: run.id, error: e instanceof AppFailure ? e.code : String(e) })
      })
      .finally(() => running.delete(tenant.id))
    return { operationId: op.operationId, runId: run.id, resumed, done: op.done }
  }

  async function publishRun(tenant: Tenant, store: TierStore, summary: ScanSummary) {
    const runId = summary.kind === 'full' ? undefined : summary.runId
    await deps.publish!(tenant, summary.kind, function* () {
      for (const r of store.allRows(runId)) {
        yield { externalId: r.externalId, state: TIER_STATE_LABELS[r.state], stateChangedAt: r.stateChangedAt, lastSyncAt: r.checkedAt, lastDataAt: r.lastDataAt, errorCode: r.errorCode, evidence: { diagnosis: r.diagnosis, error: r.errorMessage } }
      }
    })
  }

  return {
    storeOf,
    /** A full scan (continues an unfinished one) or a re-scan of the oldest results first. */
    scan(tenant: Tenant, o: { kind: 'full' | 'rescan'; linkedOnly?: boolean }) {
      const r = start(tenant, o.kind, { linkedOnly: o.linkedOnly })
      return { operationId: r.operationId, runId: r.runId, resumed: r.resumed }
    },
    /** "Check these users": a pasted list, checked now; invalid lines reported, unknown ids end as `profile gone`. */
    check(tenant: Tenant, text: string) {
      const parsed = parseIdList(text)
      if (parsed.tooMany) throw appError('VALIDATION', `The list has more than 10,000 externalIds.`, { field: 'ids', remedy: 'Split it into lists of at most 10,000 and check them one after the other.', retryable: false })
      if (parsed.ids.length === 0) throw appError('VALIDATION', 'The list holds no externalId.', { field: 'ids', remedy: 'Paste one externalId per line, or a CSV with an externalId column.', retryable: false })
      const r = start(tenant, 'check', { ids: parsed.ids, rejected: parsed.rejected })
      return { operationId: r.operationId, runId: r.runId, accepted: parsed.ids.length, duplicates: parsed.duplicates, rejected: parsed.rejected }
    },
    /** What the screen shows: the last runs, an interrupted one to resume, the running one with rate and ETA, counts. */
    status(tenantId: string) {
      const store = storeOf(tenantId)
      const active = running.get(tenantId) ?? null
      const last = store.lastRun()
      const interrupted = !active && last && last.status !== 'done' && last.kind !== 'check' ? last : null
      return {
        running: active ? { operationId: active.operationId, runId: active.runId, kind: active.kind, progress: active.progress } : null,
        lastComplete: runModel(store.lastCompleteRun()),
        lastRun: runModel(last),
        interrupted: runModel(interrupted),
        counts: store.counts(),
        settings: store.settings()
      }
    },
    rows(tenantId: string, q: TierQuery) {
      const store = storeOf(tenantId)
      const run = q.runId ? store.run(q.runId) : null
      const r = store.list(q)
      return { ...r, counts: q.runId ? store.counts(q.runId) : store.counts(), rejected: run?.options.rejected ?? [] }
    },
    detail(tenantId: string, externalId: string) {
      const d = storeOf(tenantId).detail(externalId)
      if (!d) throw appError('NOT_FOUND', `${externalId} has not been checked on this tenant yet.`, { remedy: 'Check the user (Check these users), or run a scan.', retryable: false })
      const mode = tierModeById(d.diagnosis)
      return { ...d, diagnosisMode: mode }
    },
    saveSettings(tenantId: string, s: TierSettings) {
      for (const k of Object.keys(TIER_LIMITS) as (keyof TierSettings)[]) {
        const [lo, hi] = TIER_LIMITS[k]
        if (!Number.isInteger(s[k]) || s[k] < lo || s[k] > hi) throw appError('VALIDATION', `${k} must be a whole number from ${lo} to ${hi}.`, { field: k, retryable: false })
      }
      if (s.freshDays > s.windowDays) throw appError('VALIDATION', 'The freshness threshold cannot be longer than the data window.', { field: 'freshDays', retryable: false })
      storeOf(tenantId).saveSettings(s)
      return storeOf(tenantId).settings()
    },
    /** Tenant removed: stop its scan and delete its checkpoint file (it holds the tenant's externalIds). */
    forget(tenantId: string) {
      const r = running.get(tenantId)
      if (r) deps.operations.cancel(r.operationId)
      const s = stores.get(tenantId)
      if (s) {
        stores.delete(tenantId)
        try {
          s.close()
        } catch (e) {
          deps.log.warn('tier.closeFailed', { tenantId, error: e })
        }
      }
      const path = tierStorePath(deps.dir, tenantId)
      for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(f, { force: true })
    },
    close() {
      for (const s of stores.values()) s.close()
      stores.clear()
    }
  }
}
export type TierConnections = ReturnType<typeof createTierConnections>

function runModel(r: RunRow | null) {
  return r ? { id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, linkedOnly: r.options.linkedOnly ?? false } : null
}

export function progressMessage(p: ScanProgress): string {
  const rate = p.rate >= 1 ? `${p.rate.toFixed(0)} users/s` : `${(p.rate * 60).toFixed(0)} users/min`
  const eta = p.etaSeconds === null ? 'ETA —' : p.etaSeconds < 90 ? `ETA ${p.etaSeconds} s` : p.etaSeconds < 5400 ? `ETA ${Math.round(p.etaSeconds / 60)} min` : `ETA ${(p.etaSeconds / 3600).toFixed(1)} h`
  return `${rate} · ${eta}${p.enumerated ? '' : ' · still listing profiles'}${p.pass > 1 ? ` · pass ${p.pass} (retrying failed calls)` : ''}`
}

/**
 * Hands a completed tier run to the local connection store of issue I (sync source 'documented-scan', its
 * tier vocabulary), so open-from-cache, filters, counts, history and the Changes view work as for admin-API
 * tenants. A full scan is a full sync; a re-scan or a check updates only the users it checked.
 */
export function publishToLocalStore(stores: { get(tenantId: string): ConnectionStore }): TierPublish {
  return async (tenant, kind, rows) => {
    const w = await stores.get(tenant.id).beginSync({ source: 'documented-scan', kind: kind === 'full' ? 'full' : 'incremental' })
    try {
      let batch: TierPublishRow[] = []
      for (const r of rows()) {
        batch.push(r)
        if (batch.length >= 2000) {
          w.writeBatch(batch)
          batch = []
          await new Promise<void>((res) => setImmediate(res))
        }
      }
      w.writeBatch(batch)
      await w.complete()
    } catch (e) {
      w.fail(e instanceof AppFailure ? e.appError : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), retryable: false })
      throw e
    }
  }
}
