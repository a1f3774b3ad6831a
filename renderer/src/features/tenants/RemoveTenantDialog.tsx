import { useId, useState, type SyntheticEvent } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import type { AppError } from '../../../../preload/contract/result'
import { ErrorBox } from '../../components/ErrorBox'
import { Modal } from '../../components/Modal'
import { useStore } from '../../store'

/** Typed confirmation: the operator types the tenant's name. Removal also deletes its keychain entries. */
export function RemoveTenantDialog({ tenant, onClose }: { tenant: Tenant; onClose: () => void }) {
  const removeTenant = useStore((s) => s.removeTenant)
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<AppError | null>(null)
  const ids = useId()
  const submit = async (e: SyntheticEvent) => {
    e.preventDefault()
    const r = await removeTenant(tenant.id, typed)
    if (r.ok) onClose()
    else setError(r.error)
  }
  return (
    <Modal labelledBy={`${ids}-t`} onClose={onClose} testId="remove-dialog">
      <form className="modal-form" onSubmit={(e) => void submit(e)}>
        <h2 id={`${ids}-t`}>Remove {tenant.name}?</h2>
        <p>
          This removes the tenant from this app and deletes its secrets from the OS keychain. Nothing is changed at Sahha.
        </p>
        <label htmlFor={`${ids}-c`}>
          Type <strong>{tenant.name}</strong> to confirm
        </label>
        <input id={`${ids}-c`} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus data-testid="remove-confirm" />
        {error && <ErrorBox error={error} />}
        <div className="actions">
          <button type="submit" className="danger" disabled={typed.trim() !== tenant.name} data-testid="remove-submit">
            Remove tenant
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  )
}
