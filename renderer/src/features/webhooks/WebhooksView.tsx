import { useEffect } from 'react'
import type { Tenant, WebhookHealthResult } from '../../../../preload/contract/models'
import { DataSource } from '../../components/DataSource'
import { ErrorBox } from '../../components/ErrorBox'
import { useStore } from '../../store'

type Assessment = NonNullable<WebhookHealthResult['assessment']>

const CELL: Record<Assessment['coverage'][number]['state'], string> = {
  covered: 'covered',
  expiring: 'expiring soon',
  expired: 'expired',
  other_host: 'on another host',
  missing: 'no subscription',
  awaiting: 'not subscribed yet'
}
const TITLE: Record<string, string> = {
  OURA_WEBHOOK_SUBSCRIPTION_EXPIRED: 'Subscription expired',
  OURA_WEBHOOK_SUBSCRIPTION_EXPIRING: 'Subscription expiring soon',
  OURA_WEBHOOK_SUBSCRIPTION_MISSING: 'Data types without a subscription',
  OURA_WEBHOOK_CALLBACK_OTHER_HOST: 'Events go to another host'
}
const CALLBACK: Record<Assessment['rows'][number]['callback'], string> = {
  this_environment: "this environment's Sahha host",
  other_sahha_environment: "another environment's Sahha host",
  not_sahha: 'not a Sahha host'
}

function Verdict({ h }: { h: WebhookHealthResult }) {
  if (h.credentials !== 'valid' || !h.assessment) {
    return (
      <div className={`banner ${h.credentials === 'rejected' ? 'danger' : 'info'}`} role={h.credentials === 'rejected' ? 'alert' : 'status'} data-testid="webhooks-verdict" data-verdict={h.credentials}>
        <strong>{h.credentials === 'rejected' ? 'Oura refused the Oura app credentials' : 'Webhook health not checked'}</strong>
        <p>{h.detail}</p>
        {h.remedy && <p className="remedy">What to do: {h.remedy}</p>}
      </div>
    )
  }
  const a = h.assessment
  const quiet = a.verdict === 'waiting' || a.verdict === 'inconclusive'
  return (
    <div className={`banner ${a.verdict === 'attention' ? 'warning' : quiet ? 'info' : 'ok'}`} role="status" data-testid="webhooks-verdict" data-verdict={a.verdict}>
      <strong>{a.verdict === 'healthy' ? 'Healthy' : a.verdict === 'attention' ? 'Needs attention' : a.verdict === 'waiting' ? 'Waiting for the first event' : 'Inconclusive'}</strong>
      <p>{a.summary}</p>
      <p className="hint">{h.detail}</p>
    </div>
  )
}

/** Webhook health from Oura's own subscription list (read-only): Sahha manages the subscriptions, the app only reads them. */
export function WebhooksView({ tenant }: { tenant: Tenant }) {
  const state = useStore((s) => s.webhookHealth[tenant.id])
  const load = useStore((s) => s.loadWebhookHealth)
  useEffect(() => {
    void load(tenant.id)
  }, [load, tenant.id])
  const h = state?.value ?? null
  const a = h?.assessment ?? null
  return (
    <section className="card wide webhooks-view" aria-labelledby="webhooks-title" data-testid="webhooks-view">
      <div className="card-head">
        <h2 id="webhooks-title">Oura webhook subscriptions</h2>
        <button type="button" onClick={() => void load(tenant.id)} disabled={state?.status === 'loading'} data-testid="webhooks-refresh">
          {state?.status === 'loading' ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <DataSource kinds={['oura']} note="GET /v2/webhook/subscription with your Oura app's Client ID and the secret in this keychain. Read-only: Sahha creates and renews these; the app never changes them." />
      {state?.status === 'loading' && !h && <p aria-busy="true">Asking Oura…</p>}
      {state?.error && <ErrorBox error={state.error} onRetry={() => void load(tenant.id)} />}
      {h && (
        <>
          <Verdict h={h} />
          <p className="hint" data-testid="webhooks-checked">
            Checked {new Date(h.checkedAt).toLocaleString()} · Oura Client ID {h.clientId ?? '—'} · expected data types from{' '}
            {h.scopesFrom === 'live' ? 'the live scopes (last Verify live)' : h.scopesFrom === 'admin' ? 'the admin API’s scopes' : h.scopesFrom === 'desired' ? 'your desired configuration' : 'no scopes yet'}
          </p>
        </>
      )}
      {a && a.findings.length > 0 && (
        <ul className="findings" data-testid="webhooks-findings">
          {a.findings.map((f) => (
            <li key={f.id} className={`finding ${f.severity}`} data-testid="webhooks-finding" data-mode={f.id}>
              <strong>{TITLE[f.id] ?? f.id}</strong> <span className="hint">{f.id}</span>
              <p>{f.message}</p>
              <p className="remedy">What to do: {f.remedy}</p>
            </li>
          ))}
        </ul>
      )}
      {a && a.coverage.length > 0 && (
        <>
          <h3>Coverage of the selected scopes</h3>
          <div className="coverage-grid" role="list" data-testid="webhooks-coverage">
            {a.coverage.map((c) => (
              <div key={c.dataType} role="listitem" className={`coverage-cell ${c.state}`} data-testid="coverage-cell" data-type={c.dataType} data-state={c.state}>
                <span className="coverage-type">{c.dataType}</span>
                <span className="coverage-state">{CELL[c.state]}</span>
                <span className="hint">scope {c.scope}</span>
              </div>
            ))}
          </div>
        </>
      )}
      {a && a.rows.length > 0 && (
        <table className="webhooks-table" data-testid="webhooks-table">
          <caption className="sr-only">Subscriptions Oura lists for this Oura app</caption>
          <thead>
            <tr>
              <th scope="col">Data type</th>
              <th scope="col">Event</th>
              <th scope="col">Callback host</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {a.rows.map((r) => (
              <tr key={r.id} data-testid="webhook-row" data-type={r.dataType} data-expiry={r.expiry} data-callback={r.callback}>
                <td>{r.dataType}</td>
                <td>{r.eventType}</td>
                <td className={r.callback === 'this_environment' ? undefined : 'bad'}>
                  {r.callbackHost} <span className="hint">({CALLBACK[r.callback]})</span>
                </td>
                <td className={r.expiry === 'ok' ? undefined : 'bad'}>
                  {new Date(r.expiresAt).toLocaleString()} {r.expiry !== 'ok' && <strong>({r.expiry})</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
