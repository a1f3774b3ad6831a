import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { createCheckpointer } from '../../../main/local-store/checkpointer'

/** A WAL database whose last commit is still only in the log: the main file holds the schema, the log the rows. */
function walOnly(rows: number): { path: string; db: DatabaseSync } {
  const path = join(mkdtempSync(join(tmpdir(), 'sia-ckpt-')), 't.sqlite')
  const db = new DatabaseSync(path)
  db.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID')
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const put = db.prepare('INSERT INTO t VALUES (?, ?)')
  db.exec('BEGIN')
  for (let i = 0; i < rows; i++) put.run(`k${String(i).padStart(8, '0')}`, 'x'.repeat(100))
  db.exec('COMMIT')
  return { path, db }
}
const size = (p: string) => statSync(p).size

describe('checkpointer', () => {
  it('copies the log back into the file on a worker thread', async () => {
    const { path, db } = walOnly(20_000)
    const before = size(path)
    expect(size(`${path}-wal`)).toBeGreaterThan(1_000_000)
    const c = createCheckpointer(path)
    c.request()
    const t0 = Date.now()
    while (size(path) < 1_000_000 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20))
    expect(before).toBeLessThan(100_000)
    expect(size(path)).toBeGreaterThan(1_000_000)
    c.close()
    // The rows are all there for the app's own connection.
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(20_000)
    db.close()
  })

  it('close() returns only once no checkpoint holds the file, and a closed checkpointer starts none', async () => {
    const { path, db } = walOnly(40_000)
    const c = createCheckpointer(path)
    c.request()
    // Give the worker time to start and take the file, then close at once.
    await new Promise((r) => setTimeout(r, 30))
    c.close()
    const atClose = size(path)
    await new Promise((r) => setTimeout(r, 400))
    expect(size(path)).toBe(atClose)
    // More in the log, and a request after close: nothing copies it.
    const put = db.prepare('INSERT INTO t VALUES (?, ?)')
    db.exec('BEGIN')
    for (let i = 0; i < 20_000; i++) put.run(`z${i}`, 'y'.repeat(100))
    db.exec('COMMIT')
    const withMore = size(path)
    c.request()
    await new Promise((r) => setTimeout(r, 500))
    expect(size(path)).toBe(withMore)
    db.close()
  })

  it('idle() resolves once the checkpoint it was waiting for has copied the log back, and at once when none runs', async () => {
    const { path, db } = walOnly(40_000)
    const c = createCheckpointer(path)
    await c.idle()
    expect(size(path)).toBeLessThan(100_000)
    c.request()
    await c.idle()
    expect(size(path)).toBeGreaterThan(1_000_000)
    c.close()
    db.close()
  })
})

