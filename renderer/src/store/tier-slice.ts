import type { StateCreator } from 'zustand'
import type { AppError } from '../../../preload/contract/result'
import type { TierDetail, TierRow, TierStatus } from '../../../preload/contract/tier-models'
import { TIER_ROWS_MAX } from '../../../preload/contract/limits'
import type { TierState } from '../../../preload/contract/diagnosis/documented-tier'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

/** The documented-only tier's Connections screen: scan status, the visible window of rows, a check list, a detail. */
export interface TierQueryState {
  states: TierState[]
  search: string
  /** Only the users of this "check these users" run. */
  runId: string | null
  sort: 'externalId' | 'checkedAt' | '-checkedAt' | 'lastDataAt' | '-lastDataAt'
}

export interface TierCheckResult {
  runId: string
  accepted: number
  duplicates: number
  rejected: { line: number; value: string; reason: string }[]
}

export interface TierSlice {
  tierTenantId: string | null
  tierStatus: TierStatus | null
  tierRows: TierRow[]
  tierTotal: number
  tierCounts: Record<string, number>
  tierQuery: TierQueryState
  tierCheck: TierCheckResult | null
  tierDetail: TierDetail | null
  tierDetailId: string | null
  tierError: AppError | null
  tierDetailError: AppError | null
  /** Bumped per rows request: an older answer is dropped. */
  tierSeq: number
  loadTierStatus(tenantId: string): Promise<void>
  loadTierRows(tenantId: string): Promise<void>
  setTierQuery(tenantId: string, patch: Partial<TierQueryState>): Promise<void>
  startTierScan(tenantId: string, kind: 'full' | 'rescan', linkedOnly: boolean): Promise<void>
  cancelTierScan(): Promise<void>
  checkTierUsers(tenantId: string, text: string): Promise<boolean>
  openTierDetail(tenantId: string, externalId: string | null): Promise<void>
  /** Answers the typed error (with its field) on refusal, null once saved. */
  saveTierSettings(tenantId: string, s: { windowDays: number; freshDays: number; concurrency: number }): Promise<AppError | null>
  /** A reconnect link for one user: authorize with the user's profile token (Sahha checks the redirectUrl). */
  tierLink: { externalId: string; authorizationUrl: string | null; error: AppError | null } | null
  tierReconnectLink(tenantId: string, externalId: string, redirectUrl?: string): Promise<void>
  /** A scan's progress event (store/events.ts): the open tier screen refreshes status and rows as results land. */
  onTierProgress(p: { kind: string; state: string }): void
  /** A deep link or the palette asked for one user: show it, checking it first when it has never been checked. */
  openPendingTierUser(tenantId: string, externalId: string): Promise<void>
  /** Every row of the current query (up to the export cap) for the CSV export; null after a failure (in tierError). */
  tierRowsForExport(tenantId: string): Promise<TierRow[] | null>
}

const PAGE = 500
/** Running-scan events refresh the screen at most this often (a scan emits several a second). */
const PROGRESS_EVERY_MS = 700
let lastProgressAt = 0

const rowsQuery = (tenantId: string, q: TierQueryState, limit: number) => ({
  tenantId,
  states: q.states.length ? q.states : undefined,
  search: q.search || undefined,
  runId: q.runId ?? undefined,
  sort: q.sort,
  offset: 0,
  limit
})

