import type { StateCreator } from 'zustand'
import type { AppInfo, StorageFileId } from '../../../preload/contract/models'
import type { AppError } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

export type View = 'overview' | 'integration' | 'connections' | 'changes' | 'webhooks' | 'compare' | 'decoder' | 'audit'

/** The tenant screens, in tab order: the tabs and the command palette read this one list. */
export const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'overview', label: 'Tenant' },
  { id: 'integration', label: 'Oura integration' },
  { id: 'connections', label: 'Connections' },
  { id: 'changes', label: 'Changes' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'compare', label: 'Compare & promote' },
  { id: 'decoder', label: 'Error decoder' },
  { id: 'audit', label: 'Audit log' }
]

export type Theme = 'system' | 'light' | 'dark'

const stored = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
  try {
    const v = localStorage.getItem(key)
    return allowed.includes(v as T) ? (v as T) : fallback
  } catch {
    return fallback
  }
}

export interface UiSlice {
  /** Screen-sharing mode: end-user identifiers and e-mails masked everywhere. Not a secret; kept per window. */
  privacy: boolean
  theme: Theme
  /** The Connections summary (chips, chart, webhook card): one line unless the operator expanded it; remembered. */
  connSummaryOpen: boolean
  setConnSummaryOpen(open: boolean): void
  paletteOpen: boolean
  onboardingOpen: boolean
  setOnboardingOpen(open: boolean): void
  /** A connection to open when the Connections view mounts (command palette, deep link). */
  pendingConnection: string | null
  setPrivacy(on: boolean): void
  setTheme(theme: Theme): void
  setPaletteOpen(open: boolean): void
  openConnection(tenantId: string, externalId: string): void
  takePendingConnection(): string | null
  selectedTenantId: string | null
  view: View
  appInfo: AppInfo | null
  appInfoError: AppError | null
  selectTenant(id: string): void
  setView(view: View): void
  loadAppInfo(): Promise<void>
  /** The damaged file being set aside right now, and what went wrong with the last attempt. */
  storageReset: { file: StorageFileId | null; error: AppError | null }
  resetStorageFile(file: StorageFileId): Promise<void>
  /** Connections table columns the operator hid (K.5); kept across restarts. */
  connHiddenColumns: string[]
  toggleConnColumn(id: string): void
}

function storedList(key: string): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set, get) => ({
  privacy: stored('sahha-admin.privacy', ['on', 'off'] as const, 'off') === 'on',
  theme: stored('sahha-admin.theme', ['system', 'light', 'dark'] as const, 'system'),
  connSummaryOpen: stored('sahha-admin.conn-summary', ['open', 'closed'] as const, 'closed') === 'open',
  setConnSummaryOpen: (open) => {
    try {
      localStorage.setItem('sahha-admin.conn-summary', open ? 'open' : 'closed')
    } catch {
      // Not remembered (storage refused); the choice still holds for this window.
    }
    set({ connSummaryOpen: open })
  },
  paletteOpen: false,
  connHiddenColumns: storedList('sahha-admin.conn-hidden-columns'),
  toggleConnColumn: (id) => {
    const cur = get().connHiddenColumns
    const next = cur.includes(id) ? cur.filter((c) => c !== id) : [...cur, id]
    localStorage.setItem('sahha-admin.conn-hidden-columns', JSON.stringify(next))
    set({ connHiddenColumns: next })
  },
  onboardingOpen: false,
  setOnboardingOpen: (open) => set({ onboardingOpen: open }),
  pendingConnection: null,
  setPrivacy: (on) => {
    localStorage.setItem('sahha-admin.privacy', on ? 'on' : 'off')
    set({ privacy: on })
  },
  setTheme: (theme) => {
    localStorage.setItem('sahha-admin.theme', theme)
    set({ theme })
  },
  setPaletteOpen: (open) => set({ paletteOpen: open }),
  openConnection: (tenantId, externalId) => set({ selectedTenantId: tenantId, view: 'connections', pendingConnection: externalId, paletteOpen: false }),
  takePendingConnection: () => {
    const p = get().pendingConnection
    if (p) set({ pendingConnection: null })
    return p
  },
  selectedTenantId: null,
  view: 'overview',
  appInfo: null,
  appInfoError: null,
  selectTenant: (id) => set({ selectedTenantId: id }),
  setView: (view) => set({ view }),
  async loadAppInfo() {
    const r = await getApi().app.info({})
    if (r.ok) set({ appInfo: r.value, appInfoError: null })
    else set({ appInfoError: r.error })
  },
  storageReset: { file: null, error: null },
  async resetStorageFile(file) {
    set({ storageReset: { file, error: null } })
    const r = await getApi().storage.resetCorrupt({ confirm: 'RESET', file })
    set({ storageReset: { file: null, error: r.ok ? null : r.error } })
    await get().loadAppInfo()
    // Settings hold the tenant list: reload it once the file was set aside.
    if (r.ok && file === 'settings') await get().loadTenants()
  }
})
