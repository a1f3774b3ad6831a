import { useState } from 'react'
import { copyText } from '../lib/clipboard'

/** A copy button for one non-secret value; says whether it worked. */
export function CopyButton({ value, label, testId }: { value: string; label: string; testId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  return (
    <button
      type="button"
      className="copy-button"
      aria-label={`Copy ${label}`}
      data-testid={testId}
      data-state={state}
      onClick={() => void copyText(value).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy by hand' : 'Copy'}
    </button>
  )
}
