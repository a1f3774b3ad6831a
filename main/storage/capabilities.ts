import { join } from 'node:path'
import { z } from 'zod'
import { TenantCapabilities } from '../../preload/contract/models'
import { createVersionedFile } from './json-file'
import type { StorageFs } from './disk'

/** What each tenant's host was found to serve, with the time it was checked (tenant id → capabilities). No secret. */
export function createCapabilitiesFile(userDataDir: string, fs?: StorageFs) {
  return createVersionedFile({
    id: 'capabilities',
    fs,
    path: join(userDataDir, 'capabilities.json'),
    schemaVersion: 1,
    schema: z.object({ tenants: z.record(z.string(), TenantCapabilities) }),
    defaults: () => ({ tenants: {} }),
    label: 'tenant capabilities'
  })
}
export type CapabilitiesFile = ReturnType<typeof createCapabilitiesFile>
