import type { StateCreator } from 'zustand'
import type { Tenant, TenantCheckResult, TenantCreateInput, TenantUpdateInput } from '../../../preload/contract/models'
import type { AppError, Result } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

export interface TenantsSlice {
  tenants: readonly Tenant[]
  tenantsStatus: 'idle' | 'loading' | 'ready' | 'error'
  tenantsError: AppError | null
  loadTenants(): Promise<void>
  createTenant(input: TenantCreateInput): Promise<Result<Tenant>>
  updateTenant(input: TenantUpdateInput): Promise<Result<Tenant>>
  removeTenant(id: string, confirmName: string): Promise<Result<{ removed: true }>>
  /** Starts the Demo environment over from its seed (it otherwise keeps its state across restarts). */
  resetDemo(): Promise<Result<{ reset: true }>>
  /** Tenant check: account token, then what the host serves (kept on the tenant with its time). */
  checkTenant(id: string): Promise<Result<TenantCheckResult>>
  tenantChecks: Readonly<Record<string, { status: 'checking' | 'done' | 'error'; error: AppError | null; latencyMs?: number }>>
}

export const createTenantsSlice: StateCreator<StoreState, [], [], TenantsSlice> = (set, get) => ({
  tenants: [],
  tenantChecks: {},
  tenantsStatus: 'idle',
  tenantsError: null,
  async loadTenants() {
    set({ tenantsStatus: 'loading' })
    const r = await getApi().tenants.list({})
    if (r.ok) {
      set({ tenants: r.value, tenantsStatus: 'ready', tenantsError: null })
      const selected = get().selectedTenantId
      if (!selected || !r.value.some((t) => t.id === selected)) set({ selectedTenantId: r.value[0]?.id ?? null })
    } else set({ tenantsStatus: 'error', tenantsError: r.error })
  },
  async createTenant(input) {
    const r = await getApi().tenants.create(input)
    if (r.ok) set({ tenants: [...get().tenants, r.value], selectedTenantId: r.value.id })
    return r
  },
  async updateTenant(input) {
    const r = await getApi().tenants.update(input)
    if (r.ok) {
      // New credentials: an earlier check result says nothing about them.
      const { [r.value.id]: _stale, ...checks } = get().tenantChecks
      set({ tenants: get().tenants.map((t) => (t.id === r.value.id ? r.value : t)), tenantChecks: checks })
    }
    return r
  },
  async checkTenant(id) {
    set({ tenantChecks: { ...get().tenantChecks, [id]: { status: 'checking', error: null } } })
    const r = await getApi().tenants.check({ id })
    if (r.ok) {
      const capabilities = r.value.capabilities
      set({
        tenants: get().tenants.map((t) => (t.id === id ? { ...t, capabilities } : t)),
        tenantChecks: { ...get().tenantChecks, [id]: { status: 'done', error: null, latencyMs: r.value.latencyMs } }
      })
    } else set({ tenantChecks: { ...get().tenantChecks, [id]: { status: 'error', error: r.error } } })
    return r
  },
  async resetDemo() {
    const r = await getApi().demo.reset({ confirm: 'RESET DEMO' })
    if (r.ok) {
      const demoIds = new Set(get().tenants.filter((t) => t.environment === 'demo').map((t) => t.id))
      const checks = Object.fromEntries(Object.entries(get().tenantChecks).filter(([id]) => !demoIds.has(id)))
      // Whatever was loaded from the old Demo is gone: the Connections view loads afresh.
      set({ tenantChecks: checks, ...(get().connTenantId && demoIds.has(get().connTenantId!) ? { connTenantId: null, connWindow: null, connCounts: null, connCountsLoaded: false, connLastComplete: null } : {}) })
    }
    return r
  },
  async removeTenant(id, confirmName) {
    const r = await getApi().tenants.remove({ id, confirmName })
    if (r.ok) {
      const rest = get().tenants.filter((t) => t.id !== id)
      set({ tenants: rest, selectedTenantId: rest[0]?.id ?? null })
    }
    return r
  }
})
