import { useState } from 'react'
import type { Tenant, VerificationResult } from '../../../../preload/contract/models'
import { DataSource } from '../../components/DataSource'
import { ErrorBox } from '../../components/ErrorBox'
import { timeAgo } from '../../lib/relative-time'
import { useStore } from '../../store'

const ICON = { pass: '✔', fail: '✖', warn: '!', inconclusive: '?' } as const


/**
 * Verify live: what the live integration at Sahha says (read back through the documented authorize call with the
 * app's verification profile) against what the app holds, as one table.
 */
export function VerifyLivePanel({ tenant, saved, onDone }: { tenant: Tenant; saved: VerificationResult | null; onDone?: () => void }) {
  const state = useStore((s) => s.verify[tenant.id])
  const verifyLive = useStore((s) => s.verifyLive)
  const cancel = useStore((s) => s.cancelVerify)
  const [pasted, setPasted] = useState('')
  const result = state?.value ?? saved
  const running = state?.status === 'loading'
  const run = async () => {
    const r = await verifyLive(tenant.id, pasted.trim() ? [pasted.trim()] : [])
    if (r.ok) onDone?.()
  }
  return (
    <section className="card wide verify-live" aria-labelledby="verify-title" data-testid="verify-live">
      <div className="card-head">
        <h2 id="verify-title">Verify live</h2>
        {result && (
          <span className="hint" data-testid="verify-when" title={new Date(result.verifiedAt).toLocaleString()}>
            verified {timeAgo(result.verifiedAt)}
          </span>
        )}
      </div>
      <DataSource kinds={['sahha', 'oura']} note={`Sahha's authorize call with the app's test profile "${result?.profileExternalId ?? 'sahha-admin-preflight'}", one call per whitelist candidate, then Oura. Read-only; the test profile is the app's own.`} />
      <label htmlFor={`verify-paste-${tenant.id}`}>Also try this redirect URL (optional)</label>
      <input id={`verify-paste-${tenant.id}`} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} autoComplete="off" placeholder="https://yourapp.example/integrations/callback" data-testid="verify-paste" />
      <div className="actions">
        <button type="button" className="primary" disabled={running} onClick={() => void run()} data-testid="verify-run">
          {running ? 'Verifying…' : 'Verify live'}
        </button>
        {running && (
          <button type="button" onClick={() => void cancel(tenant.id)} data-testid="verify-cancel">
            Cancel
          </button>
        )}
        {running && state.progress && (
          <span className="hint" role="status" data-testid="verify-progress">
            {state.progress.message ?? 'Working'} ({state.progress.loaded}/{state.progress.total ?? '?'})
          </span>
        )}
      </div>
      {state?.error && <ErrorBox error={state.error} onRetry={() => void run()} />}
      {result && (
        <>
          <p className={result.ok ? 'good' : 'bad'} data-testid="verify-summary" data-ok={result.ok}>
            {result.cancelled ? 'Cancelled: the rows below are what was checked before.' : result.ok ? 'The live integration matches what the app holds.' : `${result.rows.filter((r) => r.verdict === 'fail').length} problem(s) found.`}
            {result.profileCreated && ' The test profile was registered for this.'}
          </p>
          <table className="verify-table" data-testid="verify-table">
            <caption className="sr-only">Live verification of the Oura integration</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">The app expects</th>
                <th scope="col">The live integration says</th>
                <th scope="col">Verdict</th>
                <th scope="col">What to do</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.id} className={`verdict-${r.verdict}`} data-testid="verify-row" data-row={r.id} data-verdict={r.verdict} data-mode={r.mode}>
                  <th scope="row">{r.field}</th>
                  <td className="mono">{r.expected}</td>
                  <td className="mono">{r.live}</td>
                  <td>
                    <span aria-hidden="true">{ICON[r.verdict]}</span> {r.verdict}
                  </td>
                  <td>{r.verdict === 'pass' ? '' : r.remedy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
