import { Worker } from 'node:worker_threads'

// The worker's whole program: one PASSIVE checkpoint on a connection of its own, then it says it let go of the file.
const CODE = `
const { parentPort, workerData } = require('node:worker_threads')
const { existsSync } = require('node:fs')
const { DatabaseSync } = require('node:sqlite')
const held = new Int32Array(workerData.held)
try {
  if (existsSync(workerData.path)) {
    const db = new DatabaseSync(workerData.path)
    try {
      db.exec('PRAGMA busy_timeout = 0; PRAGMA cache_size = -2000')
      db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get()
    } finally {
      db.close()
    }
  }
} catch (e) {
  parentPort.postMessage(String((e && e.message) || e))
}
Atomics.store(held, 0, 0)
Atomics.notify(held, 0)
`

/**
 * Copies a store's write-ahead log back into its file after a sync, on a worker thread with its own connection:
 * measured at 300k rows, SQLite's auto-checkpoint was two thirds of an incremental sync's COMMIT, on main's
 * critical path. A PASSIVE checkpoint neither blocks the reader nor the next sync's writer. One at a time per store;
 * a request while one runs runs once more after it. `close()` waits (Atomics.wait, bounded) until no checkpoint
 * holds the file, so deleting or rebuilding the store right after closing it never meets an open file (Windows
 * cannot delete one), and a closed store starts none.
 */
export function createCheckpointer(path: string) {
  let running: Int32Array | null = null
  let again = false
  let closed = false
  let waiters: (() => void)[] = []
  const settle = () => {
    const w = waiters
    waiters = []
    for (const r of w) r()
  }
  const start = () => {
    const held = new Int32Array(new SharedArrayBuffer(4))
    held[0] = 1
    running = held
    let worker: Worker
    try {
      worker = new Worker(CODE, { eval: true, workerData: { path, held: held.buffer } })
    } catch {
      running = null
      settle()
      return
    }
    worker.unref()
    worker.on('message', () => undefined) // a failed checkpoint is not an error: the next one, or SQLite's own, catches up
    worker.on('error', () => Atomics.store(held, 0, 0))
    worker.once('exit', () => {
      Atomics.store(held, 0, 0)
      running = null
      if (again && !closed) {
        again = false
        start()
      } else settle()
    })
  }
  return {
    request(): void {
      if (closed) return
      if (running) again = true
      else start()
    },
    /** Resolves once no checkpoint runs or is due (at once when none is). */
    idle(): Promise<void> {
      if (!running) return Promise.resolve()
      return new Promise((r) => waiters.push(r))
    },
    close(): void {
      closed = true
      again = false
      if (running) Atomics.wait(running, 0, 1, 10_000)
      settle()
    }
  }
}
