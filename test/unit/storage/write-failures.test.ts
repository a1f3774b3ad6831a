import { spawnSync } from 'node:child_process'
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppFailure } from '../../../main/errors'
import { createAuditLog } from '../../../main/storage/audit-log'
import { removeStaleTempFiles, writeFileAtomic } from '../../../main/storage/disk'
import { createSettingsFile } from '../../../main/storage/settings'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'
import { createFailingFs } from '../../fakes/failing-fs'
import { composeOn } from '../../soak/scenarios'

const tmp = () => mkdtemp(join(tmpdir(), 'sia-wf-'))
/** A pid that surely belongs to no running process: one that has just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!

describe('disk write failures', () => {
  it('a write that fails mid-way (full disk) is a typed STORAGE_WRITE_FAILED with path, reason and remedy, leaves no temp file and keeps the old file', async () => {
    const dir = await tmp()
    const fs = createFailingFs()
    const settings = createSettingsFile(dir, fs)
    await settings.save({ tenants: [], demoSeeded: true })
    const before = await readFile(settings.path, 'utf8')
    fs.fail = 'ENOSPC'
    const e = (await settings.save({ tenants: [], demoSeeded: false }).catch((x: unknown) => x)) as AppFailure
    expect(e).toBeInstanceOf(AppFailure)
    expect(e.appError).toMatchObject({ code: 'STORAGE_WRITE_FAILED', retryable: true, details: { path: settings.path, reason: 'ENOSPC' } })
    expect(e.appError.message).toContain(settings.path)
    expect(e.appError.remedy).toMatch(/Free some space/)
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect(await readFile(settings.path, 'utf8')).toBe(before)
  })

  it('a folder where the file should be (a real OS refusal, even for root) is STORAGE_WRITE_FAILED EISDIR, not INTERNAL', async () => {
    const dir = await tmp()
    await mkdir(join(dir, 'settings.json', 'x'), { recursive: true })
    const e = (await writeFileAtomic(join(dir, 'settings.json'), '{}', 'settings file').catch((x: unknown) => x)) as AppFailure
    expect(e.appError).toMatchObject({ code: 'STORAGE_WRITE_FAILED', details: { reason: 'EISDIR' } })
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('removes temp files of dead writers at start, and keeps those of live ones and every other file', async () => {
    const dir = await tmp()
    const dead = `.settings.json.${deadPid()}.0a1b2c3d.tmp`
    const live = `.drafts.json.${process.pid}.0a1b2c3d.tmp`
    await Promise.all([dead, live, '.notes.tmp', 'settings.json.corrupt-2026'].map((n) => writeFile(join(dir, n), 'x')))
    expect(await removeStaleTempFiles(dir)).toEqual([dead])
    expect((await readdir(dir)).sort()).toEqual([live, '.notes.tmp', 'settings.json.corrupt-2026'].sort())
  })

  it('starting the app cleans what a killed writer left behind', async () => {
    const dir = await tmp()
    const left = `.settings.json.${deadPid()}.deadbeef.tmp`
    await writeFile(join(dir, left), '{"schemaVersion":1,"data":{"tenants":[')
    const app = await composeOn(dir, createMemorySecretStore())
    expect(await readdir(dir)).not.toContain(left)
    await app.close()
  })

  it('an append after a torn last line starts on a new line, so the new audit entry stays readable', async () => {
    const dir = await tmp()
    const log = createAuditLog(dir)
    await log.append({ tenantId: 't_1', environment: 'sandbox', action: 'tenant.create', summary: 'added' })
    await writeFile(log.path, (await readFile(log.path, 'utf8')) + '{"at":"2026-11-24T0')
    await log.append({ tenantId: 't_1', environment: 'sandbox', action: 'tenant.update', summary: 'renamed' })
    const { entries, skippedLines } = await log.read()
    expect(entries.map((e) => e.action)).toEqual(['tenant.update', 'tenant.create'])
    expect(skippedLines).toBe(1)
  })
})
