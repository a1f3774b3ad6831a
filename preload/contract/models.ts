import { z } from 'zod'

/** Schemas of the data that crosses the contract. Nothing here may ever carry a secret value. */

export const ENVIRONMENT_IDS = ['demo', 'sandbox', 'production'] as const
export const EnvironmentId = z.enum(ENVIRONMENT_IDS)
export type EnvironmentId = z.infer<typeof EnvironmentId>

// A lone UTF-16 surrogate (half of an emoji, from a broken paste) cannot go into a URL: encodeURIComponent
// throws and URLSearchParams silently swaps it for U+FFFD. With the u flag, \p{Cs} matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u

/** An input string main may put into a URL or a request body: well-formed Unicode, or a VALIDATION error on its field. */
export const text = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((s) => !LONE_SURROGATE.test(s), 'contains a broken character (half of an emoji or symbol); retype it instead of pasting.')

export const TenantId = z.string().regex(/^t_[a-z0-9]{6,32}$/, 'Tenant id looks wrong; pick the tenant from the list again.')

/** What the renderer may know about a secret: whether it is set, and at most its last four characters. */
export const SecretStatus = z.object({
  state: z.enum(['set', 'missing', 'unavailable']),
  last4: z.string().max(4).optional()
})
export type SecretStatus = z.infer<typeof SecretStatus>

/**
 * What a tenant's host serves, detected on tenant check and at most daily after. `adminApi`: whether the
 * [invented] admin API of sahha-api.md §5 answers ('absent' = a bare 404/405 without a Sahha error body, as on
 * the real Sahha today). `checkedAt` null: never checked.
 */
export const ADMIN_API_STATES = ['present', 'absent', 'unknown'] as const
export const TenantCapabilities = z.object({
  adminApi: z.enum(ADMIN_API_STATES),
  checkedAt: z.string().nullable(),
  /** What the detection saw, in words (status and whether a Sahha error body came back). */
  evidence: z.string().optional()
})
export type TenantCapabilities = z.infer<typeof TenantCapabilities>

export const Tenant = z.object({
  id: TenantId,
  name: z.string(),
  environment: EnvironmentId,
  sahhaClientId: z.string(),
  /** Demo only: the tenant runs on a simulated Sahha that serves only documented routes (no admin API). */
  documentedOnly: z.boolean().optional(),
  /** Absent = never checked (same as adminApi 'unknown'). */
  capabilities: TenantCapabilities.optional(),
  /** Fields where the live integration (last Verify live) differs from the desired configuration kept in the app. */
  drift: z.array(z.string()).optional(),
  accountSecret: SecretStatus,
  createdAt: z.string(),
  updatedAt: z.string()
})
export type Tenant = z.infer<typeof Tenant>

const trimmed = (label: string, max: number) =>
  text({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)

export const TenantCreateInput = z.object({
  name: trimmed('Name', 80),
  environment: EnvironmentId,
  sahhaClientId: trimmed('Sahha client ID', 200),
  sahhaClientSecret: trimmed('Sahha client secret', 500),
  /** Demo only: a simulated Sahha without the admin API (as the real hosts are today). */
  documentedOnly: z.boolean().optional()
})
export type TenantCreateInput = z.infer<typeof TenantCreateInput>

export const TenantUpdateInput = z.object({
  id: TenantId,
  name: trimmed('Name', 80).optional(),
  sahhaClientId: trimmed('Sahha client ID', 200).optional(),
  /** Omitted = keep the stored secret. */
  sahhaClientSecret: trimmed('Sahha client secret', 500).optional()
})
export type TenantUpdateInput = z.infer<typeof TenantUpdateInput>

export const TenantRemoveInput = z.object({
  id: TenantId,
  /** The operator types the tenant's name to confirm; main checks it again. */
  confirmName: text()
})

export const TenantCheckResult = z.object({
  ok: z.literal(true),
  latencyMs: z.number(),
  baseUrl: z.string(),
  capabilities: TenantCapabilities
})
export type TenantCheckResult = z.infer<typeof TenantCheckResult>

/** Every local file the app keeps; each can be reported damaged and reset on its own. */
export const StorageFileId = z.enum(['settings', 'drafts', 'onboarding', 'window-state', 'capabilities', 'desired-config', 'audit-log'])
export type StorageFileId = z.infer<typeof StorageFileId>

export const StorageFileStatus = z.object({
  id: StorageFileId,
  /** In the operator's words: "settings", "integration drafts", ... */
  label: z.string(),
  path: z.string(),
  /** corrupt: a backup was kept and a reset is offered; newer: written by a newer app (update it); unreadable: the OS refused the read. */
  state: z.enum(['ok', 'corrupt', 'newer', 'unreadable']),
  message: z.string().optional(),
  remedy: z.string().optional(),
  backupPath: z.string().optional()
})
export type StorageFileStatus = z.infer<typeof StorageFileStatus>

/**
 * A local bookkeeping step (a draft to clear, an audit line to write) that failed after the remote
 * change had succeeded: the change stands, and the operator is told which file needs attention.
 */
/** `local-store`: the tenant's local connection store (issue I), a SQLite file per tenant. */
export const StorageWarning = z.object({ file: z.union([StorageFileId, z.literal('local-store')]), message: z.string(), remedy: z.string().optional() })
export type StorageWarning = z.infer<typeof StorageWarning>

export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'bridge']),
  platform: z.string(),
  userDataDir: z.string(),
  storage: z.object({ state: z.enum(['ok', 'damaged']), files: z.array(StorageFileStatus) })
})
export type AppInfo = z.infer<typeof AppInfo>

