import { Worker } from 'node:worker_threads'
import { ROW_COLUMNS, type DbRow } from './rows'

/**
 * A sync's SQLite writes on a thread of their own. The sync's transaction (upserts, transitions, removals, the sync
 * record, retention, COMMIT) runs on a worker thread with its own connection to the tenant's file, so main's thread
 * only maps rows and builds the index while the pages arrive. Measured at 100k on this 2-core machine: the upserts and
 * the COMMIT were 0.85 s of main's 2.9 s busy time in a full sync, and the idle-time insert slices delayed reading
 * the next page's body (decision 0013). The reader keeps seeing the last complete sync until the worker commits, as
 * before.
 *
 * Rows cross as flat arrays of primitives (ROW_WIDTH values per row), the cheapest shape to clone (measured ~1.3 ms
 * per 1000 rows, against ~6 ms to insert them on main). One worker per sync; it closes its connection and ends after
 * COMMIT or ROLLBACK. `abort()` is synchronous (the store's `fail()` and `close()` are): it waits, bounded, until the
 * worker has rolled back and let go of the file.
 */

/** Values per row in a `rows` message, in ROW_COLUMNS order. */
export const ROW_WIDTH = 10
/** Values per transition: externalId, from, to, errorCode. */
export const TRANSITION_WIDTH = 4

export interface CompleteRecord {
  endedAt: number
  cursor: string | null
  rowsSeen: number
  rowsChanged: number
  total: number
  byState: string
  byError: string
  byMode: string
  alerts: string
}

/** The error a worker reports, rebuilt on main with SQLite's code and text so isCorruptionError() still works. */
interface WorkerError {
  message: string
  errcode?: number
  errstr?: string
}

type FromWorker = { op: 'reply'; req: number; syncId: number } | { op: 'back'; req: number; rows: unknown[] } | { op: 'error'; req: number | null; error: WorkerError }

// Shared control words: 0 = 1 while the worker holds the file, 1 = abort requested, 2 = rows written so far.
const HELD = 0
const ABORT = 1
const DONE = 2

