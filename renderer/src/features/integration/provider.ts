import type { IntegrationConfigModel, IntegrationEditModel } from '../../../../preload/contract/models'
import { PROVIDERS, type ProviderDef } from '../../../../preload/contract/rules/providers'
import { matchRedirectUrl, validateWhitelist } from '../../../../preload/contract/rules/redirect-url'
import { checkScopes, newIntegrationDraft, type ScopeIssue } from '../../../../preload/contract/rules/scopes'
import { configToEdit as sharedConfigToEdit, diffIntegration, resolveMerge, threeWayMerge, type MergeConflict } from '../../../../preload/contract/rules/integration-diff'

export type { ProviderDef, ScopeIssue, MergeConflict }

/** The editor's view of the shared rules: the same functions main runs before it saves. */
export const getProvider = (slug: ProviderDef['slug']): ProviderDef => PROVIDERS[slug]

export const checkScopeEdit = (provider: ProviderDef['slug'], edit: IntegrationEditModel) =>
  checkScopes({ provider, scopes: edit.scopes, providerAppScopes: edit.providerAppScopes })

export interface WhitelistCheck {
  errors: (string | undefined)[]
  notes: (string | undefined)[]
  listError?: string
  blocking: boolean
}

export function checkWhitelist(entries: string[]): WhitelistCheck {
  const v = validateWhitelist(entries)
  const errors: (string | undefined)[] = entries.map(() => undefined)
  let listError: string | undefined
  for (const e of v.errors) {
    if (e.index < 0) listError = e.message
    else errors[e.index] ??= e.message.replace(/^Entry \d+: /, '')
  }
  const notes = v.entries.map((r) => (r.ok ? r.note : undefined))
  return { errors, notes, listError, blocking: v.errors.length > 0 }
}

export function testRedirectUrl(entries: string[], url: string): { accepted: boolean; text: string } {
  const m = matchRedirectUrl(entries, url)
  if (!m.accepted) return { accepted: false, text: m.reason }
  return m.usedDefault
    ? { accepted: true, text: `No redirectUrl given: Sahha would use the default, entry 1 (${m.entry}).` }
    : { accepted: true, text: `Accepted: matches entry ${m.index + 1} (${m.entry})${m.index === 0 ? ', the default' : ''}.` }
}

export const newEdit = (slug: ProviderDef['slug']): IntegrationEditModel => newIntegrationDraft(slug)

export const configToEdit = (c: IntegrationConfigModel): IntegrationEditModel => sharedConfigToEdit(c)

export const describeDiff = (before: IntegrationEditModel | null, after: IntegrationEditModel): string[] =>
  diffIntegration(before, after).map((c) => c.text)

export const mergeEdits = (base: IntegrationEditModel, mine: IntegrationEditModel, theirs: IntegrationEditModel) => threeWayMerge(base, mine, theirs)

/** The edit after the operator's choices for the conflicting fields of a merge (the same function the soak runs). */
export const applyMergeChoices = (merged: IntegrationEditModel, conflicts: MergeConflict[], choices: Record<string, 'mine' | 'theirs'>): IntegrationEditModel =>
  resolveMerge(merged, conflicts, choices)
