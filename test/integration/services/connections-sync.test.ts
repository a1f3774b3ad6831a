import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSahhaClient } from '../../../main/sahha/client'
import { createStoreRegistry } from '../../../main/local-store/store-registry'
import { createOperations } from '../../../main/services/operations'
import { createConnectionsService, type ApiConnection, type ConnectionsPort } from '../../../main/services/connections'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { TenantRecord } from '../../../main/storage/settings'
import type { ConnectionFilterModel, StoredRowModel } from '../../../preload/contract/models'
import { appError } from '../../../main/errors'

// Issue I items 1-3: the admin-API sync writes into the tenant's local store; incremental sync by updatedSince.

const logged: { level: string; event: string; data: unknown }[] = []
const log = {
  debug() {},
  info: (event: string, data: unknown) => logged.push({ level: 'info', event, data }),
  warn: (event: string, data: unknown) => logged.push({ level: 'warn', event, data }),
  error() {},
  addSecret() {},
  scrub: (s: string) => s
} as never
const tenant = { id: 't_connsync01', name: 'T', environment: 'demo' } as unknown as TenantRecord
const ALL: ConnectionFilterModel = { states: null, errorCode: null, missingScope: null, search: '' }
const BY_ID = { key: 'externalId' as const, desc: false }

function setup(port: () => Promise<ConnectionsPort>) {
  const dir = mkdtempSync(join(tmpdir(), 'sia-connsync-'))
  const stores = createStoreRegistry({ dir: join(dir, 'connections'), log })
  const operations = createOperations({ emit() {} } as never)
  return { stores, operations, service: createConnectionsService({ operations, log, port, stores }) }
}

async function allRows(service: ReturnType<typeof setup>['service']): Promise<StoredRowModel[]> {
  const r = await service.query(tenant.id, ALL, BY_ID, 0, 1_000_000)
  return r.rows
}

