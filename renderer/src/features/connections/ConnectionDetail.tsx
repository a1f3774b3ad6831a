import { StateHistory } from '../changes/StateHistory'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConnectionDetailModel, Tenant } from '../../../../preload/contract/models'
import type { AppError } from '../../../../preload/contract/result'
import { ErrorBox } from '../../components/ErrorBox'
import { getApi } from '../../lib/api'
import { downloadText } from '../../lib/download'
import { useStore } from '../../store'
import { findSecrets } from '../../../../preload/contract/secret-patterns'
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
  const refreshLinksSent = useStore((s) => s.refreshLinksSent)
  const shownId = maskId(externalId, privacy)
  const [d, setD] = useState<ConnectionDetailModel | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [link, setLink] = useState<string | null>(null)
  const [actionError, setActionError] = useState<AppError | null>(null)
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

  /** `inPlace`: keep what is on screen (a generated link, the last good detail) while it reloads. */
  const load = useCallback(
    async (inPlace = false) => {
      if (!inPlace) {
        setD(null)
        setLink(null)
      }
      const r = await getApi().connections.detail({ tenantId: tenant.id, provider: 'oura', externalId })
      if (r.ok) {
        setD(r.value)
        setError(null)
      } else if (!inPlace) setError(r.error)
    },
    [tenant.id, externalId]
  )
  useEffect(() => {
    void load()
  }, [load])
  // The list was reloaded (by hand or by auto-refresh): update in place, so the detail never contradicts the row.
  const shownFor = useRef(loadedAt)
  useEffect(() => {
    if (loadedAt === shownFor.current) return
    shownFor.current = loadedAt
    void load(true)
  }, [loadedAt, load])

  const reconnect = async () => {
    setActionError(null)
    const r = await getApi().connections.connect({ tenantId: tenant.id, provider: 'oura', externalId })
    if (r.ok) {
      setLink(r.value.authorizationUrl)
      void refreshLinksSent(tenant.id)
    } else setActionError(r.error)
  }
  const disconnect = async () => {
    const r = await getApi().connections.disconnect({ tenantId: tenant.id, provider: 'oura', externalId, confirmText: production ? typed : undefined })
    if (r.ok) {
      setConfirming(false)
      setTyped('')
      setDisconnectMsg(r.value.revokedAtProvider ? "Disconnected; the user's Oura token was revoked." : 'Disconnected; no Oura token was revoked (there was none that worked).')
      onChanged()
      // In place: the state, the diagnosis and the timeline follow the disconnect without blanking the panel.
      await load(true)
    } else setActionError(r.error)
  }
  const exportBundle = async () => {
    if (!d) return
    // Main audits the export and answers the salted reference that stands for the user (the salt never leaves main).
    const [info, integ, audited] = await Promise.all([
      getApi().app.info({}),
      getApi().integrations.get({ tenantId: tenant.id, provider: 'oura' }),
      getApi().connections.bundleExported({ tenantId: tenant.id, externalId, includeIds })
    ])
    if (!audited.ok) {
      setBundleMsg(`Not exported: ${audited.error.message}`)
      return
    }
    const id = includeIds ? externalId : audited.value.subject
    const bundle = {
      kind: 'sahha-integrations-admin/incident-bundle',
      version: 1,
      createdAt: new Date().toISOString(),
      app: info.ok ? { version: info.value.version, transport: info.value.transport, platform: info.value.platform } : null,
      environment: tenant.environment,
      tenant: tenant.name,
      connection: { ...d, externalId: id, profileId: includeIds ? d.profileId : undefined, providerUserId: includeIds ? d.providerUserId : undefined },
      integration: integ.ok && integ.value.config ? { ...integ.value.config, clientSecretLast4: undefined } : null
    }
    const text = JSON.stringify(bundle, null, 2)
    const hits = findSecrets(text)
    if (hits.length) {
      setBundleMsg('Not exported: the bundle looked like it contained a token or secret. Report this; nothing was written.')
      return
    }
    downloadText(`incident-${tenant.environment}-${includeIds ? externalId : id.slice(5, 17)}.json`, text, 'application/json')
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
      {error && <ErrorBox error={error} onRetry={() => void load()} />}
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
