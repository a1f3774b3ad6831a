import type {
  StorageFileId,
  StorageWarning,
  IntegrationConfigModel,
  IntegrationEditModel,
  IntegrationView,
  PreflightResult,
  ProviderSlug,
  SecretStatus
} from '../../preload/contract/models'
import type { TenantRecord as Tenant } from '../storage/settings'
import { checkScopes } from '../../preload/contract/rules/scopes'
import { validateWhitelist } from '../../preload/contract/rules/redirect-url'
import { configToEdit, diffIntegration } from '../../preload/contract/rules/integration-diff'
import { PROVIDERS, callbackUrl } from '../../preload/contract/rules/providers'
import { AppFailure, appError, KeychainUnavailableError } from '../errors'
import type { Logger } from '../log'
import type { SecretStore } from '../secrets/secret-store'
import { readSecretStatus, secretKey } from '../secrets/secret-keys'
import { requireTypedConfirmation } from './confirmation'
import type { AuditLog } from '../storage/audit-log'
import type { DraftStore } from '../storage/drafts'
import type { EnvironmentBases } from '../config'
import type { AuthorizeProbe, WebhookListProbe } from '../sahha/oura-probe'
import type { DesiredVersion, VerificationResult } from '../../preload/contract/models'
import { driftOf } from '../../preload/contract/rules/authorize-readback'
import type { DesiredConfigStore } from '../storage/desired-config'
import type { IntegrationFacts } from './webhook-health'
import type { Expected, VerifyLive } from './verify-live'
import type { SecretClipboard } from './secret-clipboard'

/** The slice of the Sahha client this service needs. */
export interface IntegrationsPort {
  get(provider: string, signal?: AbortSignal): Promise<{ config: IntegrationConfigModel; etag: string | null } | null>
  put(
    provider: string,
    body: IntegrationEditModel & { clientSecret?: string },
    precondition: { ifMatch: string } | { ifNoneMatch: '*' },
    signal?: AbortSignal
  ): Promise<{ config: IntegrationConfigModel; etag: string | null; warnings: { code: string; scopes?: string[] }[] }>
  summary(provider: string, signal?: AbortSignal): Promise<{ total: number; byState: Record<string, number> }>
  /** Oura's authorize page for a URL, without following redirects. */
  checkAuthorize(authorizationUrl: string, signal?: AbortSignal): Promise<AuthorizeProbe>
  /** Oura's webhook subscription list with the app's credentials: the documented credential check (oura-api.md §7.1). */
  listWebhooks(clientId: string, clientSecret: string, signal?: AbortSignal): Promise<WebhookListProbe>
  /** Fallback only: token endpoint probe with a dummy code (invalid_grant means the credentials look good). */
  probeCredentials(clientId: string, clientSecret: string, redirectUri: string, signal?: AbortSignal): Promise<{ credentials: 'good' | 'bad' | 'unknown'; detail: string }>
}



/** Main re-checks everything the editor checks: the renderer is never trusted to have blocked a bad save. */
export function assertSavable(provider: ProviderSlug, edit: IntegrationEditModel): void {
  if (edit.clientId.trim() === '') {
    throw appError('VALIDATION', 'The client ID is empty.', { field: 'clientId', remedy: 'Copy the Client ID from the Oura portal.', retryable: false })
  }
  const scopes = checkScopes({ provider, scopes: edit.scopes, providerAppScopes: edit.providerAppScopes })
  const blocking = scopes.issues.find((i) => i.blocking)
  if (blocking) {
    throw appError('VALIDATION', blocking.message, { field: 'scopes', remedy: 'Make the requested scopes match the scopes enabled on the Oura app.', retryable: false })
  }
  const wl = validateWhitelist(edit.redirectUrlWhitelist)
  const first = wl.errors[0]
  if (first) throw appError('VALIDATION', first.message, { field: first.field, remedy: 'Fix the redirect URL whitelist entry.', retryable: false })
}

