import { formatClock, formatCount, formatShortClock } from '../../../renderer/src/lib/formats'
import { asOfLabel } from '../../../renderer/src/features/connections/ConnectionsView'

describe('cached formatters', () => {
  it("say exactly what the platform's toLocaleString / toLocaleTimeString say", () => {
    for (const n of [0, 7, 999, 1000, 99_900, 1_000_000, 1234567.5, -42]) expect(formatCount(n)).toBe(n.toLocaleString())
    for (const iso of ['2026-12-02T03:12:00.000Z', '2026-12-02T15:04:59.999Z', '2026-01-01T00:00:00.000Z']) {
      const d = new Date(iso)
      expect(formatClock(d)).toBe(d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false }))
      expect(formatShortClock(d)).toBe(d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))
    }
  })

  it('the Connections screen\'s "as of" label keeps its 24-hour clock', () => {
    const at = '2026-12-02T03:12:00.000Z'
    const hhmm = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false })
    expect(asOfLabel(at, Date.parse(at) + 7 * 3_600_000)).toBe(`as of ${hhmm}, 7 hr. ago`)
  })
})
