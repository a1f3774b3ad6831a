/**
 * Issue I's engine-level part of `npm run bench`: the admin-API listing through the real client into the tenant's
 * local SQLite store (main/local-store) vs a bare fetch loop over the same pages, an incremental sync after 1% of the
 * users changed (POST /_admin/churn, then `updatedSince`), main's RSS after one full sync in a fresh process, the
 * store's size on disk with 30 syncs of history, and opening the store from cache. Bundled by test/bench/run.mjs and
 * run in its own process (the simulator runs in another). Prints one JSON line.
 *
 *   node store-bench.mjs <simUrl> sync|rss
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSahhaClient } from '../../main/sahha/client'
import { createConnectionStore, type ConnectionStore } from '../../main/local-store/connection-store'
import { openTenantDb } from '../../main/local-store/tenant-db'
import { toInput } from '../../main/services/connections'
import { settledMemory } from './settled-memory'
import type { ConnectionInput } from '../../main/local-store/rows'

const simUrl = process.argv[2]!
const mode = process.argv[3] ?? 'sync'
const creds = { clientId: 'demo-account-client-id', clientSecret: 'demo-account-secret-42' }
const gc = () => (globalThis as { gc?: () => void }).gc?.()
const ALL = { states: null, errorCode: null, missingScope: null, search: '' }
const BY_ID = { key: 'externalId' as const, desc: false }

async function bareLoop(updatedSince?: string): Promise<{ ms: number; records: number }> {
  const t = performance.now()
  const tok = (await (await fetch(`${simUrl}/api/v1/oauth/account/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(creds) })).json()) as { accountToken: string }
  let cursor: string | null = null
  let records = 0
  do {
    const url: string = `${simUrl}/api/v1/account/integrations/oura/connections?sort=externalId&pageSize=1000${updatedSince ? `&updatedSince=${encodeURIComponent(updatedSince)}` : ''}${cursor ? `&cursor=${cursor}` : ''}`
    const page = (await (await fetch(url, { headers: { Authorization: `account ${tok.accountToken}` } })).json()) as { items: unknown[]; nextCursor: string | null }
    records += page.items.length
    cursor = page.nextCursor
  } while (cursor)
  return { ms: performance.now() - t, records }
}


const client = createSahhaClient({ baseUrl: simUrl, ouraCloudBase: `${simUrl}/_oura/cloud`, ouraApiBase: `${simUrl}/_oura/api`, fetch, getCredentials: async () => creds })

/**
 * One sync through the client into the store, as the Connections service does it: pages straight into the open
 * transaction; `updatedSince` (contract.md) for an incremental one. Returns the listing's `asOf` when the client
 * reports it (i-core's onAsOf), else the time the listing began.
 */
async function syncInto(store: ConnectionStore, kind: 'full' | 'incremental', updatedSince?: string): Promise<{ ms: number; records: number; asOf: string; phases: Record<string, number> }> {
  const t = performance.now()
  let asOf = new Date().toISOString()
  const w = await store.beginSync({ source: 'admin-api', kind })
  // Where the time goes: beginSync, the writer's synchronous part of each page, complete(); the rest is the client
  // waiting for and parsing pages (and the idle-time inserts that run meanwhile).
  const phases = { beginMs: performance.now() - t, writeBatchMs: 0, completeMs: 0, listingMs: 0 }
  // A variable, not a literal: on a branch whose client predates `updatedSince`/`onAsOf` they are ignored.
  const q = { pageSize: 1000, ...(updatedSince ? { updatedSince } : {}) }
  const opts = { signal: new AbortController().signal, onAsOf: (a: string | null) => {
      if (a) asOf = a
    } }
  let records = 0
  try {
    for await (const page of client.admin.iterateAllConnections('oura', q, opts)) {
      const s = performance.now()
      w.writeBatch(page.map(toInput))
      phases.writeBatchMs += performance.now() - s
      records += page.length
    }
    const c = performance.now()
    await w.complete({ cursor: asOf })
    phases.completeMs = performance.now() - c
    phases.listingMs = c - t - phases.beginMs - phases.writeBatchMs
  } catch (e) {
    w.fail({ code: 'INTERNAL', message: String(e), retryable: true })
    throw e
  }
  return { ms: performance.now() - t, records, asOf, phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v * 10) / 10])) }
}

const tempStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sia-store-bench-'))
  const path = join(dir, 't_bench00001.sqlite')
  return { dir, path, open: () => createConnectionStore(openTenantDb(path)) }
}
const sizeOf = (path: string) => [path, `${path}-wal`].reduce((s, p) => s + (existsSync(p) ? statSync(p).size : 0), 0)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function churn(n: number): Promise<{ broken: string[]; fixed: string[] }> {
  const r = await fetch(`${simUrl}/_admin/churn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ break: Math.ceil(n / 2), fix: Math.floor(n / 2) }) })
  if (!r.ok) throw new Error(`churn answered ${r.status}`)
  return (await r.json()) as { broken: string[]; fixed: string[] }
}

async function syncMode() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
  await bareLoop() // warm-up: JIT and the simulator's caches
  const bare: number[] = []
  const full: number[] = []
  let records = 0
  let bareRecords = 0
  let last: { s: ReturnType<typeof tempStore>; store: ConnectionStore; asOf: string } | null = null
  // Alternate the two and compare medians: this machine's two cores are shared with the simulator.
  for (let i = 0; i < rounds; i++) {
    const b = await bareLoop()
    bare.push(b.ms)
    bareRecords = b.records
    if (last) {
      last.store.close()
      rmSync(last.s.dir, { recursive: true, force: true })
    }
    const s = tempStore()
    const store = s.open()
    gc()
    const r = await syncInto(store, 'full')
    full.push(r.ms)
    records = r.records
    last = { s, store, asOf: r.asOf }
  }
  const { s, store } = last!
  // A full sync on top of the previous one (what a daily full sync is): most rows unchanged, nothing to write for them.
  const bareAgain = await bareLoop()
  const repeat = await syncInto(store, 'full')
  // The full sync's write-ahead log is copied back into the file on a worker after it (checkpointer.ts): on two cores
  // that copy, the simulator and the incremental shared the machine, and the incremental's listing took up to twice
  // its usual time. A refresh comes minutes after the previous sync, not within the same second: wait for it.
  await store.whenCheckpointed()
  // Incremental after 1% of the users changed, against the full sync of the same run.
  const changed = await churn(Math.round(records / 100))
  const inc = await syncInto(store, 'incremental', repeat.asOf)
  // The same incremental listing with no client and no store: what the simulator and the network cost alone.
  const incBare = await bareLoop(repeat.asOf)
  const after = store.lastComplete()
  // Open from cache: a fresh store object on the same file (what a restarted main does), first window + counts.
  store.close()
  const t0 = performance.now()
  const reopened = s.open()
  const counts = reopened.counts()
  const first = await reopened.query(ALL, BY_ID, 0, 50)
  const openMs = performance.now() - t0
  await reopened.ready()
  const readyMs = performance.now() - t0
  const t1 = performance.now()
  await reopened.query({ ...ALL, states: ['needs_reauth'] }, { key: 'lastSyncAt', desc: true }, 0, 50)
  const queryMs = performance.now() - t1
  const t2 = performance.now()
  await reopened.query({ ...ALL, search: 'user-00042' }, BY_ID, 0, 50)
  const searchMs = performance.now() - t2
  // History: 29 more syncs in which 1% of the users changed state, written straight into the store.
  const sizeOneSync = sizeOf(s.path)
  const states = ['connected', 'needs_reauth', 'scope_missing', 'error']
  const total = reopened.counts()?.total ?? 0
  const step = 100
  for (let k = 0; k < 29; k++) {
    const w = await reopened.beginSync({ source: 'admin-api', kind: 'incremental' })
    let batch: ConnectionInput[] = []
    for (let p = k % step; p < total; p += step) {
      const row = (await reopened.query(ALL, BY_ID, p, 1)).rows[0]!
      batch.push({ ...row, state: states[(k + p) % states.length]!, lastSyncAt: new Date(Date.UTC(2026, 11, 1) + k * 3_600_000).toISOString() })
      if (batch.length >= 1000) {
        w.writeBatch(batch)
        batch = []
      }
    }
    w.writeBatch(batch)
    await w.complete()
  }
  reopened.close()
  const size30 = sizeOf(s.path)
  rmSync(s.dir, { recursive: true, force: true })
  return {
    records,
    bareRecords,
    bareMs: median(bare),
    fullMs: median(full),
    // The median of each round's own ratio: a round's two runs are adjacent in time, so load that other work puts on
    // this shared machine during the run cancels out better than in a ratio of medians taken minutes apart.
    ratio: median(full.map((f, i) => f / bare[i]!)),
    ratioOfMedians: median(full) / median(bare),
    bareAll: bare.map(Math.round),
    fullAll: full.map(Math.round),
    repeatMs: repeat.ms,
    repeatRatio: repeat.ms / ((bareAgain.ms + median(bare)) / 2),
    incMs: inc.ms,
    incRecords: inc.records,
    incRatio: inc.ms / median(full),
    incPhases: inc.phases,
    incBareMs: incBare.ms,
    incBareRecords: incBare.records,
    repeatPhases: repeat.phases,
    churned: changed.broken.length + changed.fixed.length,
    incRowsChanged: after?.rowsChanged ?? null,
    openMs,
    readyMs,
    queryMs,
    searchMs,
    firstRows: first.rows.length,
    openTotal: first.total,
    countsTotal: counts?.total ?? null,
    sizeOneSyncMB: sizeOneSync / 1e6,
    size30MB: size30 / 1e6
  }
}

async function rssMode() {
  // A fresh process that does what main does: one full sync, then holds the store open (index in memory).
  const s = tempStore()
  const store = s.open()
  let rssMax = 0
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100)
  const r = await syncInto(store, 'full')
  clearInterval(sampler)
  // No forced collection: main has no gc() of its own, so what counts is what the store gives back after the sync
  // (release-memory.ts). A forced one hid ~30 MB: 390 MB with it, 421 MB without, before that release existed.
  const { memory: m, settled } = await settledMemory({ collect: false })
  if (!settled) process.stderr.write('store-bench: memory readings had not settled within 3 s; reporting the last one\n')
  const total = (await store.query(ALL, BY_ID, 0, 1)).total
  store.close()
  rmSync(s.dir, { recursive: true, force: true })
  return { records: r.records, total, rssMB: m.rss / 1e6, heapMB: m.heapUsed / 1e6, rssMaxMB: Math.max(rssMax, m.rss) / 1e6 }
}

async function main() {
  if (mode === 'profile') {
    // One full sync alone, for `node --cpu-prof`.
    const s = tempStore()
    const r = await syncInto(s.open(), 'full')
    process.stdout.write(JSON.stringify({ ms: r.ms, records: r.records }) + '\n')
    return
  }
  const out = mode === 'rss' ? await rssMode() : await syncMode()
  process.stdout.write(JSON.stringify(out) + '\n')
}
void main()
