const formats = new Map<string, Intl.RelativeTimeFormat>()

/**
 * "5 min. ago", "2 hr. ago", "3 days ago": the one relative-time helper, through
 * Intl.RelativeTimeFormat (so plurals and the operator's locale are the platform's, not ours).
 * Under a minute is "just now"; minutes up to an hour, hours up to two days, then days.
 * Null (never happened) is "—".
 */
export function timeAgo(iso: string | null, opts: { now?: number; locale?: string } = {}): string {
  if (!iso) return '—'
  const ms = (opts.now ?? Date.now()) - Date.parse(iso)
  if (!Number.isFinite(ms)) return '—'
  const minutes = Math.round(ms / 60_000)
  if (Math.abs(minutes) < 1) return 'just now'
  const locale = opts.locale ?? 'en'
  let rtf = formats.get(locale)
  if (!rtf) formats.set(locale, (rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'short' })))
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (Math.abs(hours) < 48) return rtf.format(-hours, 'hour')
  return rtf.format(-Math.round(hours / 24), 'day')
}
