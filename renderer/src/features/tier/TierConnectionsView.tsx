import { useEffect, useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { TIER_STATE_LABELS, TIER_STATES, type TierState } from '../../../../preload/contract/diagnosis/documented-tier'
import { DataSource } from '../../components/DataSource'
import { ErrorBox } from '../../components/ErrorBox'
import { downloadText } from '../../lib/download'
import { timeAgo } from '../../lib/relative-time'
import { useStore } from '../../store'
import { BulkReconnect } from '../connections/BulkReconnect'
import { ConnectUser } from '../connections/ConnectUser'
import { TierDetailPanel } from './TierDetailPanel'

const COLORS: Record<TierState, string> = {
  not_linked: '#8a94a6',
  linked_recent: '#2f9e44',
  linked_no_data: '#e8590c',
  profile_gone: '#9c36b5',
  unknown: '#e03131'
}
const csvCell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/**
 * Connections on a host without the admin API (sahha-api.md §7): the honest states a per-profile scan of the
 * documented endpoints supports, with progress, resume, "check these users", evidence and reconnect links.
 */
export function TierConnectionsView({ tenant }: { tenant: Tenant }) {
  const status = useStore((s) => (s.tierTenantId === tenant.id ? s.tierStatus : null))
  const rows = useStore((s) => s.tierRows)
  const total = useStore((s) => s.tierTotal)
  const counts = useStore((s) => s.tierCounts)
  const query = useStore((s) => s.tierQuery)
  const check = useStore((s) => s.tierCheck)
  const error = useStore((s) => s.tierError)
  const detailId = useStore((s) => s.tierDetailId)
  const loadStatus = useStore((s) => s.loadTierStatus)
  const loadRows = useStore((s) => s.loadTierRows)
  const setQuery = useStore((s) => s.setTierQuery)
  const startScan = useStore((s) => s.startTierScan)
  const cancelScan = useStore((s) => s.cancelTierScan)
  const checkUsers = useStore((s) => s.checkTierUsers)
  const openDetail = useStore((s) => s.openTierDetail)
  const openPending = useStore((s) => s.openPendingTierUser)
  const rowsForExport = useStore((s) => s.tierRowsForExport)
  const pending = useStore((s) => s.pendingConnection)
  const takePending = useStore((s) => s.takePendingConnection)
  const [linkedOnly, setLinkedOnly] = useState(false)
  const [paste, setPaste] = useState('')
  const [showCheck, setShowCheck] = useState(false)
  const [bulk, setBulk] = useState<string[] | null>(null)
  const [showConnect, setShowConnect] = useState(false)
  const running = status?.running ?? null
  const p = running?.progress ?? null

  useEffect(() => {
    void loadStatus(tenant.id).then(() => loadRows(tenant.id))
  }, [tenant.id, loadStatus, loadRows])

  // A deep link or the palette asked for one user: show it, checking it first when it has never been checked.
  useEffect(() => {
    if (!pending) return
    const id = takePending()
    if (!id) return
    void openPending(tenant.id, id)
  }, [pending, takePending, tenant.id, openPending])

  const toggleState = (s: TierState) => void setQuery(tenant.id, { states: query.states.includes(s) ? query.states.filter((x) => x !== s) : [...query.states, s] })
  const max = Math.max(1, ...TIER_STATES.map((s) => counts[s] ?? 0))

  const exportCsv = async () => {
    const all = await rowsForExport(tenant.id)
    if (!all) return
    const lines = ['externalId,state,lastDataAt,checkedAt,diagnosis,error', ...all.map((x) => [x.externalId, TIER_STATE_LABELS[x.state], x.lastDataAt, x.checkedAt, x.diagnosis, x.errorMessage].map(csvCell).join(','))]
    downloadText(`connections-documented-${tenant.name}.csv`, `${lines.join('\n')}\n`, 'text/csv')
  }
  const importFile = async (f: File | undefined) => {
    if (f) setPaste(await f.text())
  }
  const submitCheck = async () => {
    if (await checkUsers(tenant.id, paste)) setShowCheck(false)
  }
  const stale = rows.filter((r) => r.state === 'linked_no_data' || r.state === 'not_linked').map((r) => r.externalId)

  return (
    <section className="connections tier" aria-label="Connections (documented API)" data-testid="tier-view">
      <DataSource kinds={['sahha']} note="Per-profile scan of Sahha's documented endpoints: observed states, not Sahha's own." />
      <p className="hint" data-testid="tier-limits">
        This host has no admin API: an unfinished consent or a broken token cannot be seen here, only whether Sahha lists a link and holds recent data. Disconnect is absent: Sahha
        publishes no disconnect endpoint.
      </p>

      <div className="toolbar" role="toolbar" aria-label="Scan">
        {running ? (
          <>
            <progress max={p?.total ?? undefined} value={p?.done ?? 0} aria-label="Scan progress" />
            <span data-testid="tier-progress">
              {p ? `${p.done.toLocaleString()} of ${p.total?.toLocaleString() ?? '…'} users · ${p.rate >= 1 ? `${p.rate.toFixed(0)} users/s` : `${(p.rate * 60).toFixed(0)} users/min`} · ${p.etaSeconds === null ? 'ETA —' : `ETA ${p.etaSeconds < 60 ? `${Math.ceil(p.etaSeconds)} s` : `${Math.ceil(p.etaSeconds / 60)} min`}`}${p.pass > 1 ? ` · retry pass ${p.pass}` : ''}` : 'starting…'}
            </span>
            <button type="button" onClick={() => void cancelScan()}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => void startScan(tenant.id, 'full', false)} data-testid="tier-scan">
              {status?.interrupted?.kind === 'full' ? 'Resume scan' : 'Scan all users'}
            </button>
            <button type="button" onClick={() => void startScan(tenant.id, 'rescan', linkedOnly)} disabled={!status?.lastComplete}>
              Re-scan (oldest first)
            </button>
            <label>
              <input type="checkbox" checked={linkedOnly} onChange={(e) => setLinkedOnly(e.target.checked)} /> linked users only
            </label>
            <button type="button" onClick={() => setShowCheck((v) => !v)} data-testid="tier-check-open">
              Check these users…
            </button>
            <button type="button" onClick={() => setShowConnect(true)}>
              Connect a user…
            </button>
          </>
        )}
        <span className="hint" data-testid="tier-last">
          {status?.interrupted ? `Scan ${status.interrupted.status === 'running' ? 'interrupted' : status.interrupted.status}: resume continues where it stopped. ` : ''}
          {status?.lastComplete ? `Last complete scan ${timeAgo(status.lastComplete.finishedAt)}.` : 'No complete scan yet.'}
        </span>
      </div>
      {error && <ErrorBox error={error} />}

      {showCheck && (
        <form
          className="card"
          aria-label="Check these users"
          onSubmit={(e) => {
            e.preventDefault()
            void submitCheck()
          }}
        >
          <label htmlFor="tier-paste">externalIds, one per line or a CSV with an externalId column (up to 10,000)</label>
          <textarea id="tier-paste" rows={6} value={paste} onChange={(e) => setPaste(e.target.value)} data-testid="tier-paste" />
          <input type="file" accept=".csv,.txt,text/plain,text/csv" aria-label="Import a file" onChange={(e) => void importFile(e.target.files?.[0])} />
          <button type="submit" className="primary" disabled={!paste.trim()} data-testid="tier-check-run">
            Check now
          </button>
        </form>
      )}
      {check && query.runId === check.runId && (
        <div className="banner" role="status" data-testid="tier-check-summary">
          Checking {check.accepted} user(s){check.duplicates ? `, ${check.duplicates} duplicate(s) skipped` : ''}. Ids Sahha does not know show as <strong>profile gone</strong>.
          {check.rejected.length > 0 && (
            <ul data-testid="tier-rejected">
              {check.rejected.map((r) => (
                <li key={r.line}>
                  line {r.line}: {r.value} — {r.reason}
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => void setQuery(tenant.id, { runId: null })}>
            Show all users
          </button>
        </div>
      )}

      <div className="counts-bar" role="group" aria-label="Users per state" data-testid="tier-counts">
        {TIER_STATES.map((s) => (
          <button key={s} type="button" className="chip" aria-pressed={query.states.includes(s)} onClick={() => toggleState(s)} data-state={s}>
            <span className="bar" style={{ width: `${Math.max(2, ((counts[s] ?? 0) / max) * 120)}px`, background: COLORS[s], display: 'inline-block', height: '0.6em', marginRight: 6 }} aria-hidden="true" />
            {TIER_STATE_LABELS[s]} <strong data-testid={`tier-count-${s}`}>{(counts[s] ?? 0).toLocaleString()}</strong>
          </button>
        ))}
      </div>

      <div className="toolbar">
        <input type="search" placeholder="externalId starts with…" aria-label="Search externalId" value={query.search} onChange={(e) => void setQuery(tenant.id, { search: e.target.value })} />
        <select aria-label="Sort" value={query.sort} onChange={(e) => void setQuery(tenant.id, { sort: e.target.value as typeof query.sort })}>
          <option value="externalId">externalId</option>
          <option value="checkedAt">checked, oldest first</option>
          <option value="-checkedAt">checked, newest first</option>
          <option value="lastDataAt">last data, oldest first</option>
          <option value="-lastDataAt">last data, newest first</option>
        </select>
        <button type="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
        <button type="button" disabled={stale.length === 0} onClick={() => setBulk(stale)}>
          Reconnect links for {stale.length} not linked / no recent data
        </button>
        <span className="hint">
          {total.toLocaleString()} user(s){rows.length < total ? `, first ${rows.length} shown (narrow with search or a state)` : ''}
        </span>
      </div>

      <div className={detailId ? 'tier-body with-detail' : 'tier-body'}>
      <table className="table" data-testid="tier-table">
        <thead>
          <tr>
            <th scope="col">externalId</th>
            <th scope="col">state</th>
            <th scope="col">last data</th>
            <th scope="col">checked</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.externalId} data-external-id={r.externalId} data-state={r.state} aria-selected={detailId === r.externalId} onClick={() => void openDetail(tenant.id, r.externalId)}>
              <td>
                <button type="button" className="link" onClick={() => void openDetail(tenant.id, r.externalId)}>
                  {r.externalId}
                </button>
              </td>
              <td>
                <span className="pill" style={{ borderColor: COLORS[r.state] }}>
                  {TIER_STATE_LABELS[r.state]}
                </span>
                {r.state === 'unknown' && r.errorCode ? <span className="hint"> {r.errorCode}</span> : null}
              </td>
              <td>{r.lastDataAt ? timeAgo(r.lastDataAt) : r.state.startsWith('linked') ? 'none in the window' : '—'}</td>
              <td>{timeAgo(r.checkedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {detailId && <TierDetailPanel tenant={tenant} onReconnect={(id) => setBulk([id])} />}
      </div>
      {bulk && <BulkReconnect tenant={tenant} selected={{ externalIds: bulk, reason: 'Selected on this tenant (documented API states)' }} onClose={() => setBulk(null)} />}
      {showConnect && <ConnectUser tenant={tenant} />}
    </section>
  )
}
