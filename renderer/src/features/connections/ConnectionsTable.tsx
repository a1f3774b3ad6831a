import { memo, useEffect, useRef } from 'react'
import type { StoredRowModel } from '../../../../preload/contract/models'
import { StatePill } from './StatePill'
import { maskId } from '../../lib/privacy'
import { timeAgo } from '../../lib/relative-time'
import { formatShortClock } from '../../lib/formats'
import { useStore } from '../../store'
import { useFixedRows } from '../../lib/use-fixed-rows'
import { BLOCK, type ConnWindow } from '../../store/connections-slice'

const ROW_HEIGHT = 30

/** Columns the operator can hide (K.5), with their width in the grid. */
export const HIDEABLE_COLUMNS = [
  { id: 'lastSync', label: 'Last sync', width: '100px' },
  { id: 'lastError', label: 'Last error', width: '140px' },
  { id: 'scopes', label: 'Scopes granted', width: '1fr' }
] as const

export const rowAtPos = (w: ConnWindow | null, i: number): StoredRowModel | undefined => w?.blocks[Math.floor(i / BLOCK)]?.[i % BLOCK]
/** The row an older data version had at `i`, shown dimmed until the current version's block arrives. */
const staleRowAt = (w: ConnWindow | null, i: number): StoredRowModel | undefined => (i < (w?.total ?? 0) ? w?.stale?.[Math.floor(i / BLOCK)]?.[i % BLOCK] : undefined)

/**
 * The virtualized table over `data-total` rows: only the rows in view exist in the DOM, and only the
 * blocks around the viewport are held (asked from main as the operator scrolls). Arrow keys move the
 * focus row; Enter opens it; Space toggles its selection.
 */
export function ConnectionsTable({
  window: w,
  queryKey,
  linksSent,
  integrationScopes,
  selected,
  focused,
  onFocus,
  onOpen,
  onToggleSelect,
  onClearFilters
}: {
  window: ConnWindow | null
  /** The key of the current query: the rows shown answer it when the window's key is the same. */
  queryKey: string
  /** Links this app generated, by externalId: shown beside the state, which a link does not change. */
  linksSent?: Readonly<Record<string, string>> | null
  /** The integration's current scope selection: what a user's granted scopes are compared with. */
  integrationScopes?: readonly string[] | null
  selected: ReadonlyMap<string, StoredRowModel>
  focused: number
  onFocus: (pos: number) => void
  onOpen: (externalId: string) => void
  onToggleSelect: (row: StoredRowModel, pos: number, range: boolean) => void
  /** Shown with the empty result: drops every filter and the search. */
  onClearFilters?: () => void
}) {
  const parent = useRef<HTMLDivElement>(null)
  const privacy = useStore((s) => s.privacy)
  const ensure = useStore((s) => s.ensureConnRows)
  const hiddenCols = useStore((s) => s.connHiddenColumns)
  const show = (id: string) => !hiddenCols.includes(id)
  const cols = ['28px', '150px', '150px', ...HIDEABLE_COLUMNS.filter((c) => show(c.id)).map((c) => c.width)]
  if (!cols.includes('1fr')) cols.push('1fr')
  // Only when a column is hidden: otherwise the stylesheet's widths (narrower beside the detail) apply.
  const grid = hiddenCols.length ? { gridTemplateColumns: cols.join(' ') } : {}
  const total = w?.total ?? 0
  // What a row needs that changes identity on every render of the view (callbacks), behind one stable object, so a
  // row whose data did not change is not rendered again (a keystroke in search renders the view at once; the rows
  // change only when main answers).
  const act = useRef<RowActions>({ onFocus, onOpen, onToggleSelect }).current
  Object.assign(act, { onFocus, onOpen, onToggleSelect })
  const gridKey = hiddenCols.length ? cols.join(' ') : ''
  const hiddenKey = hiddenCols.join(' ')
  // Rows say "5 min ago": rendered again when the minute changes, not on every render.
  const minute = Math.floor(Date.now() / 60_000)
  const { first, last, totalHeight, scrollToIndex } = useFixedRows(parent, total, ROW_HEIGHT, 12)
  const items: { index: number; start: number }[] = []
  for (let i = first; i < last; i++) items.push({ index: i, start: i * ROW_HEIGHT })
  useEffect(() => {
    void ensure(first, Math.max(first + 1, last))
  }, [first, last, ensure, w?.key, w?.version])
  let complete = w !== null && w.key === queryKey
  if (complete) for (let i = first; i < last; i++) if (!rowAtPos(w, i)) complete = false

  const onKey = (e: React.KeyboardEvent) => {
    if (total === 0) return
    const move = (to: number) => {
      const p = Math.max(0, Math.min(total - 1, to))
      onFocus(p)
      scrollToIndex(p)
      e.preventDefault()
    }
    const r = rowAtPos(w, focused)
    if (e.key === 'ArrowDown') move(focused + 1)
    else if (e.key === 'ArrowUp') move(focused - 1)
    else if (e.key === 'PageDown') move(focused + 15)
    else if (e.key === 'PageUp') move(focused - 15)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(total - 1)
    else if (e.key === 'Enter' && r) onOpen(r.externalId)
    else if (e.key === ' ' && r) {
      onToggleSelect(r, focused, e.shiftKey)
      e.preventDefault()
    }
  }

  return (
    <>
    <div
      className="conn-table"
      role="grid"
      aria-rowcount={total + 1}
      aria-label="Connections"
      aria-busy={!complete}
      tabIndex={0}
      onKeyDown={onKey}
      aria-activedescendant={total ? `conn-row-${focused}` : undefined}
      data-testid="conn-table"
      data-state={complete ? 'ready' : 'loading'}
      data-total={total}
      data-query={w?.key ?? ''}
    >
      <div className="conn-row conn-head" role="row" aria-rowindex={1} style={grid}>
        <span role="columnheader" />
        <span role="columnheader">externalId</span>
        <span role="columnheader">State</span>
        {show('lastSync') && <span role="columnheader">Last sync</span>}
        {show('lastError') && <span role="columnheader">Last error</span>}
        {show('scopes') && (
          <span role="columnheader" title="Granted scopes of the integration's current selection">
            Scopes granted
          </span>
        )}
      </div>
      <div ref={parent} className="conn-scroll" role="rowgroup" data-testid="conn-scroll">
        <div style={{ height: totalHeight, position: 'relative' }}>
          {items.map((item) => {
            const fresh = rowAtPos(w, item.index)
            const r = fresh ?? staleRowAt(w, item.index)
            if (!r) {
              return (
                <div key={item.index} role="row" aria-rowindex={item.index + 2} className="conn-row conn-placeholder" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  <span role="gridcell" />
                  <span role="gridcell" className="hint">loading…</span>
                </div>
              )
            }
            return (
              <ConnRow
                key={item.index}
                index={item.index}
                start={item.start}
                row={r}
                stale={!fresh}
                focused={item.index === focused}
                selected={selected.has(r.externalId)}
                privacy={privacy}
                grid={gridKey}
                hidden={hiddenKey}
                wanted={integrationScopes ?? null}
                sentAt={r.state !== 'connected' ? linksSent?.[r.externalId] : undefined}
                minute={minute}
                act={act}
              />
            )
          })}
        </div>
      </div>
    </div>
    {w && w.key === queryKey && total === 0 && (
      <p className="empty conn-empty" data-testid="conn-empty">
        No connection matches; search is by externalId prefix.{' '}
        {onClearFilters && (
          <button type="button" onClick={onClearFilters} data-testid="conn-clear-filters">
            Clear filters
          </button>
        )}
      </p>
    )}
    </>
  )
}

