import { createApi, type Api } from '../../preload/create-api'
import type { ChannelName, EventName } from '../../preload/contract/channel-names'
import type { ChannelInput, ChannelOutput, EventPayload } from '../../preload/contract/channels'
import type { Result } from '../../preload/contract/result'

/** One typed answer per channel: the compiler checks each against the contract's input and output. */
export type FakeHandlers = {
  [K in ChannelName]?: (input: ChannelInput<K>) => Result<ChannelOutput<K>> | Promise<Result<ChannelOutput<K>>>
}

export interface FakeApi extends Api {
  /** Every call, in order. */
  readonly calls: { channel: ChannelName; input: unknown }[]
  /** Sends an event from "main" to whoever subscribed. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
}

/**
 * The renderer tests' preload API: the real `createApi` (so method names come from the contract),
 * with typed handlers behind it. A channel without a handler answers a typed error that names it,
 * so a test that forgot one fails on what it forgot.
 */
export function createFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const calls: { channel: ChannelName; input: unknown }[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const api = createApi(
    async (channel, input) => {
      calls.push({ channel, input })
      const handler = handlers[channel] as ((input: unknown) => Result<unknown> | Promise<Result<unknown>>) | undefined
      if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `fake api: no handler for ${channel}`, retryable: false } }
      return handler(input)
    },
    (event, listener) => {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => void set.delete(listener)
    }
  )
  return {
    ...api,
    calls,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const l of listeners.get(event) ?? []) l(payload)
    }
  }
}
