import { z } from 'zod'
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName } from './channel-names'
import {
  AppInfo,
  Tenant,
  TenantCheckResult,
  TenantCreateInput,
  TenantId,
  TenantRemoveInput,
  TenantUpdateInput
} from './models'

/**
 * Every channel the renderer may call, as `domain.method`, with the schema of its input and output.
 * The preload, the IPC registration and the loopback bridge are all driven by this one map, so a
 * channel cannot exist in one transport and not the other.
 */
export const channels = {
  'app.info': { input: z.object({}), output: AppInfo },
  'storage.resetCorrupt': {
    input: z.object({ confirm: z.literal('RESET') }),
    output: z.object({ backupPath: z.string().optional() })
  },
  'tenants.list': { input: z.object({}), output: z.array(Tenant) },
  'tenants.create': { input: TenantCreateInput, output: Tenant },
  'tenants.update': { input: TenantUpdateInput, output: Tenant },
  'tenants.remove': { input: TenantRemoveInput, output: z.object({ removed: z.literal(true) }) },
  'tenants.check': { input: z.object({ id: TenantId }), output: TenantCheckResult }
} as const

export type Channels = typeof channels
export { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName }
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
  })
} as const
export type Events = typeof events
export type EventPayload<K extends EventName> = z.output<Events[K]>

// Compile-time completeness: the name lists and the schema maps must hold exactly the same keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _channelsComplete: Same<keyof typeof channels, ChannelName> = true
const _eventsComplete: Same<keyof typeof events, EventName> = true
void _channelsComplete
void _eventsComplete
