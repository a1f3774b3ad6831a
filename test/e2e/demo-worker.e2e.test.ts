import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoWorkerEntry, startDemoSimulator } from '../../main/services/demo-simulator'

// Decision 0012: the built app runs the Demo simulator in a worker thread, so seeding a large Demo and serving its
// listing pages never hold up main's IPC. This drives the built worker (out/main) the way main does.

const entry = demoWorkerEntry(join(__dirname, '../../out/main'))

describe('the Demo simulator in its worker thread', () => {
  it('serves the Demo, saves what the operator changed when it closes, and restores it on the next start', async () => {
    if (!entry) throw new Error('out/main/demo-simulator-worker.js is missing: run `npm run build` before the e2e tests')
    const statePath = join(mkdtempSync(join(tmpdir(), 'sia-demo-worker-')), 'demo-state.json')
    const opts = { profiles: 300, seed: 42, adminApi: 'on' as const, statePath }
    const logged: string[] = []
    const first = await startDemoSimulator({ ...opts, log: (event) => logged.push(event) }, entry)
    expect(first.restored).toBe(false)
    const churn = (await (await fetch(`${first.url}/_admin/churn`, { method: 'POST', body: JSON.stringify({ break: 3 }) })).json()) as { broken: string[] }
    expect(churn.broken).toHaveLength(3)
    await first.close()
    await expect(fetch(`${first.url}/_admin/stats`)).rejects.toThrow()
    expect(logged).toEqual([])

    const second = await startDemoSimulator(opts, entry)
    try {
      expect(second.restored).toBe(true)
      expect((await fetch(`${second.url}/_admin/stats`)).status).toBe(200)
    } finally {
      await second.close()
    }
  })

  it('runs at the lowest CPU priority (Linux), so seeding and serving the Demo take only CPU time the app leaves', async () => {
    if (!entry) throw new Error('out/main/demo-simulator-worker.js is missing: run `npm run build` before the e2e tests')
    const niceOf = (tid: number) => Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])
    const mainBefore = process.platform === 'linux' ? niceOf(process.pid) : 0
    const sim = await startDemoSimulator({ profiles: 50, seed: 1, adminApi: 'on' }, entry)
    try {
      if (process.platform !== 'linux') {
        expect(sim.thread).toBeNull()
        return
      }
      expect(sim.thread?.nice).toBe(19)
      // The kernel's own view of that thread (field 19 of /proc/<pid>/task/<tid>/stat, after the parenthesised name),
      // and of this test's main thread, which must be unchanged.
      expect(niceOf(sim.thread!.tid)).toBe(19)
      expect(sim.thread!.tid).not.toBe(process.pid)
      expect(niceOf(process.pid)).toBe(mainBefore)
      // Still serving at that priority.
      expect((await fetch(`${sim.url}/_admin/stats`)).status).toBe(200)
    } finally {
      await sim.close()
    }
  })

  it('a second close waits for the same shutdown, and closing after the worker is gone returns at once', async () => {
    if (!entry) throw new Error('out/main/demo-simulator-worker.js is missing: run `npm run build` before the e2e tests')
    const sim = await startDemoSimulator({ profiles: 50, seed: 1, adminApi: 'off' }, entry)
    await Promise.all([sim.close(), sim.close()])
    await sim.close()
  })
})
