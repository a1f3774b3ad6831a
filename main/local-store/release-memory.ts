import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void

let collect: Collect | null | undefined

/**
 * V8's own "collect all available garbage" (what it does under memory pressure): a full collection that also
 * compacts and gives the heap's empty pages back to the OS. A regular collection does not: after a million-user
 * sync main kept ~195 MB of heap committed for ~52 MB in use, and its RSS stayed at ~390-420 MB for as long as it
 * was watched (40 s idle; V8's memory reducer only starts after a collection it was told about). With this one,
 * ~250-280 MB (measured in test/bench/store-bench.ts's rss mode, decision 0014).
 *
 * Node exposes the call only as `gc` with --expose-gc. The flag is set just long enough to make one context that
 * has it, then unset, so no other code (no later context) sees a `gc` global. Where that fails, nothing is done.
 * Blocks main for the collection (~100 ms at a million rows): run it once after a large sync, not per request.
 */
export function releaseMemory(): boolean {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc')
      collect = runInNewContext('gc') as Collect
    } catch {
      collect = null
    } finally {
      setFlagsFromString('--no-expose-gc')
    }
  }
  if (!collect) return false
  collect({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  return true
}
