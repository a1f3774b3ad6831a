import { spawnSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppError } from '../../../preload/contract/result'
import { buildScript } from '../../soak/build-child'

/**
 * Disk write failures (issue G.4) produced by the kernel, not by a mock: the app's data folder is a
 * 256 KiB tmpfs mounted in a private user + mount namespace (`unshare -rm`), so the disk is really
 * read-only (EROFS) or really full (ENOSPC). chmod 0500 would not do: the suite may run as root, and
 * root writes through permission bits.
 */
let child: string
let root: string
type Result = { ok: true; value: unknown } | { ok: false; error: AppError }
type Outcome = {
  start?: AppError
  create: Result
  draft: Result
  onboarding: Result
  after: { files: string[]; tenants: string[]; secrets: string[] }
  afterFreeing?: Result
}

function runOnTmpfs(scenario: 'first-start' | 'full' | 'read-only', readOnlyMount = false): Outcome {
  const dir = join(root, scenario)
  spawnSync('mkdir', ['-p', dir])
  const script = `mount -t tmpfs -o size=256k${readOnlyMount ? ',ro' : ''} tmpfs "$1" && exec "$2" "$3" "$1" "$4"`
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', dir, process.execPath, child, scenario], { encoding: 'utf8', timeout: 60_000 })
  expect(r.status, `the child failed: ${r.stderr}`).toBe(0)
  return JSON.parse(r.stdout) as Outcome
}

beforeAll(async () => {
  const probe = spawnSync('unshare', ['-rm', 'true'], { encoding: 'utf8' })
  if (probe.status !== 0) {
    throw new Error(`These tests need 'unshare -rm' (util-linux, user namespaces enabled) to mount a private tmpfs: ${probe.stderr || probe.error}`)
  }
  root = await mkdtemp(join(tmpdir(), 'sia-diskfault-'))
  child = await buildScript(join(__dirname, 'disk-child.ts'))
}, 60_000)

const writeFailed = (r: Result | AppError | undefined, reason: string) => {
  const error = r && 'ok' in r ? (r.ok ? null : r.error) : (r ?? null)
  expect(error).toMatchObject({ code: 'STORAGE_WRITE_FAILED', retryable: true, details: { reason } })
  return error!
}

describe('disk write failures (real read-only and full tmpfs)', () => {
  it('a first start on a read-only disk stops with STORAGE_WRITE_FAILED naming the folder and EROFS, not a bare ENOENT', () => {
    const out = runOnTmpfs('first-start', true)
    const error = writeFailed(out.start, 'EROFS')
    expect(error.message).toContain(join(root, 'first-start', 'data'))
    expect(error.message).toMatch(/read-only \(EROFS\)/)
    expect(error.message).not.toMatch(/ENOENT/)
    expect(error.remedy).toMatch(/writable/)
  })

  it('a full disk: each save answers STORAGE_WRITE_FAILED (ENOSPC) with a remedy, leaves no temp file or orphaned secret, and works again once space is freed', () => {
    const out = runOnTmpfs('full')
    for (const r of [out.create, out.draft, out.onboarding]) {
      const error = writeFailed(r, 'ENOSPC')
      expect(error.remedy).toMatch(/Free some space/)
    }
    expect(out.after.files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(out.after.tenants).toEqual(['Demo tenant'])
    // The keychain entry written before the failed settings write was taken back.
    expect(out.after.secrets.filter((s) => !s.includes('/demo/'))).toEqual([])
    expect(out.afterFreeing).toMatchObject({ ok: true, value: { name: 'Typed Co' } })
  })

  it('a disk that turns read-only mid-session: STORAGE_WRITE_FAILED (EROFS) with the path, the old files intact', () => {
    const out = runOnTmpfs('read-only')
    const error = writeFailed(out.create, 'EROFS')
    expect((error.details as { path: string }).path).toBe(join(root, 'read-only', 'data', 'settings.json'))
    writeFailed(out.draft, 'EROFS')
    expect(out.after.tenants).toEqual(['Demo tenant'])
    expect(out.after.files.filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
