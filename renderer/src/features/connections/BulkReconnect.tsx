import { useEffect, useId, useRef, useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import type { AppError } from '../../../../preload/contract/result'
import { ErrorBox } from '../../components/ErrorBox'
import { getApi } from '../../lib/api'
import { downloadText } from '../../lib/download'
import { toCsv } from './filter'
import { notifyIfAway } from '../../lib/notify'

type Link = { externalId: string; authorizationUrl: string | null; error: string | null }

/** Reconnect links for many users at once: progress, cancel, CSV export and a message template. */
export function BulkReconnect({ tenant, externalIds, onClose }: { tenant: Tenant; externalIds: string[]; onClose: () => void }) {
  const ids = useId()
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null)
  const [links, setLinks] = useState<Link[] | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const [template, setTemplate] = useState('Hi, your Oura ring stopped sharing data with us. Please reconnect it here: {link}')
  const opId = useRef(`bulk_${crypto.randomUUID().replace(/-/g, '')}`)

  useEffect(() => {
    const off = getApi().on('operations.progress', (p) => {
      if (p.operationId === opId.current) setProgress({ loaded: p.loaded, total: p.total ?? externalIds.length })
    })
    let live = true
    void getApi()
      .connections.reconnectLinks({ tenantId: tenant.id, provider: 'oura', operationId: opId.current, externalIds })
      .then((r) => {
        if (!live) return
        if (r.ok) {
          setLinks(r.value.links)
          setCancelled(r.value.cancelled)
          notifyIfAway('Reconnect links ready', `${r.value.links.filter((l) => l.authorizationUrl).length} link(s) generated.`)
        } else setError(r.error)
      })
    return () => {
      live = false
      off()
    }
  }, [tenant.id, externalIds])

  const ok = links?.filter((l) => l.authorizationUrl) ?? []
  return (
    <section className="card wide" aria-labelledby={`${ids}-t`} data-testid="conn-bulk">
      <div className="card-head">
        <h2 id={`${ids}-t`}>Reconnect links for {externalIds.length.toLocaleString()} users</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!links && !error && (
        <div className="conn-progress-row">
          <progress max={externalIds.length} value={progress?.loaded ?? 0} data-testid="conn-bulk-progress" />
          <span>
            {progress?.loaded ?? 0} / {externalIds.length}
          </span>
          <button type="button" onClick={() => void getApi().operations.cancel({ operationId: opId.current })} data-testid="conn-bulk-cancel">
            Cancel
          </button>
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {links && (
        <>
          <p data-testid="conn-bulk-done">
            {ok.length} link(s) generated{cancelled ? ' before you cancelled' : ''}; {links.length - ok.length} failed.
          </p>
          <label htmlFor={`${ids}-m`}>Message template ({'{link}'} is replaced per user)</label>
          <textarea id={`${ids}-m`} rows={3} value={template} onChange={(e) => setTemplate(e.target.value)} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() =>
                downloadText(
                  `reconnect-links-${tenant.environment}.csv`,
                  toCsv(
                    ['externalId', 'authorizationUrl', 'message', 'error'],
                    links.map((l) => [l.externalId, l.authorizationUrl, l.authorizationUrl ? template.replace('{link}', l.authorizationUrl) : '', l.error])
                  ),
                  'text/csv'
                )
              }
              data-testid="conn-bulk-csv"
            >
              Export CSV
            </button>
            <button type="button" onClick={() => void navigator.clipboard.writeText(template)}>
              Copy template
            </button>
          </div>
        </>
      )}
    </section>
  )
}
