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
      data: { labels: STATES.map((s) => s.split('_')), datasets: [{ data: STATES.map(() => 0), backgroundColor: STATES.map(stateColor) }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          // Log scale: label the powers of ten only (1, 10, 100, …), never 2.5 or 7,500.
          // Only powers of ten are built at all (no unlabelled 2, 5, 7.5 grid lines), and the axis reaches at least 10.
          y: {
            type: 'logarithmic',
            min: 1,
            suggestedMax: 10,
            afterBuildTicks: (axis) => {
              axis.ticks = axis.ticks.filter((t) => Number.isInteger(Math.log10(t.value)))
            },
            ticks: { autoSkip: false, callback: (v) => (Number.isInteger(Math.log10(Number(v))) ? Number(v).toLocaleString() : '') }
          },
          // Every state keeps its label at 1024 px: short words on two lines instead of skipped labels.
          x: { ticks: { autoSkip: false, maxRotation: 0, font: { size: 11 } } }
        },
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
    // What the chart drew, for tests and assistive checks: the labelled y ticks and the x labels shown.
    const el = canvas.current
    if (el) {
      el.dataset.yTicks = c.scales.y!.ticks.map((t) => t.label).filter(Boolean).join(' ')
      el.dataset.xLabels = String(c.scales.x!.ticks.length)
    }
  }, [counts, active])

  return (
    <div className="conn-chart" data-testid="conn-chart">
      <canvas ref={canvas} role="img" aria-label={`Connections per state: ${STATES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ')}`} />
    </div>
  )
}
