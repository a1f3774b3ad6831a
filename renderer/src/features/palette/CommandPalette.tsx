import { useEffect, useMemo, useRef, useState } from 'react'
import { Modal } from '../../components/Modal'
import { useStore } from '../../store'
import { maskId } from '../../lib/privacy'
import { VIEWS } from '../../store/ui-slice'
import { adminApiOf, selectSelectedTenant } from '../../store/selectors'

interface Item {
  key: string
  label: string
  kind: string
  run: () => void
}


/** Ctrl/Cmd+K: jump to any tenant, screen, or connection by externalId prefix (among the loaded ones). */
export function CommandPalette() {
  const open = useStore((s) => s.paletteOpen)
  const setOpen = useStore((s) => s.setPaletteOpen)
  const tenants = useStore((s) => s.tenants)
  const selectTenant = useStore((s) => s.selectTenant)
  const setView = useStore((s) => s.setView)
  const openConnection = useStore((s) => s.openConnection)
  const findConnections = useStore((s) => s.findConnections)
  const [matches, setMatches] = useState<string[]>([])
  const connTenantId = useStore((s) => s.connTenantId)
  const privacy = useStore((s) => s.privacy)
  const selected = useStore(selectSelectedTenant)
  const [q, setQ] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        setOpen(!useStore.getState().paletteOpen)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setOpen])
  useEffect(() => {
    if (open) {
      setQ('')
      setActive(0)
    }
  }, [open])

  // Connections by externalId prefix, asked from main (the renderer holds only the table's window).
  useEffect(() => {
    const prefix = q.trim()
    if (!open || !connTenantId || prefix.length < 2) {
      setMatches([])
      return
    }
    let live = true
    void findConnections(connTenantId, prefix, 8).then((ids) => live && setMatches(ids))
    return () => {
      live = false
    }
  }, [q, open, connTenantId, findConnections])

  const items = useMemo<Item[]>(() => {
    const needle = q.trim().toLowerCase()
    const out: Item[] = []
    for (const t of tenants) {
      if (!needle || t.name.toLowerCase().includes(needle)) {
        out.push({ key: `t-${t.id}`, label: t.name, kind: `tenant · ${t.environment}`, run: () => selectTenant(t.id) })
      }
    }
    for (const v of VIEWS) if (!needle || v.label.toLowerCase().includes(needle)) out.push({ key: `v-${v.id}`, label: v.label, kind: 'screen', run: () => setView(v.id) })
    if (connTenantId && q.trim().length >= 2) {
      for (const id of matches) {
        out.push({ key: `c-${id}`, label: maskId(id, privacy), kind: 'connection', run: () => openConnection(connTenantId, id) })
      }
    }
    // A tenant without the admin API: check one user now through the documented calls (issue J).
    const id = q.trim()
    if (selected && adminApiOf(selected) === 'absent' && id.length >= 2 && id.length <= 100 && !/\s/.test(id)) {
      out.unshift({ key: `check-${id}`, label: `Check user ${maskId(id, privacy)}`, kind: 'documented check', run: () => openConnection(selected.id, id) })
    }
    return out.slice(0, 30)
  }, [q, tenants, matches, connTenantId, privacy, selectTenant, setView, openConnection, selected])

  if (!open) return null
  const choose = (i: number) => {
    const it = items[i]
    if (!it) return
    it.run()
    setOpen(false)
  }
  return (
    <Modal className="palette" label="Command palette" onClose={() => setOpen(false)} closeOnBackdrop testId="palette">
        <input
          ref={input}
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[active] ? `palette-${active}` : undefined}
          aria-label="Jump to a tenant, screen or connection"
          placeholder="Tenant, screen, or externalId…"
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setActive(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1))
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1))
            else if (e.key === 'Enter') choose(active)
            else if (e.key === 'Escape') setOpen(false)
            else return
            e.preventDefault()
          }}
          data-testid="palette-input"
        />
        <ul id="palette-list" role="listbox">
          {items.length === 0 && <li aria-disabled="true">Nothing matches.</li>}
          {items.map((it, i) => (
            <li key={it.key} id={`palette-${i}`} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => choose(i)} data-testid="palette-item">
              <span>{it.label}</span>
              <span className="kind">{it.kind}</span>
            </li>
          ))}
        </ul>
    </Modal>
  )
}
