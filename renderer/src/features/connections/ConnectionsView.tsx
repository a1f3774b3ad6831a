import { useCallback, useEffect, useMemo, useState } from 'react'
import type { StoredRowModel, Tenant } from '../../../../preload/contract/models'
import { CSV_EXPORT_CAP } from '../../../../preload/contract/limits'
import { ErrorBox } from '../../components/ErrorBox'
import { downloadText } from '../../lib/download'
import { timeAgo } from '../../lib/relative-time'
import { formatClock, formatCount } from '../../lib/formats'
import { useStore } from '../../store'
import { connectionQueryKey } from '../../store/connections-slice'
import { BulkReconnect } from './BulkReconnect'
import { ConnectionDetail } from './ConnectionDetail'
import { ConnectionsTable, HIDEABLE_COLUMNS, rowAtPos } from './ConnectionsTable'
import { ConnectUser } from './ConnectUser'
import { BROKEN_STATES, CHIP_STATES } from './filter'
import { StateChart } from './StateChart'
import { WebhookHealth } from './WebhookHealth'
import { maskId } from '../../lib/privacy'

const REFRESH_OPTIONS = [30, 60, 300]
/** The most links one bulk run generates (the contract's limit). */
const BULK_CAP = 5000
const SORT_LABELS = { externalId: 'externalId', lastSyncAt: 'last sync', lastDataAt: 'last data', stateChangedAt: 'state changed' } as const

/** "as of 03:12, 7 h ago" */
export function asOfLabel(iso: string, now = Date.now()): string {
  const t = new Date(iso)
  const hhmm = formatClock(t)
  // A sync that ended a moment "after" now (clock skew between main and the page) reads "just now", not "in 1 min.".
  return `as of ${hhmm}, ${timeAgo(new Date(Math.min(t.getTime(), now)).toISOString(), { now })}`
}

