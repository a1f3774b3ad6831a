import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { ConnectionRow, Tenant } from '../../../../preload/contract/models'
import { diagnoseRow, type RowDiagnosis } from '../../../../preload/contract/diagnosis/engine'
import { ErrorBox } from '../../components/ErrorBox'
import { Modal } from '../../components/Modal'
import { useStore } from '../../store'
import { downloadText } from '../../lib/download'
import { toCsv } from '../../../../preload/contract/csv'
import { notifyIfAway } from '../../lib/notify'

type Link = { externalId: string; authorizationUrl: string | null; error: string | null }
type Group = RowDiagnosis & { ids: string[] }

/** The selected users grouped by what their row says is wrong, helpful groups first, largest first. */
function groupByDiagnosis(rows: readonly ConnectionRow[]): Group[] {
  const groups = new Map<string, Group>()
  for (const r of rows) {
    const d = diagnoseRow(r)
    let g = groups.get(d.key)
    if (!g) groups.set(d.key, (g = { ...d, ids: [] }))
    g.ids.push(r.externalId)
  }
  return [...groups.values()].sort((a, b) => Number(b.linkHelps) - Number(a.linkHelps) || b.ids.length - a.ids.length)
}

/**
 * Reconnect links for many users at once. First a confirmation: how many links, grouped by diagnosis,
 * with the users a link cannot help (membership, configuration faults) left out unless the operator
 * includes them. Then progress, cancel, CSV export and a message template.
 */
/**
 * `rows` (admin API): grouped by what each row shows. `selected` (documented tier, whose states the row
 * diagnosis does not know): the users the operator picked, as one group under the reason given.
 */
export function BulkReconnect({
  tenant,
  rows,
  selected,
  onClose,
  onDone
}: {
  tenant: Tenant
  rows?: readonly ConnectionRow[]
  selected?: { externalIds: readonly string[]; reason: string }
  onClose: () => void
  onDone?: () => void
}) {
  const ids = useId()
  const groups = useMemo(
    () => (selected ? [{ key: 'selected', modes: [], title: selected.reason, linkHelps: true, ids: [...selected.externalIds] }] : groupByDiagnosis(rows ?? [])),
    [rows, selected]
  )
  const unhelped = groups.filter((g) => !g.linkHelps).reduce((n, g) => n + g.ids.length, 0)
  const [includeUnhelped, setIncludeUnhelped] = useState(false)
  const [externalIds, setExternalIds] = useState<string[] | null>(null)
  const chosen = groups.filter((g) => g.linkHelps || includeUnhelped).flatMap((g) => g.ids)
  const [template, setTemplate] = useState('Hi, your Oura ring stopped sharing data with us. Please reconnect it here: {link}')
  const opId = useRef(`bulk_${crypto.randomUUID().replace(/-/g, '')}`)

  const run = useStore((s) => s.bulkRuns[opId.current])
  const startBulkReconnect = useStore((s) => s.startBulkReconnect)
  const cancelOperation = useStore((s) => s.cancelOperation)
  useEffect(() => {
    if (!externalIds) return
    let live = true
    void startBulkReconnect(tenant.id, opId.current, externalIds).then((r) => {
      if (!live) return
      if (r.ok) notifyIfAway('Reconnect links ready', `${r.value.links.filter((l) => l.authorizationUrl).length} link(s) generated.`)
      onDone?.()
    })
    return () => {
      live = false
    }
  }, [tenant.id, externalIds, onDone, startBulkReconnect])
  const progress = run?.progress ?? null
  const links: readonly Link[] | null = run?.result.value?.links ?? null
  const cancelled = run?.result.value?.cancelled ?? false
  const error = run?.result.error ?? null

  if (!externalIds) {
    return (
      <Modal labelledBy={`${ids}-t`} className="bulk-confirm" onClose={onClose} testId="conn-bulk-confirm">
        <div className="card-head">
          <h2 id={`${ids}-t`}>Generate {chosen.length.toLocaleString()} reconnect links?</h2>
        </div>
        <p className="hint">
          {groups.reduce((n, g) => n + g.ids.length, 0).toLocaleString()} users selected, grouped by what their row shows (state and last error code); open a user for the full diagnosis. A link does not change
          anyone&apos;s state: it stays until the user completes the consent.
        </p>
        <table className="audit-table" data-testid="conn-bulk-groups">
          <thead>
            <tr>
              <th scope="col">Diagnosis</th>
              <th scope="col">Users</th>
              <th scope="col">Link</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key} data-testid="conn-bulk-group" data-diagnosis={g.key} data-included={g.linkHelps || includeUnhelped}>
                <td>
                  {g.title} <code className="hint">{g.key.replace(/\+/g, ' / ')}</code>
                  {!g.linkHelps && <div className="hint">{g.modes[0]!.remedy}</div>}
                </td>
                <td>{g.ids.length.toLocaleString()}</td>
                <td>{g.linkHelps ? 'included' : includeUnhelped ? 'included on request' : 'left out: a link will not help'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {unhelped > 0 && (
          <label className="radio">
            <input type="checkbox" checked={includeUnhelped} onChange={(e) => setIncludeUnhelped(e.target.checked)} data-testid="conn-bulk-include-unhelped" />
            Also send links to the {unhelped.toLocaleString()} user(s) a link cannot help
          </label>
        )}
        <div className="actions">
          <button type="button" className="primary" disabled={chosen.length === 0} onClick={() => setExternalIds(chosen)} data-testid="conn-bulk-generate">
            Generate {chosen.length.toLocaleString()} links
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </Modal>
    )
  }

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
          <button type="button" onClick={() => void cancelOperation(opId.current)} data-testid="conn-bulk-cancel">
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
