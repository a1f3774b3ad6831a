import type { MergeConflict } from './provider'

const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(', ') : '(none)') : v === null ? '(not recorded)' : typeof v === 'object' ? JSON.stringify(v) : `${v as string | number | boolean}`)

/**
 * Someone saved this integration after the operator started editing. Their change is shown; fields
 * only one side changed are merged automatically; for each field both changed the operator picks.
 */
export function ConflictMerge({
  theirs,
  conflicts,
  choices,
  onChoose,
  onSaveMerged,
  onDiscardMine,
  autoMerged
}: {
  theirs: { version: number; updatedBy?: string | null; updatedAt?: string | null }
  conflicts: MergeConflict[]
  choices: Record<string, 'mine' | 'theirs'>
  onChoose: (field: string, side: 'mine' | 'theirs') => void
  onSaveMerged: () => void
  onDiscardMine: () => void
  autoMerged: string[]
}) {
  const unresolved = conflicts.filter((c) => !choices[c.field])
  return (
    <section className="card wide conflict" role="alert" aria-labelledby="conflict-title" data-testid="conflict-merge">
      <h2 id="conflict-title">Someone else saved this integration first</h2>
      <p>
        Version {theirs.version} was saved{theirs.updatedBy ? ` by ${theirs.updatedBy}` : ''}
        {theirs.updatedAt ? ` at ${new Date(theirs.updatedAt).toLocaleString()}` : ''} while you were editing. Nothing was
        overwritten. Your edit is kept below.
      </p>
      {autoMerged.length > 0 && (
        <div data-testid="auto-merged">
          <h3>Merged automatically</h3>
          <ul>
            {autoMerged.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      )}
      {conflicts.length > 0 && (
        <table className="merge-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Theirs (saved)</th>
              <th scope="col">Yours</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={c.field} data-testid={`conflict-${c.field}`}>
                <th scope="row">{c.field}</th>
                <td>
                  <label className="radio">
                    <input type="radio" name={`merge-${c.field}`} checked={choices[c.field] === 'theirs'} onChange={() => onChoose(c.field, 'theirs')} data-testid={`choose-theirs-${c.field}`} />
                    {show(c.theirs)}
                  </label>
                </td>
                <td>
                  <label className="radio">
                    <input type="radio" name={`merge-${c.field}`} checked={choices[c.field] === 'mine'} onChange={() => onChoose(c.field, 'mine')} data-testid={`choose-mine-${c.field}`} />
                    {show(c.mine)}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onSaveMerged} disabled={unresolved.length > 0} data-testid="save-merged">
          Review merged version
        </button>
        <button type="button" onClick={onDiscardMine} data-testid="take-theirs">
          Discard my edit, load theirs
        </button>
      </div>
    </section>
  )
}

