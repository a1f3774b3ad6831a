/**
 * Issue J's part of `npm run bench`: a documented-tier scan against a `--admin-api off` simulator in its own
 * process, at the default concurrency: requests per profile (seeded mix, and a linked-only re-scan), throughput,
 * main RSS during the scan, and "check 1,000 users". Bundled by test/bench/run.mjs (runTierBench) and run alone.
 * Prints one JSON line.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TIER_SETTINGS } from '../../preload/contract/diagnosis/documented-tier'
import { openOrCreateRun, runTierScan } from '../../main/services/documented-scan'
import { createTierClient } from '../../main/services/tier-port'
import { openTierStore } from '../../main/storage/tier-scan-store'

const simUrl = process.argv[2]!
const creds = { clientId: 'demo-account-client-id', clientSecret: 'demo-account-secret-42' }

const SEARCH = 'GET /api/v1/account/profile/search'
const PER_PROFILE = ['GET /api/v1/profile/integration/{externalId}', 'GET /api/v1/profile/biomarker/{externalId}', 'GET /api/v1/profile/score/{externalId}', 'GET /api/v1/account/profile/{externalId}']

/** Requests the simulator served per route (its own count; the bench's /_admin calls are not among these routes). */
async function simRoutes(): Promise<Record<string, number>> {
  return ((await (await fetch(`${simUrl}/_admin/stats`)).json()) as { byRoute: Record<string, number> }).byRoute
}
const delta = (after: Record<string, number>, before: Record<string, number>, routes: readonly string[]) => routes.reduce((n, r) => n + (after[r] ?? 0) - (before[r] ?? 0), 0)
const TIER_ROUTES = [SEARCH, ...PER_PROFILE]

/** Max RSS of this process (it runs the scan and its store, as main does) between start() and stop(). */
function rssSampler() {
  let max = 0
  const sample = () => (max = Math.max(max, process.memoryUsage().rss))
  sample()
  const t = setInterval(sample, 250)
  return () => {
    clearInterval(t)
    sample()
    return max / 1048576
  }
}

async function main() {
  const store = openTierStore(join(mkdtempSync(join(tmpdir(), 'sia-tier-bench-')), 'tier.sqlite'))
  const { port } = createTierClient({ baseUrl: simUrl, ouraCloudBase: `${simUrl}/_oura/cloud`, ouraApiBase: `${simUrl}/_oura/api`, fetch, getCredentials: async () => creds, concurrency: DEFAULT_TIER_SETTINGS.concurrency })
  const signal = new AbortController().signal
  const settings = DEFAULT_TIER_SETTINGS
  const rssAtStart = process.memoryUsage().rss / 1048576

  // 1. A full scan of the seeded mix at the default concurrency.
  const before = await simRoutes()
  const full = openOrCreateRun(store, 'full').run
  const stopRss = rssSampler()
  const t = performance.now()
  const summary = await runTierScan({ store, port, settings }, full.id, signal)
  const scanMs = performance.now() - t
  const rssMaxMB = stopRss()
  const after = await simRoutes()
  const profiles = summary.checked
  const fullRequests = delta(after, before, TIER_ROUTES)
  const searchRequests = delta(after, before, [SEARCH])

  // 2. Every profile linked: up to 10,000 linked users of that scan checked again (the same calls a full scan makes
  // for a linked user: integration, biomarker, score when no biomarker), plus the full scan's search share per profile.
  const linkedIds = store.rescanIds(true).slice(0, 10_000)
  const rescan = openOrCreateRun(store, 'check', { ids: linkedIds }).run
  const linked = await runTierScan({ store, port, settings }, rescan.id, signal)
  const afterLinked = await simRoutes()
  const perLinked = delta(afterLinked, after, PER_PROFILE) / Math.max(1, linked.checked)

  // 3. "Check these users": a ticket's list of 1,000 (the pasted-list path: a not-linked id is confirmed to exist).
  const ids = Array.from({ length: 1000 }, (_, i) => `user-${String(1 + ((i * 97) % profiles)).padStart(7, '0')}`)
  const check = openOrCreateRun(store, 'check', { ids, options: { confirmExists: true } }).run
  const tc = performance.now()
  const checked = await runTierScan({ store, port, settings }, check.id, signal)
  const checkMs = performance.now() - tc

  process.stdout.write(
    JSON.stringify({
      profiles,
      counts: summary.counts,
      unknown: summary.counts.unknown ?? 0,
      passes: summary.passes,
      scanMs,
      requests: fullRequests,
      searchRequests,
      requestsPerProfile: fullRequests / profiles,
      linkedProfiles: linked.checked,
      requestsPerLinkedProfile: perLinked,
      requestsPerProfileAllLinked: perLinked + searchRequests / profiles,
      profilesPerSecond: (profiles * 1000) / scanMs,
      requestsPerSecond: (fullRequests * 1000) / scanMs,
      rssAtStartMB: rssAtStart,
      rssMaxMB,
      check1000Ms: checkMs,
      check1000Checked: checked.checked
    }) + '\n'
  )
  store.close()
}
void main()
