/** Child of the kill-and-resume test: runs (or resumes) a full documented-tier scan until done or SIGKILLed. */
import { DEFAULT_TIER_SETTINGS } from '../../../preload/contract/diagnosis/documented-tier'
import { openOrCreateRun, runTierScan } from '../../../main/services/documented-scan'
import { createTierClient } from '../../../main/services/tier-port'
import { openTierStore } from '../../../main/storage/tier-scan-store'

const [url, dbPath, clientId, clientSecret] = process.argv.slice(2) as [string, string, string, string]

async function main() {
  const store = openTierStore(dbPath)
  const { port } = createTierClient({
    baseUrl: url,
    ouraCloudBase: `${url}/_oura/cloud`,
    ouraApiBase: `${url}/_oura/api`,
    fetch: globalThis.fetch,
    getCredentials: async () => ({ clientId, clientSecret }),
    concurrency: 8,
    pacer: { maxPauseMs: 20 },
    http: { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 300, retries: 4 }
  })
  const { run, resumed } = openOrCreateRun(store, 'full')
  process.stdout.write(`run ${run.id} ${resumed ? 'resumed' : 'new'}\n`)
  const summary = await runTierScan(
    { store, port, settings: { ...DEFAULT_TIER_SETTINGS, concurrency: 8 }, flushEvery: 20, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))), onProgress: (p) => process.stdout.write(`done ${p.done}\n`) },
    run.id,
    new AbortController().signal
  )
  process.stdout.write(`finished ${JSON.stringify(summary)}\n`)
  store.close()
}
main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
