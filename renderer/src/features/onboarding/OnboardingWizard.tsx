import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react'
import type { EnvironmentId, OnboardingModel, Tenant } from '../../../../preload/contract/models'
import type { AppError } from '../../../../preload/contract/result'
import { VerifyLivePanel } from '../verify/VerifyLivePanel'
import { ErrorBox, fieldMessage } from '../../components/ErrorBox'
import { selectIntegrationEditor } from '../../store/integration-slice'
import { useStore } from '../../store'
import { IntegrationEditor } from '../integration/IntegrationEditor'
import { CallbackHelper } from '../integration/CallbackHelper'
import { getProvider } from '../integration/provider'

const STEPS = ['Sahha account', 'Oura app (portal)', 'Integration in Sahha', 'Test connection']

/**
 * A new tenant from nothing to a connected test user, following the seed's steps in order. Progress is
 * saved in main at each step, so the wizard resumes where it was after a restart.
 */
export function OnboardingWizard({ onClose }: { onClose: () => void }) {
  const onboarding = useStore((s) => s.onboarding)
  const loadOnboarding = useStore((s) => s.loadOnboarding)
  const save = useStore((s) => s.saveOnboarding)
  const state = onboarding.current
  const loaded = onboarding.status === 'ready'
  const saveError = onboarding.saveError
  const tenants = useStore((s) => s.tenants)
  const tenant = tenants.find((t) => t.id === state?.tenantId) ?? null

  useEffect(() => {
    void loadOnboarding()
  }, [loadOnboarding])

  const patch = (p: Partial<OnboardingModel>) =>
    save({ step: 1, tenantId: null, portalConfirmed: false, testExternalId: 'onboarding-test-user', ...state, ...p, updatedAt: new Date().toISOString() })
  // Step 1's fields live here, so closing (or a failed check) never empties them; saved with the progress.
  const [account, setAccount] = useState<AccountValues | null>(null)
  const close = async () => {
    if (account && (state?.step ?? 1) === 1) await patch({ account })
    onClose()
  }

  if (!loaded) return <p aria-busy="true">Loading…</p>
  const step = state?.step ?? 1
  return (
    <div className="wizard" data-testid="wizard" data-step={step}>
      <div className="card wide">
        <div className="card-head">
          <h2>Onboard a tenant</h2>
          <button type="button" className="conn-close" onClick={() => void close()} data-testid="wizard-close">
            Close (progress is kept)
          </button>
        </div>
        <ol className="wizard-steps">
          {STEPS.map((label, i) => (
            <li key={label} className={i + 1 === step ? 'current' : i + 1 < step ? 'done' : undefined} aria-current={i + 1 === step ? 'step' : undefined}>
              {i + 1}. {label}
            </li>
          ))}
        </ol>
        {state && state.step > 1 && <p className="hint" data-testid="wizard-resumed">Progress saved {new Date(state.updatedAt).toLocaleString()}.</p>}
        {saveError && <ErrorBox error={saveError} />}
      </div>
      {step === 1 && (
        <AccountStep
          tenant={tenant}
          values={account ?? state?.account ?? (tenant ? { name: tenant.name, environment: tenant.environment, clientId: tenant.sahhaClientId } : EMPTY_ACCOUNT)}
          onChange={setAccount}
          onCreated={async (tenantId, values) => {
            await patch({ tenantId, account: values })
          }}
          onDone={(tenantId) => void patch({ tenantId, step: 2, account: undefined })}
        />
      )}
      {step === 2 && tenant && (
        <PortalStep
          tenantId={tenant.id}
          confirmed={state?.portalConfirmed ?? false}
          onNext={() => void patch({ portalConfirmed: true, step: 3 })}
        />
      )}
      {step === 3 && tenant && <IntegrationStep tenant={tenant} onNext={() => void patch({ step: 4 })} />}
      {step === 4 && tenant && state && <TestStep tenantId={tenant.id} externalId={state.testExternalId} onExternalId={(id) => void patch({ testExternalId: id })} onDone={() => void patch({ step: 5 })} />}
      {step === 5 && tenant && (
        <div className="card wide" data-testid="wizard-done">
          <h2>{tenant.name} is onboarded</h2>
          <p>The integration is saved and a test user connected. Last check: read the live integration back from Sahha. Repeat for production when sandbox works.</p>
          <VerifyLivePanel tenant={tenant} saved={null} />
          <button type="button" className="primary" onClick={() => void save(null).then(onClose)} data-testid="wizard-finish">
            Finish
          </button>
        </div>
      )}
      {step > 1 && !tenant && <ErrorBox error={{ code: 'NOT_FOUND', message: 'The tenant this onboarding started with no longer exists.', remedy: 'Start again.', retryable: false }} />}
      {step > 1 && (
        <button type="button" className="link" onClick={() => void save(null)} data-testid="wizard-restart">
          Start over
        </button>
      )}
    </div>
  )
}

