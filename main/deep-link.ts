/**
 * Deep links: `sahha-admin://tenant/<tenantId>` and `sahha-admin://tenant/<tenantId>/connection/<externalId>`.
 * Anything else is refused: a link comes from outside the app and is untrusted input.
 */
export const DEEP_LINK_SCHEME = 'sahha-admin'

export type DeepLink = { tenantId: string; externalId?: string }

const TENANT_ID = /^t_[a-z0-9]{6,32}$/

export function parseDeepLink(raw: string): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > 400) return null
  const prefix = `${DEEP_LINK_SCHEME}://`
  if (!raw.startsWith(prefix)) return null
  const rest = raw.slice(prefix.length)
  if (/[?#\s\\]/.test(rest)) return null
  const parts = rest.replace(/\/$/, '').split('/')
  if (parts[0] !== 'tenant' || !TENANT_ID.test(parts[1] ?? '')) return null
  if (parts.length === 2) return { tenantId: parts[1]! }
  if (parts.length !== 4 || parts[2] !== 'connection') return null
  let externalId: string
  try {
    externalId = decodeURIComponent(parts[3]!)
  } catch {
    return null
  }
  // eslint-disable-next-line no-control-regex
  if (externalId.length === 0 || externalId.length > 100 || /[\u0000-\u001f\u007f]/.test(externalId)) return null
  return { tenantId: parts[1]!, externalId }
}

/** The first deep link among a process's arguments (how a second instance or the OS passes it on). */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const a of argv) {
    const link = parseDeepLink(a)
    if (link) return link
  }
  return null
}
