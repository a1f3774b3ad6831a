// Runs the end-to-end suite with the secret canary (issue F.5), then searches everything the suite
// left behind for it. A run passes only when the suite passes, every kind of artifact was really
// collected, the search finds the canary where it was planted on purpose, and finds it nowhere else.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { canaryPatterns, findCanary, scanFolder } from '../canary/scan.mjs'

const root = resolve(import.meta.dirname, '../..')
const artifacts = join(root, 'test-results', 'canary')
const canary = `cnry${randomBytes(8).toString('hex')}`
rmSync(artifacts, { recursive: true, force: true })
mkdirSync(artifacts, { recursive: true })

const runVitest = (args, reportPath) =>
  spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/vitest.e2e.config.mts', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SAHHA_E2E_CANARY: canary, SAHHA_E2E_ARTIFACTS: artifacts }
  })
const reportDir = join(root, 'test-results')
const firstReport = join(reportDir, 'e2e-report.json')
const vitest = runVitest(process.argv.slice(2), firstReport)
if (vitest.status !== 0) {
  // One slow machine must not fail CI (issue 16 item 16), and a real failure must: a file whose every
  // failure is a timeout is run once more, alone (the machine's other work no longer competes with the
  // rest of the suite). Any assertion failure, or a timeout again, fails the run.
  const failed = failedFiles(firstReport)
  if (!failed || failed.length === 0 || failed.length > 2 || failed.some((f) => !f.onlyTimeouts)) process.exit(vitest.status ?? 1)
  for (const f of failed) {
    console.warn(`e2e: ${f.file} failed only by timeouts (${f.messages[0]?.split('\n')[0]}); running it once more, alone`)
    const again = runVitest([f.file], join(reportDir, 'e2e-report-rerun.json'))
    if (again.status !== 0) process.exit(again.status ?? 1)
    console.warn(`e2e: ${f.file} passed when run alone: the first failure was the machine's load, not the app`)
  }
}

function failedFiles(reportPath) {
  let report
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'))
  } catch {
    return null
  }
  if (report.numFailedTestSuites === undefined) return null
  return (report.testResults ?? [])
    .filter((r) => r.status === 'failed')
    .map((r) => {
      const messages = [r.message, ...(r.assertionResults ?? []).filter((a) => a.status === 'failed').flatMap((a) => a.failureMessages ?? [])].filter(Boolean)
      return { file: relative(root, r.name), messages, onlyTimeouts: messages.length > 0 && messages.every((m) => /Timeout \d+ms exceeded|timed out in \d+ms|Matcher did not succeed in time|Test timed out|Hook timed out/i.test(m)) }
    })
}
if (process.argv.length > 2) {
  console.log('canary: a filtered run (arguments given): the artifacts are kept but not searched')
  process.exit(0)
}

// The search must find what it looks for: the canary planted in each encoding a leak could take, and
// tokens that hold no canary (issued by the simulator during a run) by their shape alone.
const control = join(root, 'test-results', 'canary-control')
rmSync(control, { recursive: true, force: true })
mkdirSync(control, { recursive: true })
const planted = {
  'text.json': JSON.stringify({ secret: `acme-oura-secret-${canary}` }),
  'basic-auth.txt': `Authorization: Basic ${Buffer.from(`client-id:acme-account-secret-${canary}`).toString('base64')}`,
  'utf16.bin': Buffer.from(`x${canary}y`, 'utf16le'),
  'query.txt': `?client_secret=${encodeURIComponent(`s ${canary}`)}`,
  'hex.txt': Buffer.from(`zz${canary}`).toString('hex'),
  'account-token.json': JSON.stringify({ accountToken: `acct_${randomBytes(24).toString('base64url')}` }),
  'profile-authorization.txt': `GET /x with Authorization: profile prof_${randomBytes(24).toString('base64url')}`
}
for (const [name, body] of Object.entries(planted)) writeFileSync(join(control, name), body)
const missed = scanFolder(control, canary).filter((f) => f.hits.length === 0)
for (let shift = 0; shift < 3; shift++) {
  const b64 = Buffer.from('x'.repeat(shift) + canary + 'tail').toString('base64')
  if (findCanary(Buffer.from(b64), canaryPatterns(canary)).length === 0) missed.push({ path: `base64 at offset ${shift}` })
}
rmSync(control, { recursive: true, force: true })
if (missed.length) {
  console.error(`canary: the search itself is broken, it missed the planted canary in: ${missed.map((f) => f.path).join(', ')}`)
  process.exit(1)
}

const files = scanFolder(artifacts, canary)
const count = (pred) => files.filter(pred).length
const figures = {
  files: files.length,
  bytes: files.reduce((n, f) => n + f.bytes, 0),
  bridgeResponseFiles: count((f) => f.kind === 'responses'),
  eventFrameFiles: count((f) => f.kind === 'event-frames' && f.bytes > 0),
  domSnapshots: count((f) => f.kind === 'dom'),
  downloads: count((f) => f.kind === 'downloads'),
  configExports: count((f) => f.kind === 'downloads' && /config/i.test(f.path)),
  incidentBundles: count((f) => f.kind === 'downloads' && /incident-/.test(f.path)),
  settingsFiles: count((f) => /settings\.json$/.test(f.path)),
  draftFiles: count((f) => /drafts\.json$/.test(f.path)),
  auditLogs: count((f) => /audit-log\.jsonl$/.test(f.path)),
  mainLogs: count((f) => /logs[\\/]main\.log$/.test(f.path)),
  bridgeOutputs: count((f) => f.kind === 'bridge-output')
}
const hits = files.filter((f) => f.hits.length).map((f) => ({ file: f.path, encodings: f.hits }))
// Each kind of place must really have been searched, or a zero would mean nothing.
const empty = Object.entries(figures).filter(([, n]) => n === 0).map(([k]) => k)
console.log(JSON.stringify({ canary: 'secret canary over the whole e2e suite', figures, hits: hits.length, goal: 0 }, null, 2))
if (hits.length) {
  console.error(`canary: a secret leaked into ${hits.length} file(s):\n${hits.map((h) => `  ${h.file} (${h.encodings.join(', ')})`).join('\n')}`)
  process.exit(1)
}
if (empty.length) {
  console.error(`canary: nothing was collected for ${empty.join(', ')}: the search would prove nothing there`)
  process.exit(1)
}
console.log(`canary: 0 hits in ${figures.files} files (${(figures.bytes / 1e6).toFixed(1)} MB)`)
