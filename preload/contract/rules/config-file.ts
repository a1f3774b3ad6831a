import { z } from 'zod'
import { PROVIDERS } from './providers'
import { validateWhitelist } from './redirect-url'
import { checkScopes } from './scopes'
import type { IntegrationEdit } from './integration-diff'
import { SECRET_PLACEHOLDER } from '../secret-patterns'

/**
 * A tenant's integration configuration as a file: what can be copied between tenants and
 * environments. Never a secret: each client secret is listed as "to be entered".
 */
export const CONFIG_FILE_KIND = 'sahha-integrations-admin/integration-config'

export interface ConfigFile {
  kind: typeof CONFIG_FILE_KIND
  version: 1
  exportedAt: string
  source: { tenant: string; environment: string }
  integrations: (IntegrationEdit & { provider: string; clientSecret: typeof SECRET_PLACEHOLDER })[]
}

export function buildConfigFile(source: ConfigFile['source'], integrations: (IntegrationEdit & { provider: string })[], now = new Date()): ConfigFile {
  return {
    kind: CONFIG_FILE_KIND,
    version: 1,
    exportedAt: now.toISOString(),
    source,
    integrations: integrations.map((i) => ({
      provider: i.provider,
      enabled: i.enabled,
      clientId: i.clientId,
      scopes: [...i.scopes],
      providerAppScopes: i.providerAppScopes ? [...i.providerAppScopes] : null,
      redirectUrlWhitelist: [...i.redirectUrlWhitelist],
      clientSecret: SECRET_PLACEHOLDER
    }))
  }
}

const Entry = z.object({
  provider: z.string(),
  enabled: z.boolean(),
  clientId: z.string().trim().min(1, 'clientId is empty.').max(300),
  scopes: z.array(z.string()).max(40),
  providerAppScopes: z.array(z.string()).max(40).nullable(),
  redirectUrlWhitelist: z.array(z.string().max(2048)).max(50),
  clientSecret: z.string().optional()
})
const File = z.object({ kind: z.literal(CONFIG_FILE_KIND), version: z.literal(1), exportedAt: z.string().optional(), source: z.unknown().optional(), integrations: z.array(Entry).min(1).max(10) })

export type ImportResult =
  | { ok: true; integrations: (IntegrationEdit & { provider: 'oura' | 'garmin' | 'whoop' })[]; warnings: string[] }
  | { ok: false; errors: { field: string; message: string }[] }

/** Parses and validates an imported file with an error per field; a secret inside the file is refused, never used. */
export function parseConfigFile(text: string): ImportResult {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, errors: [{ field: '(file)', message: 'This is not a JSON file. Choose a file exported by Sahha Integrations Admin.' }] }
  }
  const parsed = File.safeParse(raw)
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.slice(0, 20).map((i) => ({
        field: i.path.map(String).join('.') || '(file)',
        message: i.path[0] === 'kind' || i.path[0] === 'version' ? 'Not a Sahha Integrations Admin config file (or a newer version of one).' : i.message
      }))
    }
  }
  const errors: { field: string; message: string }[] = []
  const warnings: string[] = []
  const seen = new Set<string>()
  const out: (IntegrationEdit & { provider: 'oura' | 'garmin' | 'whoop' })[] = []
  parsed.data.integrations.forEach((e, i) => {
    const at = `integrations.${i}`
    if (!(e.provider in PROVIDERS) || !PROVIDERS[e.provider as keyof typeof PROVIDERS].available) {
      errors.push({ field: `${at}.provider`, message: `Provider "${e.provider}" is not supported by this app yet.` })
      return
    }
    if (seen.has(e.provider)) errors.push({ field: `${at}.provider`, message: `${e.provider} appears twice in the file.` })
    seen.add(e.provider)
    if (e.clientSecret !== undefined && e.clientSecret !== SECRET_PLACEHOLDER) {
      errors.push({ field: `${at}.clientSecret`, message: 'The file contains a client secret. Secrets never travel in config files: remove it, and enter it in the app instead.' })
    }
    const sc = checkScopes({ provider: e.provider as 'oura', scopes: e.scopes, providerAppScopes: e.providerAppScopes })
    for (const issue of sc.issues) {
      if (issue.blocking && issue.code !== 'SCOPE_NOT_ON_PROVIDER_APP') errors.push({ field: `${at}.scopes`, message: issue.message })
      else warnings.push(`${e.provider}: ${issue.message}`)
    }
    for (const w of validateWhitelist(e.redirectUrlWhitelist).errors) {
      errors.push({ field: w.index < 0 ? `${at}.redirectUrlWhitelist` : `${at}.redirectUrlWhitelist.${w.index}`, message: w.message })
    }
    out.push({
      provider: e.provider as 'oura',
      enabled: e.enabled,
      clientId: e.clientId,
      scopes: e.scopes,
      providerAppScopes: e.providerAppScopes,
      redirectUrlWhitelist: e.redirectUrlWhitelist
    })
  })
  return errors.length ? { ok: false, errors } : { ok: true, integrations: out, warnings }
}
