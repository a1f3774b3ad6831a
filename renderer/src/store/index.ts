import { create } from 'zustand'
import { createTenantsSlice, type TenantsSlice } from './tenants-slice'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice'
import { createConnectionContextSlice, type ConnectionContextSlice } from './connection-context-slice'
import { createDocumentedSlice, type DocumentedSlice } from './documented-slice'
import { createTierSlice, type TierSlice } from './tier-slice'
import { createChangesSlice, type ChangesSlice } from './changes-slice'

export type StoreState = TenantsSlice & UiSlice & ConnectionsSlice & ConnectionContextSlice & DocumentedSlice & TierSlice & ChangesSlice

/** One store composed of slices; components read it through the named selectors in selectors.ts. */
export const useStore = create<StoreState>()((...a) => ({
  ...createTenantsSlice(...a),
  ...createUiSlice(...a),
  ...createConnectionsSlice(...a),
  ...createConnectionContextSlice(...a),
  ...createDocumentedSlice(...a),
  ...createTierSlice(...a),
  ...createChangesSlice(...a)
}))
