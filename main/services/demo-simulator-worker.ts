/**
 * The Demo simulator's worker thread (built as out/main/demo-simulator-worker.js, started by demo-simulator.ts):
 * seeding and serving the Demo's users here keeps main's event loop free for the operator's IPC calls.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DemoWorkerData, DemoWorkerMessage } from './demo-simulator'
import { runDemoSimulator } from './demo-simulator-run'
import { lowerThisThreadPriority } from './thread-priority'

const port = parentPort
if (!port) throw new Error('demo-simulator-worker runs only as a worker thread')
const post = (m: DemoWorkerMessage) => port.postMessage(m)

// The Demo stands in for Sahha's and Oura's servers, which do not share the operator's CPU: seeding a million users
// (2-3 s of CPU) and serving a sync's pages must not take it from the app's main thread and window. Measured at 1M
// on 2 cores: the Demo starts on the open's first call that needs it, and its seeding ran beside the first rows.
const priority = lowerThisThreadPriority()

runDemoSimulator({ ...(workerData as DemoWorkerData), log: (event, detail) => post({ kind: 'log', event, detail }) }).then(
  (sim) => {
    port.on('message', (m: { kind?: string }) => {
      if (m.kind !== 'close') return
      void sim.close().finally(() => {
        post({ kind: 'closed' })
        port.close()
      })
    })
    post({ kind: 'ready', url: sim.url, restored: sim.restored ?? false, thread: priority })
  },
  (e: unknown) => post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) })
)
