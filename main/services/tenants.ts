import { randomBytes } from 'node:crypto'
import type { EnvironmentId, SecretStatus, Tenant, TenantCapabilities, TenantCreateInput, TenantUpdateInput } from '../../preload/contract/models'
import { appError, KeychainUnavailableError } from '../errors'
import type { Logger } from '../log'
import type { SecretKey, SecretStore } from '../secrets/secret-store'
import type { SettingsData, SettingsFile, TenantRecord } from '../storage/settings'

/** Every provider slug a tenant may hold secrets for: removing a tenant deletes all of them. */
const SECRET_PROVIDERS = ['sahha', 'oura', 'garmin', 'whoop'] as const

export function accountSecretKey(t: { id: string; environment: EnvironmentId }): SecretKey {
  return { tenantId: t.id, environment: t.environment, provider: 'sahha', name: 'client-secret' }
}

export interface DemoSeed {
  readonly accountClientId: string
  readonly accountClientSecret: string
  readonly ouraClientSecret: string
}

export interface AuditSink {
  append(entry: { tenantId: string; environment: EnvironmentId; action: string; summary: string }): Promise<void>
}

export function createTenantsService(deps: {
  settings: SettingsFile
  secrets: SecretStore
  log: Logger
  audit: AuditSink
  demo: DemoSeed
  /** What the tenant's host was found to serve (services/capabilities.ts). */
  capabilities: (tenantId: string) => Promise<TenantCapabilities>
  /** Fields where the live integration differs from the desired configuration (documented tier). */
  drift?: (tenantId: string) => Promise<string[]>
  now?: () => Date
}) {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString()
  let cache: SettingsData | null = null

  const load = async (): Promise<SettingsData> => {
    cache ??= await deps.settings.load()
    return cache
  }
  const commit = async (next: SettingsData) => {
    await deps.settings.save(next)
    cache = next
  }

  const secretStatus = async (rec: TenantRecord): Promise<SecretStatus> => {
    try {
      const value = await deps.secrets.get(accountSecretKey(rec))
      if (value === null) return { state: 'missing' }
      deps.log.addSecret(value)
      return { state: 'set', last4: value.length >= 12 ? value.slice(-4) : undefined }
    } catch (e) {
      if (e instanceof KeychainUnavailableError) return { state: 'unavailable' }
      throw e
    }
  }
  const toTenant = async (rec: TenantRecord): Promise<Tenant> => ({
    ...rec,
    documentedOnly: rec.documentedOnly ?? false,
    capabilities: await deps.capabilities(rec.id),
    drift: deps.drift ? await deps.drift(rec.id).catch(() => []) : [],
    accountSecret: await secretStatus(rec)
  })

  const find = async (id: string): Promise<TenantRecord> => {
    const rec = (await load()).tenants.find((t) => t.id === id)
    if (!rec) {
      throw appError('NOT_FOUND', 'That tenant no longer exists.', { remedy: 'Pick a tenant from the list again.', retryable: false })
    }
    return rec
  }

  const assertUniqueName = (data: SettingsData, name: string, environment: EnvironmentId, exceptId?: string) => {
    const clash = data.tenants.find(
      (t) => t.id !== exceptId && t.environment === environment && t.name.toLowerCase() === name.toLowerCase()
    )
    if (clash) {
      throw appError('VALIDATION', `A ${environment} tenant named "${clash.name}" already exists.`, {
        field: 'name',
        remedy: 'Choose another name, or edit the existing tenant.',
        retryable: false
      })
    }
  }

  const service = {
    async list(): Promise<Tenant[]> {
      const data = await load()
      return Promise.all(data.tenants.map(toTenant))
    },

    /** The tenant as the services see it (no secret lookup: services read secrets when they need them). */
    async publicTenant(id: string): Promise<TenantRecord> {
      return find(id)
    },

    /** The account credentials, for main only. Never returned over the contract. */
    async credentials(id: string): Promise<{ clientId: string; clientSecret: string }> {
      const rec = await find(id)
      let secret = await deps.secrets.get(accountSecretKey(rec))
      if (secret === null && rec.environment === 'demo' && rec.sahhaClientId === deps.demo.accountClientId) {
        // The Demo tenant's credentials are the simulator's fixed fake pair; restore them if the entry was lost.
        await deps.secrets.set(accountSecretKey(rec), deps.demo.accountClientSecret)
        secret = deps.demo.accountClientSecret
      }
      if (secret === null) {
        throw appError('SECRET_MISSING', `The Sahha client secret of "${rec.name}" is not in the keychain.`, {
          remedy: 'Edit the tenant and enter the client secret again (Sahha Dashboard → API Keys).',
          field: 'sahhaClientSecret',
          retryable: false
        })
      }
      deps.log.addSecret(secret)
      return { clientId: rec.sahhaClientId, clientSecret: secret }
    },

    async create(input: TenantCreateInput): Promise<Tenant> {
      const data = await load()
      assertUniqueName(data, input.name, input.environment)
      if (input.documentedOnly && input.environment !== 'demo') {
        throw appError('VALIDATION', '"Documented API only" is a Demo option: sandbox and production are real Sahha hosts.', {
          field: 'documentedOnly',
          remedy: 'Untick it, or choose the Demo environment.',
          retryable: false
        })
      }
      const stamp = now()
      const rec: TenantRecord = {
        id: `t_${randomBytes(8).toString('hex')}`,
        name: input.name,
        environment: input.environment,
        sahhaClientId: input.sahhaClientId,
        ...(input.documentedOnly ? { documentedOnly: true } : {}),
        createdAt: stamp,
        updatedAt: stamp
      }
      deps.log.addSecret(input.sahhaClientSecret)
      // Keychain first: if it fails, nothing is written and the form keeps what the operator typed.
      await deps.secrets.set(accountSecretKey(rec), input.sahhaClientSecret)
      await commit({ ...data, tenants: [...data.tenants, rec] })
      await deps.audit.append({ tenantId: rec.id, environment: rec.environment, action: 'tenant.create', summary: `Tenant "${rec.name}" added${rec.documentedOnly ? ' (documented API only)' : ''}` })
      deps.log.info('tenant.created', { tenantId: rec.id, environment: rec.environment })
      return toTenant(rec)
    },

    async update(input: TenantUpdateInput): Promise<Tenant> {
      const data = await load()
      const rec = await find(input.id)
      if (input.name !== undefined) assertUniqueName(data, input.name, rec.environment, rec.id)
      const next: TenantRecord = {
        ...rec,
        name: input.name ?? rec.name,
        sahhaClientId: input.sahhaClientId ?? rec.sahhaClientId,
        updatedAt: now()
      }
      const changes: string[] = []
      if (next.name !== rec.name) changes.push(`name "${rec.name}" → "${next.name}"`)
      if (next.sahhaClientId !== rec.sahhaClientId) changes.push('Sahha client ID changed')
      if (input.sahhaClientSecret !== undefined) {
        deps.log.addSecret(input.sahhaClientSecret)
        await deps.secrets.set(accountSecretKey(rec), input.sahhaClientSecret)
        changes.push('Sahha client secret replaced')
      }
      await commit({ ...data, tenants: data.tenants.map((t) => (t.id === rec.id ? next : t)) })
      if (changes.length > 0) {
        await deps.audit.append({ tenantId: rec.id, environment: rec.environment, action: 'tenant.update', summary: changes.join('; ') })
      }
      return toTenant(next)
    },

    async remove(id: string, confirmName: string): Promise<void> {
      const rec = await find(id)
      if (confirmName.trim() !== rec.name) {
        throw appError('VALIDATION', `Type the tenant name "${rec.name}" exactly to confirm removal.`, {
          field: 'confirmName',
          remedy: 'Type the name as shown, then confirm.',
          retryable: false
        })
      }
      // Secrets first: if the keychain is unavailable the tenant stays, so no entry is orphaned.
      for (const provider of SECRET_PROVIDERS) {
        await deps.secrets.delete({ tenantId: rec.id, environment: rec.environment, provider, name: 'client-secret' })
      }
      const data = await load()
      await commit({ ...data, tenants: data.tenants.filter((t) => t.id !== id) })
      await deps.audit.append({ tenantId: rec.id, environment: rec.environment, action: 'tenant.remove', summary: `Tenant "${rec.name}" removed with its keychain entries` })
    },

    /** First start: a Demo tenant on the built-in simulator, so the app shows real data with no set-up. */
    async ensureDemoTenant(): Promise<void> {
      const data = await load()
      if (data.demoSeeded) return
      const stamp = now()
      const rec: TenantRecord = {
        id: `t_${randomBytes(8).toString('hex')}`,
        name: 'Demo tenant',
        environment: 'demo',
        sahhaClientId: deps.demo.accountClientId,
        createdAt: stamp,
        updatedAt: stamp
      }
      try {
        await deps.secrets.set(accountSecretKey(rec), deps.demo.accountClientSecret)
        await deps.secrets.set({ tenantId: rec.id, environment: 'demo', provider: 'oura', name: 'client-secret' }, deps.demo.ouraClientSecret)
      } catch (e) {
        // Not fatal: the tenant shows "keychain unavailable" and the secret is restored on first use.
        deps.log.warn('demo.secret-not-stored', { error: e instanceof Error ? e.message : String(e) })
      }
      await commit({ ...data, demoSeeded: true, tenants: [...data.tenants, rec] })
    },

    /** Drop the in-memory copy (after the operator chose to start fresh from a corrupt file). */
    reset(): void {
      cache = null
    }
  }
  return service
}
export type TenantsService = ReturnType<typeof createTenantsService>
