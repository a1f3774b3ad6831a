import { join } from 'node:path'
import { z } from 'zod'
import { IntegrationEditModel } from '../../preload/contract/models'
import { createVersionedFile, type LocalFile } from './json-file'
import type { StorageFs } from './disk'

const Draft = z.object({ edit: IntegrationEditModel, baseVersion: z.number().nullable(), savedAt: z.string() })
export type Draft = z.infer<typeof Draft>

/**
 * Integration drafts, written as the operator types so they survive a failed save, a crash and a
 * restart. The schema has no secret field: a secret can not be put in a draft by mistake (zod strips
 * unknown keys before the write). One file for all drafts, so every change is a read-modify-write
 * through `update`: concurrent saves of different drafts all land.
 */
export function createDraftStore(userDataDir: string, fs?: StorageFs) {
  const file = createVersionedFile({
    id: 'drafts',
    fs,
    path: join(userDataDir, 'drafts.json'),
    schemaVersion: 1,
    schema: z.object({ drafts: z.record(z.string(), Draft) }),
    defaults: () => ({ drafts: {} }),
    label: 'integration drafts'
  })
  const key = (tenantId: string, provider: string) => `${tenantId}/${provider}`
  const local: LocalFile = { id: file.id, label: file.label, path: file.path, status: () => file.status(), discardCorrupt: () => file.discardCorrupt() }
  return {
    ...local,
    async get(tenantId: string, provider: string): Promise<Draft | null> {
      return (await file.load()).drafts[key(tenantId, provider)] ?? null
    },
    async save(tenantId: string, provider: string, draft: Omit<Draft, 'savedAt'>): Promise<string> {
      const savedAt = new Date().toISOString()
      const clean = Draft.parse({ ...draft, savedAt })
      await file.update((data) => ({ drafts: { ...data.drafts, [key(tenantId, provider)]: clean } }))
      return savedAt
    },
    async discard(tenantId: string, provider: string): Promise<boolean> {
      let found = false
      await file.update((data) => {
        found = key(tenantId, provider) in data.drafts
        if (!found) return data
        const rest = { ...data.drafts }
        delete rest[key(tenantId, provider)]
        return { drafts: rest }
      })
      return found
    },
    async discardTenant(tenantId: string): Promise<void> {
      await file.update((data) => {
        const entries = Object.entries(data.drafts)
        const rest = entries.filter(([k]) => !k.startsWith(`${tenantId}/`))
        return rest.length === entries.length ? data : { drafts: Object.fromEntries(rest) }
      })
    }
  }
}
export type DraftStore = ReturnType<typeof createDraftStore>
