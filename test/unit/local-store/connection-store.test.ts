import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { createConnectionStore, type ConnectionStore } from '../../../main/local-store/connection-store'
import type { ConnectionInput } from '../../../main/local-store/rows'
import { openTenantDb } from '../../../main/local-store/tenant-db'
import { createStoreRegistry } from '../../../main/local-store/store-registry'
import { SCHEMA_VERSION } from '../../../main/local-store/schema'
import { AppFailure } from '../../../main/errors'
import { createLogger } from '../../../main/log'

const ALL = { states: null, errorCode: null, missingScope: null, search: '' }
const BY_ID = { key: 'externalId' as const, desc: false }
const id = (i: number) => `user-${String(i).padStart(7, '0')}`

function user(i: number, state = 'connected', extra: Partial<ConnectionInput> = {}): ConnectionInput {
  return {
    externalId: id(i),
    state,
    stateChangedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    lastSyncAt: new Date(Date.UTC(2026, 10, 20) + ((i * 7919) % 100_000) * 1000).toISOString(),
    lastDataAt: i % 10 === 0 ? null : new Date(Date.UTC(2026, 10, 19) + i * 500).toISOString(),
    errorCode: state === 'needs_reauth' ? 'invalid_grant' : state === 'scope_missing' ? 'http_403' : null,
    requestedScopes: ['daily', 'heartrate', 'personal'],
    grantedScopes: state === 'scope_missing' ? ['daily', 'personal'] : ['daily', 'heartrate', 'personal'],
    ...extra
  }
}

async function fullSync(store: ConnectionStore, users: ConnectionInput[], batch = 100) {
  const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
  for (let i = 0; i < users.length; i += batch) w.writeBatch(users.slice(i, i + batch))
  return w.complete()
}

let dir: string
let clock: number
let openedWriter: DatabaseSync
const newStore = (name = 'a.sqlite') => {
  const db = openTenantDb(join(dir, name))
  openedWriter = db.writer
  return createConnectionStore(db, { now: () => clock })
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sia-store-'))
  clock = Date.UTC(2026, 11, 1, 3, 12)
})

