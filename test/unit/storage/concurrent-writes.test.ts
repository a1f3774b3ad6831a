import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDraftStore } from '../../../main/storage/drafts'
import { createSettingsFile } from '../../../main/storage/settings'
import { createCapabilitiesFile } from '../../../main/storage/capabilities'
import { createCapabilities } from '../../../main/services/capabilities'
import { createLogger } from '../../../main/log'
import { concurrentWrites } from '../../soak/scenarios'

describe('concurrent writes (issue G.1)', () => {
  it('keeps every one of 20 concurrent tenant creates and 20 concurrent draft saves, on disk and after a restart, with exactly one audit entry each', async () => {
    const r = await concurrentWrites(1, 20)
    // Every create and every draft save was acknowledged (expected counts are derived from that)...
    expect(r.acknowledged).toBe(40)
    // ...and every acknowledged write survived the restart.
    expect(r.persisted).toBe(r.acknowledged)
    expect(r.auditMismatches).toBe(0)
    expect(r.orphanSecrets).toBe(0)
  })

  it('serializes read-modify-write per file even across two store instances on the same path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-two-'))
    const a = createDraftStore(dir)
    const b = createDraftStore(dir)
    const edit = (clientId: string) => ({ edit: { enabled: true, clientId, scopes: [], providerAppScopes: null, redirectUrlWhitelist: [] }, baseVersion: null })
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).save(`t_${i}`, 'oura', edit(`c${i}`))))
    const onDisk = JSON.parse(await readFile(join(dir, 'drafts.json'), 'utf8')) as { data: { drafts: Record<string, unknown> } }
    expect(Object.keys(onDisk.data.drafts)).toHaveLength(30)

    const s1 = createSettingsFile(dir)
    const s2 = createSettingsFile(dir)
    const rec = (id: string) => ({ id, name: id, environment: 'sandbox' as const, sahhaClientId: 'c', createdAt: '', updatedAt: '' })
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? s1 : s2).update((d) => ({ ...d, tenants: [...d.tenants, rec(`t_${i}`)] }))))
    expect((await s1.load()).tenants).toHaveLength(30)
  })

  it('keeps every tenant\'s detected capabilities when two services on the same file store at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-caps-'))
    const service = () => createCapabilities({ file: createCapabilitiesFile(dir), probe: async () => ({ adminApi: 'present', evidence: '200' }), log: createLogger(() => undefined) })
    const [a, b] = [service(), service()]
    const tenant = (i: number) => ({ id: `t_${i}`, name: `T${i}`, environment: 'demo' as const, sahhaClientId: 'c', createdAt: '', updatedAt: '' })
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).detect(tenant(i))))
    const onDisk = JSON.parse(await readFile(join(dir, 'capabilities.json'), 'utf8')) as { data: { tenants: Record<string, unknown> } }
    expect(Object.keys(onDisk.data.tenants)).toHaveLength(20)
  })
})
