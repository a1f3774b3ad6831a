import { join } from 'node:path'
import { z } from 'zod'
import { IntegrationEditModel } from '../../preload/contract/models'
import { createVersionedFile } from './json-file'

const Draft = z.object({ edit: IntegrationEditModel, baseVersion: z.number().nullable(), savedAt: z.string() })
export type Draft = z.infer<typeof Draft>

/**
 * Integration drafts, written as the operator types so they survive a failed save, a crash and a
 * restart. The schema has no secret field: a secret can not be put in a draft by mistake (zod strips
 * unknown keys before the write).
 */
export function createDraftStore(userDataDir: string) {
  const file = createVersionedFile({
    path: join(userDataDir, 'drafts.json'),
    schemaVersion: 1,
    schema: z.object({ drafts: z.record(z.string(), Draft) }),
    defaults: () => ({ drafts: {} }),
    label: 'drafts'
  })
  const key = (tenantId: string, provider: string) => `${tenantId}/${provider}`
  return {
    path: file.path,
    async get(tenantId: string, provider: string): Promise<Draft | null> {
      return (await file.load()).drafts[key(tenantId, provider)] ?? null
    },
    async save(tenantId: string, provider: string, draft: Omit<Draft, 'savedAt'>): Promise<string> {
      const data = await file.load()
      const savedAt = new Date().toISOString()
      const clean = Draft.parse({ ...draft, savedAt })
      await file.save({ drafts: { ...data.drafts, [key(tenantId, provider)]: clean } })
      return savedAt
    },
    async discard(tenantId: string, provider: string): Promise<boolean> {
      const data = await file.load()
      if (!(key(tenantId, provider) in data.drafts)) return false
      const rest = { ...data.drafts }
      delete rest[key(tenantId, provider)]
      await file.save({ drafts: rest })
      return true
    },
    async discardTenant(tenantId: string): Promise<void> {
      const data = await file.load()
      const rest = Object.fromEntries(Object.entries(data.drafts).filter(([k]) => !k.startsWith(`${tenantId}/`)))
      await file.save({ drafts: rest })
    }
  }
}
export type DraftStore = ReturnType<typeof createDraftStore>
