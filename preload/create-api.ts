import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName } from './contract/channel-names'
import type { ChannelInput, ChannelOutput, EventPayload } from './contract/channels'
import type { Result } from './contract/result'

/** Splits `domain.method` names into `api.domain.method(input)`. */
type Split<S extends string> = S extends `${infer D}.${infer M}` ? [D, M] : never
type Domains = Split<ChannelName>[0]
type MethodsOf<D extends string> = {
  [K in ChannelName as Split<K>[0] extends D ? Split<K>[1] : never]: (
    input: ChannelInput<K>
  ) => Promise<Result<ChannelOutput<K>>>
}

export type Api = { [D in Domains]: MethodsOf<D> } & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

/**
 * Builds the typed api from the channel list. Pure: used by the Electron preload (over IPC) and by
 * the browser build (over the loopback bridge). Each method is bound to one fixed channel name, so
 * the renderer never gets a way to call an arbitrary channel.
 */
export function createApi(invoke: Invoke, subscribe: Subscribe): Api {
  const api: Record<string, Record<string, unknown>> = {}
  for (const name of CHANNEL_NAMES) {
    const [domain, method] = name.split('.') as [string, string]
    api[domain] ??= {}
    api[domain][method] = (input: unknown) => invoke(name, input ?? {})
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`)
    return subscribe(event, listener)
  }
  return Object.freeze({ ...api, on }) as unknown as Api
}
