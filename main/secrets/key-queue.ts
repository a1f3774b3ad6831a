/**
 * One queue per key (as VS Code's secret storage keeps one per secret): operations on the same key
 * run one after the other, in the order they were asked for, so two writes of one secret cannot
 * interleave and a read issued after a write sees it. Different keys still run side by side. A
 * failed operation does not block the ones behind it.
 */
export function createKeyQueue() {
  const tails = new Map<string, Promise<unknown>>()
  return {
    run<T>(key: string, op: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve()
      const result = previous.then(op, op)
      const tail = result.then(
        () => undefined,
        () => undefined
      )
      tails.set(key, tail)
      // The last one out removes the key, so the map holds only keys with work pending.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key)
      })
      return result
    },
    /** Keys with an operation pending (tests). */
    get pending(): number {
      return tails.size
    }
  }
}
