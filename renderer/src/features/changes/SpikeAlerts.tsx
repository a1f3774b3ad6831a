import type { Tenant } from '../../../../preload/contract/models'
import { useStore } from '../../store'
import { modeTitle } from './modes'

/**
 * The spike alerts of this tenant's last sync (computed in main, per tenant: issue 16 K.7). Shown on this
 * tenant's pages only; each one can be dismissed, and the dismissal is kept in the tenant's local store.
 */
export function SpikeAlerts({ tenant }: { tenant: Tenant }) {
  const a = useStore((s) => s.alertsByTenant[tenant.id])
  const dismiss = useStore((s) => s.dismissAlert)
  const view = useStore((s) => s.view)
  const setView = useStore((s) => s.setView)
  if (!a || a.syncId === null || a.alerts.length === 0) return null
  const syncId = a.syncId
  const at = a.at ? new Date(a.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''
  return (
    <div className="banner danger spike-alerts" role="alert" data-testid="conn-alert" data-tenant-id={tenant.id} data-sync-id={syncId}>
      <span>
        <strong>A failure mode jumped</strong> in the sync of {at}:
      </span>
      {a.alerts.map((x) => (
        <span key={x.mode} className="spike-alert" data-testid="spike-alert" data-mode={x.mode}>
          {modeTitle(a.source, x.state, x.errorCode)} <span className="hint">({x.mode})</span> {x.from.toLocaleString()} → <strong>{x.to.toLocaleString()}</strong>
          <button type="button" className="link" aria-label={`Dismiss the alert for ${x.mode}`} onClick={() => void dismiss(tenant.id, syncId, x.mode)} data-testid="spike-dismiss">
            Dismiss
          </button>
        </span>
      ))}
      {view !== 'changes' && (
        <button type="button" className="link" onClick={() => setView('changes')} data-testid="spike-open-changes">
          See what changed
        </button>
      )}
    </div>
  )
}
