import { useEffect, useRef } from 'react'
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LogarithmicScale, Tooltip } from 'chart.js'
import { STATES } from './filter'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip)

const COLORS: Record<string, string> = {
  pending: '#8a94a6',
  connected: '#2f9e44',
  needs_reauth: '#e8590c',
  scope_missing: '#f08c00',
  membership_expired: '#9c36b5',
  error: '#e03131',
  disconnected: '#495057'
}
export const stateColor = (s: string) => COLORS[s] ?? '#888'

/**
 * Counts per state as a bar chart that doubles as a filter: clicking a bar toggles that state.
 * The chips beside it do the same from the keyboard.
 */
export function StateChart({ counts, active, onToggle }: { counts: Record<string, number>; active: ReadonlySet<string> | null; onToggle: (state: string) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | null>(null)
  const toggle = useRef(onToggle)
  toggle.current = onToggle

  useEffect(() => {
    if (!canvas.current) return
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [...STATES], datasets: [{ data: STATES.map(() => 0), backgroundColor: STATES.map(stateColor) }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { type: 'logarithmic', ticks: { maxTicksLimit: 4 } } },
        plugins: { tooltip: { enabled: true } },
        onClick: (_e, els) => {
          const el = els[0]
          if (el) toggle.current(STATES[el.index]!)
        }
      }
    })
    return () => chart.current?.destroy()
  }, [])

  useEffect(() => {
    const c = chart.current
    if (!c) return
    c.data.datasets[0]!.data = STATES.map((s) => counts[s] ?? 0)
    c.data.datasets[0]!.backgroundColor = STATES.map((s) => (!active || active.size === 0 || active.has(s) ? stateColor(s) : `${stateColor(s)}40`))
    c.update('none')
  }, [counts, active])

  return (
    <div className="conn-chart" data-testid="conn-chart">
      <canvas ref={canvas} role="img" aria-label={`Connections per state: ${STATES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ')}`} />
    </div>
  )
}
