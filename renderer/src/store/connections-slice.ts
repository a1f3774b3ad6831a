import type { StateCreator } from 'zustand'
import type { AppError } from '../../../preload/contract/result'
import type { ConnectionRow } from '../../../preload/contract/models'
import { getApi } from '../lib/api'
import { buildIndex, type ConnectionIndex, type Filter } from '../features/connections/filter'
import type { StoreState } from './index'
import { notifyIfAway } from '../lib/notify'

export interface SyncProgress {
  operationId: string
  loaded: number
  total: number | null
  state: 'running' | 'done' | 'failed' | 'cancelled'
}

export interface ConnectionsSlice {
  connTenantId: string | null
  connIndex: ConnectionIndex | null
  connSyncedAt: string | null
  connSync: SyncProgress | null
  connError: AppError | null
  connFilter: Filter
  setConnFilter(patch: Partial<Filter>): void
  startConnectionsSync(tenantId: string): Promise<void>
  cancelConnectionsSync(): Promise<void>
  onSyncProgress(p: SyncProgress & { kind: string }): void
  loadConnectionRows(tenantId: string, final: boolean): Promise<void>
}

const CHUNK = 20_000

export const createConnectionsSlice: StateCreator<StoreState, [], [], ConnectionsSlice> = (set, get) => ({
  connTenantId: null,
  connIndex: null,
  connSyncedAt: null,
  connSync: null,
  connError: null,
  connFilter: { states: null, errorCode: null, search: '', sort: 'externalId' },
  setConnFilter: (patch) => set({ connFilter: { ...get().connFilter, ...patch } }),

  async startConnectionsSync(tenantId) {
    if (get().connTenantId !== tenantId) set({ connTenantId: tenantId, connIndex: null, connSyncedAt: null, connSync: null })
    set({ connError: null })
    const r = await getApi().connections.sync({ tenantId, provider: 'oura' })
    if (!r.ok) { set({ connError: r.error }); return; }
    set({ connSync: { operationId: r.value.operationId, loaded: 0, total: null, state: 'running' } })
  },

  async cancelConnectionsSync() {
    const op = get().connSync
    if (op?.state === 'running') await getApi().operations.cancel({ operationId: op.operationId })
  },

  onSyncProgress(p) {
    const cur = get().connSync
    if (p.kind !== 'connections.sync' || !cur || cur.operationId !== p.operationId) return
    set({ connSync: { operationId: p.operationId, loaded: p.loaded, total: p.total, state: p.state } })
    if (p.state === 'done' && cur.state === 'running') notifyIfAway('Connections loaded', `${p.loaded.toLocaleString()} connections are ready.`)
    if (p.state === 'failed') notifyIfAway('Loading connections failed', 'Open the app to see why and retry.')
    const tenantId = get().connTenantId
    if (tenantId && p.state !== 'running') void get().loadConnectionRows(tenantId, true)
  },

  /**
   * Pulls rows from main in chunks. While a sync runs only the new tail is fetched (the staged list
   * only grows); a final load fetches everything, since a cancelled sync falls back to the last snapshot.
   */
  async loadConnectionRows(tenantId, final) {
    const current = get().connTenantId === tenantId ? get().connIndex : null
    const rows: ConnectionRow[] = !final && current && get().connSync?.state === 'running' ? [...current.rows] : []
    for (let offset = rows.length; ; offset += CHUNK) {
      const r = await getApi().connections.rows({ tenantId, offset, limit: CHUNK })
      if (!r.ok) { set({ connError: r.error }); return; }
      for (const row of r.value.rows) rows.push(row)
      if (r.value.rows.length < CHUNK) {
        if (get().connTenantId !== tenantId) return
        // Events can be missed (the stream connects after the sync started); main's own flag is the truth.
        const op = get().connSync
        if (!final && op?.state === 'running' && !r.value.syncing) {
          set({ connSync: { ...op, state: r.value.syncedAt && r.value.syncedAt !== get().connSyncedAt ? 'done' : 'cancelled' } })
          return get().loadConnectionRows(tenantId, true)
        }
        // Spike alerts are computed in main per sync and per tenant (connections.alerts), never here.
        set({ connIndex: buildIndex(rows), connSyncedAt: r.value.syncedAt })
        return
      }
    }
  }
})
