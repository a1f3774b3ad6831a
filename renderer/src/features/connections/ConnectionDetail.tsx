import { StateHistory } from '../changes/StateHistory'
import { useEffect, useRef, useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { ErrorBox } from '../../components/ErrorBox'
import { downloadText } from '../../lib/download'
import { useStore } from '../../store'
import { detailKey } from '../../store/connection-detail-slice'
import { StatePill } from './StatePill'
import { maskId, maskText } from '../../lib/privacy'
import { disconnectOutcome } from '../../../../preload/contract/rules/disconnect'

const EVENT_LABEL: Record<string, string> = {
  authorize_started: 'Authorize started',
  consent_denied: 'Consent denied',
  authorize_failed: 'Authorize failed',
  authorized: 'Authorized',
  token_exchange_failed: 'Token exchange failed',
  token_refreshed: 'Token refreshed',
  refresh_failed: 'Refresh failed',
  backfill_started: 'Backfill started',
  backfill_completed: 'Backfill completed',
  data_received: 'Data received',
  webhook_received: 'Webhook received',
  api_error: 'API error',
  state_changed: 'State changed',
  disconnected: 'Disconnected'
}
const BAD = new Set(['consent_denied', 'authorize_failed', 'token_exchange_failed', 'refresh_failed', 'api_error'])

/** One connection: timeline, raw error, scopes, and the diagnosis with the action that applies. */
export function ConnectionDetail({
  tenant,
  externalId,
  loadedAt,
  onClose,
  onChanged
}: {
  tenant: Tenant
  externalId: string
  /** When the list was last loaded: a refresh reloads the open detail too, so it never contradicts the row. */
  loadedAt: string | null
  onClose: () => void
  onChanged: () => void
}) {
  const setView = useStore((s) => s.setView)
  const privacy = useStore((s) => s.privacy)
  const key = detailKey(tenant.id, externalId)
  const detail = useStore((s) => (s.connDetail.key === key ? s.connDetail : null))
  const loadDetail = useStore((s) => s.loadConnDetail)
  const reconnectAction = useStore((s) => s.reconnectConnDetail)
  const disconnectAction = useStore((s) => s.disconnectConnDetail)
  const buildBundle = useStore((s) => s.buildIncidentBundle)
  const shownId = maskId(externalId, privacy)
  const d = detail?.value ?? null
  const error = detail?.error ?? null
  const link = detail?.link ?? null
  const actionError = detail?.actionError ?? null
  const [confirming, setConfirming] = useState(false)
  const [typed, setTyped] = useState('')
  const [includeIds, setIncludeIds] = useState(false)
  const [bundleMsg, setBundleMsg] = useState<string | null>(null)
  const [disconnectMsg, setDisconnectMsg] = useState<string | null>(null)
  const production = tenant.environment === 'production'

  // Esc closes the detail from anywhere in the view (not only from inside it), unless a dialog of its own is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[data-testid=palette]')) return
      onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  useEffect(() => {
    void loadDetail(tenant.id, externalId)
  }, [loadDetail, tenant.id, externalId])
  // The list was reloaded (by hand or by auto-refresh): update in place, so the detail never contradicts the row.
  const shownFor = useRef(loadedAt)
  useEffect(() => {
    if (loadedAt === shownFor.current) return
    shownFor.current = loadedAt
    void loadDetail(tenant.id, externalId, true)
  }, [loadedAt, loadDetail, tenant.id, externalId])

  const reconnect = () => reconnectAction(tenant.id, externalId)
  const disconnect = async () => {
    const r = await disconnectAction(tenant.id, externalId, production ? typed : undefined)
    if (!r.ok) return
    setConfirming(false)
    setTyped('')
    setDisconnectMsg(r.value.revokedAtProvider ? "Disconnected; the user's Oura token was revoked." : 'Disconnected; no Oura token was revoked (there was none that worked).')
    onChanged()
  }
  const exportBundle = async () => {
    if (!d) return
    const b = await buildBundle(tenant, externalId, includeIds)
    if (!b.ok) {
      setBundleMsg(b.message)
      return
    }
    downloadText(b.filename, b.text, 'application/json')
    setBundleMsg('Incident bundle exported.')
  }

  const missing = d ? d.requestedScopes.filter((s) => d.grantedScopes.length > 0 && !d.grantedScopes.includes(s)) : []
  return (
    <aside className="card conn-detail" aria-label={`Connection ${shownId}`} data-testid="conn-detail">
      <div className="card-head">
        <h2 className="conn-id">{shownId}</h2>
        {d && <StatePill state={d.state} />}
        <button type="button" className="conn-close" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      {error && <ErrorBox error={error} onRetry={() => void loadDetail(tenant.id, externalId)} />}
      {!d && !error && <p aria-busy="true">Loading…</p>}
      {d && (
        <>
          <article className="diagnosis-card" data-testid="conn-diagnosis" data-mode={d.diagnosis.id}>
            <h3>
              {d.diagnosis.title} <code className="hint">{d.diagnosis.id}</code>
            </h3>
            {d.diagnosis.evidence && <p className="hint">Evidence: {d.diagnosis.evidence}</p>}
            <dl className="facts">
              <dt>Cause</dt>
              <dd>{d.diagnosis.cause}</dd>
              <dt>How to confirm</dt>
              <dd>{d.diagnosis.confirm}</dd>
              <dt>What to do</dt>
              <dd>
                <strong>{d.diagnosis.remedy}</strong>
              </dd>
            </dl>
            <div className="actions">
              {d.diagnosis.action === 'reconnect_link' && (
                <button type="button" className="primary" onClick={() => void reconnect()} data-testid="conn-action-reconnect">
                  Generate reconnect link
                </button>
              )}
              {(d.diagnosis.action === 'check_integration_scopes' || d.diagnosis.action === 'fix_credentials' || d.diagnosis.action === 'fix_whitelist' || d.diagnosis.action === 'register_callback') && (
                <button type="button" className="primary" onClick={() => setView('integration')} data-testid="conn-action-integration">
                  Open the integration settings
                </button>
              )}
              {d.diagnosis.action !== 'reconnect_link' && d.state !== 'disconnected' && (
                <button type="button" onClick={() => void reconnect()} data-testid="conn-action-reconnect-anyway">
                  Reconnect link
                </button>
              )}
            </div>
            {link && (
              <div className="copy-row" data-testid="conn-reconnect-link">
                <code>{link}</code>
                <button type="button" onClick={() => void navigator.clipboard.writeText(link)}>
                  Copy
                </button>
              </div>
            )}
            {actionError && <ErrorBox error={actionError} />}
          </article>

          <h3>Scopes</h3>
          <p data-testid="conn-scopes">
            {d.requestedScopes.map((s) => (
              <span key={s} className={missing.includes(s) ? 'scope-chip missing' : 'scope-chip'}>
                {s}
                {missing.includes(s) ? ' (not granted)' : ''}
              </span>
            ))}
          </p>

          {d.lastErrorRaw && (
            <>
              <h3>Raw error (secrets redacted)</h3>
              <pre className="raw" data-testid="conn-raw-error">
                {maskText(d.lastErrorRaw, privacy, [externalId, d.providerUserId ?? ''])}
              </pre>
            </>
          )}

          <div className="detail-histories">
            <div>
              <h3>Timeline</h3>
              <ol className="timeline" data-testid="conn-timeline">
                {[...d.timeline].reverse().map((e, i) => (
                  <li key={`${e.at}-${i}`} className={BAD.has(e.type) ? 'bad-event' : undefined}>
                    <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> <strong>{EVENT_LABEL[e.type] ?? e.type}</strong>
                    {e.data && (e.data.code || e.data.title) ? <span className="hint"> {maskText([e.data.httpStatus, e.data.code, e.data.title, e.data.message].filter(Boolean).join(' · '), privacy, [externalId])}</span> : null}
                  </li>
                ))}
              </ol>
            </div>
            <StateHistory tenantId={tenant.id} externalId={externalId} reloadKey={loadedAt} />
          </div>

          <div className="actions">
            <label className="radio">
              <input type="checkbox" checked={includeIds} onChange={(e) => setIncludeIds(e.target.checked)} />
              Include end-user identifiers (hashed otherwise)
            </label>
            <button type="button" onClick={() => void exportBundle()} data-testid="conn-export-bundle">
              Export incident bundle
            </button>
            {d.state !== 'disconnected' && (
              <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="conn-disconnect">
                Disconnect…
              </button>
            )}
          </div>
          {bundleMsg && <p role="status">{bundleMsg}</p>}
          {disconnectMsg && (
            <p role="status" data-testid="conn-disconnect-done">
              {disconnectMsg}
            </p>
          )}
          {confirming && (
            <div className="confirm-box" role="alertdialog" aria-label="Confirm disconnect" data-testid="conn-disconnect-confirm">
              <p data-testid="conn-disconnect-outcome">{disconnectOutcome(d).text}</p>
              {production && (
                <>
                  <label htmlFor="disc-confirm">
                    Production: type the user's externalId{privacy ? ' (masked here: privacy mode)' : <> <strong>{externalId}</strong></>} to confirm
                  </label>
                  <input id="disc-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="conn-disconnect-typed" />
                </>
              )}
              <div className="actions">
                <button type="button" className="danger" disabled={production && typed.trim() !== externalId} onClick={() => void disconnect()} data-testid="conn-disconnect-submit">
                  Disconnect
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </aside>
  )
}