// ---------------------------------------------------------------------------------------------
// Integrations (sahha-api.md §5.1). The client secret is write-only: only its status crosses.

export const ProviderSlug = z.enum(['oura', 'garmin', 'whoop'])
export type ProviderSlug = z.infer<typeof ProviderSlug>

export const IntegrationConfigModel = z.object({
  provider: z.string(),
  enabled: z.boolean(),
  clientId: z.string(),
  clientSecretSet: z.boolean(),
  clientSecretLast4: z.string().max(4).nullable().optional(),
  clientSecretUpdatedAt: z.string().nullable().optional(),
  scopes: z.array(z.string()),
  providerAppScopes: z.array(z.string()).nullable(),
  redirectUrlWhitelist: z.array(z.string()),
  callbackUrl: z.string(),
  version: z.number(),
  updatedAt: z.string().nullable().optional(),
  updatedBy: z.string().nullable().optional()
})
export type IntegrationConfigModel = z.infer<typeof IntegrationConfigModel>

/** What the operator edits. Never a secret: drafts are written to disk. */
export const IntegrationEditModel = z.object({
  enabled: z.boolean(),
  clientId: text().max(300),
  scopes: z.array(text().max(60)).max(40),
  providerAppScopes: z.array(text().max(60)).max(40).nullable(),
  redirectUrlWhitelist: z.array(text().max(2048)).max(50)
})
export type IntegrationEditModel = z.infer<typeof IntegrationEditModel>

export const IntegrationRef = z.object({ tenantId: TenantId, provider: ProviderSlug })

export const IntegrationView = z.object({
  /** null when the provider is not configured yet at Sahha for this tenant. */
  config: IntegrationConfigModel.nullable(),
  etag: z.string().nullable(),
  callbackUrl: z.string(),
  /** The provider client secret kept in this machine's keychain (for preflight and re-sending). */
  localSecret: SecretStatus,
  draft: z.object({ edit: IntegrationEditModel, baseVersion: z.number().nullable(), savedAt: z.string() }).nullable(),
  /** Set when the drafts file could not be read: the integration still loads, without a draft. */
  storageWarnings: z.array(StorageWarning).optional(),
  /**
   * 'admin': config is the admin API's (invented, sahha-api.md §5). 'desired': the host has no admin API, so
   * config is the app's own desired configuration (versioned locally), to apply in the Sahha Dashboard.
   */
  mode: z.enum(['admin', 'desired']).optional(),
  history: z.array(z.lazy(() => DesiredVersion)).optional(),
  verification: z.lazy(() => VerificationResult).nullable().optional(),
  /** Fields where the last live verification differs from the desired configuration. */
  drift: z.array(z.string()).optional()
})
export type IntegrationView = z.infer<typeof IntegrationView>

export const IntegrationSaveInput = IntegrationRef.extend({
  edit: IntegrationEditModel,
  /** The version the edit started from; null to create. */
  baseVersion: z.number().nullable(),
  /** Required to create; optional on update (omitted = keep). */
  clientSecret: text().trim().min(1).max(500).optional(),
  /** Typed confirmation on production when client ID or secret change: the tenant name. */
  confirmName: text().optional()
})

