import { stateColor } from './StateChart'

export function StatePill({ state }: { state: string }) {
  return (
    <span className="conn-pill" style={{ borderColor: stateColor(state), color: stateColor(state) }} data-state={state}>
      {state.replace(/_/g, ' ')}
    </span>
  )
}
