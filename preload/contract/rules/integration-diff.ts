/** What the operator edits of an integration (sahha-api.md §5.1 writable fields; never the secret). */
export interface IntegrationEdit {
  enabled: boolean
  clientId: string
  scopes: string[]
  providerAppScopes: string[] | null
  redirectUrlWhitelist: string[]
}

/** The editable part of a stored integration (sahha-api.md §5.1), copied so an edit never aliases the stored lists. */
export function configToEdit(c: IntegrationEdit): IntegrationEdit {
  return {
    enabled: c.enabled,
    clientId: c.clientId,
    scopes: [...c.scopes],
    providerAppScopes: c.providerAppScopes ? [...c.providerAppScopes] : null,
    redirectUrlWhitelist: [...c.redirectUrlWhitelist]
  }
}

export interface Change {
  readonly field: keyof IntegrationEdit
  readonly kind: 'added' | 'removed' | 'changed' | 'reordered'
  readonly text: string
}

const setDiff = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x))

/** Human-readable changes from `before` (null: a new integration) to `after`, for the review and the audit log. */
export function diffIntegration(before: IntegrationEdit | null, after: IntegrationEdit): Change[] {
  const out: Change[] = []
  if (!before) {
    out.push({ field: 'clientId', kind: 'added', text: `New integration with client ID ${after.clientId}` })
    out.push({ field: 'scopes', kind: 'added', text: `Scopes: ${after.scopes.join(', ') || '(none)'}` })
    out.push({ field: 'redirectUrlWhitelist', kind: 'added', text: `Whitelist: ${after.redirectUrlWhitelist.join(', ') || '(empty)'}` })
    return out
  }
  if (before.enabled !== after.enabled) out.push({ field: 'enabled', kind: 'changed', text: after.enabled ? 'Integration enabled' : 'Integration disabled' })
  if (before.clientId !== after.clientId) out.push({ field: 'clientId', kind: 'changed', text: `Client ID changed from ${before.clientId} to ${after.clientId}` })
  for (const s of setDiff(after.scopes, before.scopes)) out.push({ field: 'scopes', kind: 'added', text: `Scope added: ${s}` })
  for (const s of setDiff(before.scopes, after.scopes)) out.push({ field: 'scopes', kind: 'removed', text: `Scope removed: ${s}` })
  const bApp = before.providerAppScopes ?? []
  const aApp = after.providerAppScopes ?? []
  for (const s of setDiff(aApp, bApp)) out.push({ field: 'providerAppScopes', kind: 'added', text: `Recorded as enabled on the provider app: ${s}` })
  for (const s of setDiff(bApp, aApp)) out.push({ field: 'providerAppScopes', kind: 'removed', text: `No longer recorded as enabled on the provider app: ${s}` })
  const bw = before.redirectUrlWhitelist
  const aw = after.redirectUrlWhitelist
  for (const u of setDiff(aw, bw)) out.push({ field: 'redirectUrlWhitelist', kind: 'added', text: `Whitelist entry added: ${u}` })
  for (const u of setDiff(bw, aw)) out.push({ field: 'redirectUrlWhitelist', kind: 'removed', text: `Whitelist entry removed: ${u}` })
  if (bw[0] !== undefined && aw[0] !== undefined && bw[0] !== aw[0]) {
    out.push({ field: 'redirectUrlWhitelist', kind: 'changed', text: `Default redirect changed from ${bw[0]} to ${aw[0]}` })
  }
  const common = aw.filter((u) => bw.includes(u))
  const commonBefore = bw.filter((u) => aw.includes(u))
  if (common.join('\n') !== commonBefore.join('\n')) {
    common.forEach((u, i) => {
      const was = commonBefore.indexOf(u)
      if (was !== i) out.push({ field: 'redirectUrlWhitelist', kind: 'reordered', text: `Whitelist entry ${u} moved from position ${was + 1} to ${i + 1}` })
    })
  }
  return out
}

export interface MergeConflict {
  readonly field: keyof IntegrationEdit
  readonly base: unknown
  readonly mine: unknown
  readonly theirs: unknown
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Element-wise merge of two edits of a set: keep their additions and removals and mine, in base order. */
function mergeSet(base: readonly string[], mine: readonly string[], theirs: readonly string[]): string[] {
  const removed = new Set([...setDiff(base, mine), ...setDiff(base, theirs)])
  const result = base.filter((s) => !removed.has(s))
  for (const s of [...setDiff(theirs, base), ...setDiff(mine, base)]) if (!result.includes(s)) result.push(s)
  return result
}

/**
 * Three-way merge for a stale save (409): a field only they changed is taken from theirs, a field only I
 * changed stays mine, a field both changed the same way is taken, and a field both changed differently
 * is a conflict for the operator. Scope sets merge element by element, so two different additions both land.
 */
export function threeWayMerge(base: IntegrationEdit, mine: IntegrationEdit, theirs: IntegrationEdit): {
  merged: IntegrationEdit
  conflicts: MergeConflict[]
  autoMerged: string[]
} {
  const merged = { ...base }
  const conflicts: MergeConflict[] = []
  const autoMerged: string[] = []
  const fields = Object.keys(base) as (keyof IntegrationEdit)[]
  for (const field of fields) {
    const b = base[field]
    const m = mine[field]
    const t = theirs[field]
    const mineChanged = !same(b, m)
    const theirsChanged = !same(b, t)
    let value: unknown
    if (!mineChanged && !theirsChanged) value = b
    else if (mineChanged && !theirsChanged) value = m
    else if (!mineChanged && theirsChanged) {
      value = t
      autoMerged.push(`Their change to ${field} was kept`)
    } else if (same(m, t)) value = m
    else if ((field === 'scopes' || field === 'providerAppScopes') && Array.isArray(m) && Array.isArray(t)) {
      value = mergeSet(Array.isArray(b) ? b : [], m, t)
      autoMerged.push(`${field}: both sets of changes combined`)
    } else {
      conflicts.push({ field, base: b, mine: m, theirs: t })
      value = m
    }
    ;(merged as unknown as Record<string, unknown>)[field] = value
  }
  return { merged, conflicts, autoMerged }
}

/**
 * The edit a merge leaves once the operator has picked a side for each conflicting field (the editor's
 * "Review merged version"): the chosen side's whole value; a field without a choice keeps mine.
 */
export function resolveMerge(merged: IntegrationEdit, conflicts: readonly MergeConflict[], choices: Readonly<Record<string, 'mine' | 'theirs'>>): IntegrationEdit {
  const next: IntegrationEdit = { ...merged }
  for (const c of conflicts) (next as unknown as Record<string, unknown>)[c.field] = choices[c.field] === 'theirs' ? c.theirs : c.mine
  return next
}
