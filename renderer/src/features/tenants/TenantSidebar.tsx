import { useMemo } from 'react'
import { EnvBadge } from '../../components/EnvBadge'
import { useStore } from '../../store'
import { selectTenants, sortTenants } from '../../store/selectors'

export function TenantSidebar({ onAdd }: { onAdd: () => void }) {
  const tenants = useStore(selectTenants)
  const selectedId = useStore((s) => s.selectedTenantId)
  const selectTenant = useStore((s) => s.selectTenant)
  const sorted = useMemo(() => sortTenants(tenants), [tenants])
  const privacy = useStore((s) => s.privacy)
  const setPrivacy = useStore((s) => s.setPrivacy)
  const theme = useStore((s) => s.theme)
  const setTheme = useStore((s) => s.setTheme)
  const setPaletteOpen = useStore((s) => s.setPaletteOpen)
  const setOnboarding = useStore((s) => s.setOnboardingOpen)
  return (
    <nav className="sidebar" aria-label="Tenants">
      <div className="sidebar-head">
        <h1>Sahha Integrations Admin</h1>
      </div>
      <h2 className="sidebar-title">Tenants</h2>
      {sorted.length === 0 && <p className="empty">No tenants yet. Add one to begin.</p>}
      <ul className="tenant-list" data-testid="tenant-list">
        {sorted.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className={`tenant-item${t.id === selectedId ? ' selected' : ''} env-${t.environment}`}
              aria-current={t.id === selectedId ? 'page' : undefined}
              onClick={() => selectTenant(t.id)}
              data-testid="tenant-item"
            >
              <span className="tenant-name">{t.name}</span>
              {t.drift && t.drift.length > 0 && (
                <span className="drift-badge" title={`The live integration differs from the desired configuration in: ${t.drift.join(', ')}`} data-testid="drift-badge">
                  drift
                </span>
              )}
              <EnvBadge environment={t.environment} />
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="primary add-tenant" onClick={onAdd} data-testid="add-tenant">
        + Add tenant
      </button>
      <button type="button" onClick={() => setOnboarding(true)} data-testid="open-onboarding">
        Onboard a new tenant…
      </button>
      <div className="sidebar-prefs">
        <button type="button" onClick={() => setPaletteOpen(true)} data-testid="open-palette">
          Jump to… <kbd>Ctrl K</kbd>
        </button>
        <label>
          <input type="checkbox" checked={privacy} onChange={(e) => setPrivacy(e.target.checked)} data-testid="privacy-toggle" />
          Privacy mode (mask user identifiers)
        </label>
        <label>
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value as typeof theme)} data-testid="theme-select">
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </div>
    </nav>
  )
}