/**
 * The Oura pair check: Oura's webhook subscription list first (documented, read-only: 200 valid, 401/403
 * rejected); only when that says nothing, the dummy-code token probe, with its weaker wording.
 */
export async function credentialCheck(port: Pick<IntegrationsPort, 'listWebhooks' | 'probeCredentials'>, clientId: string, secret: string, callback: string, signal?: AbortSignal): Promise<PreflightResult['checks'][number]> {
  const label = 'Client ID and secret'
  const list = await port.listWebhooks(clientId, secret, signal)
  if (list.kind === 'ok') return { id: 'credentials', label, status: 'pass', detail: `Oura's webhook subscription list accepted the pair (200, ${list.subscriptions.length} subscription${list.subscriptions.length === 1 ? '' : 's'}).` }
  if (list.kind === 'rejected') {
    return { id: 'credentials', label, status: 'fail', detail: `Oura refused the pair on its webhook subscription list (${list.status} ${list.detail}).`, remedy: 'Copy the Client ID and Client Secret from the Oura portal again (sandbox and production pairs differ).' }
  }
  const why = list.kind === 'unreachable' ? `not reachable (${list.detail})` : `answered ${list.status} ${list.detail}`
  const probe = await port.probeCredentials(clientId, secret, callback, signal)
  if (probe.credentials === 'good') return { id: 'credentials', label, status: 'pass', detail: `Weaker check: the webhook list ${why}; Oura's token endpoint answered invalid_grant to a dummy code, so the pair looks accepted (Oura does not document this).` }
  if (probe.credentials === 'bad') return { id: 'credentials', label, status: 'fail', detail: `Weaker check: the webhook list ${why}; Oura's token endpoint answered invalid_client: ${probe.detail}`, remedy: 'Copy the Client ID and Client Secret from the Oura portal again (sandbox and production pairs differ).' }
  return { id: 'credentials', label, status: 'skipped', detail: `The webhook list ${why}; the token probe: ${probe.detail}`, remedy: 'Retry when Oura is reachable.' }
}

/** The desired configuration as the editor's config model: the same checks, diff review and history as the admin tier. */
function desiredAsConfig(provider: ProviderSlug, v: DesiredVersion, callback: string, localSecret: SecretStatus): IntegrationConfigModel {
  return {
    provider,
    ...v.edit,
    clientSecretSet: localSecret.state === 'set',
    clientSecretLast4: localSecret.last4 ?? null,
    clientSecretUpdatedAt: null,
    callbackUrl: callback,
    version: v.version,
    updatedAt: v.savedAt,
    updatedBy: 'this app (desired configuration)'
  }
}

const FRESH_MS = 24 * 60 * 60_000

