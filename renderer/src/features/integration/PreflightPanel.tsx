import type { PreflightResult } from '../../../../preload/contract/models'

const ICON = { pass: '✔', fail: '✖', warn: '!', skipped: '–' } as const

/** Each preflight check as pass/fail with its remedy. */
export function PreflightPanel({ result, running }: { result: PreflightResult | null; running: boolean }) {
  if (running) return <p aria-busy="true" data-testid="preflight-running">Running preflight…</p>
  if (!result) return null
  return (
    <div className="preflight" data-testid="preflight-result" data-ok={result.ok}>
      <h3>{result.ok ? 'Preflight passed' : 'Preflight found problems'}</h3>
      <ul>
        {result.checks.map((c) => (
          <li key={c.id} className={`check ${c.status}`} data-testid={`preflight-${c.id}`} data-status={c.status}>
            <span className="check-icon" aria-hidden="true">
              {ICON[c.status]}
            </span>
            <span className="sr-only">{c.status}</span>
            <div>
              <strong>{c.label}</strong>
              <p>{c.detail}</p>
              {c.remedy && c.status !== 'pass' && <p className="remedy">What to do: {c.remedy}</p>}
            </div>
          </li>
        ))}
      </ul>
    </div>
  )
}