// The worker's whole program (plain JavaScript: it is evaluated as is, in every build and under the tests).
const CODE = `
const { parentPort, workerData } = require('node:worker_threads')
const { DatabaseSync } = require('node:sqlite')
const ctl = new Int32Array(workerData.ctl)
const W = ${ROW_WIDTH}
const T = ${TRANSITION_WIDTH}
const CHUNK = 50
const COLS = '${ROW_COLUMNS}, changed_sync'
const UPSERT = ' ON CONFLICT (external_id) DO UPDATE SET state = excluded.state, state_changed_at = excluded.state_changed_at,' +
  ' last_sync_at = excluded.last_sync_at, last_data_at = excluded.last_data_at, error_code = excluded.error_code,' +
  ' requested_scopes = excluded.requested_scopes, granted_scopes = excluded.granted_scopes,' +
  ' missing_scopes = excluded.missing_scopes, evidence = excluded.evidence, changed_sync = excluded.changed_sync'
const tuple = '(' + new Array(W + 1).fill('?').join(', ') + ')'
let db = null
let syncId = 0
let failed = null
let finished = false
let upsertOne, upsertChunk, transition, del
const args = new Array(CHUNK * (W + 1))

function finish() {
  if (finished) return
  finished = true
  try { if (db && db.isTransaction) db.exec('ROLLBACK') } catch {}
  try { if (db) db.close() } catch {}
  db = null
  Atomics.store(ctl, ${HELD}, 0)
  Atomics.notify(ctl, ${HELD})
}
function fail(e, req) {
  if (!failed) failed = { message: String((e && e.message) || e), errcode: e && e.errcode, errstr: e && e.errstr }
  finish()
  parentPort.postMessage({ op: 'error', req, error: failed })
}
function writeRows(rows) {
  const n = rows.length / W
  let i = 0
  for (; i + CHUNK <= n; i += CHUNK) {
    if (Atomics.load(ctl, ${ABORT})) return
    let a = 0
    for (let k = i; k < i + CHUNK; k++) {
      for (let c = 0; c < W; c++) args[a++] = rows[k * W + c]
      args[a++] = syncId
    }
    upsertChunk.run(...args)
  }
  for (; i < n; i++) {
    const r = rows.slice(i * W, i * W + W)
    r.push(syncId)
    upsertOne.run(...r)
  }
}
function writeTransitions(t) {
  for (let i = 0; i < t.length; i += T) transition.run(syncId, t[i], t[i + 1], t[i + 2], t[i + 3])
}
const ops = {
  begin(m) {
    db = new DatabaseSync(workerData.path)
    db.exec('PRAGMA busy_timeout = 2000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000')
    db.exec('BEGIN IMMEDIATE')
    syncId = Number(db.prepare("INSERT INTO syncs (source, kind, started_at, outcome) VALUES (?, ?, ?, 'running')").run(m.source, m.kind, m.startedAt).lastInsertRowid)
    upsertOne = db.prepare('INSERT INTO connections (' + COLS + ') VALUES ' + tuple + UPSERT)
    upsertChunk = db.prepare('INSERT INTO connections (' + COLS + ') VALUES ' + new Array(CHUNK).fill(tuple).join(', ') + UPSERT)
    transition = db.prepare('INSERT OR REPLACE INTO transitions (sync_id, external_id, from_state, to_state, error_code) VALUES (?, ?, ?, ?, ?)')
    del = db.prepare('DELETE FROM connections WHERE external_id = ?')
  },
  rows(m) {
    writeRows(m.rows)
    writeTransitions(m.trans)
    Atomics.add(ctl, ${DONE}, m.rows.length / W)
    Atomics.notify(ctl, ${DONE})
  },
  readBack(m) {
    const page = db.prepare('SELECT ' + COLS.replace(', changed_sync', '') + ' FROM connections WHERE external_id > ? ORDER BY external_id LIMIT 5000')
    let last = ''
    for (;;) {
      const rows = page.all(last)
      const flat = new Array(rows.length * W)
      let a = 0
      for (const r of rows) {
        flat[a++] = r.external_id; flat[a++] = r.state; flat[a++] = r.state_changed_at; flat[a++] = r.last_sync_at; flat[a++] = r.last_data_at
        flat[a++] = r.error_code; flat[a++] = r.requested_scopes; flat[a++] = r.granted_scopes; flat[a++] = r.missing_scopes; flat[a++] = r.evidence
      }
      parentPort.postMessage({ op: 'back', req: m.req, rows: flat })
      if (rows.length < 5000) break
      last = rows[rows.length - 1].external_id
    }
    parentPort.postMessage({ op: 'reply', req: m.req, syncId })
  },
  complete(m) {
    for (const id of m.removed) del.run(id)
    writeTransitions(m.trans)
    const r = m.record
    db.prepare("UPDATE syncs SET outcome = 'complete', ended_at = ?, cursor = ?, rows_seen = ?, rows_changed = ?, total = ?, by_state = ?, by_error = ?, by_mode = ?, alerts = ? WHERE id = ?")
      .run(r.endedAt, r.cursor, r.rowsSeen, r.rowsChanged, r.total, r.byState, r.byError, r.byMode, r.alerts, syncId)
    // Retention: history older than the cutoff goes, except the last complete sync.
    const old = db.prepare("SELECT max(id) AS id FROM syncs WHERE ended_at < ? AND id <> (SELECT max(id) FROM syncs WHERE outcome = 'complete')").get(m.cutoff)
    if (old && old.id !== null) {
      db.prepare('DELETE FROM transitions WHERE sync_id <= ?').run(old.id)
      db.prepare('DELETE FROM syncs WHERE id <= ? AND ended_at < ?').run(old.id, m.cutoff)
      db.prepare("DELETE FROM meta WHERE key LIKE 'dismissed:%' AND CAST(substr(key, 11) AS INTEGER) <= ?").run(old.id)
    }
    // An incremental sync's pages go back into the file on the checkpointer's worker, after this COMMIT.
    if (m.offMain) db.exec('PRAGMA wal_autocheckpoint = 0')
    db.exec('COMMIT')
    finish()
    parentPort.postMessage({ op: 'reply', req: m.req, syncId })
  }
}
parentPort.on('message', (m) => {
  if (m.op === 'rollback') {
    finish()
    parentPort.close()
    return
  }
  if (finished) {
    if (m.req !== undefined) parentPort.postMessage({ op: 'error', req: m.req, error: failed || { message: 'This sync has already finished.' } })
    return
  }
  if (Atomics.load(ctl, ${ABORT}) && m.op === 'rows') return
  try {
    ops[m.op](m)
  } catch (e) {
    fail(e, m.req === undefined ? null : m.req)
  }
})
`

