import type { StateCreator } from 'zustand'
import type { AppError } from '../../../preload/contract/result'
import type { TierDetail, TierRow, TierStatus } from '../../../preload/contract/tier-models'
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
}

const PAGE = 500

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
    const r = await getApi().tier.rows({ tenantId, states: q.states.length ? q.states : undefined, search: q.search || undefined, runId: q.runId ?? undefined, sort: q.sort, offset: 0, limit: PAGE })
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
  }
})
