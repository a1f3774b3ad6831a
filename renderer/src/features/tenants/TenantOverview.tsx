import { useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { EnvBadge } from '../../components/EnvBadge'
import { RemoveTenantDialog } from './RemoveTenantDialog'
import { TenantForm } from './TenantForm'
import { DataSource } from '../../components/DataSource'
import { ErrorBox } from '../../components/ErrorBox'
import { useStore } from '../../store'
import { adminApiOf } from '../../store/selectors'
import { secretStatusText } from '../../components/secret-status'

function SecretLine({ tenant }: { tenant: Tenant }) {
  const { text, bad } = secretStatusText(tenant.accountSecret, { missing: 'edit the tenant and enter it again' })
  return (
    <span className={bad ? 'bad' : undefined} data-testid="secret-status" data-state={tenant.accountSecret.state}>
      {text}
    </span>
  )
}

function CapabilitiesLine({ tenant }: { tenant: Tenant }) {
  const check = useStore((s) => s.tenantChecks[tenant.id])
  const checkTenant = useStore((s) => s.checkTenant)
  const c = tenant.capabilities
  const state = adminApiOf(tenant)
  return (
    <>
      <span data-testid="admin-api-state" data-state={state}>
        {state === 'present' && 'Served by this host (our own contract, not published by Sahha)'}
        {state === 'absent' && 'Not served by this host: the app works from Sahha’s documented API and Oura’s'}
        {state === 'unknown' && 'Not checked yet'}
      </span>
      {c?.checkedAt && <span className="hint"> · checked {new Date(c.checkedAt).toLocaleString()}</span>}
      {c?.evidence && <span className="hint" data-testid="admin-api-evidence"> · {c.evidence}</span>}{' '}
      <button type="button" onClick={() => void checkTenant(tenant.id)} disabled={check?.status === 'checking'} data-testid="check-tenant">
        {check?.status === 'checking' ? 'Checking…' : 'Check now'}
      </button>
      {check?.status === 'done' && <span className="hint" data-testid="check-tenant-ok"> Credentials accepted ({check.latencyMs} ms).</span>}
      {check?.status === 'error' && check.error && <ErrorBox error={check.error} />}
    </>
  )
}

/** What Sahha said about this tenant's credentials the last time they were checked (in this session). */
function CredentialsLine({ tenant }: { tenant: Tenant }) {
  const check = useStore((s) => s.tenantChecks[tenant.id])
  if (!check) return <span data-testid="tenant-check" data-state="unchecked">Not checked in this session (Check now, below).</span>
  if (check.status === 'checking') return <span data-testid="tenant-check" data-state="checking" aria-busy="true">Checking with Sahha…</span>
  if (check.status === 'done') return <span data-testid="tenant-check" data-state="ok">Accepted by Sahha ({check.latencyMs} ms).</span>
  const refused = check.error?.code === 'SAHHA_AUTH'
  return (
    <span className="bad" data-testid="tenant-check" data-state={refused ? 'refused' : 'failed'}>
      {refused ? 'Refused by Sahha: edit the tenant and enter the client ID and secret again.' : `Could not be checked: ${check.error?.message ?? 'unknown error'}`}
    </span>
  )
}

/** The Demo environment keeps what the operator changed across restarts; this starts it over, on request only. */
function DemoLine() {
  const resetDemo = useStore((s) => s.resetDemo)
  const [confirming, setConfirming] = useState(false)
  const [msg, setMsg] = useState<string | null>(null)
  return (
    <>
      <span>Local simulator; it keeps its state (integration, connections, test users) across restarts.</span>{' '}
      {!confirming ? (
        <button type="button" className="link" onClick={() => setConfirming(true)} data-testid="demo-reset">
          Reset the Demo…
        </button>
      ) : (
        <span className="confirm-box" role="alertdialog" aria-label="Confirm Demo reset">
          Every Demo tenant&apos;s integration, connections and test users go back to the seed; drafts and the audit log stay.{' '}
          <button
            type="button"
            className="danger"
            onClick={() =>
              void resetDemo().then((r) => {
                setConfirming(false)
                setMsg(r.ok ? 'The Demo environment was reset to its seed.' : `Not reset: ${r.error.message}`)
              })
            }
            data-testid="demo-reset-confirm"
          >
            Reset
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      )}
      {msg && (
        <span role="status" className="hint" data-testid="demo-reset-done">
          {' '}
          {msg}
        </span>
      )}
    </>
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
        <dt>Sahha credentials</dt>
        <dd>
          <CredentialsLine tenant={tenant} />
        </dd>
        <dt>Sahha host</dt>
        <dd data-testid="tenant-host-kind">{tenant.documentedOnly ? 'Simulated Sahha, documented API only (no admin API)' : tenant.environment === 'demo' ? 'Simulated Sahha with the admin API' : tenant.environment === 'sandbox' ? 'sandbox-api.sahha.ai' : 'api.sahha.ai'}</dd>
        <dt>Admin API</dt>
        <dd>
          <CapabilitiesLine tenant={tenant} />
        </dd>
        {tenant.environment === 'demo' && (
          <>
            <dt>Demo environment</dt>
            <dd>
              <DemoLine />
            </dd>
          </>
        )}
        <dt>Added</dt>
        <dd>{new Date(tenant.createdAt).toLocaleString()}</dd>
      </dl>
      <DataSource kinds={['local', 'sahha']} note="Tenant details are kept on this machine; the check calls Sahha's account token and the admin API's root." />
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
