/**
 * Main-process side of `npm run bench`: loading 100,000 connections through the real client and
 * connection store vs a bare fetch loop over the same pages, and the RSS of main holding them.
 * Bundled by test/bench/run.mjs and run in its own process (the simulator runs in another).
 */
import { createSahhaClient } from '../../main/sahha/client'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnectionsService } from '../../main/services/connections'
import { createStoreRegistry } from '../../main/local-store/store-registry'
import { createOperations } from '../../main/services/operations'
import { createEventBus } from '../../main/ipc/events'
import { createLogger } from '../../main/log'
import { settledMemory } from './settled-memory'

const simUrl = process.argv[2]!
const creds = { clientId: 'demo-account-client-id', clientSecret: 'demo-account-secret-42' }

async function bareLoop(): Promise<{ ms: number; records: number }> {
  const t = performance.now()
  const tok = (await (await fetch(`${simUrl}/api/v1/oauth/account/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(creds) })).json()) as { accountToken: string }
  let cursor: string | null = null
  let records = 0
  do {
    const url: string = `${simUrl}/api/v1/account/integrations/oura/connections?sort=externalId&pageSize=1000${cursor ? `&cursor=${cursor}` : ''}`
    const page = (await (await fetch(url, { headers: { Authorization: `account ${tok.accountToken}` } })).json()) as { items: unknown[]; nextCursor: string | null }
    records += page.items.length
    cursor = page.nextCursor
  } while (cursor)
  return { ms: performance.now() - t, records }
}

function makeStore() {
  const log = createLogger(() => undefined)
  const client = createSahhaClient({ baseUrl: simUrl, ouraCloudBase: `${simUrl}/_oura/cloud`, ouraApiBase: `${simUrl}/_oura/api`, fetch, getCredentials: async () => creds, log })
  // The app's path: client -> SyncWriter of the tenant's local store (a fresh SQLite file per load).
  const store = createConnectionsService({
    operations: createOperations(createEventBus()),
    log,
    port: async () => ({ iterateAll: (provider, o) => client.admin.iterateAllConnections(provider, { pageSize: o.pageSize, updatedSince: o.updatedSince }, { signal: o.signal, onProgress: o.onProgress, onAsOf: o.onAsOf }) }),
    stores: createStoreRegistry({ dir: join(mkdtempSync(join(tmpdir(), 'sia-bench-store-')), 'connections'), log })
  })
  return store
}

async function appLoad(): Promise<{ ms: number; records: number; store: ReturnType<typeof makeStore> }> {
  const store = makeStore()
  const t = performance.now()
  const tenant = { id: 't_bench00001', name: 'Bench', environment: 'demo' as const, sahhaClientId: creds.clientId, createdAt: '', updatedAt: '' }
  const records = (await store.sync(tenant, 'oura', 'full').done)?.rowsSeen ?? 0
  return { ms: performance.now() - t, records, store }
}

async function clientOnly(): Promise<number> {
  const client = createSahhaClient({ baseUrl: simUrl, ouraCloudBase: `${simUrl}/_oura/cloud`, ouraApiBase: `${simUrl}/_oura/api`, fetch, getCredentials: async () => creds })
  const t = performance.now()
  let n = 0
  for await (const page of client.admin.iterateAllConnections('oura', { pageSize: 1000 })) n += page.length
  return performance.now() - t + n * 0
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  if (process.argv[3] === 'rss') {
    // A fresh process that does what main does: one sync, then holds the rows.
    const a = await appLoad()
    const { memory: m, settled } = await settledMemory()
    if (!settled) process.stderr.write('node-bench: memory readings had not settled within 3 s; reporting the last one\n')
    process.stdout.write(JSON.stringify({ records: a.records, rows: (await a.store.counts('t_bench00001')).counts?.total ?? 0, rssMB: m.rss / 1e6, heapMB: m.heapUsed / 1e6 }) + '\n')
    return
  }
  const bare: number[] = []
  const app: number[] = []
  let records = 0
  let kept: unknown = null
  await bareLoop() // warm-up: JIT and the simulator's caches
  if (process.env.BENCH_DEBUG) {
    for (let i = 0; i < 3; i++) console.error('bare', (await bareLoop()).ms.toFixed(0), 'client', (await clientOnly()).toFixed(0), 'app', (await appLoad()).ms.toFixed(0))
  }
  // Alternate the two, five rounds each, and compare medians: this machine's two cores are shared with the simulator.
  for (let i = 0; i < 5; i++) {
    bare.push((await bareLoop()).ms)
    const a = await appLoad()
    app.push(a.ms)
    records = a.records
    kept = a.store
  }
  ;(globalThis as { gc?: () => void }).gc?.()
  const rss = process.memoryUsage().rss
  const heap = process.memoryUsage().heapUsed
  process.stdout.write(
    JSON.stringify({ records, bareMs: median(bare), appMs: median(app), ratio: median(app) / median(bare), rssMB: rss / 1e6, heapMB: heap / 1e6, kept: kept !== null }) + '\n'
  )
}
void main()
