/**
 * The Demo simulator's worker thread (built as out/main/demo-simulator-worker.js, started by demo-simulator.ts):
 * seeding and serving the Demo's users here keeps main's event loop free for the operator's IPC calls.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DemoWorkerData, DemoWorkerMessage } from './demo-simulator'
import { runDemoSimulator } from './demo-simulator-run'

const port = parentPort
if (!port) throw new Error('demo-simulator-worker runs only as a worker thread')
const post = (m: DemoWorkerMessage) => port.postMessage(m)

runDemoSimulator({ ...(workerData as DemoWorkerData), log: (event, detail) => post({ kind: 'log', event, detail }) }).then(
  (sim) => {
    port.on('message', (m: { kind?: string }) => {
      if (m.kind !== 'close') return
      void sim.close().finally(() => {
        post({ kind: 'closed' })
        port.close()
      })
    })
    post({ kind: 'ready', url: sim.url, restored: sim.restored ?? false })
  },
  (e: unknown) => post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) })
)
