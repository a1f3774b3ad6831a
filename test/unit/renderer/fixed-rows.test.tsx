import { act, render } from '@testing-library/react'
import { useRef } from 'react'
import { useFixedRows } from '../../../renderer/src/lib/use-fixed-rows'

// Issue I: the Connections table's window is arithmetic on scrollTop, so a million rows cost what twenty do, and the
// rows it renders are the ones the operator sees (plus overscan), wherever the list is scrolled.
const ROW = 30
let api: ReturnType<typeof useFixedRows> | null = null
let el: HTMLDivElement | null = null

function List({ count }: { count: number }) {
  const ref = useRef<HTMLDivElement>(null)
  api = useFixedRows(ref, count, ROW, 2)
  return (
    <div
      ref={(node) => {
        ref.current = node
        if (node) {
          el = node
          Object.defineProperty(node, 'clientHeight', { configurable: true, value: 300 })
        }
      }}
    />
  )
}

const scrollTo = (top: number) =>
  act(() => {
    el!.scrollTop = top
    el!.dispatchEvent(new Event('scroll'))
  })

describe('useFixedRows', () => {
  it('renders the rows in view plus overscan, at the top, the middle and the end of a million rows', () => {
    render(<List count={1_000_000} />)
    expect(api).toMatchObject({ first: 0, last: 12, totalHeight: 30_000_000 })
    scrollTo(15_000_000)
    expect(api).toMatchObject({ first: 499_998, last: 500_012 })
    scrollTo(30_000_000 - 300)
    expect(api).toMatchObject({ first: 999_988, last: 1_000_000 })
  })

  it('clamps a scroll position past the end of a list that just got shorter', () => {
    const { rerender } = render(<List count={1_000_000} />)
    scrollTo(15_000_000)
    rerender(<List count={25} />)
    // 25 rows of 30 px in a 300 px viewport: the last screenful, rows 15-24, plus 2 of overscan before it.
    expect(api).toMatchObject({ first: 13, last: 25, totalHeight: 750 })
  })

  it('scrollToIndex scrolls the least that shows the row whole: down to put it at the bottom, up to put it at the top', () => {
    render(<List count={1_000} />)
    act(() => api!.scrollToIndex(100))
    expect(el!.scrollTop).toBe(101 * ROW - 300)
    act(() => api!.scrollToIndex(95))
    expect(el!.scrollTop).toBe(101 * ROW - 300) // already in view: no move
    act(() => api!.scrollToIndex(3))
    expect(el!.scrollTop).toBe(3 * ROW)
  })
})
