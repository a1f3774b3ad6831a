import { PROVIDERS, type ProviderDef } from './providers'

export type ScopeIssueCode = 'SCOPE_NOT_ON_PROVIDER_APP' | 'UNKNOWN_SCOPE' | 'DUPLICATE_SCOPE' | 'NO_SCOPES' | 'PROVIDER_APP_SCOPES_UNKNOWN'

export interface ScopeIssue {
  readonly code: ScopeIssueCode
  readonly scopes: string[]
  readonly message: string
  readonly blocking: boolean
}

const HINTS: Record<string, string> = {
  activity: '"activity" is not an Oura scope: daily activity comes with "daily".',
  spo2daily: '"spo2Daily" appears only in Oura\'s OpenAPI; Sahha and working clients use "spo2".'
}

/**
 * The seed's "Match your scopes": a scope Sahha requests that is not enabled on the provider app
 * fails every user's OAuth flow. Sahha's server accepts such a save; this app blocks it.
 */
export function checkScopes(input: { provider: ProviderDef['slug']; scopes: readonly string[]; providerAppScopes: readonly string[] | null }): {
  issues: ScopeIssue[]
  blocking: boolean
} {
  const def = PROVIDERS[input.provider]
  const known = new Set(def.scopes.map((s) => s.name))
  const issues: ScopeIssue[] = []
  if (input.scopes.length === 0) {
    issues.push({ code: 'NO_SCOPES', scopes: [], blocking: true, message: `Select at least one scope: with none, ${def.displayName} would request all of them.` })
  }
  const dupes = input.scopes.filter((s, i) => input.scopes.indexOf(s) !== i)
  if (dupes.length) issues.push({ code: 'DUPLICATE_SCOPE', scopes: [...new Set(dupes)], blocking: true, message: `Scope listed twice: ${[...new Set(dupes)].join(', ')}.` })
  const unknown = [...new Set(input.scopes.filter((s) => !known.has(s)))]
  if (unknown.length) {
    const hint = unknown.map((u) => HINTS[u.toLowerCase()]).filter(Boolean).join(' ')
    issues.push({
      code: 'UNKNOWN_SCOPE',
      scopes: unknown,
      blocking: true,
      message: `Not ${def.displayName} scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Use only the ${known.size} listed scopes.${hint ? ` ${hint}` : ''}`
    })
  }
  if (input.providerAppScopes === null) {
    issues.push({
      code: 'PROVIDER_APP_SCOPES_UNKNOWN',
      scopes: [],
      blocking: false,
      message: `Record which scopes are enabled on the ${def.displayName} app, so a mismatch can be caught before users hit it.`
    })
  } else {
    const enabled = new Set(input.providerAppScopes)
    const missing = [...new Set(input.scopes.filter((s) => known.has(s) && !enabled.has(s)))]
    if (missing.length) {
      issues.push({
        code: 'SCOPE_NOT_ON_PROVIDER_APP',
        scopes: missing,
        blocking: true,
        message: `Selected in Sahha but not enabled on your ${def.displayName} app: ${missing.join(', ')}. A scope selected in Sahha but not enabled on the app fails the OAuth flow for every user ("Match your scopes"). Deselect ${missing.length > 1 ? 'them' : 'it'} here, or enable ${missing.length > 1 ? 'them' : 'it'} on the ${def.displayName} app and tick it under "Enabled on ${def.displayName} app".`
      })
    }
  }
  return { issues, blocking: issues.some((i) => i.blocking) }
}

/** A new integration starts as Sahha's does: all scopes selected. Nothing is recorded for the provider app yet, so the mismatch shows at once. */
export function newIntegrationDraft(provider: ProviderDef['slug']) {
  return {
    enabled: true,
    clientId: '',
    scopes: [...PROVIDERS[provider].defaultScopes],
    providerAppScopes: [] as string[],
    redirectUrlWhitelist: [] as string[]
  }
}
