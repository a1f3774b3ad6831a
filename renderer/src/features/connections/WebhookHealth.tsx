import { useEffect } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { useStore } from '../../store'
import { adminApiOf } from '../../store/selectors'

/** What the API says about the Oura webhook subscriptions Sahha manages, with a flag when events stopped. */
export function WebhookHealth({ tenant }: { tenant: Tenant }) {
  const status = useStore((st) => st.webhookStatus[tenant.id])
  const load = useStore((st) => st.loadWebhookStatus)
  const documented = adminApiOf(tenant) === 'absent'
  useEffect(() => {
    if (!documented) void load(tenant.id)
  }, [tenant.id, documented, load])
  const s = status?.value ?? null
  const err = status?.error?.message ?? null
  if (documented) return <p className="hint" data-testid="conn-webhook-documented">Webhook health on this host comes from Oura itself: see the Webhooks tab.</p>
  if (err) return <p className="hint">Webhook status unavailable: {err}</p>
  if (!s) return null
  return (
    <div className={`conn-webhook${s.stale ? ' stale' : ''}`} data-testid="conn-webhook">
      <strong>Webhooks</strong> (managed by {s.managedBy}) · last event {s.lastEventAt ? new Date(s.lastEventAt).toLocaleString() : 'never'}
      {s.stale && <p className="bad">⚠ {s.diagnosis}</p>}
      <ul>
        {s.subscriptions.map((w) => (
          <li key={`${w.dataType}-${w.eventType}`} className={w.status !== 'active' ? 'bad' : undefined}>
            {w.dataType}/{w.eventType}: {w.status}
            {w.expiresAt ? `, expires ${new Date(w.expiresAt).toLocaleDateString()}` : ''}
          </li>
        ))}
      </ul>
    </div>
  )
}