/** On-call view: every connection of the tenant (from its local store, queried in main), the broken ones one click away. */
export function ConnectionsView({ tenant }: { tenant: Tenant }) {
  const mine = useStore((s) => s.connTenantId === tenant.id)
  const win = useStore((s) => (s.connTenantId === tenant.id ? s.connWindow : null))
  const sync = useStore((s) => (s.connTenantId === tenant.id ? s.connSync : null))
  const refreshQueued = useStore((s) => s.connTenantId === tenant.id && s.connRefreshQueued)
  const counts = useStore((s) => (s.connTenantId === tenant.id ? s.connCounts : null))
  const lastComplete = useStore((s) => (s.connTenantId === tenant.id ? s.connLastComplete : null))
  const error = useStore((s) => (s.connTenantId === tenant.id ? s.connError : null))
  const filter = useStore((s) => s.connFilter)
  const sort = useStore((s) => s.connSort)
  const setFilter = useStore((s) => s.setConnFilter)
  const setSort = useStore((s) => s.setConnSort)
  const openConnections = useStore((s) => s.openConnections)
  const startSync = useStore((s) => s.startConnectionsSync)
  const cancelSync = useStore((s) => s.cancelConnectionsSync)
  const refreshData = useStore((s) => s.refreshConnData)
  const rowsInView = useStore((s) => s.connRowsInView)
  const exportCsvOf = useStore((s) => s.exportConnectionsCsv)
  const clearLocal = useStore((s) => s.clearLocalData)
  const rebuild = useStore((s) => s.rebuildLocalStore)
  const hiddenCols = useStore((s) => s.connHiddenColumns)
  const summaryOpen = useStore((s) => s.connSummaryOpen)
  const setSummaryOpen = useStore((s) => s.setConnSummaryOpen)
  const toggleColumn = useStore((s) => s.toggleConnColumn)
  const [open, setOpen] = useState<string | null>(null)
  const [focused, setFocused] = useState(0)
  const [selected, setSelected] = useState<Map<string, StoredRowModel>>(new Map())
  const [anchor, setAnchor] = useState<number | null>(null)
  const [bulk, setBulk] = useState<StoredRowModel[] | null>(null)
  const [selectionNote, setSelectionNote] = useState<string | null>(null)
  const [exportNote, setExportNote] = useState<string | null>(null)
  const [confirmClear, setConfirmClear] = useState(false)
  const [search, setSearch] = useState(filter.search)
  const linksSent = useStore((s) => (s.ctxTenantId === tenant.id ? s.linksSent : null))
  const integrationScopes = useStore((s) => (s.ctxTenantId === tenant.id ? s.integrationScopes : null))
  // The links sent and the scope selection are loaded by the store: by the open, and again after each sync.
  const refreshLinksSent = useStore((s) => s.refreshLinksSent)
  const syncedAt = lastComplete?.endedAt ?? null
  const onBulkDone = useCallback(() => void refreshLinksSent(tenant.id), [refreshLinksSent, tenant.id])
  const [autoRefresh, setAutoRefresh] = useState(true)
  const [refreshEvery, setRefreshEvery] = useState(60)
  const [showConnect, setShowConnect] = useState(false)
  const running = sync?.state === 'running'
  // The typed search counts: until main answered it, the table says it is loading.
  const queryKey = connectionQueryKey({ ...filter, search }, sort)

  // The box follows the store when the filter is reset elsewhere (another tenant, a cleared filter, a Demo reset).
  useEffect(() => setSearch(filter.search), [filter.search])
  // Every keystroke asks main at once (one 200-row window; an answer to an older query is discarded), so the
  // table follows the box without a debounce's fixed delay.
  const onClearFilters = () => {
    setSearch('')
    setFilter({ states: null, errorCode: null, missingScope: null, search: '' })
  }
  const onSearch = (value: string) => {
    setSearch(value)
    setFilter({ search: value })
  }
  const pending = useStore((s) => s.pendingConnection)
  const takePending = useStore((s) => s.takePendingConnection)
  const [filterNote, setFilterNote] = useState<string | null>(null)
  useEffect(() => {
    if (!pending) return
    const id = takePending()
    if (!id) return
    setOpen(id)
    // Opened from the palette or a link while filters are on: clear them so its row is in the list, and say why.
    const s = useStore.getState()
    const f = s.connFilter
    if (f.states || f.errorCode || f.missingScope || f.search) {
      s.setConnFilter({ states: null, errorCode: null, missingScope: null, search: '' })
      setSearch('')
      setFilterNote(`Filters cleared to show ${maskId(id, s.privacy)}.`)
    }
  }, [pending, takePending, tenant.id])

  // Open: the last complete sync from the local store at once, then a background refresh.
  useEffect(() => {
    void openConnections(tenant.id)
  }, [tenant.id, openConnections])

  const pollSync = useStore((s) => s.pollConnSync)
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => void pollSync(), 1000)
    return () => clearInterval(t)
  }, [running, pollSync])

  useEffect(() => {
    if (!autoRefresh || running || error) return
    const t = setInterval(() => void startSync(tenant.id, 'incremental'), refreshEvery * 1000)
    return () => clearInterval(t)
  }, [autoRefresh, running, error, refreshEvery, tenant.id, startSync])

  const byState = useMemo(() => counts?.byState ?? {}, [counts])
  const broken = [...BROKEN_STATES].reduce((n, s) => n + (byState[s] ?? 0), 0)
  const shown = win && win.key === queryKey ? win.total : null
  const stateSet = useMemo(() => (filter.states ? new Set(filter.states) : null), [filter.states])

  const toggleState = useCallback(
    (state: string) => {
      const next = new Set(filter.states ?? [])
      if (next.has(state)) next.delete(state)
      else next.add(state)
      setFilter({ states: next.size ? [...next] : null })
      setFocused(0)
    },
    [filter.states, setFilter]
  )

  const toggleSelect = (row: StoredRowModel, pos: number, range: boolean) => {
    const next = new Map(selected)
    if (range && anchor !== null) {
      // A range covers the rows held around the viewport (the blocks on screen).
      const [a, b] = anchor < pos ? [anchor, pos] : [pos, anchor]
      for (let p = a; p <= b; p++) {
        const r = rowAtPos(win, p)
        if (r) next.set(r.externalId, r)
      }
    } else if (next.has(row.externalId)) next.delete(row.externalId)
    else next.set(row.externalId, row)
    setAnchor(pos)
    setSelected(next)
  }

  /** Adds the broken users in view who have no link from this app yet, up to one run, asked from main; says how many and what was left out. */
  const selectBrokenInView = async () => {
    const states = (filter.states ?? [...BROKEN_STATES]).filter((s) => BROKEN_STATES.has(s))
    if (!states.length) {
      setSelectionNote('No broken state is in the current filter.')
      return
    }
    const r = await rowsInView({ ...filter, search, states }, BULK_CAP + (Object.keys(linksSent ?? {}).length))
    if ('code' in r) {
      setSelectionNote(`Could not read the users in view: ${r.message}`)
      return
    }
    const next = new Map(selected)
    let alreadySent = 0
    let notSelected = 0
    for (const row of r.rows) {
      if (linksSent?.[row.externalId]) alreadySent++
      else if (next.size < BULK_CAP) next.set(row.externalId, row)
      else if (!next.has(row.externalId)) notSelected++
    }
    notSelected += Math.max(0, r.total - r.rows.length)
    const parts = [`${formatCount(next.size)} selected of ${formatCount(r.total)} broken users in view`]
    if (alreadySent) parts.push(`${formatCount(alreadySent)} already have a link from this app and were skipped`)
    if (notSelected) parts.push(`${formatCount(notSelected)} not selected: one run generates at most ${formatCount(BULK_CAP)} links`)
    setSelectionNote(parts.join('; ') + '.')
    setSelected(next)
  }

  const exportCsv = async () => {
    const r = await exportCsvOf()
    if ('code' in r) {
      setExportNote(`Export failed: ${r.message}`)
      return
    }
    downloadText(`connections-${tenant.environment}-${new Date().toISOString().slice(0, 10)}.csv`, r.csv, 'text/csv')
    setExportNote(r.capped ? `Exported the first ${formatCount(r.rows)} of ${formatCount(r.total)} matching rows (at most ${formatCount(CSV_EXPORT_CAP)} per file).` : `Exported ${formatCount(r.rows)} rows.`)
  }

  const brokenActive = stateSet !== null && stateSet.size === BROKEN_STATES.size && [...BROKEN_STATES].every((s) => stateSet.has(s))
  const pct = sync?.total ? Math.min(100, Math.round((sync.loaded / sync.total) * 100)) : null
  const firstEver = running && !lastComplete
  const countText = !counts
    ? firstEver
      ? `${formatCount(sync.loaded)} loaded so far`
      : error
        ? 'counts not loaded: see the error below'
        : 'not loaded yet'
    : `${shown === null ? '…' : formatCount(shown)} of ${formatCount(counts.total)} shown`
  const num = (n: number | undefined) => (counts ? formatCount(n ?? 0) : '—')

  return (
    <div className={`conn-view${open ? ' with-detail' : ''}`} data-testid="connections-view" data-synced-at={syncedAt ?? ''} data-refresh={running ? 'running' : refreshQueued ? 'queued' : 'idle'}>
      <div className="conn-main">
      <section className={`card wide conn-summary${summaryOpen ? '' : ' collapsed'}`} aria-label="Connections by state" data-testid="conn-summary" data-open={summaryOpen}>
        <div className="conn-summary-line">
          <div className="conn-chips" role="group" aria-label="Filter by state">
            <button type="button" className={`conn-chip broken${brokenActive ? ' active' : ''}`} aria-pressed={brokenActive} onClick={() => setFilter({ states: brokenActive ? null : [...BROKEN_STATES] })} data-testid="conn-broken-chip">
              Broken <strong>{num(broken)}</strong>
            </button>
            {CHIP_STATES.map((s) => (
              <button key={s} type="button" className={`conn-chip${stateSet?.has(s) ? ' active' : ''}`} aria-pressed={stateSet?.has(s) ?? false} onClick={() => toggleState(s)} data-testid={`conn-state-chip-${s}`}>
                {s.replace(/_/g, ' ')} <strong>{num(byState[s])}</strong>
              </button>
            ))}
          </div>
          <button type="button" className="link conn-summary-toggle" aria-expanded={summaryOpen} onClick={() => setSummaryOpen(!summaryOpen)} data-testid="conn-summary-toggle">
            {summaryOpen ? 'Hide chart & webhooks' : 'Chart & webhooks'}
          </button>
        </div>
        {summaryOpen && (
          <div className="conn-summary-more">
            <StateChart counts={byState} active={stateSet} onToggle={toggleState} />
            <WebhookHealth tenant={tenant} />
          </div>
        )}
      </section>

      <section className="card wide conn-list" aria-label="Connections">
        <div className="conn-toolbar">
          <label className="sr-only" htmlFor="conn-search">
            Search by externalId prefix
          </label>
          <input id="conn-search" type="search" placeholder="externalId prefix…" value={search} onChange={(e) => onSearch(e.target.value)} data-testid="conn-search" />
          <label className="sr-only" htmlFor="conn-error">
            Filter by last error code
          </label>
          <select id="conn-error" value={filter.errorCode ?? ''} onChange={(e) => setFilter({ errorCode: e.target.value || null })} data-testid="conn-error-filter">
            <option value="">Any error code</option>
            {Object.entries(counts?.byErrorCode ?? {})
              .sort((a, b) => b[1] - a[1])
              .map(([c, n]) => (
                <option key={c} value={c}>
                  {c} ({n})
                </option>
              ))}
          </select>
          <label className="sr-only" htmlFor="conn-missing">
            Filter by missing scope
          </label>
          <select id="conn-missing" value={filter.missingScope ?? ''} onChange={(e) => setFilter({ missingScope: e.target.value || null })} data-testid="conn-missing-filter">
            <option value="">Any scopes</option>
            {(integrationScopes ?? []).map((sc) => (
              <option key={sc} value={sc}>
                missing {sc}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="conn-sort">
            Sort
          </label>
          <select id="conn-sort" value={sort.key} onChange={(e) => setSort({ key: e.target.value as typeof sort.key, desc: sort.desc })} data-testid="conn-sort">
            {Object.entries(SORT_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                Sort: {label}
              </option>
            ))}
          </select>
          <label className="radio">
            <input type="checkbox" checked={sort.desc} onChange={(e) => setSort({ key: sort.key, desc: e.target.checked })} data-testid="conn-sort-desc" />
            desc.
          </label>
          {filterNote && (
            <span className="hint" role="status" data-testid="conn-filter-cleared">
              {filterNote}
            </span>
          )}
          <span className="conn-spacer" />
          <button type="button" onClick={() => void startSync(tenant.id, 'incremental')} disabled={running} data-testid="conn-refresh" title="Fetches only the users changed since the last complete sync (a full sync the first time)">
            Refresh
          </button>
          <button type="button" onClick={() => void startSync(tenant.id, 'full')} disabled={running} data-testid="conn-full-sync" title="Fetches every user again; the only way to drop users the admin API no longer lists">
            Full sync
          </button>
          <span className="conn-break" aria-hidden="true" />
          <button type="button" onClick={() => void selectBrokenInView()} data-testid="conn-select-broken">
            Select broken in view
          </button>
          <button type="button" className="primary" disabled={selected.size === 0} onClick={() => setBulk([...selected.values()])} data-testid="conn-bulk-reconnect">
            Reconnect links for {formatCount(selected.size)} selected
          </button>
          {selected.size > 0 && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setSelected(new Map())
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
          <details className="conn-options" data-testid="conn-columns">
            <summary title="Columns and auto-refresh">View ▾</summary>
            <div className="conn-options-panel">
            <fieldset className="conn-options-group">
              <legend>Columns</legend>
            {HIDEABLE_COLUMNS.map((col) => (
              <label key={col.id} className="radio">
                <input type="checkbox" checked={!hiddenCols.includes(col.id)} onChange={() => toggleColumn(col.id)} data-testid={`conn-column-${col.id}`} />
                {col.label}
              </label>
            ))}
            </fieldset>
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
            </div>
          </details>
          <button type="button" onClick={() => void exportCsv()} disabled={!shown} data-testid="conn-export-csv" title={`Built in main from the current filter and sort; at most ${formatCount(CSV_EXPORT_CAP)} rows`}>
            Export CSV
          </button>
          <button type="button" onClick={() => setShowConnect((v) => !v)} aria-expanded={showConnect} data-testid="conn-connect-toggle">
            Connect a user…
          </button>
        </div>
        <p className="hint conn-status-line">
          <span className="hint" data-testid="conn-count" data-ready={counts ? 'true' : 'false'}>
            {countText}
          </span>
          {syncedAt && (
            <span className="hint" data-testid="conn-as-of" data-synced-at={syncedAt} title={`Last complete ${lastComplete?.kind ?? ''} sync from the admin API (not published by Sahha), kept on this computer`}>
              {asOfLabel(syncedAt)}
            </span>
          )}
          {running ? (
            // In the status line, in place of the source and "Clear local data…" (which waits for the sync): a
            // background refresh that starts or ends never moves the rows under the operator's pointer.
            <span className="conn-status-progress" data-testid="conn-progress" title="From the admin API (not published by Sahha), kept on this computer">
              <progress max={sync.total ?? undefined} value={sync.total ? sync.loaded : undefined} aria-label="Loading connections" />
              <span>
                {sync.kind === 'incremental' ? 'Refreshing changed users' : 'Full sync'} from the admin API: {formatCount(sync.loaded)}
                {sync.total ? ` of ${formatCount(sync.total)} (${pct}%)` : ''} loaded so far…
              </span>
              <button type="button" className="link" onClick={() => void cancelSync()} data-testid="conn-cancel">
                Cancel
              </button>
            </span>
          ) : (
            <>
              <span className="conn-source" title="Refresh fetches only the users changed since the last complete sync and cannot see users removed since; Full sync drops those.">
                From the admin API (not published by Sahha), kept on this computer.
              </span>{' '}
              {!confirmClear ? (
                <button type="button" className="link" onClick={() => setConfirmClear(true)} data-testid="conn-clear-local">
                  Clear local data…
                </button>
              ) : (
                <span role="group" aria-label="Confirm clearing the local data">
                  Delete every stored row and all history of {tenant.name} on this computer?{' '}
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirmClear(false)
                      void clearLocal(tenant.id)
                    }}
                    data-testid="conn-clear-confirm"
                  >
                    Clear local data
                  </button>{' '}
                  <button type="button" className="link" onClick={() => setConfirmClear(false)}>
                    Keep it
                  </button>
                </span>
              )}
            </>
          )}
        </p>
        {exportNote && (
          <p className="hint" role="status" data-testid="conn-export-note">
            {exportNote}
          </p>
        )}
        {error && (
          <div data-testid="conn-sync-error">
            <ErrorBox error={error} onRetry={() => void startSync(tenant.id, 'incremental')} />
            {lastComplete && <p className="hint">The rows below are still those of the last complete sync ({asOfLabel(lastComplete.endedAt ?? lastComplete.startedAt)}).</p>}
            {error.code === 'STORAGE_CORRUPT' && (
              <button type="button" className="primary" onClick={() => void rebuild(tenant.id)} data-testid="conn-rebuild">
                Rebuild local data (the damaged file is kept as a backup)
              </button>
            )}
          </div>
        )}
        {showConnect && <ConnectUser tenant={tenant} />}
        {bulk && <BulkReconnect tenant={tenant} rows={bulk} onClose={() => setBulk(null)} onDone={onBulkDone} />}
        <div className="conn-table-wrap">
          {mine && (win || counts) ? (
            <ConnectionsTable window={win} queryKey={queryKey} linksSent={linksSent} integrationScopes={integrationScopes} selected={selected} focused={Math.min(focused, Math.max(0, (win?.total ?? 1) - 1))} onFocus={setFocused} onOpen={setOpen} onToggleSelect={toggleSelect} onClearFilters={() => onClearFilters()} />
          ) : (
            !error && <p aria-busy="true">{firstEver ? `Loading connections: ${formatCount(sync.loaded)} loaded so far…` : 'Loading connections…'}</p>
          )}
        </div>
      </section>
      </div>
      {open && (
        <ConnectionDetail
          key={open}
          tenant={tenant}
          externalId={open}
          loadedAt={syncedAt}
          onClose={() => setOpen(null)}
          onChanged={() => {
            void refreshData()
            void refreshLinksSent(tenant.id)
          }}
        />
      )}
    </div>
  )
}
