import type { StateCreator } from 'zustand'
import type { ChannelOutput } from '../../../preload/contract/channels'
import type { Result } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'
import { loading, settled, type Load } from './load'

type WebhookStatus = ChannelOutput<'connections.webhookStatus'>
type Connect = ChannelOutput<'connections.connect'>
type Links = ChannelOutput<'connections.reconnectLinks'>

export interface BulkRun {
  tenantId: string
  total: number
  progress: { loaded: number; total: number } | null
  result: Load<Links>
}

/** The Connections screen's side calls: webhook status, connecting one user, bulk reconnect links. */
export interface ConnectSlice {
  webhookStatus: Readonly<Record<string, Load<WebhookStatus>>>
  loadWebhookStatus(tenantId: string): Promise<void>
  /** The redirect URLs the user may be returned to (the integration's whitelist; its first entry is the default). */
  connectWhitelist: Readonly<Record<string, Load<string[]>>>
  loadConnectWhitelist(tenantId: string): Promise<void>
  connectUser: Readonly<Record<string, Load<Connect>>>
  connectOneUser(tenantId: string, externalId: string, redirectUrl: string | undefined): Promise<void>
  /** The form opens empty: an earlier link is not shown again. */
  clearConnectUser(tenantId: string): void
  /** Bulk reconnect runs by operation id; their progress comes from main's events (store/events.ts). */
  bulkRuns: Readonly<Record<string, BulkRun>>
  startBulkReconnect(tenantId: string, operationId: string, externalIds: string[]): Promise<Result<Links>>
  cancelOperation(operationId: string): Promise<void>
  onBulkProgress(p: { operationId: string; loaded: number; total: number | null }): void
}

export const createConnectSlice: StateCreator<StoreState, [], [], ConnectSlice> = (set, get) => ({
  webhookStatus: {},
  async loadWebhookStatus(tenantId) {
    set({ webhookStatus: { ...get().webhookStatus, [tenantId]: loading(get().webhookStatus[tenantId]) } })
    const r = await getApi().connections.webhookStatus({ tenantId, provider: 'oura' })
    set({ webhookStatus: { ...get().webhookStatus, [tenantId]: settled(r, get().webhookStatus[tenantId]) } })
  },
  connectWhitelist: {},
  async loadConnectWhitelist(tenantId) {
    set({ connectWhitelist: { ...get().connectWhitelist, [tenantId]: loading(get().connectWhitelist[tenantId]) } })
    const r = await getApi().integrations.get({ tenantId, provider: 'oura' })
    const whitelist: Result<string[]> = r.ok ? { ok: true, value: r.value.config?.redirectUrlWhitelist ?? [] } : r
    set({ connectWhitelist: { ...get().connectWhitelist, [tenantId]: settled(whitelist, undefined) } })
  },
  connectUser: {},
  clearConnectUser(tenantId) {
    const { [tenantId]: _gone, ...rest } = get().connectUser
    set({ connectUser: rest })
  },
  async connectOneUser(tenantId, externalId, redirectUrl) {
    set({ connectUser: { ...get().connectUser, [tenantId]: loading(undefined) } })
    const r = await getApi().connections.connect({ tenantId, provider: 'oura', externalId, redirectUrl })
    set({ connectUser: { ...get().connectUser, [tenantId]: settled(r, undefined) } })
  },
  bulkRuns: {},
  async startBulkReconnect(tenantId, operationId, externalIds) {
    const put = (run: BulkRun) => set({ bulkRuns: { ...get().bulkRuns, [operationId]: run } })
    put({ tenantId, total: externalIds.length, progress: null, result: loading(undefined) })
    const r = await getApi().connections.reconnectLinks({ tenantId, provider: 'oura', operationId, externalIds })
    const run = get().bulkRuns[operationId]
    if (run) put({ ...run, result: settled(r, undefined) })
    return r
  },
  async cancelOperation(operationId) {
    await getApi().operations.cancel({ operationId })
  },
  onBulkProgress(p) {
    const run = get().bulkRuns[p.operationId]
    if (run) set({ bulkRuns: { ...get().bulkRuns, [p.operationId]: { ...run, progress: { loaded: p.loaded, total: p.total ?? run.total } } } })
  }
})
