import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnectionStore } from '../../../main/local-store/connection-store'
import type { ConnectionInput } from '../../../main/local-store/rows'
import { openTenantDb, type TenantDb } from '../../../main/local-store/tenant-db'

// Decision 0012: a reopened store answers the first window and the counts from SQLite, and reads its in-memory index
// only when something needs it (another query, a sync), so loading it does not compete with the operator's first calls.

const ALL = { states: null, errorCode: null, missingScope: null, search: '' }
const BY_ID = { key: 'externalId' as const, desc: false }
const id = (i: number) => `user-${String(i).padStart(7, '0')}`
const user = (i: number, state = i % 5 === 0 ? 'needs_reauth' : 'connected'): ConnectionInput => ({
  externalId: id(i),
  state,
  stateChangedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
  lastSyncAt: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
  lastDataAt: null,
  errorCode: state === 'needs_reauth' ? 'invalid_grant' : null,
  requestedScopes: ['daily'],
  grantedScopes: ['daily']
})
const N = 2500
// The index loader's read: every row in externalId order, a page at a time.
const LOADER_SQL = /FROM connections WHERE external_id > \? ORDER BY external_id LIMIT/

/** The tenant's file, opened with its reader recording every statement prepared on it. */
function openRecording(path: string): { db: TenantDb; prepared: string[] } {
  const db = openTenantDb(path)
  const prepared: string[] = []
  const reader = new Proxy(db.reader, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => (prepared.push(sql), target.prepare(sql))
      const v: unknown = Reflect.get(target, key)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    }
  })
  return { db: { ...db, reader, close: () => db.close() }, prepared }
}

let path: string
beforeEach(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'sia-index-')), 't.sqlite')
  const store = createConnectionStore(openTenantDb(path))
  const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
  for (let i = 1; i <= N; i += 500) w.writeBatch(Array.from({ length: 500 }, (_, k) => user(i + k)))
  await w.complete({ cursor: '2026-12-01T00:00:00Z' })
  store.close()
})

describe('loading the index of a reopened store', () => {
  it('serves the first window, the next block, the counts and the status from SQLite without reading the index', async () => {
    const { db, prepared } = openRecording(path)
    const store = createConnectionStore(db)
    const counts = store.counts()
    expect(counts?.total).toBe(N)
    expect(counts?.byState).toEqual({ connected: N * 0.8, needs_reauth: N * 0.2 })
    const first = await store.query(ALL, BY_ID, 0, 200)
    expect(first.total).toBe(N)
    expect(first.rows.map((r) => r.externalId)).toEqual(Array.from({ length: 200 }, (_, k) => id(k + 1)))
    expect((await store.query(ALL, BY_ID, 200, 200)).rows[0]?.externalId).toBe(id(201))
    expect(store.lastComplete()?.total).toBe(N)
    expect(store.lastCursor()).toBe('2026-12-01T00:00:00Z')
    expect(store.alerts().alerts).toEqual([])
    expect(prepared.filter((s) => LOADER_SQL.test(s))).toEqual([])
    store.close()
  })

  it('reads the index on the first query that needs it, and then answers filters, sorts and counts from it', async () => {
    const { db, prepared } = openRecording(path)
    const store = createConnectionStore(db)
    await store.query(ALL, BY_ID, 0, 200)
    const broken = await store.query({ ...ALL, states: ['needs_reauth'] }, { key: 'lastSyncAt', desc: true }, 0, 3)
    expect(prepared.some((s) => LOADER_SQL.test(s))).toBe(true)
    expect(broken.total).toBe(N * 0.2)
    expect(broken.rows.map((r) => r.externalId)).toEqual([id(2500), id(2495), id(2490)])
    expect(await store.count({ ...ALL, search: 'user-000012' })).toBe(10)
    store.close()
  })

  it('a sync started first waits for the index, so an incremental one changes one user and keeps the others', async () => {
    const store = createConnectionStore(openTenantDb(path))
    const w = await store.beginSync({ source: 'admin-api', kind: 'incremental' })
    w.writeBatch([user(7, 'error')])
    const rec = await w.complete()
    expect(rec.rowsChanged).toBe(1)
    expect(store.counts()?.total).toBe(N)
    expect(await store.count({ ...ALL, states: ['error'] })).toBe(1)
    store.close()
  })
})
