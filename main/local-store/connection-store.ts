import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type {
  ChangesModel,
  ConnectionFilterModel,
  ConnectionSortModel,
  LocalStoreSettingsModel,
  SpikeAlertModel,
  StateHistoryModel,
  StoredRowModel,
  SyncRecordModel
} from '../../preload/contract/models'
import type { AppError } from '../../preload/contract/result'
import { failureModeOf, vocabularyOf, type SyncSource } from '../../preload/contract/rules/connection-states'
import { appError } from '../errors'
import { fromDbRow, isoOf, ROW_COLUMNS, toDbRow, type ConnectionInput, type DbRow } from './rows'
import { releaseMemory } from './release-memory'
import { createIndexBuilder, createQueryEngine, emptyIndex, hashText, pairCounts, patchIndex, positionOf, rowAt, sameAt, type IndexPatch, type QueryEngine, type RowIndex } from './row-index'
import { corruptStoreError, isCorruptionError, type TenantDb } from './tenant-db'
import { createCheckpointer } from './checkpointer'

export const DEFAULT_SETTINGS: LocalStoreSettingsModel = { retentionDays: 30, alertAbsolute: 20, alertRelative: 0.25 }
const DAY = 86_400_000

/**
 * A sync in progress. Everything it writes is one transaction on the writer connection, held open
 * across batches, so queries (on the reader) keep seeing the last complete sync until complete()
 * commits, and fail() leaves the previous data exactly as it was.
 */
export interface SyncWriter {
  readonly syncId: number
  readonly source: SyncSource
  readonly kind: 'full' | 'incremental'
  /** Upserts these users; a full sync in externalId order also removes the users between batches that it did not see. */
  writeBatch(rows: readonly ConnectionInput[]): void
  readonly rowsSeen: number
  /** Commits: removals (full sync), counts, spike alerts, retention; resolves once queries see the new data. `cursor`: the incremental cursor for next time. */
  complete(opts?: { cursor?: string | null }): Promise<SyncRecordModel>
  /** Rolls back and records the failure (or cancellation) with its error. */
  fail(error: AppError, opts?: { cancelled?: boolean }): SyncRecordModel
}

interface SyncDbRow {
  id: number
  source: string
  kind: string
  started_at: number
  ended_at: number | null
  outcome: string
  error_json: string | null
  cursor: string | null
  rows_seen: number
  rows_changed: number
  total: number | null
  by_state: string | null
  by_error: string | null
  by_mode: string | null
  alerts: string | null
}

const parse = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback)

function toSyncRecord(r: SyncDbRow): SyncRecordModel {
  return {
    id: r.id,
    source: r.source as SyncSource,
    kind: r.kind as 'full' | 'incremental',
    startedAt: isoOf(r.started_at)!,
    endedAt: r.ended_at === null ? null : isoOf(r.ended_at),
    outcome: r.outcome as SyncRecordModel['outcome'],
    error: parse(r.error_json, null),
    rowsSeen: r.rows_seen,
    rowsChanged: r.rows_changed,
    total: r.total,
    byState: parse(r.by_state, {}),
    byErrorCode: parse(r.by_error, {}),
    alerts: parse(r.alerts, [])
  }
}

export interface QueryResult {
  rows: StoredRowModel[]
  total: number
  offset: number
  /** Bumped by every completed sync: a window from an older version belongs to older data. */
  dataVersion: number
}

const tick = () => new Promise<void>((r) => setImmediate(r))
/** Rows per read while the index loads, and how long one event-loop turn of that loading may run. */
const LOAD_PAGE = 1000
const LOAD_SLICE_MS = 8
/** Rows a sync may hold for inserting in idle time, and how long one idle-time slice of inserts may run. */
const QUEUE_MAX = 20_000
/** Rows a sync must have seen before its completion gives main's heap back to the OS (~10 ms of collection per 100,000 rows). */
export const RELEASE_AFTER_ROWS = 50_000
const DRAIN_SLICE_MS = 4

/**
 * Reads every row in externalId order into a new index, yielding to I/O every few ms. The operator's first calls
 * (window, counts, status) arrive while this runs: in 20,000-row turns a turn took 200-250 ms at 1M on a busy
 * 2-core machine, and each call waited for the turn it arrived in (measured, decision 0012).
 */
