import { useId, useMemo, useState } from 'react'
import { decode } from '../../../../preload/contract/diagnosis/decoder'

const EXAMPLES = [
  'https://yourapp.example/integrations/callback?provider=oura&status=error&error=invalid_scope&error_description=Scope%20not%20enabled%20for%20this%20application%3A%20stress',
  '{"status":400,"title":"Token Already Used Or Revoked","error":"invalid_grant","error_description":"Token already used or revoked"}',
  '426'
]

/** The offline error decoder: runs entirely in this window, with no network. */
export function DecoderView() {
  const [text, setText] = useState('')
  const ids = useId()
  const result = useMemo(() => (text.trim() ? decode(text) : null), [text])
  return (
    <section className="card wide" aria-labelledby={`${ids}-t`} data-testid="decoder">
      <h2 id={`${ids}-t`}>Error decoder</h2>
      <p className="hint">
        Paste a callback URL (with <code>?error=…</code>), a raw Oura or Sahha error body, an Oura error page title or an HTTP
        status. Decoded offline: nothing is sent anywhere.
      </p>
      <label htmlFor={`${ids}-in`}>What the user or the API returned</label>
      <textarea id={`${ids}-in`} rows={5} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="dec-input" />
      <div className="actions">
        {EXAMPLES.map((ex, i) => (
          <button key={ex} type="button" onClick={() => setText(ex)}>
            Example {i + 1}
          </button>
        ))}
      </div>
      {!result && <p className="empty">Nothing to decode yet.</p>}
      {result && (
        <div className="dec-result" data-testid="dec-result" data-kind={result.kind}>
          <p className="hint">
            Recognised: <strong>{result.kind.replace(/_/g, ' ')}</strong>
            {Object.keys(result.parsed).length > 0 && (
              <>
                {' · '}
                {Object.entries(result.parsed)
                  .filter(([, v]) => v)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' · ')}
              </>
            )}
          </p>
          {result.note && <p>{result.note}</p>}
          {result.candidates.map((m, i) => (
            <article key={m.id} className="diagnosis-card" data-testid="dec-candidate" data-mode={m.id}>
              <h3>
                {i === 0 ? 'Most likely: ' : 'Or: '}
                {m.title} <code className="hint">{m.id}</code>
              </h3>
              <dl className="facts">
                <dt>Cause</dt>
                <dd>{m.cause}</dd>
                <dt>How to confirm</dt>
                <dd>{m.confirm}</dd>
                <dt>What to do</dt>
                <dd>
                  <strong>{m.remedy}</strong>
                </dd>
                <dt>Connection state</dt>
                <dd>{m.state}</dd>
              </dl>
            </article>
          ))}
        </div>
      )}
    </section>
  )
}
