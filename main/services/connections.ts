import type { ConnectionFilterModel, ConnectionSortModel, SyncRecordModel } from '../../preload/contract/models'
import type { TenantRecord as Tenant } from '../storage/settings'
import { appError, cancelled, isAbortError, toAppError } from '../errors'
import type { Logger } from '../log'
import type { createStoreRegistry } from '../local-store/store-registry'
import type { ConnectionInput } from '../local-store/rows'
import type { Operations } from './operations'
import { CSV_EXPORT_CAP } from '../../preload/contract/limits'
import { toCsv } from '../../preload/contract/csv'

/** The slice of the Sahha client this service needs (a port: the client module fills it). */
export interface ConnectionsPort {
  iterateAll(
    provider: string,
    opts: {
      signal: AbortSignal
      pageSize: number
      /** [invented] incremental listing: only the users changed after this time. */
      updatedSince?: string | null
      onProgress: (loaded: number, total: number | null) => void
      /** The listing's asOf (the same on every page): the cursor of the next incremental sync. */
      onAsOf?: (asOf: string | null) => void
    }
  ): AsyncIterable<ApiConnection[]>
}

export interface ApiConnection {
  externalId: string
  state: string
  stateChangedAt?: string | null
  lastSyncAt?: string | null
  lastDataAt?: string | null
  requestedScopes?: readonly string[] | null
  grantedScopes?: readonly string[] | null
  lastError?: { code?: string | null } | null
}

type Registry = ReturnType<typeof createStoreRegistry>
export type SyncKind = 'full' | 'incremental'

/** What the Connections screen shows while a sync runs. */
export interface RunningSync {
  operationId: string
  kind: SyncKind
  startedAt: string
  loaded: number
  total: number | null
}

/** What a sync writes to the store for one listed user (externalIds, states, times, scopes; no evidence text). */
export const toInput = (c: ApiConnection): ConnectionInput => ({
  externalId: c.externalId,
  state: c.state,
  stateChangedAt: c.stateChangedAt ?? null,
  lastSyncAt: c.lastSyncAt ?? null,
  lastDataAt: c.lastDataAt ?? null,
  errorCode: c.lastError?.code ?? null,
  requestedScopes: c.requestedScopes ?? [],
  grantedScopes: c.grantedScopes ?? []
})

/**
 * The admin-API tier's connections, kept in the tenant's local store (issue I): a sync writes page by page
 * through one SyncWriter (one transaction), so queries keep answering from the last complete sync until it
 * commits, and a failed or cancelled sync leaves that data exactly as it was and is recorded with its error.
 * An incremental sync asks only for the users changed since the `asOf` of the last complete admin-API sync
 * (`updatedSince`, [invented]); it cannot see removed users, which only a full sync drops (decision 0010).
 * Queries (window, counts, ids) run here in main against the store's in-memory index.
 */
