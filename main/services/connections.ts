import type { ConnectionRow, ConnectionState } from '../../preload/contract/models'
import type { TenantRecord as Tenant } from '../storage/settings'
import type { Logger } from '../log'
import type { Operations } from './operations'

/** The slice of the Sahha client this service needs (a port: the client module fills it). */
export interface ConnectionsPort {
  iterateAll(
    provider: string,
    opts: { signal: AbortSignal; pageSize: number; onProgress: (loaded: number, total: number | null) => void }
  ): AsyncIterable<ApiConnection[]>
}

export interface ApiConnection {
  externalId: string
  state: string
  lastSyncAt?: string | null
  lastDataAt?: string | null
  requestedScopes?: string[] | null
  grantedScopes?: string[] | null
  lastError?: { code?: string | null } | null
}

interface Snapshot {
  rows: ConnectionRow[]
  syncedAt: string | null
}

/**
 * Holds every connection of a tenant in main, loaded page by page. A sync fills a staging list
 * that the renderer can read while it grows; only a complete sync replaces the last snapshot, so a
 * cancelled or failed sync leaves the previous data exactly as it was.
 */
export function createConnectionsStore(deps: { operations: Operations; log: Logger; port: (tenant: Tenant) => Promise<ConnectionsPort> }) {
  const snapshots = new Map<string, Snapshot>()
  const staging = new Map<string, { operationId: string; rows: ConnectionRow[] }>()
  // Scope lists repeat across users: share one array per distinct list to keep 100,000 rows small.
  const interned = new Map<string, string[]>()
  let recent: string[][] = []
  const sameList = (a: readonly string[], b: readonly string[]) => {
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }
  const intern = (list: string[] | null | undefined): string[] => {
    const arr = list ?? []
    // Fast path: consecutive rows nearly always carry one of the last few lists.
    for (const r of recent) if (sameList(r, arr)) return r
    const key = arr.join(' ')
    let hit = interned.get(key)
    if (!hit) {
      hit = Object.freeze([...arr]) as string[]
      interned.set(key, hit)
    }
    recent = [hit, ...recent.filter((r) => r !== hit)].slice(0, 4)
    return hit
  }
  const toRow = (c: ApiConnection): ConnectionRow => ({
    externalId: c.externalId,
    state: c.state,
    lastSyncAt: c.lastSyncAt ?? null,
    lastDataAt: c.lastDataAt ?? null,
    errorCode: c.lastError?.code ?? null,
    requestedScopes: intern(c.requestedScopes),
    grantedScopes: intern(c.grantedScopes)
  })

  return {
    sync(tenant: Tenant, provider: string): { operationId: string; done: Promise<number> } {
      const running = staging.get(tenant.id)
      if (running) return { operationId: running.operationId, done: Promise.resolve(-1) }
      const rows: ConnectionRow[] = []
      const op = deps.operations.run('connections.sync', async (signal, progress) => {
        const port = await deps.port(tenant)
        for await (const page of port.iterateAll(provider, { signal, pageSize: 1000, onProgress: (l, t) => progress(l, t) })) {
          // The port yields each record once (the client drops duplicates across retried pages).
          for (const c of page) rows.push(toRow(c))
          progress(rows.length, null)
        }
        return rows.length
      })
      staging.set(tenant.id, { operationId: op.operationId, rows })
      const done = op.done.then(
        (n) => {
          snapshots.set(tenant.id, { rows, syncedAt: new Date().toISOString() })
          staging.delete(tenant.id)
          deps.log.info('connections.synced', { tenantId: tenant.id, rows: n })
          return n
        },
        (e: unknown) => {
          staging.delete(tenant.id)
          throw e
        }
      )
      done.catch(() => undefined)
      return { operationId: op.operationId, done }
    },

    rows(tenantId: string, offset: number, limit: number): { rows: ConnectionRow[]; total: number; syncedAt: string | null; syncing: boolean } {
      const live = staging.get(tenantId)
      if (live) return { rows: live.rows.slice(offset, offset + limit), total: live.rows.length, syncedAt: null, syncing: true }
      const snap = snapshots.get(tenantId)
      if (!snap) return { rows: [], total: 0, syncedAt: null, syncing: false }
      return { rows: snap.rows.slice(offset, offset + limit), total: snap.rows.length, syncedAt: snap.syncedAt, syncing: false }
    },

    /** After an action (disconnect, reconnect) the cached row follows the server's answer. */
    updateRow(tenantId: string, externalId: string, state: ConnectionState): void {
      const snap = snapshots.get(tenantId)
      const row = snap?.rows.find((r) => r.externalId === externalId)
      if (row) Object.assign(row, { state })
    },

    forget(tenantId: string): void {
      snapshots.delete(tenantId)
    }
  }
}
export type ConnectionsStore = ReturnType<typeof createConnectionsStore>
