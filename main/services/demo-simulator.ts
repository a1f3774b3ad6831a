import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { DemoSimulator, StartDemo } from './environments'

type DemoOptions = Parameters<StartDemo>[0]
/** What the worker posts to main (see demo-simulator-worker.ts). */
export type DemoWorkerMessage =
  | { kind: 'ready'; url: string; restored: boolean; thread: { tid: number; nice: number } | null }
  | { kind: 'failed'; message: string }
  | { kind: 'log'; event: string; detail: string }
  | { kind: 'closed' }
/** What the worker is started with: the options, minus the log callback (functions do not cross threads). */
export type DemoWorkerData = Omit<DemoOptions, 'log'>

/** The built worker next to the main bundle; null when main runs from its TypeScript sources (unit tests). */
export function demoWorkerEntry(dir: string = __dirname): string | null {
  const built = join(dir, 'demo-simulator-worker.js')
  return existsSync(built) ? built : null
}

/**
 * The Demo environment: the simulator on a free loopback port (with or without the admin API), in a worker thread
 * of its own when main runs built. Seeding a million users takes ~1.7 s of synchronous work and every listing page
 * is serialized by the simulator: on main's thread, both held up the operator's first IPC calls (measured: open from
 * cache waited for the seeding). From the sources (unit tests) it runs in-process. The simulator's code is not
 * even loaded on main's thread when the worker runs it (compiling it there held up the first calls too).
 */
export async function startDemoSimulator(opts: DemoOptions, entry: string | null = demoWorkerEntry()): Promise<DemoSimulator> {
  return entry ? startInWorker(entry, opts) : (await import('./demo-simulator-run')).runDemoSimulator(opts)
}

function startInWorker(entry: string, opts: DemoOptions): Promise<DemoSimulator> {
  const { log, ...data } = opts
  const worker = new Worker(entry, { workerData: data satisfies DemoWorkerData })
  let closing: Promise<void> | null = null
  let onClosed: (() => void) | null = null
  let exited = false
  return new Promise<DemoSimulator>((resolve, reject) => {
    let started = false
    worker.on('message', (m: DemoWorkerMessage) => {
      if (m.kind === 'log') log?.(m.event, m.detail)
      else if (m.kind === 'closed') onClosed?.()
      else if (m.kind === 'failed') {
        reject(new Error(m.message))
        void worker.terminate()
      } else {
        started = true
        resolve({
          url: m.url,
          restored: m.restored,
          thread: m.thread,
          close() {
            if (exited) return Promise.resolve()
            closing ??= new Promise<void>((done) => {
              onClosed = done
              worker.postMessage({ kind: 'close' })
            }).then(async () => {
              await worker.terminate()
            })
            return closing
          }
        })
      }
    })
    worker.on('error', (e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e))
      if (!started) reject(error)
      else log?.('demo.worker-failed', error.message)
    })
    worker.on('exit', (code) => {
      exited = true
      if (!started) reject(new Error(`The Demo simulator stopped before it started (exit code ${code}).`))
      // Closing resolves on 'closed'; an exit without it (a crash) must not leave close() waiting forever.
      onClosed?.()
    })
  })
}
