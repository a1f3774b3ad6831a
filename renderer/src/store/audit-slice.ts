import type { StateCreator } from 'zustand'
import type { ChannelOutput } from '../../../preload/contract/channels'
import { getApi } from '../lib/api'
import type { StoreState } from './index'
import { loading, settled, type Load } from './load'

type AuditPage = ChannelOutput<'audit.list'>

/** The local audit log, per tenant. Users are revealed by main only outside privacy mode. */
export interface AuditSlice {
  audit: Readonly<Record<string, Load<AuditPage>>>
  loadAudit(tenantId: string): Promise<void>
}

export const createAuditSlice: StateCreator<StoreState, [], [], AuditSlice> = (set, get) => ({
  audit: {},
  async loadAudit(tenantId) {
    set({ audit: { ...get().audit, [tenantId]: loading(get().audit[tenantId]) } })
    const r = await getApi().audit.list({ tenantId, limit: 1000, reveal: !get().privacy })
    set({ audit: { ...get().audit, [tenantId]: settled(r, get().audit[tenantId]) } })
  }
})
