/**
 * Redaction for anything a vendor sends back before it is kept (error detail view) or logged:
 * token-looking JSON fields, auth header values, OAuth query/form parameters, and any literal secret given.
 */
const JSON_FIELDS = /("(?:accountToken|profileToken|refreshToken|refresh_token|access_token|id_token|code|clientSecret|client_secret|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi
const HEADER_VALUES = /\b(account|profile|bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi
const QUERY_PARAMS = /\b(code|access_token|refresh_token|client_secret|id_token|token)=([^&\s"']+)/gi
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g

export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text
  for (const s of extraSecrets) if (s && s.length >= 4) out = out.split(s).join('[REDACTED]')
  return out
    .replace(JSON_FIELDS, '$1"[REDACTED]"')
    .replace(HEADER_VALUES, '$1 [REDACTED]')
    .replace(QUERY_PARAMS, '$1=[REDACTED]')
    .replace(JWT, '[REDACTED]')
}
