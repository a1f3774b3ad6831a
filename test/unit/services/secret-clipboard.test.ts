import { createSecretClipboard, CLIPBOARD_CLEAR_MS } from '../../../main/services/secret-clipboard'

describe('secret copied by main', () => {
  const fakeClipboard = () => {
    const c = { text: '', writeText: (t: string) => void (c.text = t), readText: () => c.text, clear: () => void (c.text = '') }
    return c
  }

  it('writes the secret, then clears it after 30 s unless the operator copied something else', async () => {
    const timers: [() => void, number][] = []
    const cb = fakeClipboard()
    const clip = createSecretClipboard({ clipboard: cb, now: () => 0, setTimer: (fn, ms) => void timers.push([fn, ms]) })
    expect(await clip.copy('oura-secret-1')).toEqual({ clearsAt: new Date(CLIPBOARD_CLEAR_MS).toISOString() })
    expect(cb.text).toBe('oura-secret-1')
    expect(timers[0]![1]).toBe(30_000)
    timers[0]![0]()
    await Promise.resolve()
    expect(cb.text).toBe('')
    await clip.copy('oura-secret-2')
    cb.text = 'something the operator copied'
    timers[1]![0]()
    await Promise.resolve()
    expect(cb.text).toBe('something the operator copied')
  })

  it('says it cannot copy where main has no clipboard (browser mode)', async () => {
    const clip = createSecretClipboard({ clipboard: null })
    expect(clip.available).toBe(false)
    expect(await clip.copy('x')).toBeNull()
  })
})
