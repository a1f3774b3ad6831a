import { useEffect } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { ErrorBox } from '../../components/ErrorBox'
import { downloadText } from '../../lib/download'
import { useStore } from '../../store'

interface Entry {
  at: string
  tenantId: string
  environment: string
  action: string
  summary: string
  subjects?: string[]
  revealed?: (string | null)[]
}

/** Who an entry affected: in clear only outside privacy mode and where this app knows the user; otherwise the salted reference. */
function Subjects({ e, privacy }: { e: Entry; privacy: boolean }) {
  const refs = e.subjects ?? []
  if (refs.length === 0) return null
  const shown = refs.slice(0, 3).map((ref, i) => (!privacy && e.revealed?.[i]) || ref)
  return (
    <span className="hint" data-testid="audit-subjects">
      {' '}
      {refs.length === 1 ? 'User' : `${refs.length.toLocaleString()} users`}: {shown.join(', ')}
      {refs.length > shown.length ? ', …' : ''}
    </span>
  )
}

/** The local audit log of this tenant: every save, secret replacement and preflight. Never a secret value. */
export function AuditView({ tenant }: { tenant: Tenant }) {
  const privacy = useStore((s) => s.privacy)
  const audit = useStore((s) => s.audit[tenant.id])
  const loadAudit = useStore((s) => s.loadAudit)
  const load = () => loadAudit(tenant.id)
  // Privacy mode changes what main reveals: read again.
  useEffect(() => {
    void loadAudit(tenant.id)
  }, [loadAudit, tenant.id, privacy])
  const entries: readonly Entry[] | null = audit?.value?.entries ?? null
  const skipped = audit?.value?.skippedLines ?? 0
  const error = audit?.error ?? null

  const exportJson = () => {
    if (!entries) return
    downloadText(`audit-${tenant.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.json`, JSON.stringify(entries.map(({ revealed: _revealed, ...e }) => e), null, 2), 'application/json')
  }

  return (
    <section className="card wide" aria-label="Audit log" data-testid="audit-view">
      <div className="card-head">
        <h2>Audit log</h2>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        <button type="button" onClick={exportJson} disabled={!entries?.length} data-testid="audit-export">
          Export JSON
        </button>
      </div>
      {error && <ErrorBox error={error} onRetry={() => void load()} />}
      {skipped > 0 && <p className="hint">{skipped} damaged line(s) were skipped; the rest of the log is intact.</p>}
      {entries?.length === 0 && <p className="empty">Nothing recorded yet for this tenant.</p>}
      {entries && entries.length > 0 && (
        <table className="audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.summary}
                  <Subjects e={e} privacy={privacy} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
