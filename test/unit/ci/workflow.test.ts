import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { z } from 'zod'

// .github/workflows/ci.yml cannot run on this team's machines (no GitHub). No schema of GitHub workflows is
// available offline, so this is a focused one: every key the workflow uses, strictly (a misspelt key fails),
// plus what the workflow is for: three platforms, the real Electron binary, npm test with the smoke test
// required, the installers, and the packaged app's fuses; and every script, file and test title it names exists.
const root = join(__dirname, '../../..')
const WORKFLOW = join(root, '.github/workflows/ci.yml')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }

const Scalar = z.union([z.string(), z.number(), z.boolean()])
const Env = z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'environment variable names are UPPER_SNAKE'), Scalar)
const Step = z
  .strictObject({
    name: z.string().min(1),
    if: z.string().optional(),
    uses: z.string().regex(/^[\w.-]+\/[\w.-]+@v\d+$/, 'an action is owner/name@vN').optional(),
    with: z.record(z.string(), Scalar).optional(),
    run: z.string().min(1).optional(),
    shell: z.enum(['bash', 'pwsh', 'sh', 'cmd', 'powershell']).optional(),
    env: Env.optional()
  })
  .refine((s) => (s.uses === undefined) !== (s.run === undefined), 'a step has exactly one of `uses` and `run`')
  .refine((s) => s.with === undefined || s.uses !== undefined, '`with` belongs to a `uses` step')
  .refine((s) => s.shell === undefined || s.run !== undefined, '`shell` belongs to a `run` step')
// Steps without a name are allowed by GitHub; ours all have one, except the two well-known setup actions.
const StepOrSetup = z.union([z.strictObject({ uses: z.enum(['actions/checkout@v4']) }), z.strictObject({ uses: z.literal('actions/setup-node@v4'), with: z.strictObject({ 'node-version-file': z.string(), cache: z.literal('npm') }) }), Step])
const Job = z.strictObject({
  name: z.string(),
  'runs-on': z.string(),
  'timeout-minutes': z.number().int().min(1).max(360),
  strategy: z.strictObject({ 'fail-fast': z.boolean(), matrix: z.strictObject({ os: z.array(z.string()).min(1) }) }),
  env: Env,
  steps: z.array(StepOrSetup).min(1)
})
const Workflow = z.strictObject({
  name: z.string(),
  on: z.strictObject({
    push: z.strictObject({ branches: z.array(z.string()).min(1) }),
    pull_request: z.null(),
    workflow_dispatch: z.null()
  }),
  permissions: z.strictObject({ contents: z.enum(['read', 'write', 'none']) }),
  concurrency: z.strictObject({ group: z.string(), 'cancel-in-progress': z.boolean() }),
  jobs: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/), Job)
})
type Workflow = z.infer<typeof Workflow>
type AnyStep = z.infer<typeof StepOrSetup>

function parseWorkflow(text: string): Workflow {
  return Workflow.parse(load(text, { filename: 'ci.yml' }))
}
const text = readFileSync(WORKFLOW, 'utf8')
const runOf = (s: AnyStep) => ('run' in s ? (s.run ?? '') : '')

describe('the hosted CI workflow (.github/workflows/ci.yml)', () => {
  it('parses as YAML and matches the structure of the keys it uses, strictly', () => {
    expect(() => parseWorkflow(text)).not.toThrow()
    // The check can fail: a misspelt key, a step with both run and uses, a bad action reference.
    expect(() => parseWorkflow(text.replace('runs-on:', 'run-on:'))).toThrow(/run-on|runs-on/)
    expect(() => parseWorkflow(text.replace('timeout-minutes: 60', 'timeout-minutes: sixty'))).toThrow()
    expect(() => parseWorkflow(text.replace('      - name: Install\n        run:', '      - name: Install\n        uses: actions/cache@v4\n        run:'))).toThrow(/exactly one/)
    expect(() => parseWorkflow(text.replace('actions/checkout@v4', 'actions/checkout'))).toThrow()
    expect(() => parseWorkflow(text.replace('on:\n', 'on:\n  pul_request:\n'))).toThrow(/pul_request/)
  })

  it('runs on Linux, macOS and Windows with the real Electron binary, and requires the smoke test to run', () => {
    const wf = parseWorkflow(text)
    const jobs = Object.values(wf.jobs)
    expect(jobs).toHaveLength(1)
    const job = jobs[0]!
    expect(job['runs-on']).toBe('${{ matrix.os }}')
    const os = job.strategy.matrix.os
    for (const family of [/^ubuntu-/, /^macos-/, /^windows-/]) expect(os.filter((o) => family.test(o)), String(family)).toHaveLength(1)
    expect(job.strategy['fail-fast']).toBe(false) // one platform's failure must not hide the others'
    expect(job.env.SAHHA_REQUIRE_ELECTRON).toBe('1')
    const runs = job.steps.map(runOf)
    const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r))
    // In this order: install, fetch the binary, the whole suite (Linux under a virtual display), installers, fuses.
    const order = [/^npm ci\b/, /^npx --no install-electron$/, /^xvfb-run -a npm test$/, /^npm run dist$/, /smoke\.test\.ts -t "Packaged app"$/]
    const positions = order.map(at)
    expect(positions.every((p) => p >= 0), `steps found at ${positions.join(', ')}`).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(runs.filter((r) => /^(xvfb-run -a )?npm test$/.test(r))).toHaveLength(2) // one for Linux, one for the others
    const packagedStep = job.steps[positions[4]!]!
    expect('env' in packagedStep && packagedStep.env?.SAHHA_REQUIRE_PACKAGED).toBe('1')
  })

  it('names only scripts, files, contexts and test titles that exist', () => {
    const wf = parseWorkflow(text)
    const job = Object.values(wf.jobs)[0]!
    const runs = job.steps.map(runOf).join('\n')
    for (const m of runs.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, `npm run ${m[1]}`).toHaveProperty([m[1]!])
    expect(pkg.scripts).toHaveProperty(['test'])
    for (const m of runs.matchAll(/\b(test\/[\w./-]+\.(?:ts|mts))\b/g)) expect(existsSync(join(root, m[1]!)), m[1]).toBe(true)
    for (const s of job.steps) if ('with' in s && s.with && 'node-version-file' in s.with) expect(existsSync(join(root, String(s.with['node-version-file'])))).toBe(true)
    // The -t filter must name a describe block of the smoke test, or it would silently select nothing.
    const smoke = readFileSync(join(root, 'test/electron/smoke.test.ts'), 'utf8')
    for (const m of runs.matchAll(/smoke\.test\.ts -t "([^"]+)"/g)) expect(smoke).toContain(`\`${m[1]}\${`)
    // Expressions use known contexts, and matrix keys that the matrix defines; conditions compare runner.os with real values.
    for (const m of text.matchAll(/\$\{\{\s*([\w.]+)\s*\}\}/g)) {
      const [context, key] = m[1]!.split('.')
      expect(['github', 'matrix', 'runner', 'env', 'secrets', 'steps', 'job', 'strategy']).toContain(context)
      if (context === 'matrix') expect(Object.keys(job.strategy.matrix)).toContain(key)
    }
    for (const s of job.steps) {
      if (!('if' in s) || !s.if) continue
      for (const m of s.if.matchAll(/runner\.os\s*[!=]=\s*'([^']*)'/g)) expect(['Linux', 'macOS', 'Windows']).toContain(m[1])
    }
  })
})