export const IntegrationSaveResult = z.object({
  config: IntegrationConfigModel,
  /** Sahha's own warnings about the saved configuration. */
  warnings: z.array(z.object({ code: z.string(), scopes: z.array(z.string()).optional() })),
  /** Local files that could not be updated after Sahha accepted the save (the save itself stands). */
  storageWarnings: z.array(StorageWarning).optional()
})

export const PreflightCheck = z.object({
  id: z.enum(['whitelist', 'scopes', 'authorize', 'redirect_uri', 'provider_scopes', 'credentials']),
  label: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'skipped']),
  detail: z.string(),
  remedy: z.string().optional()
})
export const PreflightResult = z.object({
  ok: z.boolean(),
  authorizationUrl: z.string().nullable(),
  checks: z.array(PreflightCheck)
})
export type PreflightResult = z.infer<typeof PreflightResult>

export const ConnectionSummaryModel = z.object({
  total: z.number(),
  generatedAt: z.string().optional(),
  byState: z.record(z.string(), z.number()),
  byErrorCode: z.record(z.string(), z.number()).optional()
})
export type ConnectionSummaryModel = z.infer<typeof ConnectionSummaryModel>

export const AuditEntryModel = z.object({
  at: z.string(),
  tenantId: z.string(),
  environment: EnvironmentId,
  action: z.string(),
  summary: z.string(),
  /** Affected end users as salted references (hmac:…), never in clear on disk. */
  subjects: z.array(z.string()).optional(),
  /** The same users in clear, where asked for and known to this app (null where not). */
  revealed: z.array(z.string().nullable()).optional()
})

// ---------------------------------------------------------------------------------------------
// Connections (sahha-api.md §5.3-§5.7)

export const CONNECTION_STATES = ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected'] as const
export const ConnectionState = z.enum(CONNECTION_STATES)
export type ConnectionState = z.infer<typeof ConnectionState>

export const LastErrorModel = z.object({
  at: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  httpStatus: z.number().nullable().optional(),
  code: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  message: z.string().nullable().optional()
})

/** One row of the connections table: compact, so 100,000 of them cross in a few chunks. */
export const ConnectionRow = z.object({
  externalId: z.string(),
  state: z.string(),
  lastSyncAt: z.string().nullable(),
  lastDataAt: z.string().nullable(),
  errorCode: z.string().nullable(),
  requestedScopes: z.array(z.string()),
  grantedScopes: z.array(z.string())
})
export type ConnectionRow = z.infer<typeof ConnectionRow>

export const TimelineEvent = z.object({ at: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()).optional() })

export const Diagnosis = z.object({
  id: z.string(),
  title: z.string(),
  cause: z.string(),
  confirm: z.string(),
  remedy: z.string(),
  action: z.string(),
  state: z.string().optional(),
  evidence: z.string().optional()
})
export type Diagnosis = z.infer<typeof Diagnosis>

export const ConnectionDetailModel = z.object({
  externalId: z.string(),
  profileId: z.string().nullable().optional(),
  state: z.string(),
  stateChangedAt: z.string().nullable().optional(),
  connectedAt: z.string().nullable().optional(),
  lastSyncAt: z.string().nullable().optional(),
  lastDataAt: z.string().nullable().optional(),
  requestedScopes: z.array(z.string()),
  grantedScopes: z.array(z.string()),
  providerUserId: z.string().nullable().optional(),
  lastError: LastErrorModel.nullable().optional(),
  lastErrorRaw: z.string().nullable().optional(),
  tokenInfo: z
    .object({
      accessTokenExpiresAt: z.string().nullable().optional(),
      refreshTokenIssuedAt: z.string().nullable().optional(),
      refreshFailures: z.number().nullable().optional()
    })
    .nullable()
    .optional(),
  backfill: z.object({ status: z.string(), from: z.string().nullable().optional(), completedAt: z.string().nullable().optional() }).nullable().optional(),
  timeline: z.array(TimelineEvent),
  diagnosis: Diagnosis
})
export type ConnectionDetailModel = z.infer<typeof ConnectionDetailModel>


