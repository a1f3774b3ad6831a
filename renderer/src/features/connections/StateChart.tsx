import { useEffect, useRef, useState } from 'react'
import type { Chart } from 'chart.js'
import { STATES } from './filter'

/**
 * chart.js is a third of the renderer's code: it loads as a chunk of its own once a chart is on screen, so the
 * window's first script stays small (issue I: renderer JS gzipped <= 200 KB). Same origin, so the CSP's script-src 'self' covers it.
 */
let chartJs: Promise<typeof import('chart.js')> | null = null
const loadChartJs = () =>
  (chartJs ??= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.BarElement, m.CategoryScale, m.LinearScale, m.LogarithmicScale, m.Tooltip)
    return m
  }))

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
  const [loaded, setLoaded] = useState(false)

  useEffect(() => {
    let gone = false
    void loadChartJs().then(({ Chart }) => {
      if (gone || !canvas.current) return
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
      setLoaded(true)
    })
    return () => {
      gone = true
      chart.current?.destroy()
      chart.current = null
    }
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
  }, [counts, active, loaded])

  return (
    <div className="conn-chart" data-testid="conn-chart">
      <canvas ref={canvas} role="img" aria-label={`Connections per state: ${STATES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ')}`} />
    </div>
  )
}
