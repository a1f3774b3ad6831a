/**
 * The renderer's Content Security Policy: only our own origin, no eval, no inline script, no remote
 * origins. Served as a header by the bridge and by the Electron session, and mirrored in
 * renderer/index.html (a test keeps the two equal).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'"
].join('; ')

/** Only https links may leave the app, and only through the OS browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const u = new URL(raw)
    return u.protocol === 'https:' && !u.username && !u.password
  } catch {
    return false
  }
}
