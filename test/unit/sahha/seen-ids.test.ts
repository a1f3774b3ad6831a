import { createSeenIds } from '../../../main/sahha/invented-admin-api'
import { mulberry32 } from '../../../main/simulator/random'

// The connection listing's duplicate guard (issue I, full sync at a million): each externalId is handed to the store
// exactly once, whatever order and repeats the pages bring. Checked against a plain Set on random listings that are
// mostly in order (as Sahha's keyset pages are), with repeats of a retried page and ids out of order.
describe('createSeenIds', () => {
  it('says "new" exactly when a Set would, on 200 random listings with retried pages and out-of-order ids', () => {
    for (let trial = 0; trial < 200; trial++) {
      const r = mulberry32(trial + 1)
      const ids: string[] = []
      let n = 0
      for (let k = 0; k < 300; k++) {
        const x = r()
        if (x < 0.8) ids.push(`user-${String(n++).padStart(6, '0')}`) // the next id in order
        else if (x < 0.9 && ids.length) ids.push(ids[Math.floor(r() * ids.length)]!) // a repeat
        else ids.push(`user-${String(Math.floor(r() * (n + 50))).padStart(6, '0')}`) // anywhere, maybe ahead
      }
      const seen = createSeenIds()
      const truth = new Set<string>()
      const got = ids.map((id) => seen.add(id))
      const want = ids.map((id) => !truth.has(id) && !!truth.add(id))
      expect(got).toEqual(want)
    }
  })

  it('a page served twice (a retry) yields nothing the second time', () => {
    const seen = createSeenIds()
    const page = ['a-1', 'a-2', 'a-3']
    expect(page.map((id) => seen.add(id))).toEqual([true, true, true])
    expect(page.map((id) => seen.add(id))).toEqual([false, false, false])
    expect(seen.add('a-0')).toBe(true)
    expect(seen.add('a-0')).toBe(false)
  })
})
