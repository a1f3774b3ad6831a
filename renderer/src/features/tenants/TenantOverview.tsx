import { useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { EnvBadge } from '../../components/EnvBadge'
import { RemoveTenantDialog } from './RemoveTenantDialog'
import { TenantForm } from './TenantForm'

function SecretLine({ tenant }: { tenant: Tenant }) {
  const s = tenant.accountSecret
  if (s.state === 'set') return <span data-testid="secret-status">Set in keychain{s.last4 ? ` (ends …${s.last4})` : ''}</span>
  if (s.state === 'missing')
    return (
      <span className="bad" data-testid="secret-status">
        Missing: edit the tenant and enter it again
      </span>
    )
  return (
    <span className="bad" data-testid="secret-status">
      Keychain unavailable: unlock your OS keychain, then reload
    </span>
  )
}

export function TenantOverview({ tenant }: { tenant: Tenant }) {
  const [editing, setEditing] = useState(false)
  const [removing, setRemoving] = useState(false)
  if (editing) return <TenantForm key={tenant.id} tenant={tenant} onDone={() => setEditing(false)} />
  return (
    <section className="card" aria-label="Tenant details" data-testid="tenant-overview">
      <div className="card-head">
        <h2>{tenant.name}</h2>
        <EnvBadge environment={tenant.environment} />
      </div>
      <dl className="facts">
        <dt>Sahha account client ID</dt>
        <dd data-testid="tenant-client-id-value">{tenant.sahhaClientId}</dd>
        <dt>Sahha account client secret</dt>
        <dd>
          <SecretLine tenant={tenant} />
        </dd>
        <dt>Added</dt>
        <dd>{new Date(tenant.createdAt).toLocaleString()}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => setEditing(true)} data-testid="edit-tenant">
          Edit
        </button>
        <button type="button" className="danger" onClick={() => setRemoving(true)} data-testid="remove-tenant">
          Remove…
        </button>
      </div>
      {removing && <RemoveTenantDialog tenant={tenant} onClose={() => setRemoving(false)} />}
    </section>
  )
}
