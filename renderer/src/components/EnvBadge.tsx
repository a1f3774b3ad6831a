import type { EnvironmentId } from '../../../preload/contract/models'

const LABEL: Record<EnvironmentId, string> = { demo: 'Demo', sandbox: 'Sandbox', production: 'Production' }

/** Production is shown in the warning colour everywhere it appears. */
export function EnvBadge({ environment }: { environment: EnvironmentId }) {
  return (
    <span className={`env-badge env-${environment}`} data-testid={`env-badge-${environment}`}>
      {LABEL[environment]}
    </span>
  )
}

