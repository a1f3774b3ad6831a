import type { StateCreator } from 'zustand'
import type { ChannelOutput } from '../../../preload/contract/channels'
import type { OnboardingModel } from '../../../preload/contract/models'
import type { AppError, Result } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

type Connect = ChannelOutput<'connections.connect'>
type Detail = ChannelOutput<'connections.detail'>

/** The onboarding wizard's progress, kept in main at each step (so it resumes after a restart). */
export interface OnboardingSlice {
  onboarding: { status: 'idle' | 'loading' | 'ready'; current: OnboardingModel | null; saveError: AppError | null }
  loadOnboarding(): Promise<void>
  /** The step advances only once main has saved it, so a crash right after never loses a step. */
  saveOnboarding(next: OnboardingModel | null): Promise<boolean>
  /** Step 4: the test user's authorization link, then whether they connected. */
  connectTestUser(tenantId: string, externalId: string): Promise<Result<Connect>>
  checkTestUser(tenantId: string, externalId: string): Promise<Result<Detail>>
}

export const createOnboardingSlice: StateCreator<StoreState, [], [], OnboardingSlice> = (set, get) => ({
  onboarding: { status: 'idle', current: null, saveError: null },
  async loadOnboarding() {
    set({ onboarding: { ...get().onboarding, status: 'loading' } })
    const r = await getApi().onboarding.get({})
    set({ onboarding: { status: 'ready', current: r.ok ? r.value.current : null, saveError: r.ok ? null : r.error } })
  },
  async saveOnboarding(next) {
    const r = await getApi().onboarding.save({ current: next })
    if (!r.ok) {
      set({ onboarding: { ...get().onboarding, saveError: r.error } })
      return false
    }
    set({ onboarding: { ...get().onboarding, current: next, saveError: null } })
    return true
  },
  connectTestUser: (tenantId, externalId) => getApi().connections.connect({ tenantId, provider: 'oura', externalId }),
  checkTestUser: (tenantId, externalId) => getApi().connections.detail({ tenantId, provider: 'oura', externalId })
})
