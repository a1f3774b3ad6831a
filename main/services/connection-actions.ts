import type { ConnectionDetailModel, ConnectionState, ConnectionSummaryModel, Diagnosis, ProviderSlug } from '../../preload/contract/models'
import { diagnose, diagnoseIntegration } from '../../preload/contract/diagnosis/engine'
import { matchRedirectUrl } from '../../preload/contract/rules/redirect-url'
import { AppFailure, appError } from '../errors'
import type { Logger } from '../log'
import type { AuditLog } from '../storage/audit-log'
import type { TenantRecord as Tenant } from '../storage/settings'
import type { ConnectionsService } from './connections'
import { requireTypedConfirmation } from './confirmation'
import { settleCancellable, type Operations } from './operations'
import type { Subjects } from './subjects'

type RawDetail = Omit<ConnectionDetailModel, 'diagnosis'>

/** The slice of the Sahha client these actions need. */
export interface ConnectionActionsPort {
  summary(provider: string, signal?: AbortSignal): Promise<ConnectionSummaryModel>
  detail(provider: string, externalId: string, signal?: AbortSignal): Promise<RawDetail>
  integration(provider: string, signal?: AbortSignal): Promise<{ scopes: string[]; redirectUrlWhitelist: string[]; updatedAt?: string | null } | null>
  /** The profile token of an end user, registering the profile when it does not exist yet. Never leaves main. */
  profileToken(externalId: string, signal?: AbortSignal): Promise<{ profileToken: string; created: boolean }>
  authorize(provider: string, profileToken: string, redirectUrl: string | undefined, signal?: AbortSignal): Promise<{ authorizationUrl: string }>
  disconnect(provider: string, externalId: string, signal?: AbortSignal): Promise<{ state: string; revokedAtProvider: boolean }>
  webhookStatus(provider: string, signal?: AbortSignal): Promise<{
    managedBy: string
    lastEventAt: string | null
    subscriptions: { dataType: string; eventType: string; expiresAt: string | null; status: string }[]
  }>
  /** Runs calls under the tenant's concurrency limit. */
  limit<T>(fn: () => Promise<T>): Promise<T>
}

