// `npm run soak`: issue F's long reliability runs, each figure with its goal, written to .bench/soak.json.
// The short versions run in `npm test` (test/integration/reliability, test/integration/client/resilience,
// test/unit/ipc/fuzz). Needs `npm run build` first (the script does it through npm).
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'vite'

const ROOT = join(import.meta.dirname, '../..')
const OUT = join(ROOT, '.bench')
const PROFILES = Number(process.env.SOAK_PROFILES ?? 100_000)
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 1000)
const TRIALS = Number(process.env.SOAK_TRIALS ?? 200)
const FUZZ_RUNS = Number(process.env.SOAK_FUZZ_RUNS ?? 400)
const CONCURRENT_ROUNDS = Number(process.env.SOAK_CONCURRENT_ROUNDS ?? 25)
await mkdir(OUT, { recursive: true })

const ssr = (entry, name) =>
  build({ logLevel: 'error', configFile: false, build: { ssr: join(ROOT, entry), outDir: join(OUT, 'soak'), emptyOutDir: false, rollupOptions: { output: { entryFileNames: name } } }, ssr: { noExternal: true } })
await ssr('test/soak/soak-main.ts', 'soak-main.mjs')
await ssr('test/soak/crash-child.ts', 'crash-child.mjs')

const run = (cmd, args, ready) =>
  new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    let out = ''
    let err = ''
    p.stdout.on('data', (d) => {
      out += d
      if (ready && ready.test(out)) resolve({ p, out })
    })
    p.stderr.on('data', (d) => (err += d))
    p.on('exit', (c) => (ready ? reject(new Error(`exited ${c}: ${err}`)) : resolve({ code: c, out, err })))
  })

const figures = []
const fig = (name, value, goal, pass) => figures.push({ name, value, goal, pass })
const started = Date.now()