export interface SyncWriterThread {
  /** Queues upserts (flat, ROW_WIDTH per row) and transitions (flat, TRANSITION_WIDTH per one); waits only past `maxQueued` rows not yet written. */
  write(rows: unknown[], transitions: unknown[]): void
  /** Every row of the file as this sync's transaction sees it, in externalId order (an out-of-order full sync's index). */
  readBack(onRows: (rows: DbRow[]) => void): Promise<void>
  /** Removals, the sync record, retention and COMMIT; resolves with the sync's id once committed. */
  complete(m: { removed: string[]; transitions: unknown[]; record: CompleteRecord; cutoff: number; offMain: boolean }): Promise<number>
  /** Rolls back and ends the worker; returns once it let go of the file (bounded wait). */
  abort(): void
  /** The first error the worker met, if any (the next write or complete throws it). */
  readonly error: Error | null
}

const toError = (e: WorkerError): Error => Object.assign(new Error(e.message), { errcode: e.errcode, errstr: e.errstr })

export function startSyncWriterThread(path: string, begin: { source: string; kind: string; startedAt: number }, opts: { maxQueued: number }): SyncWriterThread {
  const ctl = new Int32Array(new SharedArrayBuffer(16))
  ctl[HELD] = 1
  const worker = new Worker(CODE, { eval: true, workerData: { path, ctl: ctl.buffer } })
  let error: Error | null = null
  let posted = 0
  let nextReq = 1
  const pending = new Map<number, { resolve: (syncId: number) => void; reject: (e: Error) => void; onRows?: (rows: unknown[]) => void }>()
  const failAll = (e: Error) => {
    error ??= e
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  worker.on('message', (m: FromWorker) => {
    if (m.op === 'error') {
      failAll(toError(m.error))
      return
    }
    const p = pending.get(m.req)
    if (!p) return
    if (m.op === 'back') p.onRows?.(m.rows)
    else {
      pending.delete(m.req)
      p.resolve(m.syncId)
    }
  })
  worker.on('error', (e) => {
    Atomics.store(ctl, HELD, 0)
    failAll(e instanceof Error ? e : new Error(String(e)))
  })
  worker.on('exit', () => {
    Atomics.store(ctl, HELD, 0)
    failAll(new Error('The sync writer thread ended.'))
  })
  const end = () => {
    void worker.terminate()
  }
  worker.postMessage({ op: 'begin', ...begin })
  const request = (m: Record<string, unknown>, onRows?: (rows: unknown[]) => void) =>
    new Promise<number>((resolve, reject) => {
      if (error) return reject(error)
      const req = nextReq++
      pending.set(req, { resolve, reject, onRows })
      worker.postMessage({ ...m, req })
    })
  return {
    get error() {
      return error
    },
    write(rows, transitions) {
      if (error) throw error
      if (!rows.length && !transitions.length) return
      worker.postMessage({ op: 'rows', rows, trans: transitions })
      posted += rows.length / ROW_WIDTH
      // Backpressure only: the worker writes several times faster than pages arrive. Bounded, so a stuck worker
      // becomes an error of this sync rather than a hung main thread. A worker that failed has let go (HELD 0): its
      // error arrives as a message, and the next write or complete() throws it.
      const until = performance.now() + 30_000
      while (posted - Atomics.load(ctl, DONE) > opts.maxQueued && Atomics.load(ctl, HELD) === 1) {
        if (performance.now() > until) {
          error = new Error('The sync writer thread stopped writing.')
          throw error
        }
        Atomics.wait(ctl, DONE, Atomics.load(ctl, DONE), 50)
      }
    },
    async readBack(onRows) {
      await request({ op: 'readBack' }, (flat) => {
        const rows: DbRow[] = []
        for (let i = 0; i < flat.length; i += ROW_WIDTH) {
          rows.push({
            external_id: flat[i] as string,
            state: flat[i + 1] as string,
            state_changed_at: flat[i + 2] as number,
            last_sync_at: flat[i + 3] as number,
            last_data_at: flat[i + 4] as number,
            error_code: flat[i + 5] as string | null,
            requested_scopes: flat[i + 6] as string,
            granted_scopes: flat[i + 7] as string,
            missing_scopes: flat[i + 8] as string | null,
            evidence: flat[i + 9] as string | null
          })
        }
        onRows(rows)
      })
    },
    async complete(m) {
      try {
        return await request({ op: 'complete', removed: m.removed, trans: m.transitions, record: m.record, cutoff: m.cutoff, offMain: m.offMain })
      } finally {
        end()
      }
    },
    abort() {
      Atomics.store(ctl, ABORT, 1)
      worker.postMessage({ op: 'rollback' })
      // The rollback is quick: the worker skips the batches still queued once it sees the abort word.
      if (Atomics.load(ctl, HELD) === 1) Atomics.wait(ctl, HELD, 1, 10_000)
      end()
    }
  }
}
