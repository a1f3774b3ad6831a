import { join } from 'node:path'
import { z } from 'zod'
import { DesiredVersion, VerificationResult, type IntegrationEditModel } from '../../preload/contract/models'
import { appError } from '../errors'
import type { StorageFs } from './disk'
import { createVersionedFile } from './json-file'

/** Versions kept per integration; older ones are dropped (the audit log keeps the summaries). */
const KEEP_VERSIONS = 50

const Entry = z.object({ versions: z.array(DesiredVersion), verification: VerificationResult.nullable().default(null) })

/**
 * Where Sahha publishes no admin API, the integration the operator wants is kept here: every saved version
 * (for the diff review and the Apply checklist) and the last live verification with its time. No secret:
 * the schema has no secret field, and the Oura client secret stays in the keychain.
 */
export function createDesiredConfigStore(userDataDir: string, fs?: StorageFs) {
  const file = createVersionedFile({
    id: 'desired-config',
    fs,
    path: join(userDataDir, 'desired-config.json'),
    schemaVersion: 1,
    schema: z.object({ integrations: z.record(z.string(), Entry) }),
    defaults: () => ({ integrations: {} }),
    label: 'desired integration configuration'
  })
  const key = (tenantId: string, provider: string) => `${tenantId}/${provider}`
  const entry = async (tenantId: string, provider: string) => (await file.load()).integrations[key(tenantId, provider)] ?? { versions: [], verification: null }
  type EntryT = z.infer<typeof Entry>
  /** Read-modify-write of one entry as one step of the file's queue, so concurrent saves never drop one another. */
  const put = async <R>(tenantId: string, provider: string, change: (current: EntryT) => { next: EntryT; result: R }): Promise<R> => {
    let result: R | undefined
    await file.update((data) => {
      const k = key(tenantId, provider)
      const out = change(data.integrations[k] ?? { versions: [], verification: null })
      result = out.result
      return { integrations: { ...data.integrations, [k]: Entry.parse(out.next) } }
    })
    return result as R
  }
  return {
    file,
    async history(tenantId: string, provider: string): Promise<DesiredVersion[]> {
      return (await entry(tenantId, provider)).versions
    },
    async current(tenantId: string, provider: string): Promise<DesiredVersion | null> {
      return (await entry(tenantId, provider)).versions.at(-1) ?? null
    },
    /** A new version on top of `baseVersion` (null: the first); refused as a conflict if another save came first. */
    async append(tenantId: string, provider: string, edit: IntegrationEditModel, baseVersion: number | null, changes: string[]): Promise<DesiredVersion> {
      return put(tenantId, provider, (e) => {
        const head = e.versions.at(-1) ?? null
        if ((head?.version ?? null) !== baseVersion) {
          throw appError('CONFLICT', 'The desired configuration changed since you started editing; nothing was overwritten.', {
            remedy: 'Review the newer version, merge your edit, and save again.',
            retryable: false,
            details: { currentVersion: head?.version ?? null }
          })
        }
        const v: DesiredVersion = { version: (head?.version ?? 0) + 1, edit, savedAt: new Date().toISOString(), changes }
        return { next: { ...e, versions: [...e.versions, v].slice(-KEEP_VERSIONS) }, result: v }
      })
    },
    async verification(tenantId: string, provider: string): Promise<VerificationResult | null> {
      return (await entry(tenantId, provider)).verification
    },
    async saveVerification(tenantId: string, provider: string, result: VerificationResult): Promise<void> {
      await put(tenantId, provider, (e) => ({ next: { ...e, verification: result }, result: undefined }))
    },
    async discardTenant(tenantId: string): Promise<void> {
      await file.update((data) => ({ integrations: Object.fromEntries(Object.entries(data.integrations).filter(([k]) => !k.startsWith(`${tenantId}/`))) }))
    }
  }
}
export type DesiredConfigStore = ReturnType<typeof createDesiredConfigStore>
