import { createSahhaClient, type SahhaClientOptions } from '../sahha/client'
import { createPacer, type Pacer, type PacerOptions } from './scan-pacer'
import { BIOMARKER_QUERY, SCORE_TYPES } from './documented-check'
import type { ScanPort } from './documented-scan'

/**
 * The scan's own Sahha client for one tenant: the same documented client, with its fetch behind the scan's
 * pacer (per-tenant concurrency, Retry-After, slow-down) so a scan never starves the tenant's interactive calls.
 */
export function createTierClient(opts: SahhaClientOptions & { concurrency: number; pacer?: Omit<PacerOptions, 'max'> }): { port: ScanPort; pacer: Pacer; client: ReturnType<typeof createSahhaClient> } {
  const pacer = createPacer({ ...opts.pacer, max: opts.concurrency })
  const client = createSahhaClient({ ...opts, http: { concurrency: 32, ...opts.http, gate: pacer } })
  return { port: tierPortOf(client), pacer, client }
}

export function tierPortOf(client: ReturnType<typeof createSahhaClient>): ScanPort {
  const d = client.documented
  return {
    integrations: (id, signal) => d.profileIntegrationsAnswer(id, signal),
    biomarkers: (id, window, signal) => d.biomarkers(id, { ...BIOMARKER_QUERY, window }, signal),
    scores: (id, window, signal) => d.scores(id, { types: SCORE_TYPES, window }, signal),
    profile: (id, signal) => d.getProfile(id, signal),
    async search(page, pageSize, signal) {
      const r = await d.searchProfiles({ page, pageSize }, signal)
      return { ids: r.items.map((p) => p.externalId), totalCount: r.totalCount ?? null }
    }
  }
}
