import { create } from 'zustand'
import { createTenantsSlice, type TenantsSlice } from './tenants-slice'
import { createUiSlice, type UiSlice } from './ui-slice'

export type StoreState = TenantsSlice & UiSlice

/** One store composed of slices; components read it through the named selectors in selectors.ts. */
export const useStore = create<StoreState>()((...a) => ({
  ...createTenantsSlice(...a),
  ...createUiSlice(...a)
}))