interface RowActions {
  onFocus: (pos: number) => void
  onOpen: (externalId: string) => void
  onToggleSelect: (row: StoredRowModel, pos: number, range: boolean) => void
}

/** One row of the table; rendered again only when one of its props changes (see `act` above). */
const ConnRow = memo(function ConnRow({
  index,
  start,
  row: r,
  stale,
  focused,
  selected,
  privacy,
  grid,
  hidden,
  wanted: selection,
  sentAt,
  act
}: {
  index: number
  start: number
  row: StoredRowModel
  /** From an older data version, until this version's rows arrive (dimmed, busy). */
  stale: boolean
  focused: boolean
  selected: boolean
  privacy: boolean
  /** The grid's column template when a column is hidden, else '' (the stylesheet's widths apply). */
  grid: string
  /** The hidden columns' ids, space-separated. */
  hidden: string
  wanted: readonly string[] | null
  sentAt: string | undefined
  /** Only its change re-renders the row: the "ago" texts read the clock. */
  minute: number
  act: RowActions
}) {
  const show = (id: string) => !hidden.split(' ').includes(id)
  const missingText = r.missingScopes.length > 0 ? `missing: ${r.missingScopes.join(', ')}` : undefined
  const wanted = selection ?? r.requestedScopes
  const id = maskId(r.externalId, privacy)
  return (
    <div
      id={`conn-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={stale || undefined}
      className={`conn-row${focused ? ' focused' : ''}${selected ? ' selected' : ''}${stale ? ' is-stale' : ''}`}
      style={{ ...(grid ? { gridTemplateColumns: grid } : {}), transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      onClick={() => {
        act.onFocus(index)
        act.onOpen(r.externalId)
      }}
      data-testid="conn-row"
      data-stale={stale || undefined}
      data-external-id={id}
    >
      <span role="gridcell" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" aria-label={`Select ${id}`} checked={selected} onChange={(e) => act.onToggleSelect(r, index, (e.nativeEvent as MouseEvent).shiftKey)} tabIndex={-1} />
      </span>
      <span role="gridcell" className="conn-id">
        {id}
      </span>
      <span role="gridcell">
        <StatePill state={r.state} />
        {sentAt && (
          <span className="hint conn-link-sent" title={`Reconnect link generated ${new Date(sentAt).toLocaleString()}; the state changes when the user completes the consent`} data-testid="conn-link-sent">
            {' '}link sent {formatShortClock(new Date(sentAt))}
          </span>
        )}
      </span>
      {show('lastSync') && (
        <span role="gridcell" title={r.lastSyncAt ?? ''}>
          {timeAgo(r.lastSyncAt)}
        </span>
      )}
      {show('lastError') && (
        <span role="gridcell">
          <code>{r.errorCode ?? ''}</code>
        </span>
      )}
      {show('scopes') && (
        <span role="gridcell" className="conn-scopes" title={missingText}>
          {wanted.filter((x) => r.grantedScopes.includes(x)).length}/{wanted.length}
          {missingText && <span className="conn-missing"> {missingText}</span>}
        </span>
      )}
    </div>
  )
})
