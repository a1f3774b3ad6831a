import { randomBytes } from 'node:crypto'
import type { EnvironmentId, SecretStatus, Tenant, TenantCapabilities, TenantCreateInput, TenantUpdateInput } from '../../preload/contract/models'
import { appError } from '../errors'
import type { Logger } from '../log'
import type { SecretKey, SecretStore } from '../secrets/secret-store'
import { readSecretStatus, secretKey } from '../secrets/secret-keys'
import { requireTypedConfirmation } from './confirmation'
import type { SettingsData, SettingsFile, TenantRecord } from '../storage/settings'

/** Every provider slug a tenant may hold secrets for: removing a tenant deletes all of them. */
const SECRET_PROVIDERS = ['sahha', 'oura', 'garmin', 'whoop'] as const
const secretLabel = (provider: string) => (provider === 'sahha' ? 'Sahha account secret' : `${provider} client secret`)

const accountSecretKey = (t: { id: string; environment: EnvironmentId }): SecretKey => secretKey(t, 'sahha')

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
  // No in-memory copy: every change is a read-modify-write of the file through `update`, which runs
  // one at a time per path, so concurrent creates, edits and removals each see the others' results.
  const load = (): Promise<SettingsData> => deps.settings.load()

  /** A secret stored for a change that then could not be written is taken back, so no entry is orphaned. */
  const withdraw = async (key: SecretKey) => {
    await deps.secrets.delete(key).catch((e: unknown) => deps.log.warn('secret.withdraw-failed', { error: e instanceof Error ? e.message : String(e) }))
  }

  const secretStatus = (rec: TenantRecord): Promise<SecretStatus> => readSecretStatus(deps.secrets, accountSecretKey(rec), deps.log)
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
      try {
        await deps.settings.update((current) => {
          assertUniqueName(current, input.name, input.environment) // again: a concurrent create may have taken the name
          return { ...current, tenants: [...current.tenants, rec] }
        })
      } catch (e) {
        await withdraw(accountSecretKey(rec))
        throw e
      }
      await deps.audit.append({ tenantId: rec.id, environment: rec.environment, action: 'tenant.create', summary: `Tenant "${rec.name}" added${rec.documentedOnly ? ' (documented API only)' : ''}` })
      deps.log.info('tenant.created', { tenantId: rec.id, environment: rec.environment })
      return toTenant(rec)
    },

    async update(input: TenantUpdateInput): Promise<Tenant> {
      const rec = await find(input.id)
      if (input.name !== undefined) assertUniqueName(await load(), input.name, rec.environment, rec.id)
      if (input.sahhaClientSecret !== undefined) {
        deps.log.addSecret(input.sahhaClientSecret)
        await deps.secrets.set(accountSecretKey(rec), input.sahhaClientSecret)
      }
      let before = rec
      let next = rec
      // Applied to the record as it is on disk now, so a concurrent edit of another field is kept.
      await deps.settings.update((current) => {
        const latest = current.tenants.find((t) => t.id === rec.id)
        if (!latest) throw appError('NOT_FOUND', 'That tenant was removed meanwhile.', { remedy: 'Pick a tenant from the list again.', retryable: false })
        if (input.name !== undefined) assertUniqueName(current, input.name, rec.environment, rec.id)
        before = latest
        next = { ...latest, name: input.name ?? latest.name, sahhaClientId: input.sahhaClientId ?? latest.sahhaClientId, updatedAt: now() }
        return { ...current, tenants: current.tenants.map((t) => (t.id === rec.id ? next : t)) }
      })
      const changes: string[] = []
      if (next.name !== before.name) changes.push(`name "${before.name}" → "${next.name}"`)
      if (next.sahhaClientId !== before.sahhaClientId) changes.push('Sahha client ID changed')
      if (input.sahhaClientSecret !== undefined) changes.push('Sahha client secret replaced')
      if (changes.length > 0) {
        await deps.audit.append({ tenantId: rec.id, environment: rec.environment, action: 'tenant.update', summary: changes.join('; ') })
      }
      return toTenant(next)
    },

    async remove(id: string, confirmName: string): Promise<void> {
      const rec = await find(id)
      requireTypedConfirmation({ environment: rec.environment, typed: confirmName, expected: rec.name, what: 'removing the tenant', field: 'confirmName', when: 'always' })
      // Every keychain entry first: the store refuses (KEYCHAIN_UNAVAILABLE) rather than report a
      // delete it could not make, so if any entry cannot go, the tenant stays and nothing is orphaned.
      // The account secret goes last, so a tenant kept after a refusal can still sign in.
      const deleted: string[] = []
      for (const provider of [...SECRET_PROVIDERS.filter((p) => p !== 'sahha'), 'sahha']) {
        try {
          if (await deps.secrets.delete(secretKey(rec, provider))) deleted.push(provider)
        } catch (e) {
          if (deleted.length > 0) {
            await deps.audit.append({
              tenantId: rec.id,
              environment: rec.environment,
              action: 'tenant.remove-refused',
              summary: `Removing "${rec.name}" stopped: the keychain refused a delete. Deleted from the keychain: ${deleted.map(secretLabel).join(', ')}. The tenant was kept.`
            }).catch(() => undefined)
          }
          throw e
        }
      }
      await deps.settings.update((current) => ({ ...current, tenants: current.tenants.filter((t) => t.id !== id) }))
      await deps.audit.append({
        tenantId: rec.id,
        environment: rec.environment,
        action: 'tenant.remove',
        summary: `Tenant "${rec.name}" removed; ${deleted.length ? `keychain entries deleted: ${deleted.map(secretLabel).join(', ')}` : 'it had no keychain entry'}`
      })
    },

    /** First start: a Demo tenant on the built-in simulator, so the app shows real data with no set-up. */
    async ensureDemoTenant(): Promise<void> {
      if ((await load()).demoSeeded) return
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
        await deps.secrets.set(secretKey({ id: rec.id, environment: 'demo' }, 'oura'), deps.demo.ouraClientSecret)
      } catch (e) {
        // Not fatal: the tenant shows "keychain unavailable" and the secret is restored on first use.
        deps.log.warn('demo.secret-not-stored', { error: e instanceof Error ? e.message : String(e) })
      }
      await deps.settings.update((current) => (current.demoSeeded ? current : { ...current, demoSeeded: true, tenants: [...current.tenants, rec] }))
    }
  }
  return service
}
export type TenantsService = ReturnType<typeof createTenantsService>
