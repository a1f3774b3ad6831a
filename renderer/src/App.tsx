import { useEffect, useState } from 'react'
import { EnvBadge } from './components/EnvBadge'
import { ErrorBox } from './components/ErrorBox'
import { getApi } from './lib/api'
import { useStore } from './store'
import { selectSelectedTenant, selectStorageCorrupt } from './store/selectors'
import { TenantForm } from './features/tenants/TenantForm'
import { TenantOverview } from './features/tenants/TenantOverview'
import { TenantSidebar } from './features/tenants/TenantSidebar'

function StorageCorruptBanner() {
  const info = useStore((s) => s.appInfo)
  const loadTenants = useStore((s) => s.loadTenants)
  const loadAppInfo = useStore((s) => s.loadAppInfo)
  const reset = async () => {
    const r = await getApi().storage.resetCorrupt({ confirm: 'RESET' })
    if (r.ok) {
      await loadAppInfo()
      await loadTenants()
    }
  }
  return (
    <div className="banner danger" role="alert" data-testid="storage-corrupt">
      <strong>The settings file is damaged and was not changed.</strong>
      <p>
        A copy was kept at <code>{info?.storage.backupPath ?? 'a .corrupt backup beside it'}</code>. Restore a good copy and
        reload, or start fresh (the damaged copy stays as a backup).
      </p>
      <button type="button" className="danger" onClick={() => void reset()}>
        Start fresh
      </button>
    </div>
  )
}

export function App() {
  const loadTenants = useStore((s) => s.loadTenants)
  const loadAppInfo = useStore((s) => s.loadAppInfo)
  const status = useStore((s) => s.tenantsStatus)
  const error = useStore((s) => s.tenantsError)
  const tenant = useStore(selectSelectedTenant)
  const corrupt = useStore(selectStorageCorrupt)
  const [adding, setAdding] = useState(false)

  useEffect(() => {
    void loadAppInfo()
    void loadTenants()
  }, [loadAppInfo, loadTenants])

  return (
    <div className={`layout${tenant?.environment === 'production' ? ' is-production' : ''}`}>
      <TenantSidebar onAdd={() => setAdding(true)} />
      <main className="content">
        {corrupt && <StorageCorruptBanner />}
        {!corrupt && error && <ErrorBox error={error} onRetry={() => void loadTenants()} />}
        {tenant?.environment === 'production' && !adding && (
          <div className="banner production" role="note" data-testid="production-banner">
            <EnvBadge environment="production" /> You are working on a production tenant: changes affect real users.
          </div>
        )}
        {adding ? (
          <TenantForm onDone={() => setAdding(false)} />
        ) : tenant ? (
          <TenantOverview key={tenant.id} tenant={tenant} />
        ) : status === 'ready' ? (
          <div className="empty-state">
            <h2>No tenant selected</h2>
            <p>Add a tenant with its Sahha account credentials to start.</p>
          </div>
        ) : status === 'loading' ? (
          <p aria-busy="true">Loading tenants…</p>
        ) : null}
      </main>
    </div>
  )
}
