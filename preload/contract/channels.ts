import { z } from 'zod'
import { TIER_ROWS_MAX } from './limits'
import { CHANNEL_NAMES, type ChannelName, type EventName } from './channel-names'
import { TIER_STATES } from './diagnosis/documented-tier'
import { TierDetailModel, TierRejected, TierRowModel, TierSettingsModel, TierStatusModel } from './tier-models'
import {
  AuditEntryModel,
  ChangesModel,
  ConnectionDetailModel,
  LocalAlertsModel,
  LocalStoreSettingsInput,
  LocalStoreSettingsModel,
  StateHistoryModel,
  ConnectionFilterModel,
  ConnectionSortModel,
  ConnectionSummaryModel,
  StoredRowModel,
  SyncRecordModel,
  IntegrationConfigModel,
  OnboardingModel,
  IntegrationEditModel,
  IntegrationRef,
  IntegrationSaveInput,
  IntegrationSaveResult,
  IntegrationView,
  PreflightResult,
  ConnectionState,
  AppInfo,
  StorageFileId,
  StorageWarning,
  Tenant,
  TenantCheckResult,
  TenantCreateInput,
  TenantId,
  TenantRemoveInput,
  TenantUpdateInput,
  text,
  VerificationResult,
  WebhookHealthResult
} from './models'

/** The integration's current scope selection, which "missing scope X" and missingScopes compare with (issue K.10). */
const ScopeSelection = z.array(text().max(60)).max(50).nullable().optional()
const ConnectionQueryInput = z.object({ tenantId: TenantId, filter: ConnectionFilterModel, sort: ConnectionSortModel, currentScopes: ScopeSelection })
const ConnectionCountsModel = z.object({ byState: z.record(z.string(), z.number()), byErrorCode: z.record(z.string(), z.number()), total: z.number() })


/**
 * Every channel the renderer may call, as `domain.method`, with the schema of its input and output.
 * The preload, the IPC registration and the loopback bridge are all driven by this one map, so a
 * channel cannot exist in one transport and not the other.
 */
