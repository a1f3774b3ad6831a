/** The tenant's screens, as an ARIA tab list: arrow keys move between tabs. */
export function Tabs<V extends string>({ tabs: TABS, view, onChange }: { tabs: readonly { id: V; label: string }[]; view: V; onChange: (v: V) => void }) {
  const move = (delta: number) => {
    const i = TABS.findIndex((t) => t.id === view)
    const next = TABS[(i + delta + TABS.length) % TABS.length]!
    onChange(next.id)
    document.getElementById(`tab-${next.id}`)?.focus()
  }
  return (
    <div
      className="tabs"
      role="tablist"
      aria-label="Tenant screens"
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight') move(1)
        if (e.key === 'ArrowLeft') move(-1)
      }}
    >
      {TABS.map((t) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={view === t.id}
          tabIndex={view === t.id ? 0 : -1}
          className={view === t.id ? 'tab active' : 'tab'}
          onClick={() => onChange(t.id)}
          data-testid={`tab-${t.id}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  )
}
