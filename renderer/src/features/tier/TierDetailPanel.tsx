import { useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { TIER_STATE_LABELS, TIER_SOURCE_LABEL, isTierState } from '../../../../preload/contract/diagnosis/documented-tier'
import { ErrorBox } from '../../components/ErrorBox'
import { useStore } from '../../store'
import { StateHistory } from '../changes/StateHistory'

/** One user on the documented tier: state, diagnosis from the failure-mode catalogue, and the calls that support it. */
export function TierDetailPanel({ tenant, onReconnect }: { tenant: Tenant; onReconnect: (externalId: string) => void }) {
  const d = useStore((s) => s.tierDetail)
  const id = useStore((s) => s.tierDetailId)
  const error = useStore((s) => s.tierDetailError)
  const open = useStore((s) => s.openTierDetail)
  const link = useStore((s) => (s.tierLink?.externalId === id ? s.tierLink : null))
  const makeLink = useStore((s) => s.tierReconnectLink)
  const check = useStore((s) => s.checkTierUsers)
  const [redirectUrl, setRedirectUrl] = useState('')
  if (!id) return null
  const mode = d?.diagnosisMode ?? null
  return (
    <aside className="detail card" aria-label={`User ${id}`} data-testid="tier-detail">
      <header className="toolbar">
        <h3>{id}</h3>
        <button type="button" onClick={() => void open(tenant.id, null)} aria-label="Close">
          Close
        </button>
      </header>
      {error && <ErrorBox error={error} />}
      {d && (
        <>
          <p>
            <strong data-testid="tier-detail-state">{isTierState(d.state) ? TIER_STATE_LABELS[d.state] : d.state}</strong>
            {d.state.startsWith('linked') && <> · last data {d.lastDataAt ? new Date(d.lastDataAt).toLocaleString() : 'none in the window'}</>} · checked{' '}
            {new Date(d.checkedAt).toLocaleString()}
          </p>
          <p className="hint">From {TIER_SOURCE_LABEL}. Data means Sahha holds data for the profile from any source, not necessarily Oura.</p>
          {mode ? (
            <div className="diagnosis" data-testid="tier-diagnosis" data-mode={mode.id}>
              <h4>
                {mode.title} <code>{mode.id}</code>
              </h4>
              <p>{mode.cause}</p>
              <p>
                <strong>Confirm:</strong> {mode.confirm}
              </p>
              <p>
                <strong>Remedy:</strong> {mode.remedy}
              </p>
              {mode.id === 'SAHHA_LINKED_NO_RECENT_DATA' && <p className="hint">Check the integration&apos;s webhook health (Integration tab) when many users show this at once.</p>}
            </div>
          ) : d.evidence.error ? (
            <div className="diagnosis" data-testid="tier-diagnosis" data-mode="UNCLASSIFIED">
              <h4>The calls for this user failed</h4>
              <p>
                {d.evidence.error.code}: {d.evidence.error.message}
              </p>
              {d.evidence.error.raw && <pre className="raw">{d.evidence.error.raw}</pre>}
            </div>
          ) : null}

          <div className="toolbar">
            {d.state !== 'profile_gone' && (
              <>
                <input type="url" placeholder="redirectUrl (empty: the whitelist's first entry)" aria-label="redirectUrl" value={redirectUrl} onChange={(e) => setRedirectUrl(e.target.value)} />
                <button type="button" className="primary" onClick={() => void makeLink(tenant.id, id, redirectUrl)} data-testid="tier-link">
                  Reconnect link
                </button>
                <button type="button" onClick={() => onReconnect(id)}>
                  Link with message…
                </button>
              </>
            )}
            <button type="button" onClick={() => void check(tenant.id, id).then(() => open(tenant.id, id))}>
              Check again
            </button>
          </div>
          {link?.authorizationUrl && (
            <p data-testid="tier-link-url">
              Send this link to the user: <a href={link.authorizationUrl} target="_blank" rel="noreferrer noopener">{link.authorizationUrl}</a>
            </p>
          )}
          {link?.error && <ErrorBox error={link.error} />}
          <p className="hint">Disconnect is not offered: Sahha publishes no disconnect endpoint, and this host has no admin API.</p>

          <h4>Evidence: the calls made</h4>
          <table className="table" data-testid="tier-evidence">
            <thead>
              <tr>
                <th scope="col">when</th>
                <th scope="col">call</th>
                <th scope="col">status</th>
                <th scope="col">answer</th>
              </tr>
            </thead>
            <tbody>
              {d.evidence.calls.map((c, i) => (
                <tr key={i}>
                  <td>{new Date(c.at).toLocaleTimeString()}</td>
                  <td>
                    <code>{c.path}</code>
                  </td>
                  <td>{c.status ?? 'no answer'}</td>
                  <td>{c.answer}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.history.length > 1 && (
            <>
              <h4>State history</h4>
              <ul>
                {d.history.map((h, i) => (
                  <li key={i}>
                    {new Date(h.at).toLocaleString()}: {h.from && isTierState(h.from) ? TIER_STATE_LABELS[h.from] : 'first check'} → {isTierState(h.to) ? TIER_STATE_LABELS[h.to] : h.to}
                  </li>
                ))}
              </ul>
            </>
          )}
          <StateHistory tenantId={tenant.id} externalId={id} reloadKey={d.checkedAt} />
        </>
      )}
    </aside>
  )
}
