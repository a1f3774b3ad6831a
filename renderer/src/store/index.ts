import { create } from 'zustand'
import { createTenantsSlice, type TenantsSlice } from './tenants-slice'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice'
import { createTierSlice, type TierSlice } from './tier-slice'

export type StoreState = TenantsSlice & UiSlice & ConnectionsSlice & TierSlice

/** One store composed of slices; components read it through the named selectors in selectors.ts. */
export const useStore = create<StoreState>()((...a) => ({
  ...createTenantsSlice(...a),
  ...createUiSlice(...a),
  ...createConnectionsSlice(...a),
  ...createTierSlice(...a)
}))
