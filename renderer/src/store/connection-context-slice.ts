import type { StateCreator } from 'zustand'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

/**
 * What the Connections view shows beside Sahha's rows: the links this app generated (a link is not a
 * state change, so it is shown next to the unchanged state) and the integration's current scope
 * selection (what the scopes column compares against). Both are best effort: a failure leaves the
 * rows as they are and marks nothing.
 */
export interface ConnectionContextSlice {
  ctxTenantId: string | null
  linksSent: Record<string, string>
  integrationScopes: string[] | null
  loadConnectionContext(tenantId: string): Promise<void>
  refreshLinksSent(tenantId: string): Promise<void>
}

export const createConnectionContextSlice: StateCreator<StoreState, [], [], ConnectionContextSlice> = (set, get) => ({
  ctxTenantId: null,
  linksSent: {},
  integrationScopes: null,

  async loadConnectionContext(tenantId) {
    if (get().ctxTenantId !== tenantId) set({ ctxTenantId: tenantId, linksSent: {}, integrationScopes: null })
    const [links, integ] = await Promise.all([getApi().connections.linksSent({ tenantId }), getApi().integrations.get({ tenantId, provider: 'oura' })])
    if (get().ctxTenantId !== tenantId) return
    const before = JSON.stringify(get().integrationScopes)
    set({
      ...(links.ok ? { linksSent: links.value.sentAt } : {}),
      ...(integ.ok ? { integrationScopes: integ.value.config?.scopes ?? null } : {})
    })
    // Rows fetched before the selection was known (or with an older one) say nothing, or the wrong thing, is missing:
    // ask for the window again (its old rows stay until the new arrive).
    if (get().connTenantId === tenantId && JSON.stringify(get().integrationScopes) !== before) void get().refreshConnData()
  },

  async refreshLinksSent(tenantId) {
    const r = await getApi().connections.linksSent({ tenantId })
    if (r.ok && get().ctxTenantId === tenantId) set({ linksSent: r.value.sentAt })
  }
})
