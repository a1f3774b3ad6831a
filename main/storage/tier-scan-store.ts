import { mkdirSync, renameSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { DEFAULT_TIER_SETTINGS, type TierSettings, type TierState } from '../../preload/contract/diagnosis/documented-tier'
import { appError } from '../errors'
import type { TierResult } from '../services/documented-check'

/**
 * The documented-tier scan's persistence: one SQLite file per tenant (node:sqlite, built into Node 24 and
 * Electron's Node). It holds the scan checkpoint (runs, the queue of externalIds with a done flag, the search
 * page reached) and each user's latest tier result with its state transitions. No tokens, no health values:
 * externalIds, states, timestamps, statuses and redacted answers only.
 *
 * Crash safety: WAL, and a result is written in the same transaction that marks its queue row done, so a
 * SIGKILL at any point leaves each user either checked once or still pending, never counted twice.
 * This is the interface issue I's per-tenant store is meant to absorb (same tables, one file per tenant).
 */

export const TIER_SCHEMA_VERSION = 1

export type RunKind = 'full' | 'rescan' | 'check'
export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed'

export interface RunRow {
  id: string
  kind: RunKind
  status: RunStatus
  startedAt: string
  finishedAt: string | null
  options: RunOptions
  nextPage: number
  enumerated: boolean
  estimate: number | null
  error: string | null
}
export interface RunOptions {
  linkedOnly?: boolean
  confirmExists?: boolean
  /** Pasted ids that were not valid externalIds (reported, not dropped). */
  rejected?: { line: number; value: string; reason: string }[]
}

export interface TierRow {
  externalId: string
  state: TierState
  checkedAt: string
  lastDataAt: string | null
  stateChangedAt: string
  diagnosis: string | null
  errorCode: string | null
  errorMessage: string | null
}

export interface TierDetail extends TierRow {
  evidence: Pick<TierResult, 'calls' | 'integrations' | 'error'>
  history: { from: string | null; to: string; at: string }[]
}

export interface TierQuery {
  states?: readonly string[]
  search?: string
  /** Only these ids (a "check these users" list). */
  runId?: string
  sort?: 'externalId' | 'checkedAt' | '-checkedAt' | 'lastDataAt' | '-lastDataAt'
  offset?: number
  limit?: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tier_runs (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
  options TEXT NOT NULL, next_page INTEGER NOT NULL DEFAULT 1, enumerated INTEGER NOT NULL DEFAULT 0,
  estimate INTEGER, error TEXT);
CREATE TABLE IF NOT EXISTS tier_queue (
  run_id TEXT NOT NULL, external_id TEXT NOT NULL, seq INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0,
  retry INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, external_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tier_queue_pending ON tier_queue (run_id, done, seq);
CREATE TABLE IF NOT EXISTS tier_results (
  external_id TEXT PRIMARY KEY, state TEXT NOT NULL, checked_at TEXT NOT NULL, last_data_at TEXT,
  state_changed_at TEXT NOT NULL, diagnosis TEXT, error_code TEXT, error_message TEXT, evidence TEXT NOT NULL,
  run_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tier_results_state ON tier_results (state, external_id);
CREATE INDEX IF NOT EXISTS tier_results_checked ON tier_results (checked_at);
CREATE TABLE IF NOT EXISTS tier_transitions (external_id TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, at TEXT NOT NULL, run_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tier_transitions_user ON tier_transitions (external_id, at);
`

export function tierStorePath(dir: string, tenantId: string): string {
  return join(dir, 'documented-scan', `${tenantId}.sqlite`)
}

export function openTierStore(path: string) {
  if (path !== ':memory:') mkdirSync(join(path, '..'), { recursive: true })
  let db: DatabaseSync
  try {
    db = new DatabaseSync(path)
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;')
    db.exec(SCHEMA)
    const v = db.prepare(`SELECT value FROM meta WHERE key = 'schema'`).get() as { value: string } | undefined
    if (!v) db.prepare(`INSERT INTO meta (key, value) VALUES ('schema', ?)`).run(String(TIER_SCHEMA_VERSION))
    else if (Number(v.value) > TIER_SCHEMA_VERSION) throw new Error(`schema ${v.value} is newer than this app (${TIER_SCHEMA_VERSION})`)
  } catch (e) {
    // Never reset silently: keep the damaged file aside and report it.
    let backup: string | null = null
    if (path !== ':memory:' && existsSync(path)) {
      backup = `${path}.corrupt-${Date.now()}`
      try {
        renameSync(path, backup)
      } catch {
        backup = null
      }
    }
    const backupCode = () => (backup ? 'STORAGE_CORRUPT' : 'STORAGE_IO')
    throw appError(backupCode(), `The documented-scan store could not be opened (${e instanceof Error ? e.message : String(e)}).`, {
      remedy: backup ? `It was kept as ${backup}; run the scan again to rebuild it.` : 'Check the disk and the file permissions, then retry.',
      retryable: true
    })
  }

  const st = (sql: string): StatementSync => db.prepare(sql)
  const q = {
    insertRun: st(`INSERT INTO tier_runs (id, kind, status, started_at, options) VALUES (?, ?, 'running', ?, ?)`),
    getRun: st(`SELECT * FROM tier_runs WHERE id = ?`),
    openRun: st(`SELECT * FROM tier_runs WHERE kind = ? AND status IN ('running', 'cancelled', 'failed') ORDER BY started_at DESC LIMIT 1`),
    lastRun: st(`SELECT * FROM tier_runs ORDER BY started_at DESC LIMIT 1`),
    lastDone: st(`SELECT * FROM tier_runs WHERE status = 'done' AND kind != 'check' ORDER BY finished_at DESC LIMIT 1`),
    setStatus: st(`UPDATE tier_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?`),
    setPage: st(`UPDATE tier_runs SET next_page = ?, estimate = COALESCE(?, estimate) WHERE id = ?`),
    setEnumerated: st(`UPDATE tier_runs SET enumerated = 1 WHERE id = ?`),
    maxSeq: st(`SELECT COALESCE(MAX(seq), -1) AS m FROM tier_queue WHERE run_id = ?`),
    enqueue: st(`INSERT OR IGNORE INTO tier_queue (run_id, external_id, seq) VALUES (?, ?, ?)`),
    pending: st(`SELECT external_id AS id, seq FROM tier_queue WHERE run_id = ? AND done = 0 AND seq > ? ORDER BY seq LIMIT ?`),
    markDone: st(`UPDATE tier_queue SET done = 1, retry = ? WHERE run_id = ? AND external_id = ?`),
    requeue: st(`UPDATE tier_queue SET done = 0, retry = 0, attempts = attempts + 1 WHERE run_id = ? AND retry = 1 AND attempts < ?`),
    progress: st(`SELECT COUNT(*) AS total, COALESCE(SUM(done), 0) AS done FROM tier_queue WHERE run_id = ?`),
    prevState: st(`SELECT state, state_changed_at FROM tier_results WHERE external_id = ?`),
    upsert: st(`INSERT INTO tier_results (external_id, state, checked_at, last_data_at, state_changed_at, diagnosis, error_code, error_message, evidence, run_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (external_id) DO UPDATE SET state = excluded.state, checked_at = excluded.checked_at, last_data_at = excluded.last_data_at,
        state_changed_at = excluded.state_changed_at, diagnosis = excluded.diagnosis, error_code = excluded.error_code,
        error_message = excluded.error_message, evidence = excluded.evidence, run_id = excluded.run_id`),
    transition: st(`INSERT INTO tier_transitions (external_id, from_state, to_state, at, run_id) VALUES (?, ?, ?, ?, ?)`),
    dropUnlisted: st(`DELETE FROM tier_results WHERE external_id NOT IN (SELECT external_id FROM tier_queue WHERE run_id = ?)`),
    counts: st(`SELECT state, COUNT(*) AS n FROM tier_results GROUP BY state`),
    countsOfRun: st(`SELECT r.state AS state, COUNT(*) AS n FROM tier_queue qq JOIN tier_results r ON r.external_id = qq.external_id WHERE qq.run_id = ? GROUP BY r.state`),
    missingOfRun: st(`SELECT COUNT(*) AS n FROM tier_queue qq LEFT JOIN tier_results r ON r.external_id = qq.external_id WHERE qq.run_id = ? AND r.external_id IS NULL`),
    detail: st(`SELECT * FROM tier_results WHERE external_id = ?`),
    history: st(`SELECT from_state, to_state, at FROM tier_transitions WHERE external_id = ? ORDER BY at DESC LIMIT 50`),
    oldestFirst: st(`SELECT external_id FROM tier_results ORDER BY checked_at, external_id`),
    oldestLinked: st(`SELECT external_id FROM tier_results WHERE state IN ('linked_recent', 'linked_no_data') ORDER BY checked_at, external_id`),
    pruneRuns: st(`DELETE FROM tier_queue WHERE run_id IN (SELECT id FROM tier_runs WHERE status = 'done' AND id != ? ORDER BY started_at DESC LIMIT -1 OFFSET 5)`)
  }

  const toRun = (r: Record<string, unknown> | undefined): RunRow | null =>
    r
      ? {
          id: String(r.id),
          kind: r.kind as RunKind,
          status: r.status as RunStatus,
          startedAt: String(r.started_at),
          finishedAt: (r.finished_at as string | null) ?? null,
          options: JSON.parse(String(r.options)) as RunOptions,
          nextPage: Number(r.next_page),
          enumerated: Number(r.enumerated) === 1,
          estimate: r.estimate === null || r.estimate === undefined ? null : Number(r.estimate),
          error: (r.error as string | null) ?? null
        }
      : null
  const toRow = (r: Record<string, unknown>): TierRow => ({
    externalId: String(r.external_id),
    state: r.state as TierState,
    checkedAt: String(r.checked_at),
    lastDataAt: (r.last_data_at as string | null) ?? null,
    stateChangedAt: String(r.state_changed_at),
    diagnosis: (r.diagnosis as string | null) ?? null,
    errorCode: (r.error_code as string | null) ?? null,
    errorMessage: (r.error_message as string | null) ?? null
  })
  const tx = <T>(fn: () => T): T => {
    db.exec('BEGIN IMMEDIATE')
    try {
      const v = fn()
      db.exec('COMMIT')
      return v
    } catch (e) {
      db.exec('ROLLBACK')
      throw e
    }
  }
  const enqueueAll = (runId: string, ids: readonly string[]) => {
    let seq = (q.maxSeq.get(runId) as { m: number }).m
    for (const id of ids) if (q.enqueue.run(runId, id, seq + 1).changes) seq++
  }

  const getMeta = db.prepare(`SELECT value FROM meta WHERE key = ?`)
  const setMeta = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)

  return {
    path,
    /** The tenant's tier settings (window, freshness, concurrency); defaults until the operator changes them. */
    settings(): TierSettings {
      const v = getMeta.get('settings') as { value: string } | undefined
      return { ...DEFAULT_TIER_SETTINGS, ...(v ? (JSON.parse(v.value) as Partial<TierSettings>) : {}) }
    },
    saveSettings(s: TierSettings) {
      setMeta.run('settings', JSON.stringify(s))
    },
    createRun(id: string, kind: RunKind, options: RunOptions, at: string, ids?: readonly string[]): RunRow {
      tx(() => {
        q.insertRun.run(id, kind, at, JSON.stringify(options))
        if (ids) {
          enqueueAll(id, ids)
          q.setEnumerated.run(id)
        }
      })
      return toRun(q.getRun.get(id))!
    },
    /** The re-scan queue: the oldest results first, optionally linked users only. */
    rescanIds(linkedOnly: boolean): string[] {
      return ((linkedOnly ? q.oldestLinked : q.oldestFirst).all() as { external_id: string }[]).map((r) => r.external_id)
    },
    run: (id: string) => toRun(q.getRun.get(id)),
    /** An unfinished run of this kind (crashed, cancelled or failed) to resume. */
    openRun: (kind: RunKind) => toRun(q.openRun.get(kind)),
    lastRun: () => toRun(q.lastRun.get()),
    lastCompleteRun: () => toRun(q.lastDone.get()),
    setStatus(id: string, status: RunStatus, at: string | null, error: string | null = null) {
      q.setStatus.run(status, at, error, id)
    },
    /** One search page: its ids and the next page to ask, in one transaction (the enumeration checkpoint). */
    addPage(runId: string, ids: readonly string[], nextPage: number, estimate: number | null) {
      tx(() => {
        enqueueAll(runId, ids)
        q.setPage.run(nextPage, estimate, runId)
      })
    },
    setEnumerated: (runId: string) => void q.setEnumerated.run(runId),
    pending: (runId: string, afterSeq: number, limit: number) => q.pending.all(runId, afterSeq, limit) as { id: string; seq: number }[],
    /** Transient unknowns of this pass go back to the queue (at most `maxAttempts` passes); returns how many. */
    requeueTransient: (runId: string, maxAttempts: number) => Number(q.requeue.run(runId, maxAttempts).changes),
    /** Writes results and marks their queue rows done, atomically. */
    record(runId: string, results: readonly TierResult[]) {
      if (results.length === 0) return
      tx(() => {
        for (const r of results) {
          const prev = q.prevState.get(r.externalId) as { state: string; state_changed_at: string } | undefined
          const changed = !prev || prev.state !== r.state
          if (changed) q.transition.run(r.externalId, prev?.state ?? null, r.state, r.checkedAt, runId)
          q.upsert.run(
            r.externalId,
            r.state,
            r.checkedAt,
            r.lastDataAt,
            changed ? r.checkedAt : prev.state_changed_at,
            r.diagnosis,
            r.error?.code ?? null,
            r.error?.message ?? null,
            JSON.stringify({ calls: r.calls, integrations: r.integrations, error: r.error }),
            runId
          )
          q.markDone.run(r.transient ? 1 : 0, runId, r.externalId)
        }
      })
    },
    progress: (runId: string) => q.progress.get(runId) as { total: number; done: number },
    /** A complete full scan is the new truth: users it did not list any more leave the list. */
    finishFull(runId: string) {
      tx(() => {
        q.dropUnlisted.run(runId)
        q.pruneRuns.run(runId)
      })
    },
    counts(runId?: string): Record<string, number> {
      const rows = (runId ? q.countsOfRun.all(runId) : q.counts.all()) as { state: string; n: number }[]
      return Object.fromEntries(rows.map((r) => [r.state, r.n]))
    },
    missingOfRun: (runId: string) => (q.missingOfRun.get(runId) as { n: number }).n,
    list(query: TierQuery): { rows: TierRow[]; total: number } {
      const where: string[] = []
      const args: (string | number)[] = []
      let from = 'tier_results r'
      if (query.runId) {
        from = 'tier_queue qq JOIN tier_results r ON r.external_id = qq.external_id'
        where.push('qq.run_id = ?')
        args.push(query.runId)
      }
      if (query.states?.length) {
        where.push(`r.state IN (${query.states.map(() => '?').join(', ')})`)
        args.push(...query.states)
      }
      if (query.search) {
        where.push('r.external_id >= ? AND r.external_id < ?')
        args.push(query.search, `${query.search}\uffff`)
      }
      const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const order =
        {
          externalId: 'r.external_id',
          checkedAt: 'r.checked_at, r.external_id',
          '-checkedAt': 'r.checked_at DESC, r.external_id',
          lastDataAt: 'r.last_data_at IS NULL, r.last_data_at, r.external_id',
          '-lastDataAt': 'r.last_data_at DESC, r.external_id'
        }[query.sort ?? 'externalId']
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${from} ${w}`).get(...args) as { n: number }).n
      const rows = db.prepare(`SELECT r.* FROM ${from} ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, query.limit ?? 200, query.offset ?? 0) as Record<string, unknown>[]
      return { rows: rows.map(toRow), total }
    },
    detail(externalId: string): TierDetail | null {
      const r = q.detail.get(externalId) as Record<string, unknown> | undefined
      if (!r) return null
      const history = (q.history.all(externalId) as { from_state: string | null; to_state: string; at: string }[]).map((h) => ({ from: h.from_state, to: h.to_state, at: h.at }))
      return { ...toRow(r), evidence: JSON.parse(String(r.evidence)) as TierDetail['evidence'], history }
    },
    /** Every row of a run (CSV export, tests). */
    allRows(runId?: string): TierRow[] {
      return this.list({ runId, limit: -1 }).rows
    },
    close: () => db.close()
  }
}
export type TierStore = ReturnType<typeof openTierStore>
