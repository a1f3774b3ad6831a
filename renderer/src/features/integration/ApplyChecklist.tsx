import type { IntegrationEditModel, Tenant } from '../../../../preload/contract/models'
import { CopyButton } from '../../components/CopyButton'
import { useStore } from '../../store'
import { getProvider } from './provider'

const DASHBOARD = 'https://app.sahha.ai/dashboard'

/**
 * "Apply in the Sahha Dashboard": the seed's step 2, field by field, with the values of the desired configuration
 * and a copy button for each. The client secret is copied by main (never through this page) and cleared after 30 s.
 */
export function ApplyChecklist({ tenant, edit, version }: { tenant: Tenant; edit: IntegrationEditModel; version: number }) {
  const provider = getProvider('oura')
  const copySecret = useStore((s) => s.copySecret)
  const secretCopy = useStore((s) => s.secretCopy[tenant.id])
  const all = provider.defaultScopes
  const deselect = all.filter((s) => !edit.scopes.includes(s))
  const notOnApp = edit.providerAppScopes ? all.filter((s) => !edit.providerAppScopes!.includes(s)) : []
  const env = tenant.environment === 'production' ? 'in the production environment' : tenant.environment === 'sandbox' ? 'in the sandbox environment' : 'on Demo, where the simulator stands in for the Dashboard (its /_admin/dashboard route)'
  return (
    <section className="card wide apply-checklist" aria-labelledby="apply-title" data-testid="apply-checklist">
      <div className="card-head">
        <h2 id="apply-title">Apply in the Sahha Dashboard</h2>
        <span className="hint">desired version {version}</span>
      </div>
      <p className="hint">Sahha publishes no API to change the integration, so apply these values by hand in the Dashboard {env}, then run Verify live below.</p>
      <ol className="checklist">
        <li>
          Open the Sahha Dashboard: <code>{DASHBOARD}</code> <CopyButton value={DASHBOARD} label="the Dashboard address" testId="apply-copy-dashboard" />
        </li>
        <li>
          Go to <strong>Integrations → Integrations</strong>. Open the Oura integration, or click <strong>Add integration</strong> and pick <strong>Oura</strong> as the Provider.
        </li>
        <li data-testid="apply-client-id">
          <strong>Client ID</strong>: <code>{edit.clientId}</code> <CopyButton value={edit.clientId} label="the Oura Client ID" testId="apply-copy-client-id" />
        </li>
        <li data-testid="apply-client-secret">
          <strong>Client Secret</strong>: the one in this keychain.{' '}
          <button type="button" className="copy-button" onClick={() => void copySecret(tenant.id)} disabled={secretCopy?.status === 'copying'} data-testid="apply-copy-secret">
            Copy secret
          </button>
          {secretCopy && (
            <span className={secretCopy.status === 'copied' ? 'good' : 'hint'} role="status" data-testid="apply-secret-status" data-state={secretCopy.status}>
              {' '}
              {secretCopy.message}
            </span>
          )}
        </li>
        <li data-testid="apply-scopes">
          <strong>Scopes</strong>: select exactly <code>{edit.scopes.join(' ')}</code> <CopyButton value={edit.scopes.join(' ')} label="the scopes" testId="apply-copy-scopes" />
          <p className="callout">
            The Dashboard selects <strong>all</strong> {all.length} scopes by default.{' '}
            {deselect.length > 0 ? (
              <>
                Deselect <strong data-testid="apply-deselect">{deselect.join(', ')}</strong>
                {notOnApp.length > 0 && <> ({notOnApp.filter((s) => deselect.includes(s)).join(', ') || 'none'} not enabled on your Oura app: left selected, the OAuth flow fails for every user)</>}.
              </>
            ) : (
              'Keep all of them selected.'
            )}
          </p>
        </li>
        <li data-testid="apply-whitelist">
          <strong>Redirect URL Whitelist</strong>, in this order:
          <ol>
            {edit.redirectUrlWhitelist.map((u, i) => (
              <li key={u}>
                <code>{u}</code> <CopyButton value={u} label={`whitelist entry ${i + 1}`} testId={`apply-copy-whitelist-${i}`} />
                {i === 0 && <span className="hint"> (the default: Sahha uses the first entry when no redirectUrl is passed)</span>}
              </li>
            ))}
          </ol>
        </li>
        <li>
          {edit.enabled ? 'Keep the integration enabled and ' : 'Disable the integration, then '}
          <strong>Save</strong>. Then run <strong>Verify live</strong>: it reads the Dashboard's values back.
        </li>
      </ol>
    </section>
  )
}
