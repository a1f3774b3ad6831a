import type { StateCreator } from 'zustand'
import type { AppError } from '../../../preload/contract/result'
import type { ConnectionFilterModel, ConnectionSortModel, StoredRowModel, SyncRecordModel } from '../../../preload/contract/models'
import { getApi } from '../lib/api'
import type { StoreState } from './index'
import { notifyIfAway } from '../lib/notify'
import { afterPaint, whenIdle } from '../lib/after-paint'

/**
 * The Connections screen's data: only the window on screen plus the counts, never all rows (issue I).
 * Filter, search, sort and counts run in main against the tenant's local store; the table asks for
 * 200-row blocks around its viewport, keeps a few, and drops the far ones, so memory does not grow with
 * the tenant. A response whose query key or data version is no longer current is discarded.
 */
export const BLOCK = 200
/** Blocks kept at most (the viewport's and its neighbours'). */
const KEEP_BLOCKS = 12

export interface SyncProgress {
  operationId: string
  kind: 'full' | 'incremental'
  loaded: number
  total: number | null
  state: 'running' | 'done' | 'failed' | 'cancelled'
}

export interface ConnCounts {
  byState: Record<string, number>
  byErrorCode: Record<string, number>
  total: number
}

/** The rows shown: one query (key) of one data version, by block. */
export interface ConnWindow {
  key: string
  version: number
  /** The integration's scope selection the rows' missingScopes were computed with (JSON; "null" = not known yet). */
  scopes: string
  total: number
  blocks: Record<number, StoredRowModel[]>
  /**
   * The same query's blocks of an older data version or scope selection, kept near the viewport and shown (marked
   * stale) until this version's answer for that block arrives, so the rows on screen never blank while a refresh
   * lands. Never counted as loaded: the table is "ready" only when every visible row is from `blocks`.
   */
  stale?: Record<number, StoredRowModel[]>
}

/** The key of a query: equal keys ask for the same rows. Used by the table's data-query attribute. */
export function connectionQueryKey(filter: ConnectionFilterModel, sort: ConnectionSortModel): string {
  return JSON.stringify([filter.states ? [...filter.states].sort() : null, filter.errorCode, filter.missingScope, filter.search, sort.key, sort.desc])
}

export const EMPTY_FILTER: ConnectionFilterModel = { states: null, errorCode: null, missingScope: null, search: '' }

export interface ConnectionsSlice {
  connTenantId: string | null
  connFilter: ConnectionFilterModel
  connSort: ConnectionSortModel
  connWindow: ConnWindow | null
  /** null = never loaded (shown as "not loaded yet", never as zeros). */
  connCounts: ConnCounts | null
  connCountsLoaded: boolean
  connLastComplete: SyncRecordModel | null
  connSync: SyncProgress | null
  /** The background refresh of an open is due but not started yet (the cached rows paint first). */
  connRefreshQueued: boolean
  /** A failed or cancelled refresh, or a store that could not be read: shown with its remedy and Retry. */
  connError: AppError | null
  setConnFilter(patch: Partial<ConnectionFilterModel>): void
  setConnSort(sort: ConnectionSortModel): void
  openConnections(tenantId: string): Promise<void>
  startConnectionsSync(tenantId: string, kind?: 'full' | 'incremental'): Promise<void>
  cancelConnectionsSync(): Promise<void>
  onSyncProgress(p: Omit<SyncProgress, 'kind'> & { kind: string }): void
  /** While a sync runs: main's own status is the truth (progress events can be missed before the stream connects). */
  pollConnSync(): Promise<void>
  /** The table's visible rows [start, end): loads the missing blocks around them. */
  ensureConnRows(start: number, end: number): Promise<void>
  /** After a sync or an action: counts, sync status and the visible window again (old rows stay until the new arrive). */
  refreshConnData(): Promise<void>
  clearLocalData(tenantId: string): Promise<AppError | null>
  rebuildLocalStore(tenantId: string): Promise<void>
  /** Up to `limit` rows of the current filter and sort (bulk selection), and how many match. */
  connRowsInView(filter: ConnectionFilterModel, limit: number): Promise<{ rows: StoredRowModel[]; total: number } | AppError>
  exportConnectionsCsv(): Promise<{ csv: string; rows: number; total: number; capped: boolean } | AppError>
  /** externalIds starting with a prefix (command palette). */
  findConnections(tenantId: string, prefix: string, limit: number): Promise<string[]>
}