describe('admin-API sync into the local store, against the simulator', () => {
  let sim: RunningSimulator
  let fetched: number
  let sinceSeen: (string | null | undefined)[]
  const port = async (): Promise<ConnectionsPort> => {
    const client = createSahhaClient({
      baseUrl: sim.url,
      ouraCloudBase: `${sim.url}/_oura/cloud`,
      ouraApiBase: `${sim.url}/_oura/api`,
      fetch,
      getCredentials: async () => ({ clientId: sim.demo.accountClientId, clientSecret: sim.demo.accountClientSecret })
    })
    return {
      async *iterateAll(provider, o) {
        sinceSeen.push(o.updatedSince)
        for await (const page of client.admin.iterateAllConnections(provider, { pageSize: o.pageSize, updatedSince: o.updatedSince }, { signal: o.signal, onProgress: o.onProgress, onAsOf: o.onAsOf })) {
          fetched += page.length
          yield page
        }
      }
    }
  }
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, profiles: 3000, seed: 42 })
  })
  afterAll(() => sim.close())
  beforeEach(() => {
    fetched = 0
    sinceSeen = []
  })

  it('after k users changed, an incremental sync fetches only those k and the stored rows equal a full sync', async () => {
    const a = setup(port)
    const first = a.service.sync(tenant, 'oura', 'incremental')
    // Nothing stored yet: the first sync is a full one.
    expect(first.kind).toBe('full')
    const full = await first.done
    expect(full).toMatchObject({ kind: 'full', outcome: 'complete', rowsSeen: 2997 })
    expect(fetched).toBe(2997)
    expect(a.service.status(tenant.id).incrementalAvailable).toBe(true)

    // Change k = 9 users: 6 by an injected failure mode, 3 disconnected.
    const broken = ['user-0000010', 'user-0000111', 'user-0001234', 'user-0002000', 'user-0002500', 'user-0002999']
    const res = await fetch(`${sim.url}/_admin/failure-modes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mode: 'OURA_USER_REVOKED', externalIds: broken }) })
    expect(res.status).toBe(200)
    const client = createSahhaClient({ baseUrl: sim.url, ouraCloudBase: `${sim.url}/_oura/cloud`, ouraApiBase: `${sim.url}/_oura/api`, fetch, getCredentials: async () => ({ clientId: sim.demo.accountClientId, clientSecret: sim.demo.accountClientSecret }) })
    for (const id of ['user-0000013', 'user-0000500', 'user-0001500']) await client.admin.disconnect('oura', id)

    fetched = 0
    sinceSeen = []
    const inc = a.service.sync(tenant, 'oura', 'incremental')
    expect(inc.kind).toBe('incremental')
    const rec = await inc.done
    // The cursor passed is the asOf of the full sync's listing.
    expect(sinceSeen).toEqual([full!.id === 1 ? expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/) : null])
    expect(fetched).toBe(9)
    expect(rec).toMatchObject({ kind: 'incremental', outcome: 'complete', rowsSeen: 9, total: 2997 })

    // A fresh store filled by one full sync holds exactly the same rows.
    const b = setup(port)
    await b.service.sync(tenant, 'oura', 'full').done
    expect(await allRows(a.service)).toEqual(await allRows(b.service))
    const counts = await a.service.counts(tenant.id)
    expect(counts.counts!.byState.disconnected).toBeGreaterThanOrEqual(3)

    // Nothing changed since: the next incremental sync fetches at most the users written in the second its
    // predecessor began (whole-second updatedAt: fetched again, never lost), never the tenant.
    fetched = 0
    await a.service.sync(tenant, 'oura', 'incremental').done
    expect(fetched).toBeLessThanOrEqual(9)
    // The operator asks for a full sync: everything again.
    fetched = 0
    await a.service.sync(tenant, 'oura', 'full').done
    expect(fetched).toBe(2997)
  }, 60_000)

  it('a cancelled sync keeps the previous rows exactly and is recorded as cancelled', async () => {
    const a = setup(port)
    await a.service.sync(tenant, 'oura', 'full').done
    const before = await allRows(a.service)
    const s = a.service.sync(tenant, 'oura', 'full')
    a.operations.cancel(s.operationId)
    await expect(s.done).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await allRows(a.service)).toEqual(before)
    expect(a.service.status(tenant.id).lastAttempt).toMatchObject({ outcome: 'cancelled', error: { code: 'CANCELLED' } })
    expect(a.service.status(tenant.id).running).toBeNull()
  }, 60_000)
})

describe('admin-API sync with a scripted port', () => {
  const item = (n: number, state = 'connected', granted = ['daily', 'heartrate']): ApiConnection => ({
    externalId: `u-${String(n).padStart(4, '0')}`,
    state,
    lastSyncAt: '2026-11-01T00:00:00.000Z',
    requestedScopes: ['daily', 'heartrate'],
    grantedScopes: granted
  })
  let pages: ApiConnection[][] = []
  let failAfter: number | null = null
  let asOf: string | null = '2026-12-01T00:00:00.000Z'
  const port = async (): Promise<ConnectionsPort> => ({
    async *iterateAll(_p, o) {
      o.onAsOf?.(asOf)
      let i = 0
      for (const p of pages) {
        if (failAfter !== null && i++ >= failAfter) throw appError('SERVER_ERROR', 'Sahha answered 503 three times.', { remedy: 'Retry in a minute.', retryable: true })
        yield p
      }
    }
  })

  it('a failed sync leaves the previous data as it was, records the typed error and logs it', async () => {
    const a = setup(port)
    pages = [[item(1), item(2)], [item(3)]]
    failAfter = null
    await a.service.sync(tenant, 'oura', 'full').done
    const before = await allRows(a.service)
    pages = [[item(1, 'needs_reauth'), item(2, 'error')], [item(3, 'error')]]
    failAfter = 1
    logged.length = 0
    await expect(a.service.sync(tenant, 'oura', 'full').done).rejects.toMatchObject({ code: 'SERVER_ERROR' })
    expect(await allRows(a.service)).toEqual(before)
    expect(a.service.status(tenant.id).lastAttempt).toMatchObject({ outcome: 'failed', error: { code: 'SERVER_ERROR', remedy: 'Retry in a minute.' } })
    expect(a.service.status(tenant.id).lastComplete).toMatchObject({ outcome: 'complete', total: 3 })
    expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', event: 'connections.syncFailed', data: expect.objectContaining({ code: 'SERVER_ERROR' }) }))
  })

  it('a full sync drops users no longer listed; an incremental one cannot see removals', async () => {
    const a = setup(port)
    failAfter = null
    pages = [[item(1), item(2), item(3)]]
    await a.service.sync(tenant, 'oura', 'full').done
    pages = [[item(2, 'error')]]
    await a.service.sync(tenant, 'oura', 'incremental').done
    expect((await allRows(a.service)).map((r) => [r.externalId, r.state])).toEqual([
      ['u-0001', 'connected'],
      ['u-0002', 'error'],
      ['u-0003', 'connected']
    ])
    pages = [[item(2, 'error'), item(3)]]
    await a.service.sync(tenant, 'oura', 'full').done
    expect((await allRows(a.service)).map((r) => r.externalId)).toEqual(['u-0002', 'u-0003'])
  })

  it('a host without asOf gets full syncs only', async () => {
    const a = setup(port)
    failAfter = null
    asOf = null
    pages = [[item(1)]]
    await a.service.sync(tenant, 'oura', 'incremental').done
    expect(a.service.sync(tenant, 'oura', 'incremental').kind).toBe('full')
    asOf = '2026-12-01T00:00:00.000Z'
  })

  it('"missing scope X" and missingScopes compare the granted scopes with the current scope selection (K.10)', async () => {
    const a = setup(port)
    failAfter = null
    // u-0001 granted everything it was asked at consent; u-0002 unticked heartrate; u-0003 never granted anything.
    pages = [[item(1), item(2, 'scope_missing', ['daily']), item(3, 'pending', [])]]
    await a.service.sync(tenant, 'oura', 'full').done
    const missing = (scope: string, current?: string[]) => a.service.query(tenant.id, { ...ALL, missingScope: scope }, BY_ID, 0, 100, current).then((r) => r.rows.map((x) => x.externalId))
    // Against the scopes requested at consent, nobody lacks "spo2".
    expect(await missing('spo2')).toEqual([])
    // The integration now also selects spo2: everyone who granted anything lacks it.
    const current = ['daily', 'heartrate', 'spo2']
    expect(await missing('spo2', current)).toEqual(['u-0001', 'u-0002'])
    expect(await missing('heartrate', current)).toEqual(['u-0002'])
    // heartrate is no longer selected: not missing for anyone.
    expect(await missing('heartrate', ['daily'])).toEqual([])
    const rows = (await a.service.query(tenant.id, ALL, BY_ID, 0, 100, current)).rows
    expect(rows.map((r) => r.missingScopes)).toEqual([['spo2'], ['heartrate', 'spo2'], []])
  })
})
