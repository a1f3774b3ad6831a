import { useCallback, useLayoutEffect, useState, type RefObject } from 'react'

/**
 * Windowing for a list whose rows all have one height: the rows in view are arithmetic on `scrollTop`, so the cost of
 * a new row count is nothing. (A measuring virtualizer keeps one record per row and rebuilds them when the count
 * changes: at a million rows that is a 100-200 ms task on every search keystroke and filter change.)
 *
 * Returns the half-open range [first, last) of the rows to render (overscan included), the height of the whole list,
 * and `scrollToIndex`, which scrolls the least that makes a row fully visible.
 */
export function useFixedRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number
): { first: number; last: number; totalHeight: number; scrollToIndex: (index: number) => void } {
  const [view, setView] = useState({ top: 0, height: 0 })

  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const read = () => {
      setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }))
    }
    read()
    el.addEventListener('scroll', read, { passive: true })
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read)
    ro?.observe(el)
    return () => {
      el.removeEventListener('scroll', read)
      ro?.disconnect()
    }
  }, [scrollRef])

  // A shorter list (a narrower filter) can leave scrollTop past its end until the browser clamps it; clamp here too.
  const maxTop = Math.max(0, count * rowHeight - view.height)
  const top = Math.min(view.top, maxTop)
  // Before the first layout (or where there is none, as in jsdom) show a screenful rather than nothing.
  const height = view.height || 20 * rowHeight
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan)

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current
      if (!el) return
      const rowTop = index * rowHeight
      if (rowTop < el.scrollTop) el.scrollTop = rowTop
      else if (rowTop + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = rowTop + rowHeight - el.clientHeight
    },
    [scrollRef, rowHeight]
  )

  return { first, last: Math.max(first, last), totalHeight: count * rowHeight, scrollToIndex }
}
