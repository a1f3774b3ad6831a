/** Token-looking strings that must never be in an incident bundle. */
const TOKEN_PATTERNS: RegExp[] = [
  /\b(?:account|profile|bearer)\s+[A-Za-z0-9._~+/=-]{16,}/i,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}/,
  /"(?:access_token|refresh_token|client_secret|clientSecret|accountToken|profileToken|refreshToken)"\s*:\s*"(?!\[REDACTED\])[^"]{6,}"/i,
  /\b(?:access_token|refresh_token|client_secret|code)=(?!\[REDACTED\])[A-Za-z0-9._~-]{8,}/i,
  /\b(?:acct|prof|prefresh|oa|or|code)_[A-Za-z0-9_-]{20,}/
]

export function findSecrets(text: string): string[] {
  return TOKEN_PATTERNS.filter((re) => re.test(text)).map((re) => re.source.slice(0, 40))
}
