import type { StateCreator } from 'zustand'
import type { ChannelInput, ChannelOutput } from '../../../preload/contract/channels'
import type { Result } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'
import { loading, settled, type Load } from './load'

type Comparison = ChannelOutput<'integrations.compare'>

/** Compare & promote: one comparison at a time (the pair on screen), and the promotion it leads to. */
export interface PromoteSlice {
  comparison: { key: string | null } & Load<Comparison>
  promotion: { status: 'idle' | 'applying' | 'done' | 'error'; message: string | null; error: Load<never>['error'] }
  compare(fromTenantId: string, toTenantId: string): Promise<void>
  /** A fresh Compare screen shows no earlier promotion's outcome. */
  clearPromotion(): void
  promote(input: Omit<ChannelInput<'integrations.promote'>, 'provider'>, toName: string): Promise<Result<ChannelOutput<'integrations.promote'>>>
}

export const createPromoteSlice: StateCreator<StoreState, [], [], PromoteSlice> = (set, get) => ({
  comparison: { key: null, status: 'idle', value: null, error: null },
  promotion: { status: 'idle', message: null, error: null },
  async compare(fromTenantId, toTenantId) {
    const key = `${fromTenantId}>${toTenantId}`
    // A different pair starts empty: its old comparison says nothing about this one.
    set({ comparison: { key, ...loading(undefined) } })
    const r = await getApi().integrations.compare({ fromTenantId, toTenantId, provider: 'oura' })
    if (get().comparison.key === key) set({ comparison: { key, ...settled(r, undefined) } })
  },
  clearPromotion: () => set({ promotion: { status: 'idle', message: null, error: null } }),
  async promote(input, toName) {
    set({ promotion: { status: 'applying', message: null, error: null } })
    const r = await getApi().integrations.promote({ ...input, provider: 'oura' })
    set({ promotion: r.ok ? { status: 'done', message: `Applied to ${toName}: version ${String(r.value.config.version)}.`, error: null } : { status: 'error', message: null, error: r.error } })
    if (r.ok) await get().compare(input.fromTenantId, input.toTenantId)
    return r
  }
})