// Simulator with 20% faults in its own process; everything else in the soak process.
const { p: sim, out } = await run(process.execPath, ['out/main/simulator.js', '--port', '0', '--profiles', String(PROFILES), '--faults', '0.2'], /listening on (http:\S+)/)
const simUrl = /listening on (http:\S+)/.exec(out)[1]
// What the simulator itself says it serves (its connections summary), not a copy of its seeding rule; asked again
// while the injected faults answer instead.
async function simTotal(url) {
  let last = null
  for (let n = 0; n < 50; n++) {
    try {
      const tok = await (await fetch(`${url}/api/v1/oauth/account/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clientId: 'demo-account-client-id', clientSecret: 'demo-account-secret-42' }), signal: AbortSignal.timeout(5000) })).json()
      const r = await (await fetch(`${url}/api/v1/account/integrations/oura/connections/summary`, { headers: { Authorization: `account ${tok.accountToken}` }, signal: AbortSignal.timeout(5000) })).json()
      if (typeof r.total === 'number') return r.total
      last = new Error(`summary without a total: ${JSON.stringify(r).slice(0, 200)}`)
    } catch (e) {
      last = e
    }
  }
  throw new Error(`the simulator's connections summary never answered: ${last}`)
}
const expected = await simTotal(simUrl)
const soak = await run(process.execPath, [join(OUT, 'soak/soak-main.mjs'), simUrl, String(expected), String(ROUNDS), String(TRIALS), join(OUT, 'soak/crash-child.mjs'), String(CONCURRENT_ROUNDS)])
sim.kill()
if (soak.code !== 0) throw new Error(soak.err)
const { fault, lost, crash, concurrent } = JSON.parse(soak.out)
fig(`fault soak: records synced with 20% faults (${fault.expected.toLocaleString()} expected)`, fault.records, '100%', fault.complete)
fig('fault soak: duplicates', fault.duplicates, '0', fault.duplicates === 0)
fig('fault soak: requests made vs minimum', `${fault.requests} vs ${fault.minimumRequests} (${fault.retries} retries)`, 'reported', true)
fig('fault soak: RSS growth during the sync', `${Math.round(fault.rssGrowthMB)} MB`, '≤ 250 MB', fault.rssGrowthMB <= 250)
fig(`lost updates over ${lost.rounds} concurrent rounds`, lost.lostUpdates, '0', lost.lostUpdates === 0)
fig('conflicts surfaced and merged', lost.conflictsSurfaced, '> 0 (each shown as a diff to merge)', lost.conflictsSurfaced > 0)
fig('lost updates: whitelist entries replaced by the operator\'s choice in the merge table', `${lost.overriddenByOperator} (${lost.operatorChoices} choices)`, 'reported', true)
fig(`crash safety: corrupt files after ${crash.trials} SIGKILLs`, crash.corruptFiles, '0', crash.corruptFiles === 0)
fig('crash safety: last acknowledged draft lost', crash.lostDrafts, '0', crash.lostDrafts === 0)
fig('crash safety: unreadable audit logs', crash.unreadableAuditLogs, '0', crash.unreadableAuditLogs === 0)
fig('crash safety: writes acknowledged before the kills', crash.writesAcknowledged, 'reported', true)
fig('crash safety: temp files left by the kills', crash.tempFilesLeft, 'reported', true)
fig('crash safety: stale temp files after the next start', crash.staleTempFilesAfterStart, '0', crash.staleTempFilesAfterStart === 0)
fig(
  `concurrent writes acknowledged vs persisted (${concurrent.rounds} rounds of ${concurrent.perRound} creates + their draft saves, after a restart)`,
  `${concurrent.acknowledged} vs ${concurrent.persisted}`,
  'equal',
  concurrent.persisted === concurrent.acknowledged
)
fig('concurrent writes: rounds whose audit log does not list exactly the acknowledged creates', concurrent.auditMismatches, '0', concurrent.auditMismatches === 0)
fig('concurrent writes: keychain secrets of tenants that do not exist', concurrent.orphanSecrets, '0', concurrent.orphanSecrets === 0)

// IPC fuzz, long: the same property test with more runs per channel, through the real dispatch.
process.env.FUZZ_RUNS = String(FUZZ_RUNS)
const fuzz = await run('npx', ['vitest', 'run', '--config', 'test/vitest.config.mts', 'test/unit/ipc/fuzz.test.ts'], undefined)
const fuzzEnvOk = fuzz.code === 0
fig(`IPC fuzz: ${FUZZ_RUNS} generated inputs per channel, crashes or untyped errors`, fuzzEnvOk ? 0 : 'see output', '0', fuzzEnvOk)

// Issue J, long: the documented-tier scan of 100,000 profiles with 20% faults, and the SIGKILL/resume trials on
// 2,000 profiles each (npm test runs 2,000 and 20 × 100).
process.env.TIER_PROFILES = process.env.TIER_PROFILES ?? '100000'
process.env.TIER_KILL_PROFILES = process.env.TIER_KILL_PROFILES ?? '2000'
const tier = await run('npx', ['vitest', 'run', '--config', 'test/vitest.config.mts', 'test/integration/tier/scan.test.ts', 'test/integration/tier/kill-resume.test.ts'], undefined)
fig(`documented scan: ${process.env.TIER_PROFILES} profiles with 20% faults end in exactly their true state; 20 SIGKILL trials of ${process.env.TIER_KILL_PROFILES} resume to it`, tier.code === 0 ? 'yes' : 'see output', 'yes', tier.code === 0)

const report = { date: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), figures }
await writeFile(join(OUT, 'soak.json'), JSON.stringify(report, null, 2) + '\n')
for (const f of figures) console.log(`${f.pass ? 'PASS' : 'FAIL'}  ${f.name}: ${f.value}  (goal ${f.goal})`)
console.log(`\n${report.seconds} s. Report: ${join(OUT, 'soak.json')}`)
process.exit(figures.every((f) => f.pass) ? 0 : 1)