export function createIntegrationsService(deps: {
  secrets: SecretStore
  drafts: DraftStore
  audit: AuditLog
  log: Logger
  bases: (tenant: Tenant) => Promise<EnvironmentBases>
  port: (tenant: Tenant) => Promise<IntegrationsPort>
  /** Where the host has no admin API: the desired configuration and the last live verification. */
  desired: DesiredConfigStore
  /** Whether the tenant's host serves the admin API (detected at most daily). */
  adminApi: (tenant: Tenant, signal?: AbortSignal) => Promise<'present' | 'absent' | 'unknown'>
  verifyLive: VerifyLive
  clipboard: SecretClipboard
}) {
  const localSecretStatus = (tenant: Tenant, provider: string): Promise<SecretStatus> => readSecretStatus(deps.secrets, secretKey(tenant, provider), deps.log)

  /** A damaged drafts file must not take the integration tab down with it: the view loads without the draft. */
  const draftFor = async (tenant: Tenant, provider: ProviderSlug): Promise<Pick<IntegrationView, 'draft' | 'storageWarnings'>> => {
    try {
      return { draft: await deps.drafts.get(tenant.id, provider) }
    } catch (e) {
      if (!(e instanceof AppFailure) || !e.code.startsWith('STORAGE_')) throw e
      return { draft: null, storageWarnings: [{ file: 'drafts', message: e.appError.message, remedy: e.appError.remedy }] }
    }
  }

  const confirmProduction = (tenant: Tenant, typed: string | undefined, what: string) =>
    requireTypedConfirmation({ environment: tenant.environment, typed, expected: tenant.name, what, field: 'confirmName' })

  /**
   * Local bookkeeping after the remote change succeeded (clear the draft, write the audit line). Its
   * failure must not turn a save Sahha accepted into an error the operator would retry: it becomes a
   * warning naming the file, and the change stands.
   */
  const bookkeeping = async (warnings: StorageWarning[], file: StorageFileId, step: () => Promise<unknown>) => {
    try {
      await step()
    } catch (e) {
      const error = e instanceof AppFailure ? e.appError : null
      deps.log.warn('storage.bookkeeping-failed', { file, code: error?.code ?? 'INTERNAL' })
      const what = file === 'drafts' ? 'the draft could not be cleared' : 'the audit entry could not be written'
      const damaged = error?.code === 'STORAGE_CORRUPT'
      warnings.push({
        file,
        message: damaged ? `Saved at Sahha, but ${what}: the ${file === 'drafts' ? 'integration drafts' : file} file is damaged.` : `Saved at Sahha, but ${what}: ${error?.message ?? 'an unexpected error'}`,
        remedy: damaged ? 'The save itself stands. Choose "Start fresh" for that file in the notice at the top, or restore a good copy of it.' : error?.remedy
      })
    }
  }
  const audited = async (entry: Parameters<AuditLog['append']>[0], warnings: StorageWarning[] = []) => {
    await bookkeeping(warnings, 'audit-log', () => deps.audit.append(entry))
    return warnings
  }

  /** 'desired' where the host serves no admin API (detected, or found on the first read). */
  const modeOf = async (tenant: Tenant, signal?: AbortSignal): Promise<'admin' | 'desired'> => ((await deps.adminApi(tenant, signal)) === 'absent' ? 'desired' : 'admin')
  const adminGet = async (tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal) => {
    try {
      return { mode: 'admin' as const, current: await (await deps.port(tenant)).get(provider, signal) }
    } catch (e) {
      if (e instanceof AppFailure && e.code === 'SAHHA_NOT_AVAILABLE') return { mode: 'desired' as const, current: null }
      throw e
    }
  }

  const desiredView = async (tenant: Tenant, provider: ProviderSlug): Promise<IntegrationView> => {
    const bases = await deps.bases(tenant)
    const callback = callbackUrl(bases.sahhaBase, provider)
    const localSecret = await localSecretStatus(tenant, provider)
    const [history, verification, draft] = await Promise.all([deps.desired.history(tenant.id, provider), deps.desired.verification(tenant.id, provider), deps.drafts.get(tenant.id, provider)])
    const head = history.at(-1) ?? null
    return {
      config: head ? desiredAsConfig(provider, head, callback, localSecret) : null,
      etag: null,
      callbackUrl: callback,
      localSecret,
      draft,
      mode: 'desired',
      history,
      verification,
      drift: head ? driftOf(head.edit, verification) : []
    }
  }

  /** The admin API's config, or on a host without it the desired configuration (for compare and promote). */
  const currentOf = async (tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal): Promise<{ config: IntegrationConfigModel } | null> => {
    if ((await modeOf(tenant, signal)) === 'admin') {
      const a = await adminGet(tenant, provider, signal)
      if (a.mode === 'admin') return a.current
    }
    const v = await desiredView(tenant, provider)
    return v.config ? { config: v.config } : null
  }

  const service = {
    /** What the app knows of the integration on either tier, for webhook health (services/webhook-health.ts). */
    async facts(tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal): Promise<IntegrationFacts> {
      if ((await modeOf(tenant, signal)) === 'admin') {
        const a = await adminGet(tenant, provider, signal)
        if (a.mode === 'admin') {
          if (!a.current) return { clientId: null, scopes: null, scopesFrom: 'none', fresh: true }
          const total = await (await deps.port(tenant)).summary(provider, signal).then((x) => x.total, () => null)
          return { clientId: a.current.config.clientId, scopes: a.current.config.scopes, scopesFrom: 'admin', fresh: total === 0 }
        }
      }
      const [history, verification] = await Promise.all([deps.desired.history(tenant.id, provider), deps.desired.verification(tenant.id, provider)])
      const head = history.at(-1)
      const first = history[0]
      const fresh = !first || Date.now() - Date.parse(first.savedAt) < FRESH_MS
      const live = verification?.live ?? null
      if (live && (live.scopes || live.clientId)) {
        return { clientId: live.clientId ?? head?.edit.clientId ?? null, scopes: live.scopes ?? PROVIDERS[provider].scopes.map((x) => x.name), scopesFrom: 'live', fresh }
      }
      return { clientId: head?.edit.clientId ?? null, scopes: head?.edit.scopes ?? null, scopesFrom: head ? 'desired' : 'none', fresh }
    },

    /** Fields of drift for the sidebar badge (documented tier only). */
    async driftOf(tenant: Pick<Tenant, 'id'>, provider: ProviderSlug): Promise<string[]> {
      const [head, verification] = await Promise.all([deps.desired.current(tenant.id, provider), deps.desired.verification(tenant.id, provider)])
      return head ? driftOf(head.edit, verification) : []
    },

    async verify(tenant: Tenant, input: { provider: ProviderSlug; operationId: string; pasted: string[] }, signal?: AbortSignal): Promise<VerificationResult> {
      let expected: Expected = { clientId: null, scopes: null, providerAppScopes: null, whitelist: [] }
      const a = (await modeOf(tenant, signal)) === 'admin' ? await adminGet(tenant, input.provider, signal) : null
      if (a?.mode === 'admin' && a.current) {
        const c = a.current.config
        expected = { clientId: c.clientId, scopes: c.scopes, providerAppScopes: c.providerAppScopes, whitelist: c.redirectUrlWhitelist }
      } else {
        const head = await deps.desired.current(tenant.id, input.provider)
        if (head) expected = { clientId: head.edit.clientId.trim(), scopes: head.edit.scopes, providerAppScopes: head.edit.providerAppScopes, whitelist: head.edit.redirectUrlWhitelist }
      }
      const result = await deps.verifyLive.run(tenant, { ...input, expected }, signal)
      if (!result.cancelled) await deps.desired.saveVerification(tenant.id, input.provider, result)
      return result
    },

    /** Copies the Oura client secret to the OS clipboard from main (never through the renderer); cleared after 30 s. */
    async copySecret(tenant: Tenant, provider: ProviderSlug): Promise<{ copied: boolean; clearsAt: string | null; reason: string | null }> {
      if (!deps.clipboard.available) return { copied: false, clearsAt: null, reason: 'Copying the secret is not available in browser mode: main has no clipboard here. Copy it from the Oura portal instead.' }
      const secret = await deps.secrets.get(secretKey(tenant, provider))
      if (!secret) {
        throw appError('SECRET_MISSING', `The ${PROVIDERS[provider].displayName} client secret is not in this keychain.`, { remedy: 'Store it with "Replace secret…", or copy it from the Oura portal.', retryable: false })
      }
      deps.log.addSecret(secret)
      const r = await deps.clipboard.copy(secret)
      await deps.audit.append({ tenantId: tenant.id, environment: tenant.environment, action: 'integration.secretCopied', summary: `${provider}: client secret copied to the clipboard (cleared after 30 s)` })
      return { copied: r !== null, clearsAt: r?.clearsAt ?? null, reason: null }
    },

    async view(tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal): Promise<IntegrationView> {
      if ((await modeOf(tenant, signal)) === 'desired') return desiredView(tenant, provider)
      const a = await adminGet(tenant, provider, signal)
      if (a.mode === 'desired') return desiredView(tenant, provider)
      const current = a.current
      const bases = await deps.bases(tenant)
      return {
        mode: 'admin',
        config: current?.config ?? null,
        etag: current?.etag ?? null,
        callbackUrl: current?.config.callbackUrl ?? callbackUrl(bases.sahhaBase, provider),
        localSecret: await localSecretStatus(tenant, provider),
        ...(await draftFor(tenant, provider))
      }
    },

    async save(
      tenant: Tenant,
      input: { provider: ProviderSlug; edit: IntegrationEditModel; baseVersion: number | null; clientSecret?: string; confirmName?: string },
      signal?: AbortSignal
    ) {
      const { provider, edit } = input
      assertSavable(provider, edit)
      if ((await modeOf(tenant, signal)) === 'desired') {
        const head = await deps.desired.current(tenant.id, provider)
        const creating = head === null
        if (creating || input.clientSecret !== undefined || head.edit.clientId.trim() !== edit.clientId.trim()) confirmProduction(tenant, input.confirmName, 'the credential change')
        if (input.clientSecret) {
          deps.log.addSecret(input.clientSecret)
          await deps.secrets.set(secretKey(tenant, provider), input.clientSecret)
        }
        const clean = { ...edit, clientId: edit.clientId.trim() }
        const changes = diffIntegration(head?.edit ?? null, clean).map((c) => c.text)
        if (input.clientSecret) changes.push('client secret replaced (in this keychain)')
        const bases = await deps.bases(tenant)
        let v: DesiredVersion
        try {
          v = await deps.desired.append(tenant.id, provider, clean, input.baseVersion, changes)
        } catch (e) {
          // The editor merges against the newer version, as with a 409 from the admin API.
          if (e instanceof AppFailure && e.code === 'CONFLICT' && head) throw appError('CONFLICT', e.message, { remedy: e.appError.remedy, retryable: false, details: { current: desiredAsConfig(provider, head, callbackUrl(bases.sahhaBase, provider), await localSecretStatus(tenant, provider)) } })
          throw e
        }
        await deps.drafts.discard(tenant.id, provider)
        await deps.audit.append({
          tenantId: tenant.id,
          environment: tenant.environment,
          action: creating ? 'integration.desired.create' : 'integration.desired.save',
          summary: `${provider} desired v${v.version} (to apply in the Sahha Dashboard): ${changes.join('; ') || 'no field changed'}`
        })
        return { config: desiredAsConfig(provider, v, callbackUrl(bases.sahhaBase, provider), await localSecretStatus(tenant, provider)), warnings: [] }
      }
      const port = await deps.port(tenant)
      const creating = input.baseVersion === null
      const before = creating ? null : await port.get(provider, signal)
      if (!creating && !before) {
        throw appError('NOT_FOUND', 'The integration no longer exists at Sahha.', { remedy: 'Reload; you can create it again from your draft.', retryable: false })
      }
      const credentialChange = creating || input.clientSecret !== undefined || (before !== null && before.config.clientId !== edit.clientId.trim())
      if (credentialChange) confirmProduction(tenant, input.confirmName, 'the credential change')
      if (creating && !input.clientSecret) {
        throw appError('VALIDATION', 'A new integration needs the client secret from the Oura portal.', { field: 'clientSecret', remedy: 'Paste the Client Secret, then save.', retryable: false })
      }
      if (input.clientSecret) {
        deps.log.addSecret(input.clientSecret)
        // Keychain first: if it is unavailable nothing is sent, and the draft stays.
        await deps.secrets.set(secretKey(tenant, provider), input.clientSecret)
      }
      const body = { ...edit, clientId: edit.clientId.trim(), ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}) }
      const result = await port.put(provider, body, creating ? { ifNoneMatch: '*' } : { ifMatch: `"${input.baseVersion}"` }, signal)
      // From here on the change is made at Sahha: local failures are warnings, never the answer.
      const storageWarnings: StorageWarning[] = []
      await bookkeeping(storageWarnings, 'drafts', () => deps.drafts.discard(tenant.id, provider))
      const changes = diffIntegration(before ? configToEdit(before.config) : null, edit).map((c) => c.text)
      if (input.clientSecret) changes.push('client secret replaced')
      await audited(
        {
          tenantId: tenant.id,
          environment: tenant.environment,
          action: creating ? 'integration.create' : 'integration.save',
          summary: `${provider} v${result.config.version}: ${changes.join('; ') || 'no field changed'}`
        },
        storageWarnings
      )
      return { config: result.config, warnings: result.warnings, ...(storageWarnings.length ? { storageWarnings } : {}) }
    },

    async replaceSecret(tenant: Tenant, input: { provider: ProviderSlug; clientSecret: string; baseVersion: number; confirmName?: string }, signal?: AbortSignal) {
      confirmProduction(tenant, input.confirmName, 'replacing the client secret')
      if ((await modeOf(tenant, signal)) === 'desired') {
        const head = await deps.desired.current(tenant.id, input.provider)
        if (!head) throw appError('NOT_FOUND', 'There is no desired configuration yet.', { remedy: 'Save one in the editor first.', retryable: false })
        deps.log.addSecret(input.clientSecret)
        await deps.secrets.set(secretKey(tenant, input.provider), input.clientSecret)
        await deps.audit.append({ tenantId: tenant.id, environment: tenant.environment, action: 'integration.replaceSecret', summary: `${input.provider}: client secret replaced in this keychain (apply it in the Sahha Dashboard)` })
        const bases = await deps.bases(tenant)
        return { config: desiredAsConfig(input.provider, head, callbackUrl(bases.sahhaBase, input.provider), await localSecretStatus(tenant, input.provider)), warnings: [] }
      }
      const port = await deps.port(tenant)
      const current = await port.get(input.provider, signal)
      if (!current) throw appError('NOT_FOUND', 'The integration is not configured yet.', { remedy: 'Create it first in the editor.', retryable: false })
      deps.log.addSecret(input.clientSecret)
      await deps.secrets.set(secretKey(tenant, input.provider), input.clientSecret)
      const result = await port.put(
        input.provider,
        { ...configToEdit(current.config), clientSecret: input.clientSecret },
        { ifMatch: `"${input.baseVersion}"` },
        signal
      )
      const storageWarnings = await audited({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'integration.replaceSecret',
        summary: `${input.provider} v${result.config.version}: client secret replaced`
      })
      return { config: result.config, warnings: result.warnings, ...(storageWarnings.length ? { storageWarnings } : {}) }
    },

    async compare(from: Tenant, to: Tenant, provider: ProviderSlug, signal?: AbortSignal) {
      const [a, b] = await Promise.all([currentOf(from, provider, signal), currentOf(to, provider, signal)])
      let secrets: 'same' | 'different' | 'unknown' = 'unknown'
      try {
        const [sa, sb] = await Promise.all([deps.secrets.get(secretKey(from, provider)), deps.secrets.get(secretKey(to, provider))])
        if (sa !== null && sb !== null) secrets = sa === sb ? 'same' : 'different'
      } catch (e) {
        if (!(e instanceof KeychainUnavailableError)) throw e
      }
      return { from: a?.config ?? null, to: b?.config ?? null, secrets }
    },

    async promote(
      from: Tenant,
      to: Tenant,
      input: { provider: ProviderSlug; expectedToVersion: number | null; copySecret: boolean; confirmName?: string },
      signal?: AbortSignal
    ) {
      if (from.id === to.id) throw appError('VALIDATION', 'Choose two different tenants.', { field: 'toTenantId', retryable: false })
      confirmProduction(to, input.confirmName, `applying the configuration of "${from.name}"`)
      const source = await currentOf(from, input.provider, signal)
      if (!source) throw appError('NOT_FOUND', `"${from.name}" has no ${input.provider} integration to promote.`, { retryable: false })
      const target = await currentOf(to, input.provider, signal)
      if ((target?.config.version ?? null) !== input.expectedToVersion) {
        throw appError('CONFLICT', `"${to.name}" changed since you compared them; nothing was applied.`, {
          remedy: 'Compare again, review the new difference, then promote.',
          retryable: false,
          details: { current: target?.config ?? null }
        })
      }
      let clientSecret: string | undefined
      if (input.copySecret || !target) {
        const s = await deps.secrets.get(secretKey(from, input.provider))
        if (!s) {
          throw appError('SECRET_MISSING', `The client secret of "${from.name}" is not in this keychain, so it cannot be copied.`, {
            remedy: `Create the integration on "${to.name}" in the editor and enter its secret there.`,
            retryable: false
          })
        }
        clientSecret = s
      }
      const result = await service.save(
        to,
        { provider: input.provider, edit: configToEdit(source.config), baseVersion: target?.config.version ?? null, clientSecret, confirmName: input.confirmName },
        signal
      )
      const storageWarnings = await audited(
        {
          tenantId: to.id,
          environment: to.environment,
          action: 'integration.promote',
          summary: `${input.provider} configuration of "${from.name}" (${from.environment}) applied${clientSecret ? ' with its client secret' : ''}`
        },
        [...(result.storageWarnings ?? [])]
      )
      return { ...result, ...(storageWarnings.length ? { storageWarnings } : {}) }
    },

    async impact(tenant: Tenant, provider: ProviderSlug, signal?: AbortSignal) {
      if ((await modeOf(tenant, signal)) === 'desired') {
        throw appError('SAHHA_NOT_AVAILABLE', 'Sahha publishes no connection counts, so how many users would have to reconnect cannot be known here.', {
          remedy: 'Expect every connected user to reconnect after a client ID change.',
          retryable: false
        })
      }
      const s = await (await deps.port(tenant)).summary(provider, signal)
      const notLive = (s.byState.pending ?? 0) + (s.byState.disconnected ?? 0) + (s.byState.needs_reauth ?? 0)
      return { liveConnections: Math.max(0, s.total - notLive), total: s.total, byState: s.byState }
    },

    async preflight(tenant: Tenant, provider: ProviderSlug, edit: IntegrationEditModel, signal?: AbortSignal, typedSecret?: string): Promise<PreflightResult> {
      const checks: PreflightResult['checks'] = []
      const def = PROVIDERS[provider]
      const bases = await deps.bases(tenant)
      const callback = callbackUrl(bases.sahhaBase, provider)

      const wl = validateWhitelist(edit.redirectUrlWhitelist)
      checks.push(
        wl.errors.length === 0
          ? { id: 'whitelist', label: 'Redirect URL whitelist', status: 'pass', detail: `${edit.redirectUrlWhitelist.length} entr${edit.redirectUrlWhitelist.length === 1 ? 'y' : 'ies'}; default: ${edit.redirectUrlWhitelist[0]}` }
          : { id: 'whitelist', label: 'Redirect URL whitelist', status: 'fail', detail: wl.errors.map((e) => e.message).join(' '), remedy: 'Fix the entries marked in the editor.' }
      )
      const sc = checkScopes({ provider, scopes: edit.scopes, providerAppScopes: edit.providerAppScopes })
      const scopeBlock = sc.issues.filter((i) => i.blocking)
      checks.push(
        scopeBlock.length === 0
          ? { id: 'scopes', label: 'Scopes match the Oura app', status: sc.issues.length ? 'warn' : 'pass', detail: sc.issues.map((i) => i.message).join(' ') || `Requests ${edit.scopes.join(' ')}` }
          : { id: 'scopes', label: 'Scopes match the Oura app', status: 'fail', detail: scopeBlock.map((i) => i.message).join(' '), remedy: 'Deselect those scopes, or enable them on the Oura app.' }
      )

      const port = await deps.port(tenant)
      const url = new URL(`${bases.ouraCloudBase}/oauth/authorize`)
      url.searchParams.set('response_type', 'code')
      url.searchParams.set('client_id', edit.clientId.trim())
      url.searchParams.set('redirect_uri', callback)
      url.searchParams.set('scope', edit.scopes.join(' '))
      url.searchParams.set('state', 'preflight')
      const authorizationUrl = url.toString().replace(/\+/g, '%20')
      const auth = await port.checkAuthorize(authorizationUrl, signal)
      if (auth.kind === 'consent') {
        checks.push({ id: 'redirect_uri', label: `Sahha's callback is registered on the ${def.displayName} app`, status: 'pass', detail: callback })
        checks.push({ id: 'provider_scopes', label: `${def.displayName} accepts the requested scopes`, status: 'pass', detail: 'The consent page opened for every requested scope.' })
      } else if (auth.kind === 'error_page') {
        checks.push({
          id: 'redirect_uri',
          label: `Sahha's callback is registered on the ${def.displayName} app`,
          status: 'fail',
          detail: `${def.displayName} shows "${auth.title}".`,
          remedy: /client/i.test(auth.title)
            ? 'The client ID is not known to Oura: copy it again from the Oura portal.'
            : `Register exactly ${callback} as a redirect URI on the Oura app.`
        })
      } else if (auth.kind === 'redirect_error') {
        checks.push({ id: 'redirect_uri', label: `Sahha's callback is registered on the ${def.displayName} app`, status: 'pass', detail: callback })
        checks.push({
          id: 'provider_scopes',
          label: `${def.displayName} accepts the requested scopes`,
          status: 'fail',
          detail: `${auth.error}${auth.description ? `: ${auth.description}` : ''}`,
          remedy: auth.error === 'invalid_scope' ? 'Enable these scopes on the Oura app, or deselect them here.' : 'See the error decoder for this code.'
        })
        // Oura's own answer outranks the scopes recorded here: never show "match" beside Oura refusing them.
        const recorded = checks.find((c) => c.id === 'scopes')
        if (auth.error === 'invalid_scope' && recorded && recorded.status !== 'fail') {
          Object.assign(recorded, {
            label: 'Scopes recorded for the Oura app',
            status: 'warn',
            detail: `The scopes recorded here for the Oura app include every requested scope, but ${def.displayName} refused them at authorize (below): the record is out of date.`,
            remedy: `Check which scopes are enabled on the ${def.displayName} portal and update "Enabled on Oura app".`
          })
        }
      } else if (auth.kind === 'login') {
        checks.push({ id: 'authorize', label: `${def.displayName} authorize page`, status: 'skipped', detail: `${def.displayName} redirected to its sign-in page: inconclusive, the client ID, callback and scopes are checked only after a user signs in.`, remedy: 'Use Verify live, or open the link signed in to Oura.' })
      } else {
        checks.push({ id: 'authorize', label: `${def.displayName} authorize page`, status: 'skipped', detail: `Not reachable from this machine (${auth.detail}).`, remedy: 'Run preflight from a machine that can reach Oura.' })
      }

      let secret: string | null = typedSecret?.trim() || null
      if (secret) deps.log.addSecret(secret)
      else {
        try {
          secret = await deps.secrets.get(secretKey(tenant, provider))
        } catch (e) {
          if (!(e instanceof AppFailure)) throw e
        }
      }
      if (!secret) {
        checks.push({ id: 'credentials', label: 'Client ID and secret', status: 'skipped', detail: 'The client secret is not in this keychain, so it cannot be tested.', remedy: 'Use "Replace secret" (or enter it when creating) to store it here.' })
      } else {
        deps.log.addSecret(secret)
        checks.push(await credentialCheck(port, edit.clientId.trim(), secret, callback, signal))
      }
      const ok = checks.every((c) => c.status !== 'fail')
      // A preflight changes nothing: an audit line that cannot be written is logged, not shown as a failed check.
      await audited({
        tenantId: tenant.id,
        environment: tenant.environment,
        action: 'integration.preflight',
        summary: `${provider}: ${ok ? 'passed' : 'failed'} (${checks.map((c) => `${c.id} ${c.status}`).join(', ')})`
      })
      return { ok, authorizationUrl, checks }
    }
  }
  return service
}
export type IntegrationsService = ReturnType<typeof createIntegrationsService>