export const channels = {
  'app.info': { input: z.object({}), output: AppInfo },
  /** Sets one damaged local file aside (its backup stays) so the app can start it fresh. */
  'storage.resetCorrupt': {
    input: z.object({ confirm: z.literal('RESET'), file: StorageFileId }),
    output: z.object({ backupPath: z.string().optional() })
  },
  /** Starts the Demo environment over from its seed; it otherwise keeps its state across restarts. */
  'demo.reset': { input: z.object({ confirm: z.literal('RESET DEMO') }), output: z.object({ reset: z.literal(true) }) },
  'tenants.list': { input: z.object({}), output: z.array(Tenant) },
  'tenants.create': { input: TenantCreateInput, output: Tenant },
  'tenants.update': { input: TenantUpdateInput, output: Tenant },
  'tenants.remove': { input: TenantRemoveInput, output: z.object({ removed: z.literal(true), storageWarnings: z.array(StorageWarning).optional() }) },
  'tenants.check': { input: z.object({ id: TenantId }), output: TenantCheckResult },

  'integrations.get': { input: IntegrationRef, output: IntegrationView },
  'integrations.save': { input: IntegrationSaveInput, output: IntegrationSaveResult },
  /** `clientSecret`: the one typed for a new integration, tested once and never stored by preflight. */
  'integrations.preflight': {
    input: IntegrationRef.extend({ edit: IntegrationEditModel, clientSecret: text().max(500).optional() }),
    output: PreflightResult
  },
  /**
   * Verify live (sahha-api.md §7.3): reads the live integration back through Sahha's authorize call with the app's
   * verification profile, tries each whitelist candidate (the app's plus `pasted`), asks Oura. A cancellable long
   * operation; read-only beyond the test profile; audited; kept with its time.
   */
  'integrations.verifyLive': {
    input: IntegrationRef.extend({ operationId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), pasted: z.array(text().trim().max(2048)).max(20).default([]) }),
    output: VerificationResult
  },
  /** Copies the Oura client secret to the OS clipboard in main (never through the renderer); cleared after 30 s. */
  'integrations.copySecret': {
    input: IntegrationRef,
    output: z.object({ copied: z.boolean(), clearsAt: z.string().nullable(), reason: z.string().nullable() })
  },
  /** Oura's webhook subscription list read with the tenant's Oura app credentials (oura-api.md §7.1); read-only. */
  'webhooks.health': { input: IntegrationRef, output: WebhookHealthResult },
  /** How many live connections a credential change would force to reconnect. */
  'integrations.impact': {
    input: IntegrationRef,
    output: z.object({ liveConnections: z.number(), total: z.number(), byState: z.record(z.string(), z.number()) })
  },
  'integrations.replaceSecret': {
    input: IntegrationRef.extend({ clientSecret: text().trim().min(1, 'Enter the new client secret.').max(500), baseVersion: z.number(), confirmName: text().optional() }),
    output: IntegrationSaveResult
  },
  /** Two tenants' integrations side by side (sandbox vs production, or any two). Secrets only as same/different. */
  'integrations.compare': {
    input: z.object({ fromTenantId: TenantId, toTenantId: TenantId, provider: ProviderSlugField() }),
    output: z.object({
      from: IntegrationConfigModel.nullable(),
      to: IntegrationConfigModel.nullable(),
      secrets: z.enum(['same', 'different', 'unknown'])
    })
  },
  /** Applies `from`'s configuration to `to`, exactly as compared: refused if `to` changed since (expectedToVersion). */
  'integrations.promote': {
    input: z.object({
      fromTenantId: TenantId,
      toTenantId: TenantId,
      provider: ProviderSlugField(),
      expectedToVersion: z.number().nullable(),
      copySecret: z.boolean(),
      confirmName: text().optional()
    }),
    output: IntegrationSaveResult
  },
  'drafts.save': {
    input: IntegrationRef.extend({ edit: IntegrationEditModel, baseVersion: z.number().nullable() }),
    output: z.object({ savedAt: z.string() })
  },
  'drafts.discard': { input: IntegrationRef, output: z.object({ discarded: z.boolean() }) },
  'audit.list': {
    /** reveal: name the users in clear where this app knows them (the renderer asks only outside privacy mode). */
    input: z.object({ tenantId: TenantId.optional(), limit: z.number().int().min(1).max(5000).optional(), reveal: z.boolean().optional() }),
    output: z.object({ entries: z.array(AuditEntryModel), skippedLines: z.number() })
  },

  /**
   * Starts a sync of the tenant's connections into its local store; progress arrives as operations.progress.
   * 'incremental' (the default, Refresh) asks only for the users changed since the last complete sync and
   * falls back to 'full' when there is none; 'full' also drops the users the admin API no longer lists.
   */
  'connections.sync': {
    input: z.object({ tenantId: TenantId, provider: ProviderSlugField(), kind: z.enum(['full', 'incremental']).default('incremental') }),
    output: z.object({ operationId: z.string(), kind: z.enum(['full', 'incremental']) })
  },
  /** One window of the filtered, sorted rows of the last complete sync, queried in main. */
  'connections.query': {
    input: ConnectionQueryInput.extend({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }),
    output: z.object({ rows: z.array(StoredRowModel), total: z.number(), offset: z.number(), dataVersion: z.number() })
  },
  /** Counts of the last complete sync; `counts` null = nothing was ever loaded (never shown as zeros). */
  'connections.counts': {
    input: z.object({ tenantId: TenantId }),
    output: z.object({ counts: ConnectionCountsModel.nullable(), lastComplete: SyncRecordModel.nullable() })
  },
  /** The externalIds matching a filter (externalId order), at most `limit`, and how many match in all: bulk selection. */
  'connections.ids': {
    input: z.object({ tenantId: TenantId, filter: ConnectionFilterModel, currentScopes: ScopeSelection, limit: z.number().int().min(1).max(5000) }),
    output: z.object({ ids: z.array(z.string()), total: z.number(), dataVersion: z.number() })
  },
  /** The filtered, sorted rows as CSV, built in main; at most CSV_EXPORT_CAP rows (`capped` says when more matched). */
  'connections.exportCsv': {
    input: ConnectionQueryInput,
    output: z.object({ csv: z.string(), rows: z.number(), total: z.number(), capped: z.boolean() })
  },
  'connections.syncStatus': {
    input: z.object({ tenantId: TenantId }),
    output: z.object({
      running: z.object({ operationId: z.string(), kind: z.enum(['full', 'incremental']), startedAt: z.string(), loaded: z.number(), total: z.number().nullable() }).nullable(),
      lastComplete: SyncRecordModel.nullable(),
      lastAttempt: SyncRecordModel.nullable(),
      incrementalAvailable: z.boolean()
    })
  },
  /** "Clear local data": deletes every stored row and all history of this tenant (settings stay). */
  'localStore.clear': { input: z.object({ tenantId: TenantId, confirm: z.literal('CLEAR') }), output: z.object({ cleared: z.literal(true) }) },
  /** After STORAGE_CORRUPT: the damaged file stays as a backup and an empty store starts; the next sync fills it. */
  'localStore.rebuild': { input: z.object({ tenantId: TenantId }), output: z.object({ rebuilt: z.literal(true) }) },
  'connections.summary': { input: z.object({ tenantId: TenantId, provider: ProviderSlugField() }), output: ConnectionSummaryModel },
  'connections.detail': {
    input: z.object({ tenantId: TenantId, provider: ProviderSlugField(), externalId: text().min(1).max(100) }),
    output: ConnectionDetailModel
  },
  'connections.connect': {
    input: z.object({
      tenantId: TenantId,
      provider: ProviderSlugField(),
      externalId: text().trim().min(1, 'Enter the end user\'s externalId.').max(100, 'externalId is at most 100 characters.'),
      redirectUrl: text().max(2048).optional()
    }),
    output: z.object({ authorizationUrl: z.string(), redirectUrlUsed: z.string().nullable(), profileCreated: z.boolean() })
  },
  'connections.disconnect': {
    input: z.object({ tenantId: TenantId, provider: ProviderSlugField(), externalId: text().min(1).max(100), confirmText: text().optional() }),
    output: z.object({ state: ConnectionState, revokedAtProvider: z.boolean() })
  },
  /** Generates reconnect links for many users; a long operation with progress and cancel. */
  'connections.reconnectLinks': {
    input: z.object({
      tenantId: TenantId,
      provider: ProviderSlugField(),
      /** Chosen by the renderer so it can cancel before the call returns. */
      operationId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      externalIds: z.array(text().min(1).max(100)).min(1).max(5000),
      redirectUrl: text().max(2048).optional()
    }),
    output: z.object({
      operationId: z.string(),
      links: z.array(z.object({ externalId: z.string(), authorizationUrl: z.string().nullable(), error: z.string().nullable() })),
      cancelled: z.boolean()
    })
  },
  'connections.webhookStatus': {
    input: z.object({ tenantId: TenantId, provider: ProviderSlugField() }),
    output: z.object({
      managedBy: z.string(),
      lastEventAt: z.string().nullable(),
      subscriptions: z.array(z.object({ dataType: z.string(), eventType: z.string(), expiresAt: z.string().nullable(), status: z.string() })),
      stale: z.boolean(),
      diagnosis: z.string().nullable()
    })
  },
  /** The links this app generated since it started, per externalId: shown beside the (unchanged) state. */
  'connections.linksSent': {
    input: z.object({ tenantId: TenantId }),
    output: z.object({ sentAt: z.record(z.string(), z.string()) })
  },
  /** Records an incident-bundle export in the audit log; answers the salted reference that stands for the user in it. */
  'connections.bundleExported': {
    input: z.object({ tenantId: TenantId, externalId: text().min(1).max(100), includeIds: z.boolean() }),
    output: z.object({ subject: z.string() })
  },
  // The tenant's local connection store (issue I): what changed, a user's history, spike alerts, retention and thresholds.
  /** The latest complete sync against the one before: who became broken (by failure mode), who recovered, the trend. */
  'connections.changes': { input: z.object({ tenantId: TenantId }), output: ChangesModel },
  /** One user's state transitions across the retained syncs. */
  'connections.history': { input: z.object({ tenantId: TenantId, externalId: text().min(1).max(100) }), output: StateHistoryModel },
  /** The spike alerts of the tenant's last complete sync, minus the dismissed ones. */
  'connections.alerts': { input: z.object({ tenantId: TenantId }), output: LocalAlertsModel },
  /** Dismisses one alert of that sync (all of them without `mode`); kept in the tenant's store. */
  'connections.dismissAlert': {
    input: z.object({ tenantId: TenantId, syncId: z.number().int().min(1), mode: text().max(200).optional() }),
    output: LocalAlertsModel
  },
  'localStore.settings': { input: z.object({ tenantId: TenantId }), output: LocalStoreSettingsModel },
  'localStore.saveSettings': { input: LocalStoreSettingsInput.extend({ tenantId: TenantId }), output: LocalStoreSettingsModel },
  // The documented-only tier (sahha-api.md §7): scans, "check these users", results, evidence.
  'tier.scan': {
    input: z.object({ tenantId: TenantId, kind: z.enum(['full', 'rescan']).default('full'), linkedOnly: z.boolean().default(false) }),
    output: z.object({ operationId: z.string(), runId: z.string(), resumed: z.boolean() })
  },
  'tier.check': {
    input: z.object({ tenantId: TenantId, text: text().max(2_000_000, 'The list is too long; at most 10,000 externalIds.') }),
    output: z.object({ operationId: z.string(), runId: z.string(), accepted: z.number(), duplicates: z.number(), rejected: z.array(TierRejected) })
  },
  'tier.status': { input: z.object({ tenantId: TenantId }), output: TierStatusModel },
  'tier.rows': {
    input: z.object({
      tenantId: TenantId,
      states: z.array(z.enum(TIER_STATES)).max(5).optional(),
      search: text().max(100).optional(),
      runId: z.string().regex(/^run_[a-z0-9_]{4,40}$/).optional(),
      sort: z.enum(['externalId', 'checkedAt', '-checkedAt', 'lastDataAt', '-lastDataAt']).default('externalId'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(TIER_ROWS_MAX).default(500)
    }),
    output: z.object({ rows: z.array(TierRowModel), total: z.number(), counts: z.record(z.string(), z.number()), rejected: z.array(TierRejected) })
  },
  'tier.detail': { input: z.object({ tenantId: TenantId, externalId: text().min(1).max(100) }), output: TierDetailModel },
  'tier.saveSettings': {
    input: z.object({ tenantId: TenantId, windowDays: z.number().int(), freshDays: z.number().int(), concurrency: z.number().int() }),
    output: TierSettingsModel
  },
  'onboarding.get': { input: z.object({}), output: z.object({ current: OnboardingModel.nullable() }) },
  /** null clears it (wizard finished or abandoned). */
  'onboarding.save': { input: z.object({ current: OnboardingModel.nullable() }), output: z.object({ savedAt: z.string() }) },
  'operations.cancel': { input: z.object({ operationId: text().min(1).max(100) }), output: z.object({ cancelled: z.boolean() }) }
} as const

function ProviderSlugField() {
  return z.enum(['oura', 'garmin', 'whoop']).default('oura')
}

export type Channels = typeof channels
export { CHANNEL_NAMES, type ChannelName, type EventName }
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>
export type ChannelParsedInput<K extends ChannelName> = z.output<Channels[K]['input']>
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)
}

/** Events main pushes to the renderer. */
export const events = {
  'operations.progress': z.object({
    operationId: z.string(),
    kind: z.string(),
    loaded: z.number(),
    total: z.number().nullable(),
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    message: z.string().optional()
  }),
  /** A deep link (sahha-admin://tenant/<id>[/connection/<externalId>]) asked the window to open something. */
  'navigation.open': z.object({ tenantId: z.string(), externalId: z.string().optional() })
} as const
export type Events = typeof events
export type EventPayload<K extends EventName> = z.output<Events[K]>

// Compile-time completeness: the name lists and the schema maps must hold exactly the same keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _channelsComplete: Same<keyof typeof channels, ChannelName> = true
const _eventsComplete: Same<keyof typeof events, EventName> = true
