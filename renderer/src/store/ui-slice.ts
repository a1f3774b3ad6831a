import type { StateCreator } from 'zustand'
import type { AppInfo } from '../../../preload/contract/models'
import type { AppError } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

export type View = 'overview' | 'integration' | 'connections' | 'decoder' | 'audit'

export interface UiSlice {
  selectedTenantId: string | null
  view: View
  appInfo: AppInfo | null
  appInfoError: AppError | null
  selectTenant(id: string): void
  setView(view: View): void
  loadAppInfo(): Promise<void>
}

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
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
  }
})
