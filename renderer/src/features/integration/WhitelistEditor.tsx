import { useId, useState } from 'react'
import type { WhitelistCheck } from './provider'
import { testRedirectUrl } from './provider'

/**
 * The ordered Redirect URL Whitelist: entry 1 is the default redirect Sahha uses when the app omits
 * redirectUrl. Each entry is validated as it is typed; the tester answers "would Sahha accept this?".
 */
export function WhitelistEditor({
  entries,
  check,
  onChange
}: {
  entries: string[]
  check: WhitelistCheck
  onChange: (entries: string[]) => void
}) {
  const ids = useId()
  const set = (i: number, value: string) => onChange(entries.map((e, j) => (j === i ? value : e)))
  const move = (i: number, delta: number) => {
    const j = i + delta
    if (j < 0 || j >= entries.length) return
    const next = [...entries]
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    onChange(next)
  }
  return (
    <section className="card wide" aria-labelledby={`${ids}-t`} data-testid="whitelist-editor">
      <h2 id={`${ids}-t`}>Redirect URL whitelist</h2>
      <p className="hint">
        URLs in your own app that Sahha may send users back to after OAuth. The first entry is the default, used when
        the app starts the flow without a redirectUrl.
      </p>
      {check.listError && (
        <p className="field-error" role="alert" data-testid="whitelist-error">
          {check.listError}
        </p>
      )}
      <ol className="whitelist">
        {entries.map((entry, i) => {
          const err = check.errors[i]
          const note = check.notes[i]
          return (
            <li key={i} data-testid="whitelist-entry">
              <div className="whitelist-row">
                <label className="sr-only" htmlFor={`${ids}-e${i}`}>
                  Whitelist entry {i + 1}
                </label>
                <input
                  id={`${ids}-e${i}`}
                  type="url"
                  value={entry}
                  onChange={(e) => set(i, e.target.value)}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${ids}-err${i}` : undefined}
                  spellCheck={false}
                  data-testid={`whitelist-input-${i}`}
                />
                {i === 0 && (
                  <span className="default-badge" data-testid="default-badge">
                    Default
                  </span>
                )}
                <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move entry ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" onClick={() => move(i, 1)} disabled={i === entries.length - 1} aria-label={`Move entry ${i + 1} down`}>
                  ↓
                </button>
                <button
                  type="button"
                  onClick={() => onChange(entries.filter((_, j) => j !== i))}
                  aria-label={`Remove entry ${i + 1}`}
                  data-testid={`whitelist-remove-${i}`}
                >
                  Remove
                </button>
              </div>
              {err && (
                <p className="field-error" id={`${ids}-err${i}`} data-testid={`whitelist-entry-error-${i}`}>
                  {err}
                </p>
              )}
              {!err && note && <p className="hint">{note}</p>}
            </li>
          )
        })}
      </ol>
      <button type="button" onClick={() => onChange([...entries, ''])} data-testid="whitelist-add">
        + Add URL
      </button>
      <UrlTester entries={entries} />
    </section>
  )
}

function UrlTester({ entries }: { entries: string[] }) {
  const [url, setUrl] = useState('')
  const [result, setResult] = useState<string | null>(null)
  const [accepted, setAccepted] = useState<boolean | null>(null)
  const ids = useId()
  const run = () => {
    const r = testRedirectUrl(entries, url)
    setAccepted(r.accepted)
    setResult(r.text)
  }
  return (
    <div className="url-tester" data-testid="url-tester">
      <h3>Test a redirectUrl</h3>
      <label htmlFor={`${ids}-u`}>redirectUrl the app would pass (leave empty to test the default)</label>
      <div className="whitelist-row">
        <input
          id={`${ids}-u`}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && run()}
          spellCheck={false}
          data-testid="url-tester-input"
        />
        <button type="button" onClick={run} data-testid="url-tester-run">
          Test
        </button>
      </div>
      {result && (
        <p className={accepted ? 'good' : 'bad'} role="status" data-testid="url-tester-result">
          {result}
        </p>
      )}
    </div>
  )
}
