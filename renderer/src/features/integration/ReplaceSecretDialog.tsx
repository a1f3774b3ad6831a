import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { ErrorBox } from '../../components/ErrorBox'
import { Modal } from '../../components/Modal'
import { useStore } from '../../store'
import { selectIntegrationEditor } from '../../store/integration-slice'

/**
 * Replacing the provider client secret: impact preview first (connections that would have to
 * reconnect if the provider app does not know the new secret), typed confirmation on production.
 * The secret field is uncontrolled; its value never enters React state.
 */
export function ReplaceSecretDialog({
  tenant,
  provider,
  baseVersion,
  onDone,
  onCancel
}: {
  tenant: Tenant
  provider: 'oura'
  baseVersion: number
  onDone: () => void
  onCancel: () => void
}) {
  const secretRef = useRef<HTMLInputElement>(null)
  const [confirm, setConfirm] = useState('')
  const ids = useId()
  const production = tenant.environment === 'production'
  const state = useStore(selectIntegrationEditor(tenant.id))
  const loadImpact = useStore((s) => s.loadImpact)
  const replaceSecret = useStore((s) => s.replaceSecret)
  const impact = state.impact.value
  const impactError = state.impact.error
  const error = state.replace.error
  const busy = state.replace.status === 'saving'

  const resetEditor = useStore((s) => s.resetIntegrationEditor)
  useEffect(() => {
    resetEditor(tenant.id, ['replace'])
    void loadImpact(tenant.id)
  }, [tenant.id, loadImpact, resetEditor])

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault()
    const r = await replaceSecret({ tenantId: tenant.id, provider, clientSecret: secretRef.current?.value ?? '', baseVersion, confirmName: production ? confirm : undefined })
    if (r.ok) {
      if (secretRef.current) secretRef.current.value = ''
      onDone()
    }
  }

  return (
    <Modal labelledBy={`${ids}-t`} onClose={onCancel} testId="replace-secret-dialog">
      <form className="modal-form" onSubmit={(e) => void submit(e)}>
        <h2 id={`${ids}-t`}>Replace the client secret</h2>
        <div className="impact" data-testid="impact-preview">
          {impact ? (
            <p>
              <strong>{impact.liveConnections.toLocaleString()}</strong> of {impact.total.toLocaleString()} connections are live. If the
              new secret does not match the one on the Oura app, every one of them will fail its next token refresh and need to
              reconnect.
            </p>
          ) : impactError ? (
            <ErrorBox error={impactError} />
          ) : (
            <p aria-busy="true">Counting affected connections…</p>
          )}
        </div>
        <label htmlFor={`${ids}-s`}>New client secret (from the Oura portal)</label>
        <input id={`${ids}-s`} ref={secretRef} type="password" autoComplete="off" spellCheck={false} autoFocus data-testid="new-secret" />
        {production && (
          <>
            <label htmlFor={`${ids}-c`}>
              Production: type <strong>{tenant.name}</strong> to confirm
            </label>
            <input id={`${ids}-c`} value={confirm} onChange={(e) => setConfirm(e.target.value)} data-testid="replace-secret-confirm" />
          </>
        )}
        {error && <ErrorBox error={error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || (production && confirm.trim() !== tenant.name)} data-testid="replace-secret-submit">
            {busy ? 'Saving…' : 'Replace secret'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  )
}
