/**
 * Numbers and clock times in the operator's locale, through one Intl formatter each. `n.toLocaleString()` and
 * `d.toLocaleTimeString([], opts)` build a new formatter on every call: a renderer CPU profile of 200 keystrokes in
 * the Connections search had the "as of 03:12" label alone at 0.5 s of script time, the view's counts close behind.
 * Same output as those calls (same locale, same options).
 */
const numberFormat = new Intl.NumberFormat()
const clockFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', hour12: false })
const shortClockFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' })

/** 1234567 → "1,234,567" (as `n.toLocaleString()`). */
export const formatCount = (n: number): string => numberFormat.format(n)
/** "03:12", 24-hour (as `d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false })`). */
export const formatClock = (d: Date): string => clockFormat.format(d)
/** "03:12" or "3:12 AM", the locale's own clock (as `d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })`). */
export const formatShortClock = (d: Date): string => shortClockFormat.format(d)