async function loadIndex(conn: DatabaseSync, capacity: number): Promise<RowIndex> {
  const b = createIndexBuilder(capacity)
  const page = conn.prepare(`SELECT ${ROW_COLUMNS} FROM connections WHERE external_id > ? ORDER BY external_id LIMIT ${LOAD_PAGE}`)
  let last = ''
  let until = performance.now() + LOAD_SLICE_MS
  for (;;) {
    const rows = page.all(last) as unknown as DbRow[]
    for (const r of rows) b.add(r)
    if (rows.length < LOAD_PAGE) break
    last = rows[rows.length - 1]!.external_id
    if (performance.now() >= until) {
      await tick()
      until = performance.now() + LOAD_SLICE_MS
    }
  }
  return b.done()
}

export function createConnectionStore(db: TenantDb, opts: { now?: () => number; releaseMemory?: () => void } = {}) {
  const now = opts.now ?? Date.now
  const release = opts.releaseMemory ?? releaseMemory
  const { reader, writer } = db
  const checkpointer = createCheckpointer(db.path)
  let writing: SyncWriter | null = null
  // Starts at the clock, not 0: a store reopened after clear/rebuild/removal (a Demo reset) never answers with a
  // version lower than the one a renderer already shows, which it would discard as older data.
  let dataVersion = Date.now()
  let engine: QueryEngine = createQueryEngine(emptyIndex())
  const stmts = new Map<string, StatementSync>()
  const rd = (sql: string): StatementSync => {
    let s = stmts.get(sql)
    if (!s) {
      if (stmts.size > 200) stmts.clear()
      s = reader.prepare(sql)
      stmts.set(sql, s)
    }
    return s
  }
  /** Any read that meets a damaged file reports it as STORAGE_CORRUPT with the rebuild action. */
  const guarded = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (e) {
      if (isCorruptionError(e)) throw corruptStoreError(db.path, (e as { errstr?: string }).errstr ?? 'damaged file')
      throw e
    }
  }

  const latest = (outcome: string | null, source?: SyncSource): SyncRecordModel | null => {
    const r = rd(
      `SELECT * FROM syncs WHERE 1=1 ${outcome ? 'AND outcome = ?' : ''} ${source ? 'AND source = ?' : ''} ORDER BY id DESC LIMIT 1`
    ).get(...([outcome, source].filter(Boolean) as string[])) as unknown as SyncDbRow | undefined
    return r ? toSyncRecord(r) : null
  }

  // Settings saved while a sync holds the writer's transaction wait here, so a failed sync cannot roll them back.
  let pendingSettings: LocalStoreSettingsModel | null = null
  const readSettings = (): LocalStoreSettingsModel => {
    if (pendingSettings) return pendingSettings
    const rows = rd('SELECT key, value FROM settings').all() as { key: string; value: string }[]
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    for (const r of rows) out[r.key] = JSON.parse(r.value)
    return out as unknown as LocalStoreSettingsModel
  }
  const writeSettings = (s: LocalStoreSettingsModel) => {
    const put = writer.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
    for (const [k, v] of Object.entries(s)) put.run(k, JSON.stringify(v))
  }
  // Dismissals made while a sync holds the writer's transaction: written after it, like settings.
  const pendingDismissals = new Map<number, string>()
  const dismissedOf = (syncId: number): Set<string> => {
    const pending = pendingDismissals.get(syncId)
    const r = pending === undefined ? (rd('SELECT value FROM meta WHERE key = ?').get(`dismissed:${syncId}`) as { value: string } | undefined) : { value: pending }
    return new Set(parse<string[]>(r?.value ?? null, []))
  }
  const flushSettings = () => {
    for (const [id, v] of pendingDismissals) writer.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`dismissed:${id}`, v)
    pendingDismissals.clear()
    if (!pendingSettings) return
    const s = pendingSettings
    writeSettings(s)
    pendingSettings = null
  }

  // The index of the last complete sync, read from the file on first need (any query but the first window, a
  // filtered count, ids, a sync): until it is ready, the first window (externalId order, no filter) and the counts
  // are served straight from SQLite. Not at open: its turns would compete with the operator's first calls (at 1M
  // the first window waited 0.6-1 s behind them; decision 0012), and the background refresh asks for it anyway.
  let loading: Promise<void> | null = null
  let isReady = false
  const ready = (): Promise<void> => {
    if (loading) return loading
    loading = (async () => {
      try {
        // Capacity from the last sync record, not count(*): counting a million rows scanned the whole table (~250 ms)
        // before the first window could be served. The builder grows if the file holds more.
        const n = guarded(() => latest('complete')?.total ?? 0)
        reader.exec('BEGIN')
        try {
          engine = createQueryEngine(await loadIndex(reader, n))
        } finally {
          reader.exec('COMMIT')
        }
      } catch (e) {
        if (isCorruptionError(e)) throw corruptStoreError(db.path, (e as { errstr?: string }).errstr ?? 'damaged file')
        throw e
      }
    })()
    loading.then(
      () => (isReady = true),
      () => undefined
    )
    return loading
  }

  const store = {
    path: db.path,
    get dataVersion() {
      return dataVersion
    },
    get syncing(): boolean {
      return writing !== null
    },
    /** Starts loading the index if nothing asked for it yet; resolves once the last complete sync is indexed in memory (rejects with STORAGE_CORRUPT on a damaged file). */
    ready,
    /** Resolves once the write-ahead log of the last sync is copied back into the file (the checkpoint that follows a sync). */
    whenCheckpointed: (): Promise<void> => checkpointer.idle(),

    // ---------------------------------------------------------------------------------- writing

    async beginSync(o: { source: SyncSource; kind: 'full' | 'incremental' }): Promise<SyncWriter> {
      await ready()
      if (writing) throw appError('CONFLICT', 'A sync of this tenant is already running.', { remedy: 'Wait for it to finish, or cancel it.', retryable: true })
      const prev = latest('complete')
      // Transitions need a previous state to compare with; the very first sync only sets the baseline.
      const recordTransitions = prev !== null
      const vocab = vocabularyOf(o.source)
      const startedAt = now()
      const base = engine.ix
      writer.exec('BEGIN IMMEDIATE')
      const syncId = Number(writer.prepare("INSERT INTO syncs (source, kind, started_at, outcome) VALUES (?, ?, ?, 'running')").run(o.source, o.kind, startedAt).lastInsertRowid)
      const upsert = writer.prepare(
        `INSERT INTO connections (${ROW_COLUMNS}, changed_sync) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (external_id) DO UPDATE SET state = excluded.state, state_changed_at = excluded.state_changed_at,
           last_sync_at = excluded.last_sync_at, last_data_at = excluded.last_data_at, error_code = excluded.error_code,
           requested_scopes = excluded.requested_scopes, granted_scopes = excluded.granted_scopes,
           missing_scopes = excluded.missing_scopes, evidence = excluded.evidence, changed_sync = excluded.changed_sync`
      )
      // Rows to insert wait here and go into SQLite while main would otherwise wait for the next page (a few ms per
      // event-loop turn), so the inserts overlap the network instead of lengthening the page loop: measured at 1M, main
      // sat idle a third of a full sync while the inserts were a fifth of its busy time. Bounded: past QUEUE_MAX rows a
      // batch writes synchronously down to the bound. complete() writes the rest before committing; fail() drops them.
      const queue: DbRow[] = []
      let head = 0
      let draining = false
      let drainError: Error | null = null
      const insertNext = () => {
        const row = queue[head]!
        queue[head++] = undefined as unknown as DbRow
        upsert.run(row.external_id, row.state, row.state_changed_at, row.last_sync_at, row.last_data_at, row.error_code, row.requested_scopes, row.granted_scopes, row.missing_scopes, row.evidence, syncId)
      }
      const compact = () => {
        if (head > 4096 && head * 2 > queue.length) {
          queue.splice(0, head)
          head = 0
        }
      }
      const drainAll = () => {
        while (head < queue.length) insertNext()
        queue.length = 0
        head = 0
      }
      const drainSlice = () => {
        draining = false
        if (finished) return
        const until = performance.now() + DRAIN_SLICE_MS
        try {
          while (head < queue.length) {
            for (let k = 0; k < 64 && head < queue.length; k++) insertNext()
            if (performance.now() >= until) break
          }
        } catch (e) {
          // Not thrown here (no caller on this turn): the sync's next writeBatch or complete() throws it.
          drainError = e instanceof Error ? e : new Error(String(e))
          return
        }
        compact()
        if (head < queue.length) schedule()
      }
      const schedule = () => {
        if (draining) return
        draining = true
        setImmediate(drainSlice)
      }
      const del = writer.prepare('DELETE FROM connections WHERE external_id = ?')
      const transition = writer.prepare('INSERT OR REPLACE INTO transitions (sync_id, external_id, from_state, to_state, error_code) VALUES (?, ?, ?, ?, ?)')
      // Which of the previous rows this sync saw: a full sync removes the others at the end.
      const seen = new Uint8Array(base.n)
      // A full sync in externalId order builds the next index as it goes (no read-back, no merge).
      let stream: ReturnType<typeof createIndexBuilder> | null = o.kind === 'full' ? createIndexBuilder(base.n) : null
      // Otherwise: the rows this sync changed, to patch the index without reading the file back; dropped when too many.
      // A full sync has the streamed index instead (up to 50,000 rows held twice at a million was main's RSS peak); if it
      // arrives out of order after all, complete() reads the index back from the file.
      let changed: Map<string, DbRow> | null = o.kind === 'full' ? null : new Map()
      const tooMany = Math.max(50_000, base.n >> 2)
      let cursor = 0
      let lastId = ''
      let rowsSeen = 0
      let rowsChanged = 0
      let finished = false
      const positionFor = (id: string): number => {
        // Batches usually arrive in externalId order: walk the sorted ids instead of searching them.
        if (id > lastId) {
          while (cursor < base.n && base.ids[cursor]! < id) cursor++
          lastId = id
          return cursor < base.n && base.ids[cursor] === id ? cursor : -1
        }
        return positionOf(base, id)
      }
      const assertOpen = () => {
        if (finished) throw appError('INTERNAL', 'This sync has already finished.', { retryable: false })
      }

      const w: SyncWriter = {
        syncId,
        source: o.source,
        kind: o.kind,
        get rowsSeen() {
          return rowsSeen
        },
        writeBatch(batch) {
          assertOpen()
          if (drainError) throw drainError
          for (const input of batch) {
            const row = toDbRow(input)
            rowsSeen++
            if (stream && row.external_id <= lastId) stream = null
            const p = positionFor(row.external_id)
            stream?.add(row)
            if (p >= 0) {
              seen[p] = 1
              if (sameAt(base, p, row, hashText(row.evidence))) continue
            }
            queue.push(row)
            rowsChanged++
            const from = p >= 0 ? base.states[base.state[p]!]! : (changed?.get(row.external_id)?.state ?? null)
            if (recordTransitions && from !== row.state) transition.run(syncId, row.external_id, from, row.state, row.error_code)
            if (changed) {
              changed.set(row.external_id, row)
              if (changed.size > tooMany) changed = null
            }
          }
          while (queue.length - head > QUEUE_MAX) insertNext()
          compact()
          if (head < queue.length) schedule()
        },

        async complete(c = {}) {
          assertOpen()
          finished = true
          let next: RowIndex
          let patch: IndexPatch | null
          const offMain = o.kind === 'incremental'
          try {
            if (drainError) throw drainError
            drainAll()
            let removed: Uint8Array | null = null
            if (o.kind === 'full') {
              removed = new Uint8Array(base.n)
              for (let p = 0; p < base.n; p++) {
                if (seen[p]) continue
                removed[p] = 1
                del.run(base.ids[p]!)
                rowsChanged++
                if (recordTransitions) transition.run(syncId, base.ids[p]!, base.states[base.state[p]!]!, null, null)
              }
            }
            // An incremental sync patches the old index at the cost of its changes (no pass that re-encodes every row).
            patch = stream || !changed || changed.size === 0 ? null : patchIndex(base, [...changed.values()], removed)
            // Nothing changed (an incremental refresh of a quiet tenant): the index, its orders and cached lists stay.
            next = stream ? stream.done() : patch ? patch.ix : changed ? base : await loadIndex(writer, base.n)
            stream = null
            changed = null
            // Failure modes from the index's counts per (state, error) pair, not a pass over the rows.
            const byMode: Record<string, { state: string; errorCode: string | null; n: number }> = {}
            for (const p of pairCounts(next)) {
              if (!vocab.broken.has(p.state)) continue
              const m = (byMode[failureModeOf(p.state, p.errorCode)] ??= { state: p.state, errorCode: p.errorCode, n: 0 })
              m.n += p.n
            }
            const alerts = prev && prev.source === o.source ? spikes(prevModes(prev.id), byMode, readSettings()) : []
            const endedAt = now()
            writer
              .prepare("UPDATE syncs SET outcome = 'complete', ended_at = ?, cursor = ?, rows_seen = ?, rows_changed = ?, total = ?, by_state = ?, by_error = ?, by_mode = ?, alerts = ? WHERE id = ?")
              .run(endedAt, c.cursor ?? null, rowsSeen, rowsChanged, next.n, JSON.stringify(next.byState), JSON.stringify(next.byError), JSON.stringify(byMode), JSON.stringify(alerts), syncId)
            applyRetention(endedAt)
            // An incremental sync's COMMIT runs without SQLite's auto-checkpoint: the pages it wrote are copied back by
            // the checkpointer's worker (below), off main's critical path. A full sync keeps its checkpoint on main, in
            // this COMMIT: it rewrites the whole file while main's memory is at its peak, and a worker alive then put
            // main's RSS after a 1M sync over its 400 MB goal (measured). Restored right after, so if the worker cannot
            // run, a later commit still checkpoints on main.
            if (offMain) writer.exec('PRAGMA wal_autocheckpoint = 0')
            try {
              writer.exec('COMMIT')
            } finally {
              if (offMain) writer.exec('PRAGMA wal_autocheckpoint = 1000')
            }
          } catch (e) {
            if (writer.isTransaction) writer.exec('ROLLBACK')
            writing = null
            flushSettings()
            throw e
          }
          // The time orders already built carry over to a patched index (one merge pass each, when first asked for).
          if (next !== engine.ix) engine = createQueryEngine(next, patch && engine.ix === base ? { engine, patch } : undefined)
          writing = null
          flushSettings()
          // The rows' version moves only when rows did: a quiet tenant's auto-refresh (every minute) must not make
          // every open screen throw its rows away and ask for them again.
          if (rowsChanged > 0) dataVersion++
          if (offMain) checkpointer.request()
          try {
            // The writer's page cache filled up during the sync and serves nothing until the next one: give it back.
            writer.exec('PRAGMA shrink_memory')
            // So did main's heap, with the pages' garbage: a sync of many rows gives that back too (release-memory.ts).
            if (rowsSeen >= RELEASE_AFTER_ROWS) release()
          } catch {
            // Giving memory back is an optimisation; the commit above is what matters.
          }
          return toSyncRecord(rd('SELECT * FROM syncs WHERE id = ?').get(syncId) as unknown as SyncDbRow)
        },

        fail(error, f = {}) {
          if (finished) return latest(null)!
          finished = true
          changed = null
          stream = null
          queue.length = 0
          head = 0
          if (writer.isTransaction) writer.exec('ROLLBACK')
          writing = null
          flushSettings()
          const e = { code: error.code, message: error.message, remedy: error.remedy, retryable: error.retryable }
          const id = Number(
            writer
              .prepare('INSERT INTO syncs (source, kind, started_at, ended_at, outcome, error_json, rows_seen) VALUES (?, ?, ?, ?, ?, ?, ?)')
              .run(o.source, o.kind, startedAt, now(), f.cancelled ? 'cancelled' : 'failed', JSON.stringify(e), rowsSeen).lastInsertRowid
          )
          return toSyncRecord(rd('SELECT * FROM syncs WHERE id = ?').get(id) as unknown as SyncDbRow)
        }
      }
      writing = w
      return w
    },

    // ---------------------------------------------------------------------------------- reading

    lastComplete: (source?: SyncSource): SyncRecordModel | null => guarded(() => latest('complete', source)),
    lastAttempt: (): SyncRecordModel | null => guarded(() => latest(null)),
    /** The incremental cursor the last complete admin-API sync returned, if any. */
    lastCursor(): string | null {
      const r = rd("SELECT cursor FROM syncs WHERE outcome = 'complete' AND source = 'admin-api' ORDER BY id DESC LIMIT 1").get() as { cursor: string | null } | undefined
      return r?.cursor ?? null
    },

    async count(f: ConnectionFilterModel, current?: readonly string[] | null): Promise<number> {
      await ready()
      return engine.matches(f, { key: 'externalId', desc: false }, current).total
    },

    /**
     * The rows at [offset, offset+limit) of the filtered, sorted list, and how many match. `current`: the
     * integration's current scope selection, which missingScopes and "missing scope X" compare with (K.10).
     */
    async query(f: ConnectionFilterModel, sort: ConnectionSortModel, offset: number, limit: number, current?: readonly string[] | null): Promise<QueryResult> {
      if (!isReady && sort.key === 'externalId' && !sort.desc && !f.states?.length && !f.errorCode && !f.missingScope && !f.search) {
        // Opening: the first screen straight from the file, the total from the last sync record.
        const total = latest('complete')?.total ?? 0
        const rows = guarded(() => rd(`SELECT ${ROW_COLUMNS} FROM connections ORDER BY external_id LIMIT ? OFFSET ?`).all(limit, offset) as unknown as DbRow[])
        return { rows: rows.map((r) => fromDbRow(r, current)), total, offset, dataVersion }
      }
      await ready()
      const e = engine
      const m = e.matches(f, sort, current)
      const rows: StoredRowModel[] = []
      for (let k = offset; k < Math.min(m.total, offset + limit); k++) rows.push(rowAt(e.ix, m.at(k), current))
      return { rows, total: m.total, offset, dataVersion }
    },

    /** The externalIds matching a filter, in externalId order, at most `limit` of them, and how many match in all. */
    async ids(f: ConnectionFilterModel, limit: number, current?: readonly string[] | null): Promise<{ ids: string[]; total: number; dataVersion: number }> {
      await ready()
      const e = engine
      const m = e.matches(f, { key: 'externalId', desc: false }, current)
      const ids: string[] = []
      for (let k = 0; k < Math.min(m.total, limit); k++) ids.push(e.ix.ids[m.at(k)]!)
      return { ids, total: m.total, dataVersion }
    },

    /** Every externalId of the last complete sync (sorted); for the audit log's "reveal" of salted subjects. */
    allIds(): readonly string[] {
      void ready()
      return engine.ix.ids
    },

    /**
     * After an action (disconnect, reconnect) the stored row follows the server's answer. Skipped while a
     * sync writes (that sync brings the server's state anyway). True when the row was there and changed.
     */
    async patchRow(externalId: string, patch: { state: string; stateChangedAt?: string | null }): Promise<boolean> {
      await ready()
      if (writing) return false
      const base = engine.ix
      const p = positionOf(base, externalId)
      if (p < 0) return false
      const cur = guarded(() => rd(`SELECT ${ROW_COLUMNS} FROM connections WHERE external_id = ?`).get(externalId) as unknown as DbRow | undefined)
      if (!cur) return false
      const next: DbRow = { ...cur, state: patch.state, state_changed_at: patch.stateChangedAt ? Date.parse(patch.stateChangedAt) : now() }
      writer.prepare('UPDATE connections SET state = ?, state_changed_at = ? WHERE external_id = ?').run(next.state, next.state_changed_at, externalId)
      const patched = patchIndex(base, [next])
      engine = createQueryEngine(patched.ix, { engine, patch: patched })
      dataVersion++
      return true
    },

    /** Counts per state and per error code of the last complete sync (from the index once ready, else the sync record). */
    counts(): { byState: Record<string, number>; byErrorCode: Record<string, number>; total: number } | null {
      if (isReady) return engine.ix.n || latest('complete') ? { byState: engine.ix.byState, byErrorCode: engine.ix.byError, total: engine.ix.n } : null
      const last = latest('complete')
      return last ? { byState: last.byState, byErrorCode: last.byErrorCode, total: last.total ?? 0 } : null
    },

    row(externalId: string): StoredRowModel | null {
      return guarded(() => {
        const r = rd(`SELECT ${ROW_COLUMNS} FROM connections WHERE external_id = ?`).get(externalId) as unknown as DbRow | undefined
        return r ? fromDbRow(r) : null
      })
    },

    evidence(externalId: string): unknown {
      const r = rd('SELECT evidence FROM connections WHERE external_id = ?').get(externalId) as { evidence: string | null } | undefined
      return r?.evidence ? JSON.parse(r.evidence) : null
    },
    /** What changed in the latest complete sync (against the state just before it), and the trend over the retained days. */
    changes(sampleSize = 50): ChangesModel {
      return guarded(() => {
        const completes = (rd("SELECT * FROM syncs WHERE outcome = 'complete' ORDER BY id DESC LIMIT 2").all() as unknown as SyncDbRow[]).map(toSyncRecord)
        const sync = completes[0] ?? null
        const previous = completes[1] ?? null
        const trend = store.trend()
        if (!sync) return { sync, previous, becameBroken: [], recovered: { count: 0, sample: [], byState: {} }, trend }
        const broken = [...vocabularyOf(sync.source).broken]
        const inB = broken.map(() => '?').join(',')
        const groups = rd(
          `SELECT to_state, error_code, count(*) AS n FROM transitions WHERE sync_id = ? AND to_state IN (${inB}) AND (from_state IS NULL OR from_state NOT IN (${inB}))
           GROUP BY to_state, error_code ORDER BY n DESC`
        ).all(sync.id, ...broken, ...broken) as { to_state: string; error_code: string | null; n: number }[]
        const sampleOf = rd(
          `SELECT external_id FROM transitions WHERE sync_id = ? AND to_state = ? AND error_code IS ? AND (from_state IS NULL OR from_state NOT IN (${inB})) ORDER BY external_id LIMIT ?`
        )
        const becameBroken = groups.map((g) => ({
          mode: failureModeOf(g.to_state, g.error_code),
          state: g.to_state,
          errorCode: g.error_code,
          count: g.n,
          sample: (sampleOf.all(sync.id, g.to_state, g.error_code, ...broken, sampleSize) as { external_id: string }[]).map((r) => r.external_id)
        }))
        const recoveredWhere = `sync_id = ? AND from_state IN (${inB}) AND to_state IS NOT NULL AND to_state NOT IN (${inB})`
        const byState: Record<string, number> = {}
        let count = 0
        for (const r of rd(`SELECT to_state, count(*) AS n FROM transitions WHERE ${recoveredWhere} GROUP BY to_state`).all(sync.id, ...broken, ...broken) as { to_state: string; n: number }[]) {
          byState[r.to_state] = r.n
          count += r.n
        }
        const sample = (rd(`SELECT external_id FROM transitions WHERE ${recoveredWhere} ORDER BY external_id LIMIT ?`).all(sync.id, ...broken, ...broken, sampleSize) as { external_id: string }[]).map((r) => r.external_id)
        return { sync, previous, becameBroken, recovered: { count, sample, byState }, trend }
      })
    },

    /** Counts per state of each complete sync in the retained days; at most one point per hour once there are many. */
    trend(): ChangesModel['trend'] {
      const since = now() - readSettings().retentionDays * DAY
      const n = (rd("SELECT count(*) AS n FROM syncs WHERE outcome = 'complete' AND ended_at >= ?").get(since) as { n: number }).n
      const rows =
        n <= 500
          ? (rd("SELECT id, ended_at, by_state FROM syncs WHERE outcome = 'complete' AND ended_at >= ? ORDER BY id").all(since) as { id: number; ended_at: number; by_state: string }[])
          : (rd(
              `SELECT s.id, s.ended_at, s.by_state FROM syncs s JOIN (SELECT max(id) AS id FROM syncs WHERE outcome = 'complete' AND ended_at >= ? GROUP BY ended_at / ${n <= 500 * 24 ? 3_600_000 : DAY}) m ON m.id = s.id ORDER BY s.id`
            ).all(since) as { id: number; ended_at: number; by_state: string }[])
      return rows.map((r) => ({ syncId: r.id, at: isoOf(r.ended_at)!, byState: parse(r.by_state, {}) }))
    },

    history(externalId: string): StateHistoryModel {
      return guarded(() => {
        const rows = rd(
          'SELECT t.sync_id, s.ended_at, t.from_state, t.to_state, t.error_code FROM transitions t JOIN syncs s ON s.id = t.sync_id WHERE t.external_id = ? ORDER BY t.sync_id'
        ).all(externalId) as { sync_id: number; ended_at: number; from_state: string | null; to_state: string | null; error_code: string | null }[]
        const transitions = rows.map((r) => ({ syncId: r.sync_id, at: isoOf(r.ended_at)!, from: r.from_state, to: r.to_state, errorCode: r.error_code }))
        let firstSeen: StateHistoryModel['firstSeen'] = null
        const first = transitions[0]
        if (first && first.from === null && first.to !== null) firstSeen = { at: first.at, state: first.to }
        else {
          const oldest = rd("SELECT ended_at FROM syncs WHERE outcome = 'complete' ORDER BY id LIMIT 1").get() as { ended_at: number } | undefined
          const state = first?.from ?? store.row(externalId)?.state
          if (oldest && state) firstSeen = { at: isoOf(oldest.ended_at)!, state }
        }
        return { transitions, firstSeen }
      })
    },

    /**
     * The spike alerts of the last complete sync, minus the ones the operator dismissed. Dismissals are kept per
     * sync in the meta table, so a dismissed alert stays dismissed across restarts and the next sync starts clean.
     */
    alerts(): { syncId: number | null; at: string | null; source: SyncSource | null; alerts: SpikeAlertModel[]; dismissed: number } {
      return guarded(() => {
        const last = latest('complete')
        if (!last) return { syncId: null, at: null, source: null, alerts: [], dismissed: 0 }
        const gone = dismissedOf(last.id)
        const alerts = last.alerts.filter((a) => !gone.has(a.mode))
        return { syncId: last.id, at: last.endedAt, source: last.source, alerts, dismissed: last.alerts.length - alerts.length }
      })
    },
    /** Dismisses one alert of that sync (or all of them when `mode` is absent). */
    dismissAlert(syncId: number, mode?: string): void {
      const r = rd('SELECT alerts FROM syncs WHERE id = ?').get(syncId) as { alerts: string | null } | undefined
      if (!r) throw appError('NOT_FOUND', 'That sync is no longer in the local history.', { remedy: 'Reload the page.', retryable: false })
      const all = parse<SpikeAlertModel[]>(r.alerts, [])
      const gone = dismissedOf(syncId)
      for (const a of all) if (mode === undefined || a.mode === mode) gone.add(a.mode)
      const value = JSON.stringify([...gone])
      if (writing) pendingDismissals.set(syncId, value)
      else writer.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`dismissed:${syncId}`, value)
    },

    settings: (): LocalStoreSettingsModel => guarded(readSettings),
    saveSettings(s: LocalStoreSettingsModel): LocalStoreSettingsModel {
      if (writing) pendingSettings = { ...s }
      else writeSettings(s)
      return readSettings()
    },

    /** Deletes every row and all history, keeping the settings. Refused while a sync writes. */
    clear(): void {
      if (writing) throw appError('CONFLICT', 'A sync of this tenant is running.', { remedy: 'Cancel it first, then clear the local data.', retryable: true })
      writer.exec("BEGIN IMMEDIATE; DELETE FROM connections; DELETE FROM transitions; DELETE FROM syncs; DELETE FROM meta WHERE key LIKE 'dismissed:%'; COMMIT; VACUUM")
      pendingDismissals.clear()
      engine = createQueryEngine(emptyIndex())
      dataVersion++
    },

    close(): void {
      writing?.fail({ code: 'CANCELLED', message: 'The app closed during the sync.', retryable: true, remedy: 'Refresh again.' }, { cancelled: true })
      stmts.clear()
      db.close()
      // A checkpoint still running holds the file: wait for it, so the file can be deleted or rebuilt next.
      checkpointer.close()
    }
  }

  function prevModes(syncId: number): Record<string, { state: string; errorCode: string | null; n: number }> {
    const r = writer.prepare('SELECT by_mode FROM syncs WHERE id = ?').get(syncId) as { by_mode: string | null } | undefined
    return parse(r?.by_mode ?? null, {})
  }

  function applyRetention(endedAt: number) {
    const cutoff = endedAt - readSettings().retentionDays * DAY
    const old = writer.prepare("SELECT id FROM syncs WHERE ended_at < ? AND id <> (SELECT max(id) FROM syncs WHERE outcome = 'complete')").all(cutoff) as { id: number }[]
    if (!old.length) return
    const maxOld = Math.max(...old.map((o) => o.id))
    writer.prepare('DELETE FROM transitions WHERE sync_id <= ?').run(maxOld)
    writer.prepare('DELETE FROM syncs WHERE id <= ? AND ended_at < ?').run(maxOld, cutoff)
    writer.prepare("DELETE FROM meta WHERE key LIKE 'dismissed:%' AND CAST(substr(key, 11) AS INTEGER) <= ?").run(maxOld)
  }

  return store
}
export type ConnectionStore = ReturnType<typeof createConnectionStore>

/** A failure mode jumped when it rose by at least the absolute threshold AND by at least the relative one. */
export function spikes(
  before: Record<string, { n: number }>,
  after: Record<string, { state: string; errorCode: string | null; n: number }>,
  s: Pick<LocalStoreSettingsModel, 'alertAbsolute' | 'alertRelative'>
): SpikeAlertModel[] {
  const out: SpikeAlertModel[] = []
  for (const [mode, a] of Object.entries(after)) {
    const from = before[mode]?.n ?? 0
    const rise = a.n - from
    if (rise >= s.alertAbsolute && (from === 0 || rise / from >= s.alertRelative)) out.push({ mode, state: a.state, errorCode: a.errorCode, from, to: a.n })
  }
  return out.sort((x, y) => y.to - y.from - (x.to - x.from))
}
