import { create } from 'zustand'
import { createTenantsSlice, type TenantsSlice } from './tenants-slice'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice'
import { createConnectionContextSlice, type ConnectionContextSlice } from './connection-context-slice'
import { createConnectionDetailSlice, type ConnectionDetailSlice } from './connection-detail-slice'
import { createDocumentedSlice, type DocumentedSlice } from './documented-slice'
import { createTierSlice, type TierSlice } from './tier-slice'
import { createChangesSlice, type ChangesSlice } from './changes-slice'
import { createIntegrationSlice, type IntegrationSlice } from './integration-slice'
import { createAuditSlice, type AuditSlice } from './audit-slice'
import { createPromoteSlice, type PromoteSlice } from './promote-slice'
import { createOnboardingSlice, type OnboardingSlice } from './onboarding-slice'
import { createConnectSlice, type ConnectSlice } from './connect-slice'

export type StoreState = TenantsSlice &
  UiSlice &
  ConnectionsSlice &
  ConnectionContextSlice &
  ConnectionDetailSlice &
  DocumentedSlice &
  TierSlice &
  IntegrationSlice &
  AuditSlice &
  PromoteSlice &
  OnboardingSlice &
  ConnectSlice &
  ChangesSlice

/** One store composed of slices; components read it through the named selectors in selectors.ts. */
export const useStore = create<StoreState>()((...a) => ({
  ...createTenantsSlice(...a),
  ...createUiSlice(...a),
  ...createConnectionsSlice(...a),
  ...createConnectionContextSlice(...a),
  ...createConnectionDetailSlice(...a),
  ...createDocumentedSlice(...a),
  ...createTierSlice(...a),
  ...createIntegrationSlice(...a),
  ...createAuditSlice(...a),
  ...createPromoteSlice(...a),
  ...createOnboardingSlice(...a),
  ...createConnectSlice(...a),
  ...createChangesSlice(...a)
}))

/** The store as a fresh window starts it: tests reset it between cases so none depends on another's state. */
export const initialStoreState: StoreState = useStore.getState()
export function resetStore(): void {
  useStore.setState(initialStoreState, true)
}