/** The onboarding wizard's saved progress: 1 account, 2 Oura portal, 3 integration, 4 test connection, 5 done. No secret. */
export const OnboardingModel = z.object({
  step: z.number().int().min(1).max(5),
  tenantId: z.string().nullable(),
  portalConfirmed: z.boolean(),
  testExternalId: text().max(100),
  /** What the operator typed on step 1 (never the secret), so closing and reopening keeps it. */
  account: z.object({ name: text().max(80), environment: EnvironmentId, clientId: text().max(200) }).optional(),
  updatedAt: z.string()
})
export type OnboardingModel = z.infer<typeof OnboardingModel>

// ---------------------------------------------------------------------------------------------
// The tenant's local connection store (issue I): rows of the last complete sync, sync records,
// state history. Queries run in main; the renderer asks for the window it shows plus the counts.

export const SyncSourceModel = z.enum(['admin-api', 'documented-scan'])

/** A row as the store serves it: ConnectionRow plus what the store derives. */
export const StoredRowModel = ConnectionRow.extend({
  stateChangedAt: z.string().nullable(),
  missingScopes: z.array(z.string())
})
export type StoredRowModel = z.infer<typeof StoredRowModel>

export const CONNECTION_SORTS = ['externalId', 'lastSyncAt', 'lastDataAt', 'stateChangedAt'] as const
export const ConnectionFilterModel = z.object({
  states: z.array(text().max(60)).max(20).nullable(),
  errorCode: text().max(100).nullable(),
  /** Users whose granted scopes lack this requested scope. */
  missingScope: text().max(60).nullable(),
  /** Case-sensitive externalId prefix, like Sahha's own search. */
  search: text().max(100)
})
export type ConnectionFilterModel = z.infer<typeof ConnectionFilterModel>
export const ConnectionSortModel = z.object({ key: z.enum(CONNECTION_SORTS), desc: z.boolean() })
export type ConnectionSortModel = z.infer<typeof ConnectionSortModel>

export const SpikeAlertModel = z.object({
  mode: z.string(),
  state: z.string(),
  errorCode: z.string().nullable(),
  from: z.number(),
  to: z.number()
})
export type SpikeAlertModel = z.infer<typeof SpikeAlertModel>

