import { useEffect, useState } from 'react'
import { EnvBadge } from './components/EnvBadge'
import { ErrorBox } from './components/ErrorBox'
import { Tabs } from './components/Tabs'
import { subscribeMainEvents } from './store/events'
import { StorageRecoveryBanner } from './features/storage/StorageRecoveryBanner'
import { useStore } from './store'
import { VIEWS } from './store/ui-slice'
import { adminApiOf, selectSelectedTenant, selectStorageCorrupt } from './store/selectors'
import type { Tenant } from '../../preload/contract/models'
import { TenantForm } from './features/tenants/TenantForm'
import { TenantOverview } from './features/tenants/TenantOverview'
import { TenantSidebar } from './features/tenants/TenantSidebar'
import { IntegrationEditor } from './features/integration/IntegrationEditor'
import { ConnectionsView } from './features/connections/ConnectionsView'
import { TierConnectionsView } from './features/tier/TierConnectionsView'
import { DecoderView } from './features/decoder/DecoderView'
import { AuditView } from './features/audit/AuditView'
import { CompareView } from './features/promote/CompareView'
import { OnboardingWizard } from './features/onboarding/OnboardingWizard'
import { CommandPalette } from './features/palette/CommandPalette'
import { WebhooksView } from './features/webhooks/WebhooksView'
import { ChangesView } from './features/changes/ChangesView'
import { SpikeAlerts } from './features/changes/SpikeAlerts'

function TenantScreens({ tenant }: { tenant: Tenant }) {
  const view = useStore((s) => s.view)
  const setView = useStore((s) => s.setView)
  const loadAlerts = useStore((s) => s.loadAlerts)
  useEffect(() => {
    void loadAlerts(tenant.id)
  }, [tenant.id, loadAlerts])
  return (
    <>
      <SpikeAlerts key={tenant.id} tenant={tenant} />
      <Tabs tabs={VIEWS} view={view} onChange={setView} />
      <div role="tabpanel" aria-labelledby={`tab-${view}`} className="tabpanel">
        {view === 'overview' && <TenantOverview key={tenant.id} tenant={tenant} />}
        {view === 'integration' && <IntegrationEditor key={tenant.id} tenant={tenant} />}
        {view === 'connections' && (adminApiOf(tenant) === 'absent' ? <TierConnectionsView key={tenant.id} tenant={tenant} /> : <ConnectionsView key={tenant.id} tenant={tenant} />)}
        {view === 'changes' && <ChangesView key={tenant.id} tenant={tenant} />}
        {view === 'webhooks' && <WebhooksView key={tenant.id} tenant={tenant} />}
        {view === 'compare' && <CompareView key={tenant.id} tenant={tenant} />}
        {view === 'decoder' && <DecoderView />}
        {view === 'audit' && <AuditView key={tenant.id} tenant={tenant} />}
      </div>
    </>
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
  const onboarding = useStore((s) => s.onboardingOpen)
  const setOnboarding = useStore((s) => s.setOnboardingOpen)
  const theme = useStore((s) => s.theme)
  const privacy = useStore((s) => s.privacy)

  useEffect(() => {
    void loadAppInfo()
    void loadTenants()
  }, [loadAppInfo, loadTenants])
  const watchStoreSyncs = useStore((s) => s.watchStoreSyncs)
  useEffect(() => watchStoreSyncs(), [watchStoreSyncs])
  // Main's events, once for the window, each to the slice that owns it.
  useEffect(() => subscribeMainEvents(useStore), [])
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme')
    else document.documentElement.setAttribute('data-theme', theme)
  }, [theme])

  return (
    <div className={`layout${tenant?.environment === 'production' ? ' is-production' : ''}${privacy ? ' privacy-on' : ''}`}>
      <CommandPalette />
      <TenantSidebar onAdd={() => setAdding(true)} />
      <main className="content">
        <StorageRecoveryBanner />
        {!corrupt && error && <ErrorBox error={error} onRetry={() => void loadTenants()} />}
        {tenant?.environment === 'production' && !adding && (
          <div className="banner production" role="note" data-testid="production-banner">
            <EnvBadge environment="production" /> You are working on a production tenant: changes affect real users.
          </div>
        )}
        {onboarding ? (
          <OnboardingWizard onClose={() => setOnboarding(false)} />
        ) : adding ? (
          <TenantForm onDone={() => setAdding(false)} />
        ) : tenant ? (
          <TenantScreens tenant={tenant} />
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
