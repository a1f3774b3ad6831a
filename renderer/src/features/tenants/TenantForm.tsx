import { useId, useRef, useState, type SyntheticEvent } from 'react'
import type { EnvironmentId, Tenant } from '../../../../preload/contract/models'
import type { AppError } from '../../../../preload/contract/result'
import { ErrorBox, fieldMessage } from '../../components/ErrorBox'
import { useStore } from '../../store'

/**
 * Add or edit a tenant. The secret field is uncontrolled: its value never enters React state, the
 * store or a DOM attribute; it is read once on submit and the field is cleared after a successful save.
 * Everything else the operator typed stays in place when a save fails.
 */
export function TenantForm({ tenant, onDone }: { tenant?: Tenant; onDone: () => void }) {
  const createTenant = useStore((s) => s.createTenant)
  const updateTenant = useStore((s) => s.updateTenant)
  const [name, setName] = useState(tenant?.name ?? '')
  const [environment, setEnvironment] = useState<EnvironmentId>(tenant?.environment ?? 'sandbox')
  const [clientId, setClientId] = useState(tenant?.sahhaClientId ?? '')
  const [documentedOnly, setDocumentedOnly] = useState(tenant?.documentedOnly ?? false)
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const secretRef = useRef<HTMLInputElement>(null)
  const ids = useId()

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const secret = secretRef.current?.value ?? ''
    const r = tenant
      ? await updateTenant({
          id: tenant.id,
          name,
          sahhaClientId: clientId,
          sahhaClientSecret: secret === '' ? undefined : secret
        })
      : await createTenant({ name, environment, sahhaClientId: clientId, sahhaClientSecret: secret, documentedOnly: environment === 'demo' && documentedOnly ? true : undefined })
    setBusy(false)
    if (r.ok) {
      if (secretRef.current) secretRef.current.value = ''
      onDone()
    } else setError(r.error)
  }

  const fieldError = (field: string) => fieldMessage(error, field)

  return (
    <form className={`card tenant-form env-${environment}`} onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} data-testid="tenant-form">
      <h2 id={`${ids}-title`}>{tenant ? `Edit ${tenant.name}` : 'Add tenant'}</h2>
      <label htmlFor={`${ids}-name`}>Name</label>
      <input id={`${ids}-name`} value={name} onChange={(e) => setName(e.target.value)} data-testid="tenant-name" autoFocus />
      {fieldError('name') && <p className="field-error">{fieldError('name')}</p>}

      <fieldset disabled={!!tenant}>
        <legend>Environment</legend>
        {(['demo', 'sandbox', 'production'] as const).map((env) => (
          <label key={env} className={`radio env-${env}`}>
            <input
              type="radio"
              name="environment"
              value={env}
              checked={environment === env}
              onChange={() => setEnvironment(env)}
              data-testid={`tenant-env-${env}`}
            />
            {env === 'demo' ? 'Demo (local simulator)' : env === 'sandbox' ? 'Sandbox (sandbox-api.sahha.ai)' : 'Production (api.sahha.ai)'}
          </label>
        ))}
      </fieldset>
      {environment === 'demo' && (
        <label className="checkbox">
          <input type="checkbox" checked={documentedOnly} disabled={!!tenant} onChange={(e) => setDocumentedOnly(e.target.checked)} data-testid="tenant-documented-only" />
          Documented API only: a simulated Sahha without the admin API, as sandbox-api.sahha.ai and api.sahha.ai are today
        </label>
      )}
      {environment === 'production' && (
        <p className="warning-note" role="note">
          Production: changes here affect real end users.
        </p>
      )}

      <label htmlFor={`${ids}-cid`}>Sahha account client ID</label>
      <input
        id={`${ids}-cid`}
        value={clientId}
        onChange={(e) => setClientId(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        data-testid="tenant-client-id"
      />
      {fieldError('sahhaClientId') && <p className="field-error">{fieldError('sahhaClientId')}</p>}

      <label htmlFor={`${ids}-secret`}>
        Sahha account client secret {tenant && <span className="hint">(leave empty to keep the stored one)</span>}
      </label>
      <input
        id={`${ids}-secret`}
        ref={secretRef}
        type="password"
        autoComplete="off"
        spellCheck={false}
        data-testid="tenant-client-secret"
      />
      <p className="hint">Stored in the OS keychain by the app. It is never shown again, logged or exported.</p>
      {fieldError('sahhaClientSecret') && <p className="field-error">{fieldError('sahhaClientSecret')}</p>}

      {error && !error.field && <ErrorBox error={error} />}
      {error?.field && (
        <p className="sr-only" role="alert">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="tenant-save">
          {busy ? 'Saving…' : tenant ? 'Save changes' : 'Add tenant'}
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