export function createConnectionActions(deps: {
  port: (tenant: Tenant) => Promise<ConnectionActionsPort>
  /** Whether the tenant's host serves the admin API (issue H); absent: never call an invented route. */
  adminApi?: (tenantId: string) => Promise<'present' | 'absent' | 'unknown'>
  store: Pick<ConnectionsService, 'updateRow'>
  operations: Operations
  audit: AuditLog
  subjects: Subjects
  log: Logger
  now?: () => Date
}) {
  const now = () => deps.now?.() ?? new Date()
  /**
   * When this app last issued a link per user (since it started). A link is not a state change: the
   * row keeps Sahha's state and shows "link sent at …" beside it until the user completes consent.
   */
  const linksSent = new Map<string, Map<string, string>>()
  const noteLinkSent = (tenantId: string, externalIds: readonly string[]) => {
    const at = now().toISOString()
    let m = linksSent.get(tenantId)
    if (!m) linksSent.set(tenantId, (m = new Map<string, string>()))
    for (const id of externalIds) m.set(id, at)
  }
  return {
    async summary(tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal) {
      return (await deps.port(tenant)).summary(provider, signal)
    },

    async detail(tenant: Tenant, provider: ProviderSlug, externalId: string, signal?: AbortSignal): Promise<ConnectionDetailModel> {
      const port = await deps.port(tenant)
      const [raw, integration] = await Promise.all([port.detail(provider, externalId, signal), port.integration(provider, signal).catch(() => null)])
      const d = diagnose({
        ...raw,
        integrationScopes: integration?.scopes,
        integrationChangedAt: integration?.updatedAt ?? undefined,
        now: now()
      })
      const diagnosis: Diagnosis = {
        id: d.id,
        title: d.title,
        cause: d.cause,
        confirm: d.confirm,
        remedy: d.remedy,
        action: d.action,
        state: d.state,
        evidence: d.evidence
      }
      return { ...raw, diagnosis }
    },

    async connect(tenant: Tenant, provider: ProviderSlug, externalId: string, redirectUrl: string | undefined, signal?: AbortSignal) {
      const port = await deps.port(tenant)
      // Without the admin API the whitelist cannot be read (sahha-api.md §7.3): Sahha's authorize call itself
      // refuses a URL that is not on it (400, origin redirectUrl), and that answer is shown as received.
      const absent = (await deps.adminApi?.(tenant.id)) === 'absent'
      const integration = absent
        ? ('unreadable' as const)
        : await port.integration(provider, signal).catch((e: unknown) => {
            if (e instanceof AppFailure && e.code === 'SAHHA_NOT_AVAILABLE') return 'unreadable' as const
            throw e
          })
      if (!integration) {
        throw appError('NOT_FOUND', `The ${provider} integration is not configured for this tenant.`, { remedy: 'Create it on the integration tab first.', retryable: false })
      }
      const wanted = redirectUrl?.trim() || undefined
      let redirectUrlUsed: string | null = wanted ?? null
      if (integration !== 'unreadable') {
        const match = matchRedirectUrl(integration.redirectUrlWhitelist, wanted)
        if (!match.accepted) {
          throw appError('VALIDATION', match.reason, { field: 'redirectUrl', remedy: 'Pick a whitelisted URL, or leave it empty to use the default (first entry).', retryable: false })
        }
        redirectUrlUsed = match.entry
      }
      const { profileToken, created } = await port.profileToken(externalId, signal)
      const { authorizationUrl } = await port.authorize(provider, profileToken, wanted, signal)
      noteLinkSent(tenant.id, [externalId])
      await deps.audit.append({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'connection.link',
        summary: `${provider} connect link generated for one user${created ? ' (profile registered)' : ''}`,
        subjects: [await deps.subjects.ref(externalId)]
      })
      return { authorizationUrl, redirectUrlUsed, profileCreated: created }
    },

    async disconnect(tenant: Tenant, provider: ProviderSlug, externalId: string, confirmText: string | undefined, signal?: AbortSignal) {
      requireTypedConfirmation({ environment: tenant.environment, typed: confirmText, expected: externalId, what: 'the disconnect', field: 'confirmText' })
      const r = await (await deps.port(tenant)).disconnect(provider, externalId, signal)
      await deps.store.updateRow(tenant.id, externalId, r.state)
      await deps.audit.append({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'connection.disconnect',
        summary: `${provider} connection of one user disconnected (token ${r.revokedAtProvider ? 'revoked' : 'NOT revoked'} at the provider)`,
        subjects: [await deps.subjects.ref(externalId)]
      })
      return { state: r.state as ConnectionState, revokedAtProvider: r.revokedAtProvider }
    },

    async reconnectLinks(
      tenant: Tenant,
      input: { provider: ProviderSlug; operationId: string; externalIds: string[]; redirectUrl?: string },
      signal?: AbortSignal
    ) {
      const port = await deps.port(tenant)
      const ids = [...new Set(input.externalIds)]
      const links: { externalId: string; authorizationUrl: string | null; error: string | null }[] = []
      const op = deps.operations.run(
        'connections.reconnectLinks',
        async (opSignal, progress) => {
          let done = 0
          await Promise.all(
            ids.map((externalId) =>
              port.limit(async () => {
                if (opSignal.aborted) return
                try {
                  const { profileToken } = await port.profileToken(externalId, opSignal)
                  const { authorizationUrl } = await port.authorize(input.provider, profileToken, input.redirectUrl, opSignal)
                  links.push({ externalId, authorizationUrl, error: null })
                } catch (e) {
                  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal may abort during the awaits above
                  if (opSignal.aborted) return
                  links.push({ externalId, authorizationUrl: null, error: e instanceof AppFailure ? e.appError.message : 'failed' })
                }
                progress(++done, ids.length)
              })
            )
          )
        },
        { operationId: input.operationId, parentSignal: signal }
      )
      const cancelled = await settleCancellable(op.done)
      links.sort((a, b) => a.externalId.localeCompare(b.externalId))
      const sent = links.filter((l) => l.authorizationUrl).map((l) => l.externalId)
      noteLinkSent(tenant.id, sent)
      await deps.audit.append({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'connection.reconnectLinks',
        summary: `${sent.length} reconnect link(s) generated for ${ids.length} user(s)${cancelled ? ' (cancelled)' : ''}`,
        subjects: await Promise.all(sent.map((id) => deps.subjects.ref(id)))
      })
      return { operationId: op.operationId, links, cancelled }
    },

    /** Links this app generated since it started, by externalId (ISO time of the latest). */
    linksSent(tenantId: string): Record<string, string> {
      return Object.fromEntries(linksSent.get(tenantId) ?? [])
    },

    /** An incident bundle is about to be saved: audit it, and give the salted reference that stands for the user in it. */
    async bundleExported(tenant: Tenant, externalId: string, includeIds: boolean): Promise<{ subject: string }> {
      const subject = await deps.subjects.ref(externalId)
      await deps.audit.append({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'connection.incidentBundle',
        summary: `Incident bundle exported for one user (${includeIds ? 'with end-user identifiers in clear' : 'identifiers hashed with this install\'s salt'})`,
        subjects: [subject]
      })
      return { subject }
    },

    async webhookStatus(tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal) {
      const w = await (await deps.port(tenant)).webhookStatus(provider, signal)
      const d = diagnoseIntegration({ webhookStatus: w, now: now() })
      return { ...w, stale: d !== null, diagnosis: d ? `${d.title}: ${d.remedy}` : null }
    }
  }
}
export type ConnectionActions = ReturnType<typeof createConnectionActions>
