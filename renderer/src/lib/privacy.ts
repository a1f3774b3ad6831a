/**
 * Privacy mode, for screen sharing: end-user identifiers and e-mails are masked everywhere they are
 * shown (text and attributes). Keeps the first two and last two characters so rows stay tellable apart.
 */
export function maskId(id: string, on: boolean): string {
  if (!on) return id
  if (id.length <= 4) return '••••'
  return `${id.slice(0, 2)}${'•'.repeat(Math.min(8, id.length - 4))}${id.slice(-2)}`
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g

/** Masks e-mail addresses inside free text (raw errors, timeline details). */
export function maskText(text: string, on: boolean, ids: readonly string[] = []): string {
  if (!on) return text
  let out = text.replace(EMAIL, (m) => maskId(m, true))
  for (const id of ids) if (id) out = out.split(id).join(maskId(id, true))
  return out
}
