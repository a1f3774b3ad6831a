import { join } from 'node:path'
import { z } from 'zod'
import { EnvironmentId } from '../../preload/contract/models'
import { createVersionedFile } from './json-file'
import type { StorageFs } from './disk'

/** What main keeps about a tenant on disk. No secret, ever: those live in the keychain. */
export const TenantRecord = z.object({
  id: z.string(),
  name: z.string(),
  environment: EnvironmentId,
  sahhaClientId: z.string(),
  /** Demo only: runs on the simulator without the admin API. */
  documentedOnly: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type TenantRecord = z.infer<typeof TenantRecord>

export const SettingsData = z.object({
  tenants: z.array(TenantRecord),
  /** Set once the Demo tenant was created, so removing it is respected. */
  demoSeeded: z.boolean().default(false)
})
export type SettingsData = z.infer<typeof SettingsData>

export const SETTINGS_SCHEMA_VERSION = 1

export function createSettingsFile(userDataDir: string, fs?: StorageFs) {
  return createVersionedFile({
    id: 'settings',
    fs,
    path: join(userDataDir, 'settings.json'),
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    schema: SettingsData,
    defaults: () => ({ tenants: [], demoSeeded: false }),
    label: 'settings'
  })
}
export type SettingsFile = ReturnType<typeof createSettingsFile>
