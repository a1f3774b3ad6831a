import { createHash } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSubjects } from '../../../main/services/subjects'

describe('salted user references (audit log, incident bundles)', () => {
  it('are stable within an install across restarts, differ between installs, and are not the plain SHA-256 one could enumerate', async () => {
    const dirA = await mkdtemp(join(tmpdir(), 'subj-a-'))
    const dirB = await mkdtemp(join(tmpdir(), 'subj-b-'))
    const a = await createSubjects({ userDataDir: dirA }).ref('user-0000008')
    const aAgain = await createSubjects({ userDataDir: dirA }).ref('user-0000008')
    const b = await createSubjects({ userDataDir: dirB }).ref('user-0000008')
    expect(a).toMatch(/^hmac:[0-9a-f]{32}$/)
    expect(aAgain).toBe(a)
    expect(b).not.toBe(a)
    expect(createHash('sha256').update('user-0000008').digest('hex')).not.toContain(a.slice(5))
    expect(await readFile(join(dirA, 'install-salt'), 'utf8')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reveal names only users this app can find, from a fresh process too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'subj-r-'))
    const ref = await createSubjects({ userDataDir: dir }).ref('user-0000042')
    const later = createSubjects({ userDataDir: dir })
    expect(await later.reveal(ref, () => ['user-0000001', 'user-0000042'])).toBe('user-0000042')
    expect(await createSubjects({ userDataDir: dir }).reveal(ref, () => ['user-0000001'])).toBeNull()
  })
})
