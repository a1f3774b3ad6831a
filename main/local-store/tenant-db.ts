import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AppFailure, appError } from '../errors'
import { MIGRATIONS, SCHEMA_VERSION } from './schema'

/**
 * One SQLite file per tenant (node:sqlite, built into Node 24 and Electron 45: nothing native to rebuild).
 * Two connections: the writer holds a sync's transaction open across many batches; the reader serves
 * queries and, in WAL mode, keeps seeing the last committed (complete) sync until the writer commits.
 */
export interface TenantDb {
  readonly path: string
  readonly writer: DatabaseSync
  readonly reader: DatabaseSync
  close(): void
}

// SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or not a database at all.
const CORRUPT_CODES = new Set([11, 26])

export function isCorruptionError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && CORRUPT_CODES.has((e as { errcode?: number }).errcode ?? -1)
}

/** A damaged store is copied aside and reported; it is never reset without the operator asking (same rule as settings). */
export function corruptStoreError(path: string, why: string): AppFailure {
  const backupPath = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
  try {
    copyFileSync(path, backupPath)
  } catch {
    // The copy is best effort: the original file stays where it is either way.
  }
  return appError('STORAGE_CORRUPT', `This tenant's local connection store could not be read (${why}). A copy was kept at ${backupPath}.`, {
    remedy: 'Choose "Rebuild local data" to start a fresh store from a full sync (the damaged copy stays as a backup), or restore a good copy of the file.',
    retryable: false,
    details: { backupPath, path, action: 'rebuild' }
  })
}

const versionOf = (db: DatabaseSync): number => (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version

function refuseNewer(db: DatabaseSync, path: string): void {
  if (versionOf(db) > SCHEMA_VERSION) {
    throw appError('STORAGE_CORRUPT', "This tenant's local connection store was written by a newer version of the app.", {
      remedy: 'Update the app. The file was left untouched.',
      retryable: false,
      details: { path }
    })
  }
}

function migrate(db: DatabaseSync): void {
  for (let v = versionOf(db); v < SCHEMA_VERSION; v++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(MIGRATIONS[v]!)
      db.exec(`PRAGMA user_version = ${v + 1}`)
      db.exec('COMMIT')
    } catch (e) {
      db.exec('ROLLBACK')
      throw e
    }
  }
}

export function openTenantDb(path: string, opts: { migrations?: number } = {}): TenantDb {
  mkdirSync(dirname(path), { recursive: true })
  let writer: DatabaseSync | null = null
  let reader: DatabaseSync | null = null
  try {
    writer = new DatabaseSync(path)
    // Before anything writes to the file: a store from a newer app must stay byte-for-byte as it is.
    refuseNewer(writer, path)
    writer.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000; PRAGMA cache_size = -16000')
    if (opts.migrations === undefined) migrate(writer)
    else migrateTo(writer, opts.migrations)
    reader = new DatabaseSync(path, { readOnly: true })
    reader.exec('PRAGMA busy_timeout = 2000; PRAGMA cache_size = -32000')
    // Reading the schema proves the file is a database; anything deeper surfaces on the first query.
    reader.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (e) {
    reader?.close()
    writer?.close()
    if (e instanceof AppFailure) throw e
    if (isCorruptionError(e)) throw corruptStoreError(path, (e as { errstr?: string }).errstr ?? 'damaged file')
    throw appError('STORAGE_IO', "This tenant's local connection store could not be opened.", {
      remedy: `Check that ${path} and its folder are readable and writable by you, and that the disk is not full.`,
      retryable: true
    })
  }
  const w = writer
  const r = reader
  return {
    path,
    writer: w,
    reader: r,
    close() {
      r.close()
      w.close()
    }
  }
}

/** Tests only: build a store at an older schema version, to test the migrations from it. */
function migrateTo(db: DatabaseSync, target: number): void {
  for (let v = versionOf(db); v < target; v++) {
    db.exec(MIGRATIONS[v]!)
    db.exec(`PRAGMA user_version = ${v + 1}`)
  }
}

/** Deletes the store's files (the database and its WAL), leaving any corrupt-* backups in place. */
export function deleteTenantDbFiles(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(p)) rmSync(p, { force: true })
}