describe('tenant connection store', () => {
  it('keeps showing the last complete sync while a new one writes, and after it fails the old rows are exactly back with the error recorded', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 500 }, (_, i) => user(i + 1)))
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    w.writeBatch(Array.from({ length: 200 }, (_, i) => user(i + 1, 'needs_reauth')))
    // Mid-sync: readers still see the previous complete data.
    expect(await store.count({ ...ALL, states: ['needs_reauth'] })).toBe(0)
    expect(await store.count(ALL)).toBe(500)
    const failed = w.fail({ code: 'NETWORK', message: 'Sahha could not be reached.', remedy: 'Check the network, then Retry.', retryable: true })
    expect(failed.outcome).toBe('failed')
    expect(failed.error?.code).toBe('NETWORK')
    expect(failed.rowsSeen).toBe(200)
    expect(await store.count({ ...ALL, states: ['connected'] })).toBe(500)
    expect(store.lastComplete()?.total).toBe(500)
    expect(store.lastAttempt()?.outcome).toBe('failed')
    // And on disk: after a restart the half-written sync is not there either.
    store.close()
    const again = newStore()
    expect(await again.count({ ...ALL, states: ['needs_reauth'] })).toBe(0)
    expect(again.lastAttempt()?.error?.remedy).toBe('Check the network, then Retry.')
  })

  it('survives a restart: a reopened store serves the last complete sync before any network call', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 300 }, (_, i) => user(i + 1, i % 3 === 0 ? 'needs_reauth' : 'connected')))
    store.close()
    const again = newStore()
    expect(again.lastComplete()?.byState).toEqual({ connected: 200, needs_reauth: 100 })
    expect((await again.query(ALL, BY_ID, 0, 3)).rows.map((r) => r.externalId)).toEqual([id(1), id(2), id(3)])
  })

  it('records who became broken (grouped by failure mode), who recovered and who left, between two full syncs', async () => {
    const store = newStore()
    const base = Array.from({ length: 1000 }, (_, i) => user(i + 1, i < 10 ? 'needs_reauth' : 'connected'))
    await fullSync(store, base)
    clock += 3_600_000
    const next = base
      .filter((u) => u.externalId !== id(500))
      .map((u, i) => (i < 5 ? user(i + 1, 'connected') : i >= 100 && i < 130 ? user(i + 1, 'needs_reauth') : i >= 200 && i < 212 ? user(i + 1, 'scope_missing') : u))
    const rec = await fullSync(store, next, 64)
    expect(rec.total).toBe(999)
    const ch = store.changes()
    expect(ch.previous?.id).toBeLessThan(ch.sync!.id)
    expect(ch.becameBroken.map((g) => [g.mode, g.count])).toEqual([
      ['needs_reauth · invalid_grant', 30],
      ['scope_missing · http_403', 12]
    ])
    expect(ch.becameBroken[0]!.sample[0]).toBe(id(101))
    expect(ch.recovered.count).toBe(5)
    expect(ch.recovered.sample).toEqual([id(1), id(2), id(3), id(4), id(5)])
    expect(store.row(id(500))).toBeNull()
    expect(store.history(id(500)).transitions).toEqual([expect.objectContaining({ from: 'connected', to: null })])
    expect(ch.trend.map((t) => t.byState.needs_reauth)).toEqual([10, 35])
  })

  it('an incremental sync changes only the users it is given and keeps its cursor for next time', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 400 }, (_, i) => user(i + 1)))
    const w = await store.beginSync({ source: 'admin-api', kind: 'incremental' })
    w.writeBatch([user(7, 'error', { errorCode: 'invalid_client' }), user(401)])
    const rec = await w.complete({ cursor: '2026-12-01T03:12:00.000Z' })
    expect(rec.kind).toBe('incremental')
    expect(rec.total).toBe(401)
    expect(rec.rowsChanged).toBe(2)
    expect(store.lastCursor()).toBe('2026-12-01T03:12:00.000Z')
    expect(store.row(id(7))?.errorCode).toBe('invalid_client')
    expect(store.row(id(8))?.state).toBe('connected')
    expect(store.changes().becameBroken).toEqual([expect.objectContaining({ mode: 'error · invalid_client', count: 1 })])
  })

  it('a refresh that changed no row keeps the data version, so the rows on screen stay; one that changed a row moves it', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 300 }, (_, i) => user(i + 1)))
    const v0 = (await store.query(ALL, BY_ID, 0, 10)).dataVersion
    const quiet = await store.beginSync({ source: 'admin-api', kind: 'incremental' })
    quiet.writeBatch([user(5)]) // listed again, unchanged
    expect((await quiet.complete({ cursor: 'c1' })).rowsChanged).toBe(0)
    expect((await store.query(ALL, BY_ID, 0, 10)).dataVersion).toBe(v0)
    const again = await fullSync(store, Array.from({ length: 300 }, (_, i) => user(i + 1)))
    expect(again.rowsChanged).toBe(0)
    expect((await store.query(ALL, BY_ID, 0, 10)).dataVersion).toBe(v0)
    const busy = await store.beginSync({ source: 'admin-api', kind: 'incremental' })
    busy.writeBatch([user(5, 'needs_reauth')])
    await busy.complete({ cursor: 'c2' })
    const after = await store.query(ALL, BY_ID, 0, 10)
    expect(after.dataVersion).toBeGreaterThan(v0)
    expect(after.rows[4]!.state).toBe('needs_reauth')
    // A full sync that only drops a user changes the rows too.
    await fullSync(store, Array.from({ length: 299 }, (_, i) => user(i + 1, i === 4 ? 'needs_reauth' : 'connected')))
    const dropped = await store.query(ALL, BY_ID, 0, 10)
    expect(dropped.dataVersion).toBeGreaterThan(after.dataVersion)
    expect(dropped.total).toBe(299)
  })

  it('filters by states, error code, missing scope and externalId prefix, and counts the same rows it pages', async () => {
    const store = newStore()
    const states = ['connected', 'connected', 'needs_reauth', 'scope_missing', 'error']
    await fullSync(store, Array.from({ length: 2500 }, (_, i) => user(i + 1, states[i % 5]!)))
    expect(await store.count({ ...ALL, states: ['needs_reauth', 'scope_missing'] })).toBe(1000)
    expect(await store.count({ ...ALL, errorCode: 'http_403' })).toBe(500)
    expect(await store.count({ ...ALL, missingScope: 'heartrate' })).toBe(500)
    expect(await store.count({ ...ALL, missingScope: 'heart' })).toBe(0)
    expect(await store.count({ ...ALL, search: 'user-000001' })).toBe(10)
    const r = (await store.query({ ...ALL, search: 'user-000001', states: ['connected'] }, BY_ID, 0, 50))
    expect(r.total).toBe(4)
    expect(r.rows.map((x) => x.externalId)).toEqual([id(11), id(12), id(16), id(17)])
    expect(store.row(id(4))?.missingScopes).toEqual(['heartrate'])
  })

  it.each([
    ['externalId', false],
    ['externalId', true],
    ['lastSyncAt', false],
    ['lastSyncAt', true],
    ['lastDataAt', false],
    ['stateChangedAt', true]
  ] as const)('a window deep in the list holds the same users as SQL ORDER BY … OFFSET: sort %s desc=%s', async (key, desc) => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 5200 }, (_, i) => user(i + 1, i % 4 === 0 ? 'needs_reauth' : 'connected')), 500)
    const db = new DatabaseSync(join(dir, 'a.sqlite'), { readOnly: true })
    const col = { externalId: 'external_id', lastSyncAt: 'last_sync_at', lastDataAt: 'last_data_at', stateChangedAt: 'state_changed_at' }[key]
    const dir_ = desc ? 'DESC' : 'ASC'
    const order = key === 'externalId' ? `external_id ${dir_}` : `${col} ${dir_}, external_id ${dir_}`
    const cases: [typeof ALL | { states: string[]; errorCode: null; missingScope: null; search: string }, string][] = [
      [ALL, ''],
      [{ ...ALL, states: ['connected'] }, "WHERE state = 'connected'"]
    ]
    for (const [filter, where] of cases) {
      for (const offset of [0, 999, 1000, 1001, 2345, 3999]) {
        const expected = (db.prepare(`SELECT external_id FROM connections ${where} ORDER BY ${order} LIMIT 30 OFFSET ${offset}`).all() as { external_id: string }[]).map((r) => r.external_id)
        expect((await store.query(filter, { key, desc }, offset, 30)).rows.map((r) => r.externalId)).toEqual(expected)
      }
    }
    db.close()
  })

  it('raises a spike alert only when a failure mode rises by both the absolute and the relative threshold', async () => {
    const store = newStore()
    store.saveSettings({ retentionDays: 30, alertAbsolute: 20, alertRelative: 0.5 })
    const n = 1000
    const mk = (broken: number) => Array.from({ length: n }, (_, i) => user(i + 1, i < broken ? 'needs_reauth' : 'connected'))
    await fullSync(store, mk(100))
    expect((await fullSync(store, mk(130))).alerts).toEqual([]) // +30: absolute met, relative (30%) not
    expect((await fullSync(store, mk(140))).alerts).toEqual([]) // +10 from 130: neither
    expect((await fullSync(store, mk(220))).alerts).toEqual([{ mode: 'needs_reauth · invalid_grant', state: 'needs_reauth', errorCode: 'invalid_grant', from: 140, to: 220 }])
  })

  it('serves the last sync\'s alerts minus the dismissed ones; a dismissal survives reopening and the next sync starts clean', async () => {
    const store = newStore('alerts.sqlite')
    store.saveSettings({ retentionDays: 30, alertAbsolute: 5, alertRelative: 0 })
    const mk = (reauth: number, missing: number) => Array.from({ length: 200 }, (_, i) => user(i + 1, i < reauth ? 'needs_reauth' : i < reauth + missing ? 'scope_missing' : 'connected'))
    expect(store.alerts()).toEqual({ syncId: null, at: null, source: null, alerts: [], dismissed: 0 })
    await fullSync(store, mk(10, 10))
    const second = await fullSync(store, mk(30, 40))
    expect(store.alerts().alerts.map((a) => a.mode).sort()).toEqual(['needs_reauth · invalid_grant', 'scope_missing · http_403'])
    store.dismissAlert(second.id, 'scope_missing · http_403')
    expect(store.alerts()).toMatchObject({ syncId: second.id, source: 'admin-api', dismissed: 1, alerts: [{ mode: 'needs_reauth · invalid_grant', from: 10, to: 30 }] })
    store.close()
    const again = newStore('alerts.sqlite')
    expect(again.alerts().alerts.map((a) => a.mode)).toEqual(['needs_reauth · invalid_grant'])
    // Dismissed while a sync writes: kept once it ends, even if it fails.
    const w = await again.beginSync({ source: 'admin-api', kind: 'full' })
    again.dismissAlert(second.id)
    w.fail({ code: 'NETWORK', message: 'down', retryable: true })
    expect(again.alerts()).toMatchObject({ syncId: second.id, alerts: [], dismissed: 2 })
    const third = await fullSync(again, mk(60, 40))
    expect(again.alerts()).toMatchObject({ syncId: third.id, dismissed: 0, alerts: [{ mode: 'needs_reauth · invalid_grant', from: 30, to: 60 }] })
    expect(() => again.dismissAlert(9999)).toThrow(AppFailure)
  })

  it('deletes history older than the retention setting but always keeps the latest sync', async () => {
    const store = newStore()
    store.saveSettings({ retentionDays: 2, alertAbsolute: 20, alertRelative: 0.25 })
    await fullSync(store, [user(1)])
    clock += 86_400_000
    await fullSync(store, [user(1, 'needs_reauth')])
    clock += 3 * 86_400_000
    await fullSync(store, [user(1, 'connected')])
    expect(store.history(id(1)).transitions.map((t) => t.to)).toEqual(['connected'])
    expect(store.changes().trend).toHaveLength(1)
  })

  it('writes documented-scan rows in any order with their evidence, and a full scan removes who it did not see', async () => {
    const store = newStore()
    const w = await store.beginSync({ source: 'documented-scan', kind: 'full' })
    w.writeBatch([
      { externalId: 'b', state: 'linked · data fresh', lastDataAt: '2026-11-30T00:00:00Z', evidence: { integrations: ['oura'] } },
      { externalId: 'a', state: 'not linked' }
    ])
    w.writeBatch([{ externalId: 'c', state: 'profile gone', evidence: { httpStatus: 410 } }])
    const rec = await w.complete()
    expect(rec.source).toBe('documented-scan')
    expect(rec.byState).toEqual({ 'linked · data fresh': 1, 'not linked': 1, 'profile gone': 1 })
    expect(store.evidence('c')).toEqual({ httpStatus: 410 })
    const w2 = await store.beginSync({ source: 'documented-scan', kind: 'full' })
    w2.writeBatch([{ externalId: 'c', state: 'profile gone', evidence: { httpStatus: 410 } }])
    w2.writeBatch([{ externalId: 'a', state: 'linked · no recent data' }])
    await w2.complete()
    expect((await store.query(ALL, BY_ID, 0, 10)).rows.map((r) => r.externalId)).toEqual(['a', 'c'])
    expect(store.changes().becameBroken.map((g) => g.mode)).toEqual(['linked · no recent data'])
  })

  it('refuses a second sync of the same tenant while one is writing', async () => {
    const store = newStore()
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    await expect(store.beginSync({ source: 'admin-api', kind: 'full' })).rejects.toThrow(/already running/)
    w.fail({ code: 'CANCELLED', message: 'cancelled', retryable: true }, { cancelled: true })
    expect(store.lastAttempt()?.outcome).toBe('cancelled')
  })

  it('keeps settings saved during a sync even when that sync fails', async () => {
    const store = newStore()
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    store.saveSettings({ retentionDays: 7, alertAbsolute: 5, alertRelative: 0.1 })
    w.fail({ code: 'NETWORK', message: 'x', retryable: true })
    expect(newStore().settings().retentionDays).toBe(7)
  })

  it('clear local data empties rows and history but keeps the settings', async () => {
    const store = newStore()
    store.saveSettings({ retentionDays: 9, alertAbsolute: 20, alertRelative: 0.25 })
    await fullSync(store, [user(1), user(2)])
    store.clear()
    expect(await store.count(ALL)).toBe(0)
    expect(store.lastComplete()).toBeNull()
    expect(store.settings().retentionDays).toBe(9)
  })
})

