/**
 * The one definition of what a secret or token looks like in text. Main's logger and the Sahha
 * client redact with it, the incident bundle refuses to export what it finds, and the e2e secret
 * canary searches the suite's artifacts with it (test/canary/scan.mjs loads this file directly
 * with Node's type stripping: keep it free of imports and of TypeScript-only runtime syntax).
 */

export const REDACTED = '[REDACTED]'
/** What a configuration export writes where a client secret would go (rules/config-file.ts). */
export const SECRET_PLACEHOLDER = 'TO BE ENTERED'
/** Values that stand where a secret was: neither redacted again nor found. */
const STAND_INS = new Set([REDACTED, SECRET_PLACEHOLDER])

/**
 * A field, form/query parameter or header holds a secret when its name ends in one of these words:
 * `clientSecret`, `client_secret`, `x-client-secret`, `accountToken`, `refresh_token`, `password`,
 * `Authorization`, `x-api-key`. A name that only starts with one describes a secret without holding
 * it (`accessTokenExpiresAt`, `clientSecretSet`) and is shown to the operator.
 */
const SECRET_NAME = '[A-Za-z0-9_-]*(?:secret|token|password|authorization|api[_-]?key)'
/** Also a secret as a query or form parameter (the OAuth authorization code), but not as a JSON field, where it names an error code. */
const PARAM_ONLY = 'code'
const TOKEN_CHARS = 'A-Za-z0-9._~+/=-'

const NAME_RE = new RegExp(`^${SECRET_NAME}$`, 'i')
/** Whether a structured field (a log line's key, a header name) holds a secret by its name. */
export function isSecretFieldName(name: string): boolean {
  return NAME_RE.test(name)
}

interface SecretPattern {
  /** Named in the incident bundle's refusal and in the canary's report. */
  readonly name: string
  /** Global; group 1 is kept, group 2 is the secret. */
  readonly re: RegExp
}

/**
 * The shapes. Each keeps what names the secret (group 1) and replaces the value (group 2), so a
 * redacted text still says which field was there.
 */
const SECRET_PATTERNS: readonly SecretPattern[] = [
  // "clientSecret": "…" in a JSON body or log line.
  { name: 'json-field', re: new RegExp(`("${SECRET_NAME}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)+)(?=")`, 'gi') },
  // client_secret=…, code=… in a query string or form body; also clientSecret=… in an error message.
  { name: 'parameter', re: new RegExp(`(\\b(?:${SECRET_NAME}|${PARAM_ONLY})=)([^&\\s"'<>\\\\]+)`, 'gi') },
  // x-client-secret: … as a header line. Only hyphenated names: "refreshToken: Field required" is a
  // field error, not a header.
  { name: 'header', re: /(\b(?:[a-z0-9]+-)+(?:secret|token|key|password)\s*:\s*)([^\s"',;]+)/gi },
  // Sahha's scheme words (account, profile) and the usual ones; 16+ token characters, so prose such
  // as "profile registration" is left alone.
  { name: 'authorization-scheme', re: new RegExp(`(\\b(?:account|profile|bearer)\\s+)([${TOKEN_CHARS}]{16,})`, 'gi') },
  // Base64 of id:secret: at least 8 characters, one of them a digit, + or / (so "Basic information" is prose).
  { name: 'basic-credentials', re: /(\bbasic\s+)((?=[A-Za-z0-9+/=]{8,})[A-Za-z0-9+/]*[0-9+/][A-Za-z0-9+/=]*)/gi },
  { name: 'jwt', re: /()(\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{4,})/g },
  // The token prefixes of the Sahha and Oura simulator (and Sahha's own prefixed forms).
  { name: 'prefixed-token', re: /()(\b(?:acct|prof|prefresh|oa|or|code)_[A-Za-z0-9_-]{20,})/g }
]

/** Literal secrets shorter than this are not replaced: a 1-3 character "secret" would shred any text. */
const MIN_LITERAL = 4

/** Replaces every secret shape, and every literal given, with [REDACTED]. */
export function redactSecrets(text: string, literals: Iterable<string> = []): string {
  let out = text
  for (const s of literals) if (s && s.length >= MIN_LITERAL && out.includes(s)) out = out.split(s).join(REDACTED)
  for (const { re } of SECRET_PATTERNS) {
    out = out.replace(re, (m, keep: string, value: string) => (STAND_INS.has(value) ? m : `${keep}${REDACTED}`))
  }
  return out
}

/** The names of the shapes found in a text, stand-ins ([REDACTED], the export placeholder) excepted; [] when it is clean. */
export function findSecrets(text: string): string[] {
  const found: string[] = []
  for (const { name, re } of SECRET_PATTERNS) {
    for (const m of text.matchAll(re)) {
      if (!STAND_INS.has(m[2] ?? '')) {
        found.push(name)
        break
      }
    }
  }
  return found
}