export const createTierSlice: StateCreator<StoreState, [], [], TierSlice> = (set, get) => ({
  tierTenantId: null,
  tierStatus: null,
  tierRows: [],
  tierTotal: 0,
  tierCounts: {},
  tierQuery: { states: [], search: '', runId: null, sort: 'externalId' },
  tierCheck: null,
  tierDetail: null,
  tierDetailId: null,
  tierError: null,
  tierDetailError: null,
  tierSeq: 0,
  tierLink: null,

  async tierReconnectLink(tenantId, externalId, redirectUrl) {
    set({ tierLink: { externalId, authorizationUrl: null, error: null } })
    const r = await getApi().connections.connect({ tenantId, provider: 'oura', externalId, redirectUrl: redirectUrl || undefined })
    if (get().tierLink?.externalId !== externalId) return
    set({ tierLink: r.ok ? { externalId, authorizationUrl: r.value.authorizationUrl, error: null } : { externalId, authorizationUrl: null, error: r.error } })
  },

  async loadTierStatus(tenantId) {
    if (get().tierTenantId !== tenantId) set({ tierTenantId: tenantId, tierStatus: null, tierRows: [], tierTotal: 0, tierCounts: {}, tierCheck: null, tierDetail: null, tierDetailId: null, tierQuery: { states: [], search: '', runId: null, sort: 'externalId' } })
    const r = await getApi().tier.status({ tenantId })
    if (get().tierTenantId !== tenantId) return
    if (r.ok) set({ tierStatus: r.value })
    else set({ tierError: r.error })
  },

  async loadTierRows(tenantId) {
    const seq = get().tierSeq + 1
    set({ tierSeq: seq })
    const q = get().tierQuery
    const r = await getApi().tier.rows(rowsQuery(tenantId, q, PAGE))
    if (get().tierSeq !== seq || get().tierTenantId !== tenantId) return
    if (r.ok) set({ tierRows: r.value.rows, tierTotal: r.value.total, tierCounts: r.value.counts, tierError: null })
    else set({ tierError: r.error })
  },

  async setTierQuery(tenantId, patch) {
    set({ tierQuery: { ...get().tierQuery, ...patch } })
    await get().loadTierRows(tenantId)
  },

  async startTierScan(tenantId, kind, linkedOnly) {
    set({ tierError: null })
    const r = await getApi().tier.scan({ tenantId, kind, linkedOnly })
    if (!r.ok) {
      set({ tierError: r.error })
      return
    }
    await get().loadTierStatus(tenantId)
  },

  async cancelTierScan() {
    const op = get().tierStatus?.running?.operationId
    if (op) await getApi().operations.cancel({ operationId: op })
  },

  async checkTierUsers(tenantId, text) {
    set({ tierError: null })
    const r = await getApi().tier.check({ tenantId, text })
    if (!r.ok) {
      set({ tierError: r.error })
      return false
    }
    set({ tierCheck: { runId: r.value.runId, accepted: r.value.accepted, duplicates: r.value.duplicates, rejected: r.value.rejected }, tierQuery: { ...get().tierQuery, runId: r.value.runId, states: [], search: '' } })
    await get().loadTierStatus(tenantId)
    return true
  },

  async openTierDetail(tenantId, externalId) {
    set({ tierDetailId: externalId, tierDetail: null, tierDetailError: null })
    if (!externalId) return
    const r = await getApi().tier.detail({ tenantId, externalId })
    if (get().tierDetailId !== externalId) return
    if (r.ok) set({ tierDetail: r.value })
    else set({ tierDetailError: r.error })
  },

  async saveTierSettings(tenantId, s) {
    const r = await getApi().tier.saveSettings({ tenantId, ...s })
    if (!r.ok) return r.error
    await get().loadTierStatus(tenantId)
    return null
  },

  onTierProgress(p) {
    const s = get()
    const tenantId = s.tierTenantId
    // Only while the tier screen of that tenant is on screen (App mounts it for view 'connections' on a documented-only tenant).
    if (!p.kind.startsWith('tier.') || !tenantId || s.view !== 'connections' || s.selectedTenantId !== tenantId) return
    const now = Date.now()
    if (p.state === 'running' && now - lastProgressAt < PROGRESS_EVERY_MS) return
    lastProgressAt = now
    void s.loadTierStatus(tenantId).then(() => get().loadTierRows(tenantId))
    // A finished check refreshes the user whose detail is open (its "Check again").
    const open = s.tierDetailId
    if (p.state === 'done' && open) void s.openTierDetail(tenantId, open)
  },

  async openPendingTierUser(tenantId, externalId) {
    const r = await getApi().tier.detail({ tenantId, externalId })
    if (!r.ok && r.error.code === 'NOT_FOUND') await get().checkTierUsers(tenantId, externalId)
    await get().openTierDetail(tenantId, externalId)
  },

  async tierRowsForExport(tenantId) {
    // Every matching user, in pages of the channel's maximum (a 100,000-user tenant is more than one page).
    const query = rowsQuery(tenantId, get().tierQuery, TIER_ROWS_MAX)
    const all: TierRow[] = []
    for (;;) {
      const r = await getApi().tier.rows({ ...query, offset: all.length })
      if (!r.ok) {
        set({ tierError: r.error })
        return null
      }
      all.push(...r.value.rows)
      if (r.value.rows.length === 0 || all.length >= r.value.total) return all
    }
  }
})
