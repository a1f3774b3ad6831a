import type { EventName, EventPayload } from '../../preload/contract/channels'

export type EventListener = (event: EventName, payload: unknown) => void

/** Fan-out of main → renderer events to whatever transports are attached (IPC windows, bridge SSE clients). */
export function createEventBus() {
  const listeners = new Set<EventListener>()
  return {
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const l of listeners) {
        try {
          l(event, payload)
        } catch {
          // A broken transport must not stop the others.
        }
      }
    },
    subscribe(listener: EventListener): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
export type EventBus = ReturnType<typeof createEventBus>
