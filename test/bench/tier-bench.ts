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

async function simRequests(): Promise<number> {
  return ((await (await fetch(`${simUrl}/_admin/stats`)).json()) as { requests: number }).requests
}

async function main() {
  const store = openTierStore(join(mkdtempSync(join(tmpdir(), 'sia-tier-bench-')), 'tier.sqlite'))
  const { port } = createTierClient({ baseUrl: simUrl, ouraCloudBase: `${simUrl}/_oura/cloud`, ouraApiBase: `${simUrl}/_oura/api`, fetch, getCredentials: async () => creds, concurrency: DEFAULT_TIER_SETTINGS.concurrency })
  const signal = new AbortController().signal
  const settings = DEFAULT_TIER_SETTINGS
  let rssMax = 0
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250)

  const before = await simRequests()
  const full = openOrCreateRun(store, 'full').run
  const t = performance.now()
  const summary = await runTierScan({ store, port, settings }, full.id, signal)
  const scanMs = performance.now() - t
  const fullRequests = (await simRequests()) - before - 1 // minus the account token
  const profiles = summary.checked

  const linkedBefore = await simRequests()
  const rescan = openOrCreateRun(store, 'rescan', { options: { linkedOnly: true } }).run
  const linked = await runTierScan({ store, port, settings }, rescan.id, signal)
  const linkedRequests = (await simRequests()) - linkedBefore

  const ids = Array.from({ length: 1000 }, (_, i) => `user-${String(1 + ((i * 97) % profiles)).padStart(7, '0')}`)
  const check = openOrCreateRun(store, 'check', { ids, options: { confirmExists: true } }).run
  const tc = performance.now()
  await runTierScan({ store, port, settings }, check.id, signal)
  const checkMs = performance.now() - tc
  clearInterval(sampler)

  process.stdout.write(
    JSON.stringify({
      profiles,
      counts: summary.counts,
      passes: summary.passes,
      scanMs,
      requestsPerProfile: fullRequests / profiles,
      linkedProfiles: linked.checked,
      requestsPerLinkedProfile: linkedRequests / Math.max(1, linked.checked),
      profilesPerSecond: (profiles * 1000) / scanMs,
      requestsPerSecond: (fullRequests * 1000) / scanMs,
      rssMaxMB: rssMax / 1048576,
      check1000Ms: checkMs
    }) + '\n'
  )
  store.close()
}
void main()
