import type { StateCreator } from 'zustand'
import type { ChangesModel, LocalAlertsModel, LocalStoreSettingsModel, StateHistoryModel } from '../../../preload/contract/models'
import type { AppError } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import { notifyIfAway } from '../lib/notify'
import { modeTitle } from '../features/changes/modes'
import type { StoreState } from './index'

/** What the tenant's local store answers, per tenant: a screen reads only its own tenant's entry (K.7). */
export interface Loadable<T> {
  status: 'loading' | 'ready' | 'error'
  value: T | null
  error: AppError | null
}

export interface ChangesSlice {
  changesByTenant: Record<string, Loadable<ChangesModel>>
  alertsByTenant: Record<string, LocalAlertsModel>
  /** `${tenantId}#${syncId}`: the syncs whose alerts already reached the desktop. */
  alertsNotified: string[]
  historyByUser: Record<string, Loadable<StateHistoryModel>>
  localSettingsByTenant: Record<string, Loadable<LocalStoreSettingsModel>>
  loadChanges(tenantId: string): Promise<void>
  /** Loads the tenant's alerts; `notify` sends a desktop notification (window in the background) for a sync not notified yet. */
  loadAlerts(tenantId: string, opts?: { notify?: { tenantName: string } }): Promise<void>
  dismissAlert(tenantId: string, syncId: number, mode?: string): Promise<void>
  loadHistory(tenantId: string, externalId: string): Promise<void>
  loadLocalSettings(tenantId: string): Promise<void>
  /** Saves; answers the typed error (with its field) on refusal, null on success. What the form holds is the form's. */
  saveLocalSettings(tenantId: string, s: LocalStoreSettingsModel): Promise<AppError | null>
  /** After a sync of the selected tenant wrote its store (admin-API refresh or documented scan): reload its changes and alerts. */
  onStoreSynced(tenantId: string, tenantName: string): Promise<void>
  /** Listens for finished syncs and scans; each one refreshes the selected tenant's alerts and changes. Returns the unsubscribe. */
  watchStoreSyncs(): () => void
}

export const historyKey = (tenantId: string, externalId: string) => `${tenantId}|${externalId}`

/** Operations whose completion means the tenant's local store has a new sync (the scan publishes into it when done). */
export const STORE_WRITING_KINDS: ReadonlySet<string> = new Set(['connections.sync', 'tier.full', 'tier.rescan', 'tier.check'])

export const createChangesSlice: StateCreator<StoreState, [], [], ChangesSlice> = (set, get) => ({
  changesByTenant: {},
  alertsByTenant: {},
  alertsNotified: [],
  historyByUser: {},
  localSettingsByTenant: {},

  async loadChanges(tenantId) {
    const prev = get().changesByTenant[tenantId]
    // Reloading keeps what is shown until the answer arrives (no flicker to empty).
    set({ changesByTenant: { ...get().changesByTenant, [tenantId]: { status: 'loading', value: prev?.value ?? null, error: null } } })
    const r = await getApi().connections.changes({ tenantId })
    set({ changesByTenant: { ...get().changesByTenant, [tenantId]: r.ok ? { status: 'ready', value: r.value, error: null } : { status: 'error', value: prev?.value ?? null, error: r.error } } })
  },

  async loadAlerts(tenantId, opts = {}) {
    const r = await getApi().connections.alerts({ tenantId })
    if (!r.ok) return
    set({ alertsByTenant: { ...get().alertsByTenant, [tenantId]: r.value } })
    const a = r.value
    if (!opts.notify || a.syncId === null || a.alerts.length === 0) return
    const key = `${tenantId}#${a.syncId}`
    if (get().alertsNotified.includes(key)) return
    set({ alertsNotified: [...get().alertsNotified, key] })
    const first = a.alerts[0]!
    const more = a.alerts.length > 1 ? ` (+${a.alerts.length - 1} more)` : ''
    notifyIfAway(`${opts.notify.tenantName}: a failure mode jumped`, `${modeTitle(a.source, first.state, first.errorCode)}: ${first.from.toLocaleString()} → ${first.to.toLocaleString()}${more}.`)
  },

  async dismissAlert(tenantId, syncId, mode) {
    const r = await getApi().connections.dismissAlert({ tenantId, syncId, mode })
    if (r.ok) set({ alertsByTenant: { ...get().alertsByTenant, [tenantId]: r.value } })
  },

  async loadHistory(tenantId, externalId) {
    const key = historyKey(tenantId, externalId)
    const prev = get().historyByUser[key]
    set({ historyByUser: { ...get().historyByUser, [key]: { status: 'loading', value: prev?.value ?? null, error: null } } })
    const r = await getApi().connections.history({ tenantId, externalId })
    set({ historyByUser: { ...get().historyByUser, [key]: r.ok ? { status: 'ready', value: r.value, error: null } : { status: 'error', value: prev?.value ?? null, error: r.error } } })
  },

  async loadLocalSettings(tenantId) {
    const prev = get().localSettingsByTenant[tenantId]
    set({ localSettingsByTenant: { ...get().localSettingsByTenant, [tenantId]: { status: 'loading', value: prev?.value ?? null, error: null } } })
    const r = await getApi().localStore.settings({ tenantId })
    set({ localSettingsByTenant: { ...get().localSettingsByTenant, [tenantId]: r.ok ? { status: 'ready', value: r.value, error: null } : { status: 'error', value: prev?.value ?? null, error: r.error } } })
  },

  async saveLocalSettings(tenantId, s) {
    const r = await getApi().localStore.saveSettings({ tenantId, ...s })
    if (!r.ok) return r.error
    set({ localSettingsByTenant: { ...get().localSettingsByTenant, [tenantId]: { status: 'ready', value: r.value, error: null } } })
    return null
  },

  async onStoreSynced(tenantId, tenantName) {
    await Promise.all([get().loadAlerts(tenantId, { notify: { tenantName } }), get().loadChanges(tenantId)])
  },

  watchStoreSyncs() {
    return getApi().on('operations.progress', (p) => {
      if (p.state !== 'done' || !STORE_WRITING_KINDS.has(p.kind)) return
      const t = get().tenants.find((x) => x.id === get().selectedTenantId)
      if (t) void get().onStoreSynced(t.id, t.name)
    })
  }
})
