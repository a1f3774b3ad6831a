import { useEffect } from 'react'
import { ErrorBox } from '../../components/ErrorBox'
import { historyKey } from '../../store/changes-slice'
import { useStore } from '../../store'

const label = (s: string | null) => (s === null ? 'not listed' : s.replace(/_/g, ' '))

/**
 * The user's state across the syncs kept on this machine (the local store's transitions), shown beside the
 * server's own timeline: the timeline says what the server recorded, this says what each sync of this app saw.
 */
export function StateHistory({ tenantId, externalId, reloadKey }: { tenantId: string; externalId: string; reloadKey?: string | null }) {
  const h = useStore((s) => s.historyByUser[historyKey(tenantId, externalId)])
  const load = useStore((s) => s.loadHistory)
  useEffect(() => {
    void load(tenantId, externalId)
  }, [tenantId, externalId, reloadKey, load])
  const v = h?.value ?? null
  return (
    <section className="state-history" aria-label="State across syncs" data-testid="state-history" data-state={h?.status ?? 'loading'} data-transitions={v?.transitions.length ?? ''}>
      <h3>State across syncs (this machine)</h3>
      {h?.error && <ErrorBox error={h.error} onRetry={() => void load(tenantId, externalId)} />}
      {!v ? (
        !h?.error && <p aria-busy="true">Loading…</p>
      ) : !v.firstSeen && v.transitions.length === 0 ? (
        <p className="hint" data-testid="state-history-empty">
          No sync kept on this machine has seen this user yet.
        </p>
      ) : (
        <ol className="timeline">
          {v.firstSeen && (
            <li>
              <time dateTime={v.firstSeen.at}>{new Date(v.firstSeen.at).toLocaleString()}</time> first seen as <strong>{label(v.firstSeen.state)}</strong>
            </li>
          )}
          {v.transitions
            .filter((t, i) => !(i === 0 && t.from === null && v.firstSeen?.at === t.at))
            .map((t) => (
              <li key={t.syncId} data-testid="state-history-item">
                <time dateTime={t.at}>{new Date(t.at).toLocaleString()}</time> {label(t.from)} → <strong>{label(t.to)}</strong>
                {t.errorCode && <span className="hint"> · {t.errorCode}</span>}
              </li>
            ))}
          {v.transitions.length === 0 && <li className="hint">No change since.</li>}
        </ol>
      )}
    </section>
  )
}
