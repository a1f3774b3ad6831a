/**
 * Memory as the benches report it: after a full collection, once the collection's after-effects have run
 * and the readings have stopped moving, instead of after a fixed pause. Needs `node --expose-gc` (run.mjs
 * starts the bench processes with it); without gc() the readings are taken as they are.
 */
export async function settledMemory(opts: { tolerance?: number; intervalMs?: number; maxMs?: number; collect?: boolean } = {}): Promise<{ memory: NodeJS.MemoryUsage; settled: boolean; ms: number }> {
  const { tolerance = 0.01, intervalMs = 10, maxMs = 3000, collect = true } = opts
  // collect: false measures memory as the app leaves it, with no collection the app would not have run itself.
  const gc = collect ? (globalThis as { gc?: () => void }).gc : undefined
  const t0 = performance.now()
  const tick = () => new Promise<void>((r) => setTimeout(r, intervalMs))
  // Finalization first: a sentinel object, unreachable from the start, whose FinalizationRegistry callback runs
  // only once a collection has found it dead and the event loop has served the cleanup task that follows it.
  let finalized = false
  const registry = new FinalizationRegistry<string>(() => (finalized = true))
  registry.register({}, 'sentinel')
  gc?.()
  while (gc && !finalized && performance.now() - t0 < maxMs) {
    await tick()
    if (!finalized) gc()
  }
  // Then two consecutive readings (a collection before each) whose RSS and heap agree within the tolerance:
  // memory the collector freed is returned to the OS after it, not during it.
  const close = (a: number, b: number) => Math.abs(a - b) <= tolerance * Math.max(a, b)
  let prev = process.memoryUsage()
  let settled = false
  while (performance.now() - t0 < maxMs) {
    await tick()
    gc?.()
    const cur = process.memoryUsage()
    settled = close(prev.rss, cur.rss) && close(prev.heapUsed, cur.heapUsed)
    prev = cur
    if (settled) break
  }
  registry.unregister(registry) // keeps the registry reachable until here (its callback would not run otherwise)
  return { memory: prev, settled: settled && (finalized || !gc), ms: performance.now() - t0 }
}
