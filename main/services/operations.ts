import { randomBytes } from 'node:crypto'
import { AppFailure, appError, cancelled, isAbortError } from '../errors'
import type { EventBus } from '../ipc/events'

export interface Progress {
  (loaded: number, total: number | null, message?: string): void
}

/**
 * Long operations: each has an id, reports progress as `operations.progress` events (throttled),
 * and stops through `cancel(id)` via its AbortController. A dispatch call's own signal (the window
 * closed, the bridge request dropped) cancels it too.
 */
/** Waits for an operation; true when it was cancelled (its partial result is the caller's), any other failure rethrown. */
export async function settleCancellable(done: Promise<unknown>): Promise<boolean> {
  try {
    await done
    return false
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'CANCELLED') return true
    throw e
  }
}

export function createOperations(events: EventBus, opts: { progressIntervalMs?: number } = {}) {
  const interval = opts.progressIntervalMs ?? 100
  const running = new Map<string, AbortController>()

  return {
    run<T>(
      kind: string,
      work: (signal: AbortSignal, progress: Progress) => Promise<T>,
      options: { operationId?: string; parentSignal?: AbortSignal } = {}
    ): { operationId: string; done: Promise<T> } {
      const operationId = options.operationId ?? `op_${randomBytes(8).toString('hex')}`
      if (running.has(operationId)) {
        throw appError('VALIDATION', 'An operation with this id is already running.', { retryable: false })
      }
      const controller = new AbortController()
      const onParentAbort = () => controller.abort()
      options.parentSignal?.addEventListener('abort', onParentAbort, { once: true })
      running.set(operationId, controller)
      let last = 0
      let lastLoaded = 0
      let lastTotal: number | null = null
      const progress: Progress = (loaded, total, message) => {
        lastLoaded = loaded
        lastTotal = total
        const now = Date.now()
        if (now - last < interval) return
        last = now
        events.emit('operations.progress', { operationId, kind, loaded, total, state: 'running', message })
      }
      events.emit('operations.progress', { operationId, kind, loaded: 0, total: null, state: 'running' })
      const done = (async () => {
        try {
          const value = await work(controller.signal, progress)
          if (controller.signal.aborted) throw cancelled()
          events.emit('operations.progress', { operationId, kind, loaded: lastLoaded, total: lastTotal, state: 'done' })
          return value
        } catch (e) {
          const wasCancelled = controller.signal.aborted || isAbortError(e)
          events.emit('operations.progress', {
            operationId,
            kind,
            loaded: lastLoaded,
            total: lastTotal,
            state: wasCancelled ? 'cancelled' : 'failed'
          })
          throw wasCancelled ? cancelled() : e
        } finally {
          running.delete(operationId)
          options.parentSignal?.removeEventListener('abort', onParentAbort)
        }
      })()
      return { operationId, done }
    },
    cancel(operationId: string): boolean {
      const c = running.get(operationId)
      if (!c) return false
      c.abort()
      return true
    },
    cancelAll(): void {
      for (const c of running.values()) c.abort()
    }
  }
}
export type Operations = ReturnType<typeof createOperations>