export const SyncRecordModel = z.object({
  id: z.number(),
  source: SyncSourceModel,
  kind: z.enum(['full', 'incremental']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  outcome: z.enum(['running', 'complete', 'failed', 'cancelled']),
  error: z
    .object({ code: z.string(), message: z.string(), remedy: z.string().optional(), retryable: z.boolean() })
    .nullable(),
  rowsSeen: z.number(),
  rowsChanged: z.number(),
  total: z.number().nullable(),
  byState: z.record(z.string(), z.number()),
  byErrorCode: z.record(z.string(), z.number()),
  alerts: z.array(SpikeAlertModel)
})
export type SyncRecordModel = z.infer<typeof SyncRecordModel>

export const LocalStoreSettingsModel = z.object({
  retentionDays: z.number().int().min(1, 'Keep at least 1 day of history.').max(365, 'Keep at most 365 days of history.'),
  alertAbsolute: z.number().int().min(1, 'The absolute threshold is at least 1 user.').max(1_000_000),
  /** 0.25 = a rise of at least 25% over the previous sync. */
  alertRelative: z.number().min(0).max(100)
})
export type LocalStoreSettingsModel = z.infer<typeof LocalStoreSettingsModel>

/** The settings form's input: the same fields, with the messages the form shows at each field. */
export const LocalStoreSettingsInput = z.object({
  retentionDays: z
    .number({ error: 'Enter a whole number of days.' })
    .int('Enter a whole number of days.')
    .min(1, 'Keep at least 1 day of history.')
    .max(365, 'Keep at most 365 days of history.'),
  alertAbsolute: z
    .number({ error: 'Enter a whole number of users.' })
    .int('Enter a whole number of users.')
    .min(1, 'The absolute threshold is at least 1 user.')
    .max(1_000_000, 'The absolute threshold is at most 1,000,000 users.'),
  alertRelative: z
    .number({ error: 'Enter a percentage, for example 25.' })
    .min(0, 'The relative threshold cannot be negative.')
    .max(100, 'The relative threshold is at most 10,000%.')
})

/** The spike alerts of a tenant's last complete sync that the operator has not dismissed. */
export const LocalAlertsModel = z.object({
  syncId: z.number().nullable(),
  at: z.string().nullable(),
  source: SyncSourceModel.nullable(),
  alerts: z.array(SpikeAlertModel),
  dismissed: z.number()
})
export type LocalAlertsModel = z.infer<typeof LocalAlertsModel>

export const ChangeGroupModel = z.object({
  mode: z.string(),
  state: z.string(),
  errorCode: z.string().nullable(),
  count: z.number(),
  sample: z.array(z.string())
})
export const ChangesModel = z.object({
  sync: SyncRecordModel.nullable(),
  previous: SyncRecordModel.nullable(),
  becameBroken: z.array(ChangeGroupModel),
  recovered: z.object({ count: z.number(), sample: z.array(z.string()), byState: z.record(z.string(), z.number()) }),
  trend: z.array(z.object({ syncId: z.number(), at: z.string(), byState: z.record(z.string(), z.number()) }))
})
export type ChangesModel = z.infer<typeof ChangesModel>

export const StateHistoryModel = z.object({
  transitions: z.array(z.object({ syncId: z.number(), at: z.string(), from: z.string().nullable(), to: z.string().nullable(), errorCode: z.string().nullable() })),
  /** The first sync that saw this user in the retained history, with the state it saw. */
  firstSeen: z.object({ at: z.string(), state: z.string() }).nullable()
})
export type StateHistoryModel = z.infer<typeof StateHistoryModel>

// ---------------------------------------------------------------------------------------------
// Documented-only tier (sahha-api.md §7, oura-api.md §7.1): webhook health, live verification, desired config.

/** Oura's webhook subscriptions read with the tenant's Oura app credentials, and what they say (rules/webhook-health.ts). */
export const WebhookHealthResult = z.object({
  checkedAt: z.string(),
  /** 'valid': Oura listed the subscriptions (200); 'rejected': 401/403; 'no_secret': nothing to check with. */
  credentials: z.enum(['valid', 'rejected', 'unknown', 'no_secret', 'no_client_id']),
  clientId: z.string().nullable(),
  detail: z.string(),
  remedy: z.string().optional(),
  /** Where the expected data types come from: the live read-back, the admin API's config, or the app's desired config. */
  scopesFrom: z.enum(['live', 'admin', 'desired', 'none']),
  scopes: z.array(z.string()),
  assessment: z
    .object({
      verdict: z.enum(['healthy', 'attention', 'inconclusive', 'waiting']),
      summary: z.string(),
      rows: z.array(
        z.object({
          id: z.string(),
          dataType: z.string(),
          eventType: z.string(),
          callbackHost: z.string(),
          callback: z.enum(['this_environment', 'other_sahha_environment', 'not_sahha']),
          expiresAt: z.string(),
          expiry: z.enum(['ok', 'expiring', 'expired', 'unreadable'])
        })
      ),
      coverage: z.array(z.object({ dataType: z.string(), scope: z.string(), liveEventTypes: z.array(z.string()), state: z.enum(['covered', 'expiring', 'expired', 'other_host', 'missing', 'awaiting']) })),
      findings: z.array(z.object({ id: z.string(), severity: z.enum(['fail', 'warn']), dataTypes: z.array(z.string()), message: z.string(), remedy: z.string() }))
    })
    .nullable()
})
export type WebhookHealthResult = z.infer<typeof WebhookHealthResult>

/** One row of the live verification table: field, what the app expects, what the live integration says. */
export const VerificationRow = z.object({
  id: z.string(),
  field: z.string(),
  expected: z.string(),
  live: z.string(),
  verdict: z.enum(['pass', 'fail', 'warn', 'inconclusive']),
  remedy: z.string().optional(),
  /** failure-modes.md id when the row is a finding. */
  mode: z.string().optional()
})
export const VerificationResult = z.object({
  verifiedAt: z.string(),
  ok: z.boolean(),
  /** The externalId of the app's own verification profile on this environment. */
  profileExternalId: z.string(),
  profileCreated: z.boolean(),
  /** What Sahha's authorize read back (the live integration), null when authorize failed. */
  live: z.object({ clientId: z.string().nullable(), scopes: z.array(z.string()).nullable(), redirectUri: z.string().nullable(), host: z.string() }).nullable(),
  rows: z.array(VerificationRow),
  cancelled: z.boolean()
})
export type VerificationResult = z.infer<typeof VerificationResult>

/** A version of the desired configuration kept by this app where Sahha publishes no admin API. */
export const DesiredVersion = z.object({ version: z.number(), edit: IntegrationEditModel, savedAt: z.string(), changes: z.array(z.string()) })
export type DesiredVersion = z.infer<typeof DesiredVersion>
