import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ConnectionRow, Tenant } from '../../../../preload/contract/models'
import { ErrorBox } from '../../components/ErrorBox'
import { getApi } from '../../lib/api'
import { downloadText } from '../../lib/download'
import { useStore } from '../../store'
import { BulkReconnect } from './BulkReconnect'
import { ConnectionDetail } from './ConnectionDetail'
import { ConnectionsTable } from './ConnectionsTable'
import { ConnectUser } from './ConnectUser'
import { applyFilter, BROKEN_STATES, STATES, toCsv } from './filter'
import { StateChart } from './StateChart'
import { WebhookHealth } from './WebhookHealth'
import { maskId } from '../../lib/privacy'

const REFRESH_OPTIONS = [30, 60, 300]
/** The most links one bulk run generates (the contract's limit). */
const BULK_CAP = 5000

/** On-call view: every connection of the tenant, the broken ones one click away, the reason and the fix. */
export function ConnectionsView({ tenant }: { tenant: Tenant }) {
  const index = useStore((s) => (s.connTenantId === tenant.id ? s.connIndex : null))
  const sync = useStore((s) => (s.connTenantId === tenant.id ? s.connSync : null))
  const syncedAt = useStore((s) => s.connSyncedAt)
  const error = useStore((s) => s.connError)
  const filter = useStore((s) => s.connFilter)
  const setFilter = useStore((s) => s.setConnFilter)
  const startSync = useStore((s) => s.startConnectionsSync)
  const cancelSync = useStore((s) => s.cancelConnectionsSync)
  const onProgress = useStore((s) => s.onSyncProgress)
  const summaryOpen = useStore((s) => s.connSummaryOpen)
  const setSummaryOpen = useStore((s) => s.setConnSummaryOpen)
  const loadRows = useStore((s) => s.loadConnectionRows)
  const [open, setOpen] = useState<string | null>(null)
  const [focused, setFocused] = useState(0)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [anchor, setAnchor] = useState<number | null>(null)
  const [bulk, setBulk] = useState<ConnectionRow[] | null>(null)
  const [selectionNote, setSelectionNote] = useState<string | null>(null)
  const linksSent = useStore((s) => (s.ctxTenantId === tenant.id ? s.linksSent : null))
  const integrationScopes = useStore((s) => (s.ctxTenantId === tenant.id ? s.integrationScopes : null))
  const loadContext = useStore((s) => s.loadConnectionContext)
  const refreshLinksSent = useStore((s) => s.refreshLinksSent)
  useEffect(() => {
    void loadContext(tenant.id)
  }, [tenant.id, syncedAt, loadContext])
  const onBulkDone = useCallback(() => void refreshLinksSent(tenant.id), [refreshLinksSent, tenant.id])
  const [autoRefresh, setAutoRefresh] = useState(true)
  const [refreshEvery, setRefreshEvery] = useState(60)
  const [showConnect, setShowConnect] = useState(false)
  const running = sync?.state === 'running'

  useEffect(() => getApi().on('operations.progress', (p) => onProgress(p)), [onProgress])
  const pending = useStore((s) => s.pendingConnection)
  const takePending = useStore((s) => s.takePendingConnection)
  const [filterNote, setFilterNote] = useState<string | null>(null)
  useEffect(() => {
    if (!pending) return
    const id = takePending()
    if (!id) return
    setOpen(id)
    // Opened from the palette or a link while the filters hide that user: clear them, so the open
    // detail has its row in the list, and say why the list changed.
    const s = useStore.getState()
    const idx = s.connTenantId === tenant.id ? s.connIndex : null
    const f = s.connFilter
    if (idx && (f.states || f.errorCode || f.search) && !Array.from(applyFilter(idx, f)).some((i) => idx.rows[i]!.externalId === id)) {
      s.setConnFilter({ states: null, errorCode: null, search: '' })
      setFilterNote(`Filters cleared to show ${maskId(id, s.privacy)}, which they hid.`)
    }
  }, [pending, takePending, tenant.id])

  // First visit: load what main already has, and start a sync if it has nothing.
  useEffect(() => {
    void (async () => {
      await loadRows(tenant.id, true)
      const s = useStore.getState()
      if (s.connTenantId !== tenant.id || !s.connIndex || s.connIndex.rows.length === 0) await startSync(tenant.id)
    })()
  }, [tenant.id, loadRows, startSync])

  // While loading, stream in the rows loaded so far.
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => void loadRows(tenant.id, false), 700)
    return () => clearInterval(t)
  }, [running, tenant.id, loadRows])

  useEffect(() => {
    if (!autoRefresh || running) return
    const t = setInterval(() => void startSync(tenant.id), refreshEvery * 1000)
    return () => clearInterval(t)
  }, [autoRefresh, running, refreshEvery, tenant.id, startSync])

  const order = useMemo(() => (index ? applyFilter(index, filter) : new Int32Array(0)), [index, filter])
  const counts = index?.counts ?? {}
  const broken = [...BROKEN_STATES].reduce((n, s) => n + (counts[s] ?? 0), 0)

  const toggleState = useCallback(
    (state: string) => {
      const next = new Set(filter.states ?? [])
      if (next.has(state)) next.delete(state)
      else next.add(state)
      setFilter({ states: next.size ? next : null })
      setFocused(0)
    },
    [filter.states, setFilter]
  )

  const toggleSelect = (externalId: string, pos: number, range: boolean) => {
    const next = new Set(selected)
    if (range && anchor !== null && index) {
      const [a, b] = anchor < pos ? [anchor, pos] : [pos, anchor]
      for (let p = a; p <= b; p++) next.add(index.rows[order[p]!]!.externalId)
    } else if (next.has(externalId)) next.delete(externalId)
    else next.add(externalId)
    setAnchor(pos)
    setSelected(next)
  }

  /** Adds the broken users in view who have no link from this app yet, up to one run; says how many and what was left out. */
  const selectBrokenInView = () => {
    if (!index) return
    const next = new Set(selected)
    let broken = 0
    let alreadySent = 0
    let notSelected = 0
    for (const i of order) {
      const r = index.rows[i]!
      if (!BROKEN_STATES.has(r.state)) continue
      broken++
      if (linksSent?.[r.externalId]) alreadySent++
      else if (next.size < BULK_CAP) next.add(r.externalId)
      else if (!next.has(r.externalId)) notSelected++
    }
    const parts = [`${next.size.toLocaleString()} selected of ${broken.toLocaleString()} broken users in view`]
    if (alreadySent) parts.push(`${alreadySent.toLocaleString()} already have a link from this app and were skipped`)
    if (notSelected) parts.push(`${notSelected.toLocaleString()} not selected: one run generates at most ${BULK_CAP.toLocaleString()} links`)
    setSelectionNote(parts.join('; ') + '.')
    setSelected(next)
  }

  const exportCsv = () => {
    if (!index) return
    const rows = Array.from(order, (i) => {
      const r = index.rows[i]!
      return [r.externalId, r.state, r.lastSyncAt, r.errorCode, r.requestedScopes.join(' '), r.grantedScopes.join(' ')]
    })
    downloadText(`connections-${tenant.environment}-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(['externalId', 'state', 'lastSyncAt', 'lastErrorCode', 'requestedScopes', 'grantedScopes'], rows), 'text/csv')
  }

  const brokenActive = filter.states !== null && filter.states.size === BROKEN_STATES.size && [...BROKEN_STATES].every((s) => filter.states!.has(s))
  const pct = sync?.total ? Math.min(100, Math.round((sync.loaded / sync.total) * 100)) : null

  return (
    <div className={`conn-view${open ? ' with-detail' : ''}`} data-testid="connections-view" data-synced-at={syncedAt ?? ""}>
      <div className="conn-main">
      <section className={`card wide conn-summary${summaryOpen ? '' : ' collapsed'}`} aria-label="Connections by state" data-testid="conn-summary" data-open={summaryOpen}>
        <div className="conn-summary-line">
          <div className="conn-chips" role="group" aria-label="Filter by state">
            <button type="button" className={`conn-chip broken${brokenActive ? ' active' : ''}`} aria-pressed={brokenActive} onClick={() => setFilter({ states: brokenActive ? null : new Set(BROKEN_STATES) })} data-testid="conn-broken-chip">
              Broken <strong>{broken.toLocaleString()}</strong>
            </button>
            {STATES.map((s) => (
              <button key={s} type="button" className={`conn-chip${filter.states?.has(s) ? ' active' : ''}`} aria-pressed={filter.states?.has(s) ?? false} onClick={() => toggleState(s)} data-testid={`conn-state-chip-${s}`}>
                {s.replace(/_/g, ' ')} <strong>{(counts[s] ?? 0).toLocaleString()}</strong>
              </button>
            ))}
          </div>
          <button type="button" className="link conn-summary-toggle" aria-expanded={summaryOpen} onClick={() => setSummaryOpen(!summaryOpen)} data-testid="conn-summary-toggle">
            {summaryOpen ? 'Hide chart & webhooks' : 'Chart & webhooks'}
          </button>
        </div>
        {summaryOpen && (
          <div className="conn-summary-more">
            <StateChart counts={counts} active={filter.states} onToggle={toggleState} />
            <WebhookHealth tenant={tenant} />
          </div>
        )}
      </section>

      <section className="card wide conn-list" aria-label="Connections">
        <div className="conn-toolbar">
          <label className="sr-only" htmlFor="conn-search">
            Search by externalId prefix
          </label>
          <input id="conn-search" type="search" placeholder="externalId starts with…" value={filter.search} onChange={(e) => setFilter({ search: e.target.value })} data-testid="conn-search" />
          <label className="sr-only" htmlFor="conn-error">
            Filter by last error code
          </label>
          <select id="conn-error" value={filter.errorCode ?? ''} onChange={(e) => setFilter({ errorCode: e.target.value || null })} data-testid="conn-error-filter">
            <option value="">Any error code</option>
            {Object.entries(index?.errorCounts ?? {})
              .sort((a, b) => b[1] - a[1])
              .map(([c, n]) => (
                <option key={c} value={c}>
                  {c} ({n})
                </option>
              ))}
          </select>
          <label className="sr-only" htmlFor="conn-sort">
            Sort
          </label>
          <select id="conn-sort" value={filter.sort} onChange={(e) => setFilter({ sort: e.target.value as typeof filter.sort })} data-testid="conn-sort">
            <option value="externalId">Sort: externalId</option>
            <option value="-lastSyncAt">Sort: last sync, newest first</option>
            <option value="lastSyncAt">Sort: last sync, oldest first</option>
          </select>
          {filterNote && (
            <span className="hint" role="status" data-testid="conn-filter-cleared">
              {filterNote}
            </span>
          )}
          <span className="hint" data-testid="conn-count">
            {order.length.toLocaleString()} of {(index?.rows.length ?? 0).toLocaleString()} shown
          </span>
          <span className="conn-spacer" />
          <button type="button" onClick={() => void startSync(tenant.id)} disabled={running} data-testid="conn-refresh">
            Refresh
          </button>
          <button type="button" onClick={exportCsv} disabled={!order.length} data-testid="conn-export-csv">
            Export CSV
          </button>
          <span className="conn-break" aria-hidden="true" />
          <button type="button" onClick={selectBrokenInView} data-testid="conn-select-broken">
            Select broken in view
          </button>
          <button type="button" className="primary" disabled={selected.size === 0} onClick={() => index && setBulk(index.rows.filter((r) => selected.has(r.externalId)))} data-testid="conn-bulk-reconnect">
            Reconnect links for {selected.size.toLocaleString()} selected
          </button>
          {selected.size > 0 && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setSelected(new Set())
                setSelectionNote(null)
              }}
            >
              Clear selection
            </button>
          )}
          {selectionNote && selected.size > 0 && (
            <span className="hint" role="status" data-testid="conn-selection-note">
              {selectionNote}
            </span>
          )}
          <span className="conn-spacer" />
          {!running && syncedAt && <span className="hint">Loaded {new Date(syncedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>}
          <span className="conn-group">
          <label className="radio">
            <input
              type="checkbox"
              checked={autoRefresh}
              onChange={(e) => {
                setAutoRefresh(e.target.checked)
                // Ask once, on the operator's own gesture, so a rise in broken connections can reach the desktop.
                if (e.target.checked && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission()
              }}
              data-testid="conn-auto-refresh"
            />
            Auto-refresh every
          </label>
          <select aria-label="Auto-refresh interval" value={refreshEvery} onChange={(e) => setRefreshEvery(Number(e.target.value))}>
            {REFRESH_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {s < 60 ? `${s} s` : `${s / 60} min`}
              </option>
            ))}
          </select>
          </span>
          <button type="button" onClick={() => setShowConnect((v) => !v)} aria-expanded={showConnect} data-testid="conn-connect-toggle">
            Connect a user…
          </button>
        </div>
        {running && (
          <div className="conn-progress-row" data-testid="conn-progress">
            <progress max={sync.total ?? undefined} value={sync.total ? sync.loaded : undefined} aria-label="Loading connections" />
            <span>
              Loading {sync.loaded.toLocaleString()}
              {sync.total ? ` of ${sync.total.toLocaleString()} (${pct}%)` : ''}…
            </span>
            <button type="button" onClick={() => void cancelSync()} data-testid="conn-cancel">
              Cancel
            </button>
          </div>
        )}
        {sync?.state === 'cancelled' && <p className="hint" data-testid="conn-cancelled">Loading was cancelled; showing the last complete list.</p>}
        {error && <ErrorBox error={error} onRetry={() => void startSync(tenant.id)} />}
        {showConnect && <ConnectUser tenant={tenant} />}
        {bulk && <BulkReconnect tenant={tenant} rows={bulk} onClose={() => setBulk(null)} onDone={onBulkDone} />}
        <div className="conn-table-wrap">
          {index ? (
            <ConnectionsTable rows={index.rows} linksSent={linksSent} integrationScopes={integrationScopes} order={order} selected={selected} focused={Math.min(focused, Math.max(0, order.length - 1))} onFocus={setFocused} onOpen={setOpen} onToggleSelect={toggleSelect} />
          ) : (
            !error && <p aria-busy="true">Loading connections…</p>
          )}
        </div>
      </section>
      </div>
      {open && <ConnectionDetail key={open} tenant={tenant} externalId={open} loadedAt={syncedAt} onClose={() => setOpen(null)} onChanged={() => {
                void loadRows(tenant.id, true)
                void refreshLinksSent(tenant.id)
              }} />}
    </div>
  )
}