const inflight = new Set<string>()
let visible: [number, number] = [0, 60]
/** The last complete sync's end the store has seen for the open tenant (undefined: none seen since the open). */
let seenSyncEnd: { tenantId: string; endedAt: string | null } | undefined

export const createConnectionsSlice: StateCreator<StoreState, [], [], ConnectionsSlice> = (set, get) => {
  const key = () => connectionQueryKey(get().connFilter, get().connSort)
  const scopes = () => (get().ctxTenantId === get().connTenantId ? get().integrationScopes : null)

  async function fetchBlock(tenantId: string, b: number): Promise<void> {
    const k = key()
    const id = `${tenantId}|${k}|${b}`
    if (inflight.has(id)) return
    inflight.add(id)
    try {
      const { connFilter: filter, connSort: sort } = get()
      const currentScopes = scopes()
      const sc = JSON.stringify(currentScopes)
      const r = await getApi().connections.query({ tenantId, filter, sort, currentScopes, offset: b * BLOCK, limit: BLOCK })
      if (get().connTenantId !== tenantId || key() !== k) return // the operator changed the query meanwhile
      if (JSON.stringify(scopes()) !== sc) return // the integration's selection arrived or changed meanwhile: asked again
      if (!r.ok) {
        set({ connError: r.error })
        return
      }
      const w = get().connWindow
      if (w && w.key === k && w.scopes === sc && r.value.dataVersion < w.version) return // older data than the rows shown
      if (!w || w.key !== k || w.scopes !== sc || r.value.dataVersion !== w.version) {
        // The same query with newer data or another scope selection: the other blocks on screen stay, as stale,
        // until their own answers arrive. A different query starts empty (its rows are other users).
        const stale = w && w.key === k ? nearViewport({ ...w.stale, ...w.blocks }, b) : undefined
        set({ connWindow: { key: k, version: r.value.dataVersion, scopes: sc, total: r.value.total, blocks: { [b]: r.value.rows }, ...(stale ? { stale } : {}) } })
        void get().ensureConnRows(visible[0], visible[1])
        return
      }
      const blocks: Record<number, StoredRowModel[]> = { ...w.blocks, [b]: r.value.rows }
      const ks = Object.keys(blocks).map(Number)
      if (ks.length > KEEP_BLOCKS) {
        const mid = Math.floor((visible[0] + visible[1]) / 2 / BLOCK)
        ks.sort((x, y) => Math.abs(y - mid) - Math.abs(x - mid))
        for (const far of ks.slice(0, ks.length - KEEP_BLOCKS)) delete blocks[far]
      }
      const { [b]: _replaced, ...stale } = w.stale ?? {}
      set({ connWindow: { ...w, total: r.value.total, blocks, ...(w.stale ? { stale } : {}) } })
    } finally {
      inflight.delete(id)
    }
  }

  /** The blocks on screen and either side of it, without `answered` (its new rows are there). */
  function nearViewport(blocks: Record<number, StoredRowModel[]>, answered: number): Record<number, StoredRowModel[]> | undefined {
    const from = Math.floor(visible[0] / BLOCK) - 1
    const to = Math.floor(Math.max(visible[0], visible[1] - 1) / BLOCK) + 1
    const kept: Record<number, StoredRowModel[]> = {}
    let any = false
    for (const [k, rows] of Object.entries(blocks)) {
      const n = Number(k)
      if (n !== answered && n >= from && n <= to) {
        kept[n] = rows
        any = true
      }
    }
    return any ? kept : undefined
  }

  async function loadStatus(tenantId: string): Promise<void> {
    const [c, st] = await Promise.all([getApi().connections.counts({ tenantId }), getApi().connections.syncStatus({ tenantId })])
    if (get().connTenantId !== tenantId) return
    const patch: Partial<ConnectionsSlice> = {}
    if (c.ok) {
      Object.assign(patch, { connCounts: c.value.counts, connCountsLoaded: c.value.counts !== null, connLastComplete: c.value.lastComplete })
      // A sync completed since the last look (here or in another window): the links sent and the integration's
      // selection are read again with it. The open reads them itself, once its rows are painted.
      const endedAt = c.value.lastComplete?.endedAt ?? null
      const seen = seenSyncEnd
      seenSyncEnd = { tenantId, endedAt }
      if (seen && seen.tenantId === tenantId && seen.endedAt !== endedAt) void get().loadConnectionContext(tenantId)
    } else patch.connError = c.error
    if (st.ok) {
      const run = st.value.running
      const cur = get().connSync
      if (run && (!cur || cur.operationId !== run.operationId || cur.state !== 'running')) patch.connSync = { operationId: run.operationId, kind: run.kind, loaded: run.loaded, total: run.total, state: 'running' }
      // The last attempt failed or was cancelled after the last complete sync: say so (the old rows stay).
      const att = st.value.lastAttempt
      if (!run && att && att.error && (att.outcome === 'failed' || att.outcome === 'cancelled') && att.id > (st.value.lastComplete?.id ?? 0)) patch.connError = { ...att.error, code: att.error.code as AppError['code'] }
    } else patch.connError = st.error
    set(patch)
  }

  return {
    connTenantId: null,
    connFilter: EMPTY_FILTER,
    connSort: { key: 'externalId', desc: false },
    connWindow: null,
    connCounts: null,
    connCountsLoaded: false,
    connLastComplete: null,
    connSync: null,
    connRefreshQueued: false,
    connError: null,

    setConnFilter(patch) {
      set({ connFilter: { ...get().connFilter, ...patch } })
      const t = get().connTenantId
      if (t) void fetchBlock(t, Math.floor(visible[0] / BLOCK))
    },
    setConnSort(sort) {
      set({ connSort: sort })
      const t = get().connTenantId
      if (t) void fetchBlock(t, 0)
    },

    async openConnections(tenantId) {
      if (get().connTenantId !== tenantId) {
        set({ connTenantId: tenantId, connWindow: null, connCounts: null, connCountsLoaded: false, connLastComplete: null, connSync: null, connError: null, connFilter: EMPTY_FILTER })
      }
      // The last complete sync first, from the local store: rows and counts at once.
      visible = [0, 60]
      seenSyncEnd = undefined
      set({ connRefreshQueued: true })
      try {
        await Promise.all([loadStatus(tenantId), fetchBlock(tenantId, 0)])
        // Then what the rows do not need to appear: the links sent and the integration's scope selection (its answer
        // asks for the rows again, with the scopes a user is missing), and a background refresh (incremental where
        // possible), unless one runs already or the store is damaged. Only once those rows are painted, so neither
        // competes with them: at 1M on two cores, main's index load and the Demo's start (the integration read is
        // the Demo's first call) delayed the first rows by 100-250 ms.
        await afterPaint()
        if (get().connTenantId !== tenantId) return
        void get().loadConnectionContext(tenantId)
        if (get().connSync?.state !== 'running' && get().connError?.code !== 'STORAGE_CORRUPT') await get().startConnectionsSync(tenantId, 'incremental')
      } finally {
        if (get().connTenantId === tenantId) set({ connRefreshQueued: false })
      }
    },

    async startConnectionsSync(tenantId, kind = 'incremental') {
      set({ connError: null })
      const r = await getApi().connections.sync({ tenantId, provider: 'oura', kind })
      if (get().connTenantId !== tenantId) return
      if (!r.ok) {
        set({ connError: r.error })
        return
      }
      set({ connSync: { operationId: r.value.operationId, kind: r.value.kind, loaded: 0, total: null, state: 'running' } })
    },

    async cancelConnectionsSync() {
      const op = get().connSync
      if (op?.state === 'running') await getApi().operations.cancel({ operationId: op.operationId })
    },

    onSyncProgress(p) {
      const cur = get().connSync
      if (p.kind !== 'connections.sync' || !cur || cur.operationId !== p.operationId) return
      set({ connSync: { ...cur, loaded: p.loaded, total: p.total, state: p.state } })
      if (p.state === 'done' && cur.state === 'running') notifyIfAway('Connections loaded', `${p.loaded.toLocaleString()} connections are ready.`)
      if (p.state === 'failed') notifyIfAway('Loading connections failed', 'Open the app to see why and retry.')
      if (p.state !== 'running') void get().refreshConnData()
    },

    async pollConnSync() {
      const t = get().connTenantId
      const cur = get().connSync
      if (!t || cur?.state !== 'running') return
      const r = await getApi().connections.syncStatus({ tenantId: t })
      if (!r.ok || get().connTenantId !== t || get().connSync?.operationId !== cur.operationId || get().connSync?.state !== 'running') return
      const run = r.value.running
      if (run && run.operationId === cur.operationId) {
        set({ connSync: { ...cur, loaded: Math.max(cur.loaded, run.loaded), total: run.total ?? cur.total } })
        return
      }
      const outcome = r.value.lastAttempt?.outcome
      set({ connSync: { ...cur, state: outcome === 'failed' ? 'failed' : outcome === 'cancelled' ? 'cancelled' : 'done' } })
      await get().refreshConnData()
    },

    async ensureConnRows(start, end) {
      visible = [start, end]
      const t = get().connTenantId
      if (!t) return
      const w = get().connWindow
      const k = key()
      const total = w && w.key === k ? w.total : null
      const lastBlock = total === null ? Infinity : Math.max(0, Math.ceil(total / BLOCK) - 1)
      const first = Math.floor(start / BLOCK)
      const last = Math.min(Math.floor(Math.max(start, end - 1) / BLOCK), lastBlock)
      const missing = (b: number) => { const cur = get().connWindow; return !(cur && cur.key === k && cur.blocks[b]) }
      const jobs: Promise<void>[] = []
      for (let b = first; b <= last; b++) if (missing(b)) jobs.push(fetchBlock(t, b))
      // The blocks either side, for a smooth scroll, once the rows on screen are painted and the renderer is idle: asked
      // at once, they shared main and the bridge with the next keystroke's query (measured: each keystroke fetched two).
      const near = [first - 1, last + 1].filter((b) => b >= 0 && b <= lastBlock)
      if (near.length) void whenIdle().then(() => {
        if (get().connTenantId !== t || key() !== k) return
        for (const b of near) if (missing(b)) void fetchBlock(t, b)
      })
      await Promise.all(jobs)
    },

    async refreshConnData() {
      const t = get().connTenantId
      if (!t) return
      await loadStatus(t)
      // A new data version replaces the window when its first block arrives; the old rows stay until then.
      await fetchBlock(t, Math.floor(visible[0] / BLOCK))
    },

    async clearLocalData(tenantId) {
      const r = await getApi().localStore.clear({ tenantId, confirm: 'CLEAR' })
      if (!r.ok) return r.error
      set({ connWindow: null, connCounts: null, connCountsLoaded: false, connLastComplete: null, connError: null })
      await get().refreshConnData()
      return null
    },

    async rebuildLocalStore(tenantId) {
      const r = await getApi().localStore.rebuild({ tenantId })
      if (!r.ok) {
        set({ connError: r.error })
        return
      }
      set({ connWindow: null, connCounts: null, connCountsLoaded: false, connLastComplete: null, connError: null })
      await get().startConnectionsSync(tenantId, 'full')
    },

    async connRowsInView(filter, limit) {
      const t = get().connTenantId
      if (!t) return { rows: [], total: 0 }
      const rows: StoredRowModel[] = []
      let total = 0
      for (let offset = 0; offset < limit; offset += 1000) {
        const r = await getApi().connections.query({ tenantId: t, filter, sort: { key: 'externalId', desc: false }, currentScopes: scopes(), offset, limit: Math.min(1000, limit - offset) })
        if (!r.ok) return r.error
        rows.push(...r.value.rows)
        total = r.value.total
        if (r.value.rows.length < 1000) break
      }
      return { rows, total }
    },

    async exportConnectionsCsv() {
      const t = get().connTenantId
      if (!t) return { csv: '', rows: 0, total: 0, capped: false }
      const r = await getApi().connections.exportCsv({ tenantId: t, filter: get().connFilter, sort: get().connSort, currentScopes: scopes() })
      return r.ok ? r.value : r.error
    },

    async findConnections(tenantId, prefix, limit) {
      const r = await getApi().connections.ids({ tenantId, filter: { ...EMPTY_FILTER, search: prefix }, limit })
      return r.ok ? r.value.ids : []
    }
  }
}