describe('schema and damaged files', () => {
  it('migrates a store written at schema version 1 and keeps its rows', async () => {
    const path = join(dir, 'old.sqlite')
    const v1 = openTenantDb(path, { migrations: 1 })
    v1.writer.exec("INSERT INTO syncs (source, kind, started_at, ended_at, outcome, total, by_state) VALUES ('admin-api', 'full', 1, 2, 'complete', 1, '{\"connected\":1}')")
    v1.writer.exec("INSERT INTO connections (external_id, state, missing_scopes, changed_sync) VALUES ('user-1', 'scope_missing', ' heartrate ', 1)")
    v1.close()
    const store = createConnectionStore(openTenantDb(path))
    expect((new DatabaseSync(path, { readOnly: true }).prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION)
    expect(store.row('user-1')?.state).toBe('scope_missing')
    expect(await store.count({ ...ALL, missingScope: 'heartrate' })).toBe(1)
    expect(store.settings()).toEqual({ retentionDays: 30, alertAbsolute: 20, alertRelative: 0.25 })
  })

  it('refuses a store written by a newer app and leaves it untouched', async () => {
    const path = join(dir, 'new.sqlite')
    const d = new DatabaseSync(path)
    d.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    d.close()
    const before = readFileSync(path)
    expect(() => openTenantDb(path)).toThrow(/newer version/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('reports a damaged file as STORAGE_CORRUPT with a backup and a rebuild action, never resetting it', async () => {
    const path = join(dir, 't_corrupt01.sqlite')
    writeFileSync(path, 'this is not a database, it is some text that got written over it'.repeat(200))
    const before = readFileSync(path)
    let err: unknown
    try {
      openTenantDb(path)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AppFailure)
    const f = err as AppFailure
    expect(f.code).toBe('STORAGE_CORRUPT')
    expect(f.appError.remedy).toMatch(/Rebuild local data/)
    const backup = (f.appError.details as { backupPath: string }).backupPath
    expect(readFileSync(backup).equals(before)).toBe(true)
    expect(readFileSync(path).equals(before)).toBe(true)
    const reg = createStoreRegistry({ dir, log: createLogger(() => undefined) })
    expect(() => reg.get('t_corrupt01')).toThrow(/could not be read/)
    const fresh = reg.rebuild('t_corrupt01')
    expect(await fresh.count(ALL)).toBe(0)
    expect(existsSync(backup)).toBe(true)
  })

  it('removing a tenant deletes its store and its backups', async () => {
    const reg = createStoreRegistry({ dir, log: createLogger(() => undefined) })
    await fullSync(reg.get('t_remove001'), [user(1)])
    const path = reg.pathOf('t_remove001')
    writeFileSync(`${path}.corrupt-2026`, 'x')
    expect(existsSync(path)).toBe(true)
    reg.remove('t_remove001')
    expect(existsSync(path)).toBe(false)
    expect(existsSync(`${path}.corrupt-2026`)).toBe(false)
  })

  it('inserts a batch in idle event-loop turns while the sync waits for the next page, and commits every row', async () => {
    const store = newStore()
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    w.writeBatch(Array.from({ length: 3000 }, (_, i) => user(i + 1)))
    const inTxn = () => (openedWriter.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n
    // Nothing written on the batch's own turn beyond the bound; the rest goes in while the loop is idle.
    const writtenNow = inTxn()
    for (let k = 0; k < 200 && inTxn() < 3000; k++) await new Promise<void>((r) => setImmediate(r))
    expect(writtenNow).toBeLessThan(3000)
    expect(inTxn()).toBe(3000)
    await w.complete()
    expect(await store.count(ALL)).toBe(3000)
  })

  it('closing the store during a sync rolls it back: the file reopens with the previous sync, and a new sync can start', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 100 }, (_, i) => user(i + 1)))
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    for (let i = 0; i < 30_000; i += 1000) w.writeBatch(Array.from({ length: 1000 }, (_, k) => user(i + k + 1, 'error')))
    store.close()
    const again = newStore()
    expect(await again.count(ALL)).toBe(100)
    expect(again.lastAttempt()?.outcome).toBe('cancelled')
    await fullSync(again, [user(7, 'needs_reauth')])
    expect(await again.count(ALL)).toBe(1)
  })

  it('a row SQLite refuses while inserting in idle time fails complete(), and the previous sync stays as it was', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 50 }, (_, i) => user(i + 1)))
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    // state NOT NULL: a malformed row from a caller that skipped its checks.
    w.writeBatch([user(1), { ...user(2), state: null as unknown as string }, user(3)])
    for (let k = 0; k < 5; k++) await new Promise<void>((r) => setImmediate(r))
    await expect(w.complete()).rejects.toThrow(/NOT NULL/)
    expect(await store.count(ALL)).toBe(50)
    expect(store.lastComplete()?.total).toBe(50)
  })

  it('a full sync whose batches arrive out of externalId order still ends with exactly the users it saw, in order', async () => {
    const store = newStore()
    await fullSync(store, Array.from({ length: 600 }, (_, i) => user(i + 1)))
    const w = await store.beginSync({ source: 'admin-api', kind: 'full' })
    // Users 1-500 only (501-600 left), the last batch first, one state changed.
    const next = Array.from({ length: 500 }, (_, i) => user(i + 1, i === 9 ? 'needs_reauth' : 'connected'))
    for (let i = 400; i >= 0; i -= 100) w.writeBatch(next.slice(i, i + 100))
    const rec = await w.complete()
    expect(rec.total).toBe(500)
    expect(await store.count(ALL)).toBe(500)
    expect(await store.count({ ...ALL, states: ['needs_reauth'] })).toBe(1)
    expect((await store.query(ALL, BY_ID, 498, 5)).rows.map((r) => r.externalId)).toEqual([id(499), id(500)])
    expect(store.row(id(550))).toBeNull()
  })
})
