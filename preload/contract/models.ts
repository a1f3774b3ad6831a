import { z } from 'zod'

/** Schemas of the data that crosses the contract. Nothing here may ever carry a secret value. */

export const ENVIRONMENT_IDS = ['demo', 'sandbox', 'production'] as const
export const EnvironmentId = z.enum(ENVIRONMENT_IDS)
export type EnvironmentId = z.infer<typeof EnvironmentId>

export const TenantId = z.string().regex(/^t_[a-z0-9]{6,32}$/, 'Tenant id looks wrong; pick the tenant from the list again.')

/** What the renderer may know about a secret: whether it is set, and at most its last four characters. */
export const SecretStatus = z.object({
  state: z.enum(['set', 'missing', 'unavailable']),
  last4: z.string().max(4).optional()
})
export type SecretStatus = z.infer<typeof SecretStatus>

export const Tenant = z.object({
  id: TenantId,
  name: z.string(),
  environment: EnvironmentId,
  sahhaClientId: z.string(),
  accountSecret: SecretStatus,
  createdAt: z.string(),
  updatedAt: z.string()
})
export type Tenant = z.infer<typeof Tenant>

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)

export const TenantCreateInput = z.object({
  name: trimmed('Name', 80),
  environment: EnvironmentId,
  sahhaClientId: trimmed('Sahha client ID', 200),
  sahhaClientSecret: trimmed('Sahha client secret', 500)
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
  confirmName: z.string()
})

export const TenantCheckResult = z.object({
  ok: z.literal(true),
  latencyMs: z.number(),
  baseUrl: z.string()
})

export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'bridge']),
  platform: z.string(),
  userDataDir: z.string(),
  storage: z.object({ state: z.enum(['ok', 'corrupt']), backupPath: z.string().optional() })
})
export type AppInfo = z.infer<typeof AppInfo>
