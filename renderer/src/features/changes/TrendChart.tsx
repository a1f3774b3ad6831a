import { useState } from 'react'

/** A step of 1, 2 or 5 × 10^k (never below 1) giving at most `max` intervals up to `top`: integer ticks only. */
export function integerTicks(top: number, max = 5): number[] {
  const hi = Math.max(1, Math.ceil(top))
  let step = 1
  while (Math.ceil(hi / step) > max) {
    const k = 10 ** Math.floor(Math.log10(step))
    const m = Math.round(step / k)
    step = m === 1 ? 2 * k : m === 2 ? 5 * k : 10 * k
  }
  const out: number[] = []
  for (let v = 0; v < hi + step; v += step) out.push(v)
  return out
}

const PALETTE = ['#2f9e44', '#e8590c', '#f08c00', '#9c36b5', '#e03131', '#1c7ed6', '#495057', '#8a94a6']

export interface TrendPoint {
  at: string
  byState: Record<string, number>
}

const W = 720
const H = 220
const PAD = { left: 56, right: 16, top: 12, bottom: 28 }

/**
 * Counts per state over the retained syncs, as an SVG line chart: a linear axis with integer ticks, the time
 * of each sync along the bottom (at most 6 labels), a legend that toggles each state.
 */
export function TrendChart({ points, states, broken, colorOf }: { points: readonly TrendPoint[]; states: readonly string[]; broken: ReadonlySet<string>; colorOf?: (state: string) => string }) {
  const present = states.filter((s) => points.some((p) => (p.byState[s] ?? 0) > 0))
  const [hidden, setHidden] = useState<Set<string>>(new Set())
  const shown = present.filter((s) => !hidden.has(s))
  const top = Math.max(1, ...points.flatMap((p) => shown.map((s) => p.byState[s] ?? 0)))
  const ticks = integerTicks(top)
  const yMax = ticks[ticks.length - 1]!
  const x = (i: number) => PAD.left + (points.length <= 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1))
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom)
  const color = (s: string) => colorOf?.(s) ?? PALETTE[states.indexOf(s) % PALETTE.length]!
  const labelEvery = Math.max(1, Math.ceil(points.length / 6))
  const sameDay = points.length > 0 && points[0]!.at.slice(0, 10) === points[points.length - 1]!.at.slice(0, 10)
  const fmt = (iso: string) => {
    const d = new Date(iso)
    return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString([], { month: 'short', day: 'numeric' })
  }
  return (
    <div className="trend-chart" data-testid="trend-chart" data-points={points.length} data-y-ticks={ticks.join(' ')}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Users per state over ${points.length} sync(s): ${shown.map((s) => `${s} ${points[points.length - 1]?.byState[s] ?? 0}`).join(', ')}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="trend-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="trend-tick">
              {t.toLocaleString()}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % labelEvery === 0 || i === points.length - 1 ? (
            <text key={p.at} x={x(i)} y={H - 8} textAnchor={points.length > 1 && i === 0 ? 'start' : points.length > 1 && i === points.length - 1 ? 'end' : 'middle'} className="trend-tick">
              {fmt(p.at)}
            </text>
          ) : null
        )}
        {shown.map((s) => (
          <g key={s} data-state={s}>
            <polyline fill="none" stroke={color(s)} strokeWidth={broken.has(s) ? 2.5 : 1.5} points={points.map((p, i) => `${x(i)},${y(p.byState[s] ?? 0)}`).join(' ')} />
            {points.map((p, i) => (
              <circle key={i} cx={x(i)} cy={y(p.byState[s] ?? 0)} r={3} fill={color(s)}>
                <title>{`${s}: ${(p.byState[s] ?? 0).toLocaleString()} at ${new Date(p.at).toLocaleString()}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <div className="trend-legend" role="group" aria-label="Show or hide a state">
        <span className="hint">Click a state to hide or show it:</span>
        {present.map((s) => (
          <button
            key={s}
            type="button"
            className={`trend-key${hidden.has(s) ? ' off' : ''}`}
            aria-pressed={!hidden.has(s)}
            onClick={() => {
              const next = new Set(hidden)
              if (next.has(s)) next.delete(s)
              else next.add(s)
              setHidden(next)
            }}
          >
            <span className="swatch" style={{ background: color(s) }} /> {s.replace(/_/g, ' ')} <strong>{(points[points.length - 1]?.byState[s] ?? 0).toLocaleString()}</strong>
          </button>
        ))}
      </div>
    </div>
  )
}
