import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { appError } from '../errors'
import type { Logger } from '../log'
import { createConnectionStore, type ConnectionStore } from './connection-store'
import { deleteTenantDbFiles, openTenantDb } from './tenant-db'

/**
 * The tenants' local connection stores, one SQLite file each under `<userData>/connections/`, opened
 * on first use. Removing a tenant deletes its file (and any corrupt-* backups: they hold its externalIds too).
 */
export function createStoreRegistry(deps: { dir: string; log: Logger; now?: () => number }) {
  const open = new Map<string, ConnectionStore>()
  const pathOf = (tenantId: string): string => {
    if (!/^t_[a-z0-9]{6,32}$/.test(tenantId)) throw appError('VALIDATION', 'Tenant id looks wrong.', { retryable: false })
    return join(deps.dir, `${tenantId}.sqlite`)
  }
  const close = (tenantId: string) => {
    const s = open.get(tenantId)
    if (!s) return
    open.delete(tenantId)
    try {
      s.close()
    } catch (e) {
      deps.log.warn('localStore.closeFailed', { tenantId, error: e })
    }
  }

  return {
    dir: deps.dir,
    pathOf,
    /** Opens (creating or migrating) the tenant's store; a damaged file throws STORAGE_CORRUPT with a backup path. */
    get(tenantId: string): ConnectionStore {
      let s = open.get(tenantId)
      if (!s) {
        s = createConnectionStore(openTenantDb(pathOf(tenantId)), { now: deps.now })
        open.set(tenantId, s)
      }
      return s
    },
    isOpen: (tenantId: string): boolean => open.has(tenantId),
    /** After the operator chose "Rebuild local data": the damaged file is already backed up; start an empty store. */
    rebuild(tenantId: string): ConnectionStore {
      close(tenantId)
      deleteTenantDbFiles(pathOf(tenantId))
      deps.log.warn('localStore.rebuilt', { tenantId })
      return this.get(tenantId)
    },
    remove(tenantId: string): void {
      close(tenantId)
      const path = pathOf(tenantId)
      deleteTenantDbFiles(path)
      let names: string[]
      try {
        names = readdirSync(deps.dir)
      } catch {
        return
      }
      for (const n of names) if (n.startsWith(`${tenantId}.sqlite.corrupt-`)) rmSync(join(deps.dir, n), { force: true })
    },
    close,
    closeAll(): void {
      for (const id of [...open.keys()]) close(id)
    }
  }
}
export type StoreRegistry = ReturnType<typeof createStoreRegistry>
