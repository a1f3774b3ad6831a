import { createPacer } from '../../../main/services/scan-pacer'

/** The documented-tier scan's politeness rules, on a fake clock. */
function harness(max = 4) {
  let t = 1_000_000
  const slept: number[] = []
  const pacer = createPacer({
    max,
    now: () => t,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms)
      t += ms
    }
  })
  return { pacer, slept, advance: (ms: number) => (t += ms) }
}

describe('scan pacer', () => {
  it('never has more than the per-tenant limit in flight', async () => {
    const { pacer } = harness(4)
    for (let i = 0; i < 4; i++) await pacer.acquire()
    let fifth = false
    const p = pacer.acquire().then(() => (fifth = true))
    await Promise.resolve()
    expect(fifth).toBe(false)
    expect(pacer.inFlight).toBe(4)
    pacer.release(200, null)
    await p
    expect(fifth).toBe(true)
  })

  it('a 429 with Retry-After pauses every later request for that long', async () => {
    const { pacer, slept } = harness(4)
    await pacer.acquire()
    pacer.release(429, '7')
    await pacer.acquire()
    expect(slept).toEqual([7000])
  })

  it('a 429 without Retry-After waits a jittered, growing backoff', async () => {
    const { pacer, slept } = harness(4)
    for (let i = 0; i < 3; i++) {
      await pacer.acquire()
      pacer.release(429, null)
    }
    await pacer.acquire()
    expect(slept.length).toBeGreaterThan(0)
    expect(slept[slept.length - 1]).toBeGreaterThan(slept[0]!)
  })

  it('a window with many 429s halves the requests in flight; calm windows add one back up to the limit', async () => {
    const { pacer, advance } = harness(8)
    for (let i = 0; i < 20; i++) {
      await pacer.acquire()
      pacer.release(i % 2 ? 429 : 200, '0')
    }
    advance(2_001)
    await pacer.acquire()
    pacer.release(200, null)
    expect(pacer.limit).toBe(4)
    for (let w = 0; w < 6; w++) {
      for (let i = 0; i < 40; i++) {
        await pacer.acquire()
        pacer.release(200, null)
      }
      advance(2_001)
    }
    await pacer.acquire()
    pacer.release(200, null)
    expect(pacer.limit).toBe(8)
  })

  it('20% scattered 5xx do not slow the scan down; more than half failing does', async () => {
    const { pacer, advance } = harness(8)
    for (let i = 0; i < 50; i++) {
      await pacer.acquire()
      pacer.release(i % 5 === 0 ? 503 : 200, null)
    }
    advance(2_001)
    await pacer.acquire()
    pacer.release(200, null)
    expect(pacer.limit).toBe(8)
    for (let i = 0; i < 50; i++) {
      await pacer.acquire()
      pacer.release(i % 3 ? null : 200, null)
    }
    advance(2_001)
    await pacer.acquire()
    pacer.release(200, null)
    expect(pacer.limit).toBe(4)
  })
})
