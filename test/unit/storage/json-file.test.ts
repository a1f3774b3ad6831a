import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppFailure } from '../../../main/errors'
import { createSettingsFile } from '../../../main/storage/settings'
import { createAuditLog } from '../../../main/storage/audit-log'

const rec = (id: string) => ({
  id,
  name: `Tenant ${id}`,
  environment: 'sandbox' as const,
  sahhaClientId: 'cid',
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z'
})

describe('settings file', () => {
  it('starts empty when there is no file, and round-trips what it saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    const f = createSettingsFile(dir)
    expect(await f.load()).toEqual({ tenants: [], demoSeeded: false })
    await f.save({ tenants: [rec('t_000001')], demoSeeded: true })
    expect((await createSettingsFile(dir).load()).tenants[0]!.id).toBe('t_000001')
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))
    expect(onDisk.schemaVersion).toBe(1)
  })

  it('leaves no temp files behind and keeps the last of concurrent saves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    const f = createSettingsFile(dir)
    await Promise.all(Array.from({ length: 25 }, (_, i) => f.save({ tenants: [rec(`t_${String(i).padStart(6, '0')}`)], demoSeeded: true })))
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    const loaded = await f.load()
    expect(loaded.tenants).toHaveLength(1)
    expect(loaded.tenants[0]!.id).toBe('t_000024')
  })

  it('never lets a reader see a half-written file: every read during large saves is a whole, parseable file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    const path = join(dir, 'settings.json')
    const f = createSettingsFile(dir)
    await f.save({ tenants: [rec('t_000000')], demoSeeded: true })
    // Large files (~0.5 MB) take several write calls each: a write in place would be caught mid-way.
    const big = (n: number) => Array.from({ length: 2500 }, (_, i) => rec(`t_${String(n * 10_000 + i).padStart(6, '0')}`))
    let saving = true
    const saves = (async () => {
      for (let n = 1; n <= 12; n++) await f.save({ tenants: big(n), demoSeeded: true })
      saving = false
    })()
    let reads = 0
    const torn: string[] = []
    while (saving) {
      const text = await readFile(path, 'utf8')
      reads++
      try {
        JSON.parse(text)
      } catch {
        torn.push(`${text.length} chars`)
      }
    }
    await saves
    expect(reads).toBeGreaterThan(5)
    expect(torn).toEqual([])
  })

  it('keeps a corrupt file as a backup, reports it, and does not reset it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    const path = join(dir, 'settings.json')
    await writeFile(path, '{"schemaVersion":1,"data":{"tenants":[{"id":"t_1"')
    const f = createSettingsFile(dir)
    const err = await f.load().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppFailure)
    const appErr = (err as AppFailure).appError
    expect(appErr.code).toBe('STORAGE_CORRUPT')
    expect(appErr.remedy).toMatch(/Restore a good copy|Start fresh/)
    const backupPath = (appErr.details as { backupPath: string }).backupPath
    expect(await readFile(backupPath, 'utf8')).toBe('{"schemaVersion":1,"data":{"tenants":[{"id":"t_1"')
    expect(await readFile(path, 'utf8')).toBe('{"schemaVersion":1,"data":{"tenants":[{"id":"t_1"')
    // Reading again does not pile up backups.
    await f.load().catch(() => undefined)
    expect((await readdir(dir)).filter((n) => n.includes('.corrupt-'))).toHaveLength(1)
  })

  it('reports a schema-invalid file as corrupt, naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, data: { tenants: [{ id: 5 }] } }))
    const err = (await createSettingsFile(dir).load().catch((e: unknown) => e)) as AppFailure
    expect(err.appError.code).toBe('STORAGE_CORRUPT')
    expect(err.appError.message).toMatch(/tenants\.0/)
  })

  it('refuses a file from a newer app version without touching it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    const text = JSON.stringify({ schemaVersion: 99, data: {} })
    await writeFile(join(dir, 'settings.json'), text)
    const err = (await createSettingsFile(dir).load().catch((e: unknown) => e)) as AppFailure
    expect(err.appError.message).toMatch(/newer version/)
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe(text)
  })
})

describe('audit log', () => {
  it('stays readable after a torn last line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-'))
    const log = createAuditLog(dir)
    await log.append({ tenantId: 't_1', environment: 'sandbox', action: 'tenant.create', summary: 'added' })
    await log.append({ tenantId: 't_1', environment: 'sandbox', action: 'tenant.update', summary: 'renamed' })
    await writeFile(log.path, (await readFile(log.path, 'utf8')) + '{"at":"2026-11-24T0', { flag: 'w' })
    const { entries, skippedLines } = await log.read()
    expect(entries.map((e) => e.action)).toEqual(['tenant.update', 'tenant.create'])
    expect(skippedLines).toBe(1)
  })
})