type AccountValues = NonNullable<OnboardingModel['account']>
const EMPTY_ACCOUNT: AccountValues = { name: '', environment: 'sandbox', clientId: '' }

/**
 * Step 1. Re-entrant: once the tenant is saved (even if Sahha then refused its credentials) the step
 * edits that tenant in place and checks again, instead of creating a second one.
 */
function AccountStep({
  tenant,
  values,
  onChange,
  onCreated,
  onDone
}: {
  tenant: Tenant | null
  values: AccountValues
  onChange: (v: AccountValues) => void
  onCreated: (tenantId: string, values: AccountValues) => Promise<void>
  onDone: (tenantId: string) => void
}) {
  const ids = useId()
  const createTenant = useStore((s) => s.createTenant)
  const updateTenant = useStore((s) => s.updateTenant)
  const checkTenant = useStore((s) => s.checkTenant)
  const { name, environment, clientId } = values
  const set = (p: Partial<AccountValues>) => onChange({ ...values, ...p })
  const secret = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  // Schema errors name a field: shown at that field, in words (never "name: Name is required").
  const fieldError = (field: string) => fieldMessage(error, field)
  const FIELDS = ['name', 'sahhaClientId', 'sahhaClientSecret']
  const submit = async (e: SyntheticEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const typed = secret.current?.value ?? ''
    let id = tenant?.id
    if (tenant) {
      const r = await updateTenant({ id: tenant.id, name, sahhaClientId: clientId, ...(typed ? { sahhaClientSecret: typed } : {}) })
      if (!r.ok) {
        setBusy(false)
        setError(r.error)
        return
      }
    } else {
      const r = await createTenant({ name, environment, sahhaClientId: clientId, sahhaClientSecret: typed })
      if (!r.ok) {
        setBusy(false)
        setError(r.error)
        return
      }
      id = r.value.id
      await onCreated(id, values)
    }
    if (secret.current) secret.current.value = ''
    const check = await checkTenant(id!)
    setBusy(false)
    if (!check.ok) {
      const refused = check.error.code === 'SAHHA_AUTH'
      setError({
        ...check.error,
        message: refused ? `The tenant is saved, but Sahha refused its credentials: ${check.error.message}` : `The tenant is saved, but Sahha could not be reached: ${check.error.message}`,
        remedy: 'Correct the client ID or enter the secret again here, then check again. The tenant is kept and updated in place.'
      })
      return
    }
    onDone(id!)
  }
  return (
    <form className="card wide wizard-form" onSubmit={(e) => void submit(e)} data-testid="wizard-account" data-tenant-id={tenant?.id ?? ''}>
      <h2>Sahha account credentials</h2>
      <p className="hint">From the Sahha Dashboard → API Keys, for the environment you onboard first (sandbox, then production).</p>
      {tenant && (
        <p className="hint" data-testid="wizard-account-existing">
          Tenant &quot;{tenant.name}&quot; is saved. Correct its credentials here; the secret field is left empty to keep the stored one.
        </p>
      )}
      <label htmlFor={`${ids}-n`}>Tenant name</label>
      <input id={`${ids}-n`} value={name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!fieldError('name')} data-testid="wizard-name" />
      {fieldError('name') && <p className="field-error" data-testid="wizard-field-error">{fieldError('name')}</p>}
      <label htmlFor={`${ids}-e`}>Environment</label>
      <select id={`${ids}-e`} value={environment} disabled={tenant !== null} onChange={(e) => set({ environment: e.target.value as EnvironmentId })} data-testid="wizard-env">
        <option value="demo">Demo (local simulator)</option>
        <option value="sandbox">Sandbox</option>
        <option value="production">Production</option>
      </select>
      <label htmlFor={`${ids}-c`}>Client ID</label>
      <input id={`${ids}-c`} value={clientId} onChange={(e) => set({ clientId: e.target.value })} autoComplete="off" aria-invalid={!!fieldError('sahhaClientId')} data-testid="wizard-client-id" />
      {fieldError('sahhaClientId') && <p className="field-error" data-testid="wizard-field-error">{fieldError('sahhaClientId')}</p>}
      <label htmlFor={`${ids}-s`}>Client secret (stored in the OS keychain)</label>
      <input id={`${ids}-s`} ref={secret} type="password" autoComplete="off" aria-invalid={!!fieldError('sahhaClientSecret')} data-testid="wizard-client-secret" />
      {fieldError('sahhaClientSecret') && <p className="field-error" data-testid="wizard-field-error">{fieldError('sahhaClientSecret')}</p>}
      {error && !FIELDS.includes(error.field ?? '') && <ErrorBox error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="wizard-account-next">
          {busy ? 'Checking with Sahha…' : tenant ? 'Update and check again' : 'Save and check connectivity'}
        </button>
      </div>
    </form>
  )
}

function PortalStep({ tenantId, confirmed: saved, onNext }: { tenantId: string; confirmed: boolean; onNext: () => void }) {
  // The callback URL comes from Sahha: until it arrives the step says so, and a failure is shown with a retry.
  const view = useStore(selectIntegrationEditor(tenantId)).view
  const loadIntegration = useStore((s) => s.loadIntegration)
  const [attempt, setAttempt] = useState(0)
  const [confirmed, setConfirmed] = useState(saved)
  useEffect(() => {
    void loadIntegration(tenantId)
  }, [tenantId, attempt, loadIntegration])
  const callback: { url: string } | { error: AppError } | null =
    view.status === 'error' && view.error ? { error: view.error } : view.status === 'done' && view.value ? { url: view.value.callbackUrl } : null
  const provider = getProvider('oura')
  return (
    <div data-testid="wizard-portal" data-state={callback === null ? 'loading' : 'error' in callback ? 'error' : 'ready'}>
      {callback === null && <p className="muted" role="status">Reading the callback URL from Sahha…</p>}
      {callback && 'error' in callback && (
        <>
          <ErrorBox error={callback.error} />
          <button type="button" onClick={() => setAttempt((n) => n + 1)} data-testid="wizard-portal-retry">
            Try again
          </button>
        </>
      )}
      {callback && 'url' in callback && <CallbackHelper provider={provider} callbackUrl={callback.url} />}
      <div className="card wide">
        <label className="radio">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="wizard-portal-done" />
          The Oura app exists, with the callback URL above as a redirect URI and the scopes I want enabled.
        </label>
        <div className="actions">
          <button type="button" className="primary" disabled={!confirmed} onClick={onNext} data-testid="wizard-portal-next">
            Next: the integration in Sahha
          </button>
        </div>
      </div>
    </div>
  )
}

function IntegrationStep({ tenant, onNext }: { tenant: NonNullable<ReturnType<typeof useStore.getState>['tenants'][number]>; onNext: () => void }) {
  // The editor above loads the integration into the store and reloads it after each save.
  const configured = useStore(selectIntegrationEditor(tenant.id)).view.value?.config != null
  return (
    <div data-testid="wizard-integration">
      <IntegrationEditor tenant={tenant} />
      <div className="card wide">
        <p className="hint">Save the integration above (its preflight must pass), then continue.</p>
        <button type="button" className="primary" disabled={!configured} onClick={onNext} data-testid="wizard-integration-next">
          Next: connect a test user
        </button>
      </div>
    </div>
  )
}

function TestStep({ tenantId, externalId, onExternalId, onDone }: { tenantId: string; externalId: string; onExternalId: (id: string) => void; onDone: () => void }) {
  const ids = useId()
  const connectTestUser = useStore((s) => s.connectTestUser)
  const checkTestUser = useStore((s) => s.checkTestUser)
  const [url, setUrl] = useState<string | null>(null)
  const [state, setState] = useState<string | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const start = async () => {
    setError(null)
    const r = await connectTestUser(tenantId, externalId)
    if (r.ok) setUrl(r.value.authorizationUrl)
    else setError(r.error)
  }
  const check = async () => {
    const r = await checkTestUser(tenantId, externalId)
    if (!r.ok) { setError(r.error); return; }
    setState(r.value.state)
    if (r.value.state === 'connected') onDone()
    else setError({ code: 'VALIDATION', message: `The test user is "${r.value.state}": ${r.value.diagnosis.title}.`, remedy: r.value.diagnosis.remedy, retryable: true })
  }
  return (
    <div className="card wide" data-testid="wizard-test">
      <h2>Connect a test user</h2>
      <label htmlFor={`${ids}-x`}>Test user externalId</label>
      <input id={`${ids}-x`} value={externalId} onChange={(e) => onExternalId(e.target.value)} data-testid="wizard-test-external-id" />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void start()} data-testid="wizard-test-start">
          Get the authorization link
        </button>
      </div>
      {url && (
        <div className="copy-row">
          <code data-testid="wizard-test-url">{url}</code>
          <button type="button" onClick={() => void navigator.clipboard.writeText(url)} data-testid="wizard-test-copy">
            Copy
          </button>
          <a href={url} target="_blank" rel="noreferrer">
            Open consent
          </a>
        </div>
      )}
      {url && (
        <div className="actions">
          <button type="button" onClick={() => void check()} data-testid="wizard-test-check">
            I approved it: check the connection
          </button>
          {state && <span className="hint">State: {state}</span>}
        </div>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  )
}
