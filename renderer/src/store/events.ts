import { getApi } from '../lib/api'
import type { StoreState } from './index'

/**
 * Main's events, subscribed once for the whole window (App mounts it), each routed to the slice that
 * owns it; each slice ignores what is not its own (another operation id, another tenant's screen).
 */
export function subscribeMainEvents(store: { getState(): StoreState }): () => void {
  const api = getApi()
  const offs = [
    api.on('operations.progress', (p) => {
      const s = store.getState()
      if (p.kind === 'integrations.verifyLive') s.onVerifyProgress(p)
      else if (p.kind === 'connections.reconnectLinks') s.onBulkProgress(p)
      else if (p.kind === 'connections.sync') s.onSyncProgress(p)
      else if (p.kind.startsWith('tier.')) s.onTierProgress(p)
    }),
    api.on('navigation.open', (link) => {
      const s = store.getState()
      if (link.externalId) s.openConnection(link.tenantId, link.externalId)
      else s.selectTenant(link.tenantId)
    })
  ]
  return () => {
    for (const off of offs) off()
  }
}
