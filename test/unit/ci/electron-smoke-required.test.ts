import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// On a developer's machine without the Electron binary the smoke test skips and says why; in hosted CI
// (SAHHA_REQUIRE_ELECTRON=1) the same absence must fail the run, or a broken download would pass as "skipped".
// The binary is made absent on any machine by pointing Electron's own ELECTRON_OVERRIDE_DIST_PATH at an empty folder.
const root = join(__dirname, '../../..')
const runSmoke = (env: Record<string, string>) => {
  const clean = { ...process.env }
  delete clean.SAHHA_REQUIRE_ELECTRON
  delete clean.SAHHA_REQUIRE_PACKAGED
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/vitest.e2e.config.mts', 'test/electron/smoke.test.ts', '-t', 'Electron smoke', '--reporter=verbose'], {
    cwd: root,
    env: { ...clean, ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'sia-no-electron-')), NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000
  })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}

describe('the Electron smoke test without the Electron binary', () => {
  it('skips with the reason on a machine that does not require it', () => {
    const r = runSmoke({})
    expect(r.status, r.output).toBe(0)
    expect(r.output).toContain('SKIPPED: the Electron binary is not installed here')
  })

  it('fails, naming the fix, when CI requires it (SAHHA_REQUIRE_ELECTRON=1)', () => {
    const r = runSmoke({ SAHHA_REQUIRE_ELECTRON: '1' })
    expect(r.status, r.output).not.toBe(0)
    expect(r.output).toContain('SAHHA_REQUIRE_ELECTRON=1 but there is no Electron binary')
    expect(r.output).toContain('npx --no install-electron')
    expect(r.output).not.toContain('SKIPPED: the Electron binary')
  })
})