export function createConnectionsService(deps: { operations: Operations; log: Logger; port: (tenant: Tenant) => Promise<ConnectionsPort>; stores: Registry }) {
  const running = new Map<string, RunningSync>()
  const store = (tenantId: string) => deps.stores.get(tenantId)

  return {
    /**
     * Starts a sync: incremental when asked for and the store holds a cursor, else full. A sync already
     * running for this tenant is returned instead of starting a second one.
     */
    sync(tenant: Tenant, provider: string, requested: SyncKind = 'incremental'): { operationId: string; kind: SyncKind; done: Promise<SyncRecordModel | null> } {
      const cur = running.get(tenant.id)
      if (cur) return { operationId: cur.operationId, kind: cur.kind, done: Promise.resolve(null) }
      const s = store(tenant.id)
      const cursor = requested === 'incremental' ? s.lastCursor() : null
      const kind: SyncKind = cursor ? 'incremental' : 'full'
      const entry: RunningSync = { operationId: '', kind, startedAt: new Date().toISOString(), loaded: 0, total: null }
      const op = deps.operations.run('connections.sync', async (signal, progress) => {
        const writer = await s.beginSync({ source: 'admin-api', kind })
        let asOf: string | null = null
        try {
          const port = await deps.port(tenant)
          const pages = port.iterateAll(provider, {
            signal,
            pageSize: 1000,
            updatedSince: cursor,
            onProgress: (loaded, total) => {
              entry.loaded = loaded
              entry.total = total
              progress(loaded, total)
            },
            onAsOf: (a) => (asOf = a)
          })
          for await (const page of pages) {
            if (signal.aborted) throw cancelled()
            writer.writeBatch(page.map(toInput))
          }
          if (signal.aborted) throw cancelled()
          // No asOf (a host without the incremental listing): the next sync is a full one.
          const rec = await writer.complete({ cursor: asOf })
          deps.log.info('connections.synced', { tenantId: tenant.id, kind, rowsSeen: rec.rowsSeen, rowsChanged: rec.rowsChanged, total: rec.total })
          return rec
        } catch (e) {
          const wasCancelled = signal.aborted || isAbortError(e) || toAppError(e).code === 'CANCELLED'
          const error = wasCancelled ? cancelled().appError : toAppError(e)
          try {
            writer.fail(error, { cancelled: wasCancelled })
          } catch (closed) {
            // The store was closed under the sync (tenant removed, app closing): nothing left to record in.
            deps.log.warn('localStore.failNotRecorded', { tenantId: tenant.id, code: toAppError(closed).code })
          }
          if (wasCancelled) deps.log.info('connections.syncCancelled', { tenantId: tenant.id, kind, rowsSeen: writer.rowsSeen })
          else deps.log.warn('connections.syncFailed', { tenantId: tenant.id, kind, code: error.code, message: error.message, rowsSeen: writer.rowsSeen })
          throw e
        }
      })
      entry.operationId = op.operationId
      running.set(tenant.id, entry)
      const done = op.done.finally(() => {
        if (running.get(tenant.id) === entry) running.delete(tenant.id)
      })
      done.catch((e: unknown) => {
        // A store that could not even begin (damaged file) is reported here too; the screen reads it from syncStatus.
        const error = toAppError(e)
        if (error.code === 'STORAGE_CORRUPT') deps.log.warn('connections.syncFailed', { tenantId: tenant.id, kind, code: error.code })
      })
      return { operationId: op.operationId, kind, done }
    },

    /** The running sync (if any), the last complete and the last attempted sync, and whether an incremental one is possible. */
    status(tenantId: string) {
      const s = store(tenantId)
      return {
        running: running.get(tenantId) ?? null,
        lastComplete: s.lastComplete('admin-api'),
        lastAttempt: s.lastAttempt(),
        incrementalAvailable: s.lastCursor() !== null
      }
    },

    /** Counts by state and error code of the last complete sync; null when nothing was ever loaded (never shown as zeros). */
    async counts(tenantId: string) {
      // No wait for the index: until it is loaded, the counts come from the last complete sync's record (the same numbers).
      const s = store(tenantId)
      return Promise.resolve({ counts: s.counts(), lastComplete: s.lastComplete() })
    },

    query(tenantId: string, filter: ConnectionFilterModel, sort: ConnectionSortModel, offset: number, limit: number, current?: readonly string[] | null) {
      return store(tenantId).query(filter, sort, offset, limit, current)
    },

    ids(tenantId: string, filter: ConnectionFilterModel, limit: number, current?: readonly string[] | null) {
      return store(tenantId).ids(filter, limit, current)
    },

    /** The filtered, sorted rows as CSV (at most CSV_EXPORT_CAP of them; `capped` says when more matched). */
    async exportCsv(tenantId: string, filter: ConnectionFilterModel, sort: ConnectionSortModel, current?: readonly string[] | null) {
      const r = await store(tenantId).query(filter, sort, 0, CSV_EXPORT_CAP, current)
      const csv = toCsv(
        ['externalId', 'state', 'stateChangedAt', 'lastSyncAt', 'lastDataAt', 'lastErrorCode', 'requestedScopes', 'grantedScopes', 'missingScopes'],
        r.rows.map((x) => [x.externalId, x.state, x.stateChangedAt, x.lastSyncAt, x.lastDataAt, x.errorCode, x.requestedScopes.join(' '), x.grantedScopes.join(' '), x.missingScopes.join(' ')])
      )
      return { csv, rows: r.rows.length, total: r.total, capped: r.total > r.rows.length }
    },

    /** Every externalId of the last complete sync (for revealing salted audit subjects). */
    allIds(tenantId: string): readonly string[] {
      try {
        return store(tenantId).allIds()
      } catch {
        return []
      }
    },

    /** After an action (disconnect, reconnect) the stored row follows the server's answer. */
    async updateRow(tenantId: string, externalId: string, state: string): Promise<void> {
      try {
        await store(tenantId).patchRow(externalId, { state })
      } catch (e) {
        deps.log.warn('localStore.patchFailed', { tenantId, code: toAppError(e).code })
      }
    },

    /** "Clear local data": every row and all history of this tenant; refused while a sync runs. */
    clear(tenantId: string): void {
      if (running.has(tenantId)) throw appError('CONFLICT', 'A sync of this tenant is running.', { remedy: 'Cancel it first, then clear the local data.', retryable: true })
      try {
        store(tenantId).clear()
      } catch (e) {
        // A damaged file cannot be cleared in place: start it over (the damaged copy stays as a backup).
        if (toAppError(e).code !== 'STORAGE_CORRUPT') throw e
        deps.stores.rebuild(tenantId)
      }
      deps.log.info('localStore.cleared', { tenantId })
    },

    /** After STORAGE_CORRUPT: the damaged file stays as its backup, and an empty store starts (the next sync fills it). */
    rebuild(tenantId: string): void {
      const r = running.get(tenantId)
      if (r) deps.operations.cancel(r.operationId)
      deps.stores.rebuild(tenantId)
    },

    /** Tenant removed, or its Demo reset: cancel its sync and delete its store file. */
    forget(tenantId: string): void {
      const r = running.get(tenantId)
      if (r) {
        deps.operations.cancel(r.operationId)
        running.delete(tenantId)
      }
      deps.stores.remove(tenantId)
    }
  }
}
export type ConnectionsService = ReturnType<typeof createConnectionsService>
