// `npm run bench`: the performance figures of issue D, measured, written to .bench/report.json.
// Not part of `npm test`. Needs the build (npm run bench builds first) and Debian Chromium.
import { spawn } from 'node:child_process'
import { mkdir, writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { chromium } from 'playwright-core'

const ROOT = join(import.meta.dirname, '../..')
const OUT = join(ROOT, '.bench')
const PROFILES = Number(process.env.BENCH_PROFILES ?? 100_000)
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
await mkdir(OUT, { recursive: true })

function startProcess(args, readyRe, env = process.env) {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 60_000)
    const on = (d) => {
      out += d
      const m = readyRe.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ proc, match: m })
      }
    }
    proc.stdout.on('data', on)
    proc.stderr.on('data', (d) => (out += d))
    proc.on('exit', (c) => reject(new Error(`exited ${c}:\n${out}`)))
  })
}
const quiet = { logLevel: 'error', configFile: false }

/**
 * Issue J: the documented-tier scan of BENCH_PROFILES profiles against a simulator without the admin API,
 * at the default concurrency (4), in a process of its own (test/bench/tier-bench.ts).
 */
async function runTierBench() {
  await build({ ...quiet, build: { ssr: join(ROOT, 'test/bench/tier-bench.ts'), outDir: join(OUT, 'tier'), emptyOutDir: true, rollupOptions: { output: { entryFileNames: 'tier-bench.mjs' } } }, ssr: { noExternal: true } })
  const { proc: sim, match } = await startProcess(['out/main/simulator.js', '--port', '0', '--profiles', String(PROFILES), '--admin-api', 'off'], /listening on (http:\/\/\S+)/)
  const r = await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(OUT, 'tier/tier-bench.mjs'), match[1]], { cwd: ROOT })
    let o = ''
    let e = ''
    p.stdout.on('data', (d) => (o += d))
    p.stderr.on('data', (d) => (e += d))
    p.on('exit', (c) => (c === 0 ? resolve(JSON.parse(o)) : reject(new Error(e))))
  })
  sim.kill()
  report.tier = r
  figure('documented scan: profiles scanned (each exactly once)', r.profiles, 'profiles', `= ${PROFILES}`, r.profiles === PROFILES)
  figure('documented scan: requests per profile, seeded mix', r.requestsPerProfile, 'requests', 'reported', true)
  figure('documented scan: requests per linked profile (linked-only re-scan; a full scan adds 0.01 for search pages)', r.requestsPerLinkedProfile, 'requests', '≤ 2.05 (+0.01)', r.requestsPerLinkedProfile + 0.01 <= 2.05)
  figure('documented scan: throughput at the default concurrency (4)', r.profilesPerSecond, 'profiles/s', 'reported', true)
  figure('documented scan: requests per second', r.requestsPerSecond, 'requests/s', 'reported', true)
  figure('documented scan: duration', r.scanMs / 1000, 's', 'reported', true)
  figure('documented scan: main RSS during the scan (max)', r.rssMaxMB, 'MB', 'reported', true)
  figure('check 1,000 users', r.check1000Ms, 'ms', 'reported', true)
}

// 1. Bundles: the main-side bench for Node, the renderer filter for the browser.
await build({ ...quiet, build: { ssr: join(ROOT, 'test/bench/node-bench.ts'), outDir: join(OUT, 'node'), emptyOutDir: true, rollupOptions: { output: { entryFileNames: 'node-bench.mjs' } } }, ssr: { noExternal: true } })
await build({ ...quiet, build: { lib: { entry: join(ROOT, 'renderer/src/features/connections/filter.ts'), formats: ['iife'], name: 'ConnFilter', fileName: () => 'filter.js' }, outDir: join(OUT, 'browser'), emptyOutDir: true } })

const report = { date: new Date().toISOString(), profiles: PROFILES, machine: `${process.platform} ${process.arch}, node ${process.version}`, figures: [] }
const figure = (name, value, unit, goal, ok) => report.figures.push({ name, value: Math.round(value * 100) / 100, unit, goal, pass: ok })

// 2. Loading and memory, against the simulator in its own process.
{
  const { proc: sim, match } = await startProcess(['out/main/simulator.js', '--port', '0', '--profiles', String(PROFILES)], /listening on (http:\/\/\S+)/)
  const runBench = (...extra) =>
    new Promise((resolve, reject) => {
      const p = spawn(process.execPath, ['--expose-gc', join(OUT, 'node/node-bench.mjs'), match[1], ...extra], { cwd: ROOT })
      let o = ''
      let e = ''
      p.stdout.on('data', (d) => (o += d))
      p.stderr.on('data', (d) => (e += d))
      p.on('exit', (c) => (c === 0 ? resolve(JSON.parse(o)) : reject(new Error(e))))
    })
  const r = await runBench()
  const mem = await runBench('rss')
  sim.kill()
  r.rssMB = mem.rssMB
  r.heapMB = mem.heapMB
  figure('connections loaded', r.records, 'records', `= ${PROFILES - Math.floor(PROFILES / 997)} (every seeded connection)`, r.records > 0)
  figure('load through client + store vs bare fetch loop', r.ratio, '×', '≤ 1.3×', r.ratio <= 1.3)
  figure('load time, app path', r.appMs, 'ms', 'reported', true)
  figure('load time, bare fetch loop', r.bareMs, 'ms', 'reported', true)
  figure('main-process RSS holding the connections (fresh process, one sync)', r.rssMB, 'MB', '≤ 250 MB', r.rssMB <= 250)
  figure('of which V8 heap in use', r.heapMB, 'MB', 'reported', true)
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS })

