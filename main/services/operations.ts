import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { AppFailure, appError, cancelled, isAbortError } from '../errors'
import type { EventBus } from '../ipc/events'

export interface Progress {
  (loaded: number, total: number | null, message?: string): void
}

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

/**
 * Long operations: each has an id, reports progress as `operations.progress` events (throttled),
 * and stops through `cancel(id)` via its AbortController. Each operation belongs to the sender
 * whose call started it (dispatch runs every handler inside `asOwner`): when that window's web
 * contents go away, `cancelOwner` aborts what it left running, so a closed window does not leave a
 * sync or a scan working for nobody. A `parentSignal` (a call's own signal) cancels it too.
 */
export function createOperations(events: EventBus, opts: { progressIntervalMs?: number } = {}) {
  const interval = opts.progressIntervalMs ?? 100
  const running = new Map<string, { controller: AbortController; owner: string | undefined }>()
  const currentOwner = new AsyncLocalStorage<string>()

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
      running.set(operationId, { controller, owner: currentOwner.getStore() })
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
    /** Runs `fn` (a handler) so that every operation it starts belongs to `owner`. */
    asOwner<T>(owner: string, fn: () => T): T {
      return currentOwner.run(owner, fn)
    },
    cancel(operationId: string): boolean {
      const c = running.get(operationId)
      if (!c) return false
      c.controller.abort()
      return true
    },
    /** The sender went away (its window closed): cancels what it started; returns how many. */
    cancelOwner(owner: string): number {
      let n = 0
      for (const c of running.values()) {
        if (c.owner !== owner) continue
        c.controller.abort()
        n++
      }
      return n
    },
    cancelAll(): void {
      for (const c of running.values()) c.controller.abort()
    }
  }
}
export type Operations = ReturnType<typeof createOperations>