// 3. Filter/search/sort over 100,000 rows in Chromium.
{
  const page = await browser.newPage()
  await page.setContent('<!doctype html><title>bench</title>')
  await page.addScriptTag({ path: join(OUT, 'browser/filter.js') })
  const r = await page.evaluate((n) => {
    const states = ['connected', 'connected', 'connected', 'connected', 'needs_reauth', 'scope_missing', 'error', 'pending', 'disconnected', 'membership_expired']
    const rows = Array.from({ length: n }, (_, i) => ({
      externalId: `user-${String(i + 1).padStart(7, '0')}`,
      state: states[(i * 7) % states.length],
      lastSyncAt: new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % 500000) * 60_000).toISOString(),
      lastDataAt: null,
      errorCode: i % 9 === 0 ? 'invalid_grant' : i % 17 === 0 ? 'http_403' : null,
      requestedScopes: ['daily'],
      grantedScopes: ['daily']
    }))
    const F = window.ConnFilter
    const t0 = performance.now()
    const ix = F.buildIndex(rows)
    const indexMs = performance.now() - t0
    const searches = ['', 'user-0', 'user-00', 'user-001', 'user-0012', 'user-00123', 'user-009']
    const stateSets = [null, new Set(['needs_reauth', 'scope_missing', 'membership_expired', 'error']), new Set(['error']), new Set(['connected'])]
    const sorts = ['externalId', 'lastSyncAt', '-lastSyncAt']
    const times = []
    for (let k = 0; k < 300; k++) {
      const f = { search: searches[k % searches.length], states: stateSets[k % stateSets.length], errorCode: k % 5 === 0 ? 'invalid_grant' : null, sort: sorts[k % sorts.length] }
      const t = performance.now()
      F.applyFilter(ix, f)
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    return { indexMs, p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] }
  }, PROFILES)
  figure('filter/search/sort over 100,000 rows in Chromium, p95', r.p95, 'ms', '≤ 16 ms', r.p95 <= 16)
  figure('filter p50', r.p50, 'ms', 'reported', true)
  figure('index build (once per load)', r.indexMs, 'ms', 'reported', true)
  await page.close()
}

// 4. Scrolling the full table in the real app: long tasks while scrolling.
{
  const userData = await mkdtemp(join(tmpdir(), 'sia-bench-'))
  const { proc: web, match } = await startProcess(['out/main/web.js', '--user-data', userData, '--keychain-service', `sia-bench-${process.pid}`, '--demo-profiles', String(PROFILES)], /BRIDGE_READY (\{.*\})/)
  const { launchUrl } = JSON.parse(match[1])
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  await page.goto(launchUrl)
  await page.getByTestId('tab-connections').click()
  const t = Date.now()
  await page.waitForFunction((n) => {
    const m = /([\d,]+) of ([\d,]+) shown/.exec(document.querySelector('[data-testid=conn-count]')?.textContent ?? '')
    // A complete sync is on screen (conn-as-of), its rows answer the query, and no sync runs.
    const done = Boolean(document.querySelector('[data-testid=conn-as-of]')) && Boolean(document.querySelector('[data-testid=conn-table][data-state=ready]'))
    return m && Number(m[2].replace(/,/g, '')) > n * 0.9 && !document.querySelector('[data-testid=conn-progress]') && done
  }, PROFILES, { timeout: 120_000 })
  figure('open Connections to all rows shown (UI, through the bridge)', Date.now() - t, 'ms', 'reported', true)
  // Let the post-load garbage collection finish: the figure is about scrolling, not about loading.
  await page.waitForTimeout(1500)
  const long = await page.evaluate(async () => {
    const tasks = []
    const t0 = performance.now()
    new PerformanceObserver((l) => tasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' })
    window.__when = []
    new PerformanceObserver((l) => window.__when.push(...l.getEntries().map((e) => Math.round(e.startTime - t0)))).observe({ type: 'longtask' })
    const el = document.querySelector('[data-testid=conn-scroll]')
    const steps = 400
    for (let i = 1; i <= steps; i++) {
      el.scrollTop = (el.scrollHeight * i) / steps
      await new Promise((r) => requestAnimationFrame(() => r()))
    }
    await new Promise((r) => setTimeout(r, 300))
    return { count: tasks.length, max: tasks.length ? Math.max(...tasks) : 0, scrollHeight: el.scrollHeight, when: window.__when, total: Math.round(performance.now() - t0) }
  })
  figure('long tasks (> 50 ms) while scrolling the full table', long.count, 'tasks', '0', long.count === 0)
  figure('longest task while scrolling', long.max, 'ms', '< 50 ms', long.max < 50)
  web.kill()
  await page.close()
}
await browser.close()

await runTierBench()

await writeFile(join(OUT, 'report.json'), JSON.stringify(report, null, 2) + '\n')
console.log(`\nBenchmark (${report.profiles.toLocaleString()} profiles, ${report.machine})`)
for (const f of report.figures) console.log(`${f.pass ? 'PASS' : 'FAIL'}  ${f.name}: ${f.value} ${f.unit}  (goal ${f.goal})`)
console.log(`\nReport: ${join(OUT, 'report.json')}`)
process.exit(report.figures.every((f) => f.pass) ? 0 : 1)
