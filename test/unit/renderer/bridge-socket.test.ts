import { createSocketInvoke, LOST, RETRY_SOCKET_MS, type SocketLike } from '../../../renderer/src/lib/bridge-socket'
import type { Invoke } from '../../../preload/create-api'
import type { BridgeCallFrame } from '../../../preload/contract/bridge-socket'

// Browser mode's calls go over one WebSocket to main (stop 24). What the operator would notice if this went wrong:
// a call answered with another call's result, a call that never answers, or a screen that stops working while the
// socket cannot open. These tests drive the client with a scripted socket.

class FakeSocket implements SocketLike {
  readyState = 0
  onopen: ((ev: Event) => void) | null = null
  onclose: ((ev: CloseEvent) => void) | null = null
  onerror: ((ev: Event) => void) | null = null
  onmessage: ((ev: MessageEvent) => void) | null = null
  readonly sent: BridgeCallFrame[] = []
  send(data: string) {
    this.sent.push(JSON.parse(data) as BridgeCallFrame)
  }
  close() {
    this.drop()
  }
  accept() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }
  drop() {
    this.readyState = 3
    this.onerror?.(new Event('error'))
    this.onclose?.(new CloseEvent('close'))
  }
  answer(id: number, result: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ id, result }) }))
  }
  raw(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data }))
  }
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0))
const ch = (name: string) => name as Parameters<Invoke>[0]

function setup() {
  const sockets: FakeSocket[] = []
  const viaHttp: { channel: string; input: unknown }[] = []
  let clock = 1_000_000
  const invoke = createSocketInvoke({
    open: () => {
      const s = new FakeSocket()
      sockets.push(s)
      return s
    },
    fallback: (channel, input) => {
      viaHttp.push({ channel, input })
      return Promise.resolve({ ok: true, value: `http:${channel}` })
    },
    now: () => clock
  })
  return { invoke, sockets, viaHttp, advance: (ms: number) => (clock += ms) }
}

describe('browser mode socket client', () => {
  it('sends calls over one socket and gives each call its own answer, even when answers come out of order', async () => {
    const { invoke, sockets, viaHttp } = setup()
    const a = invoke(ch('tenants.list'), { n: 1 })
    const b = invoke(ch('connections.query'), { n: 2 })
    await flush()
    expect(sockets).toHaveLength(1)
    sockets[0]!.accept()
    await flush()
    const [fa, fb] = sockets[0]!.sent
    expect(fa).toMatchObject({ channel: 'tenants.list', input: { n: 1 } })
    expect(fb).toMatchObject({ channel: 'connections.query', input: { n: 2 } })
    expect(fa!.id).not.toBe(fb!.id)
    sockets[0]!.answer(fb!.id, { ok: true, value: 'B' })
    sockets[0]!.answer(fa!.id, { ok: true, value: 'A' })
    await expect(a).resolves.toEqual({ ok: true, value: 'A' })
    await expect(b).resolves.toEqual({ ok: true, value: 'B' })
    // A later call reuses the open socket.
    const c = invoke(ch('tenants.list'), {})
    await flush()
    expect(sockets).toHaveLength(1)
    sockets[0]!.answer(sockets[0]!.sent[2]!.id, { ok: true, value: 'C' })
    await expect(c).resolves.toEqual({ ok: true, value: 'C' })
    expect(viaHttp).toEqual([])
  })

  it('ignores frames it cannot match (unknown id, not JSON, binary) and still answers the right call', async () => {
    const { invoke, sockets } = setup()
    const a = invoke(ch('tenants.list'), {})
    await flush()
    sockets[0]!.accept()
    await flush()
    let settled = false
    void a.then(() => (settled = true))
    sockets[0]!.raw('not json')
    sockets[0]!.raw(new ArrayBuffer(4))
    sockets[0]!.answer(9999, { ok: true, value: 'someone else' })
    await flush()
    expect(settled).toBe(false)
    sockets[0]!.answer(sockets[0]!.sent[0]!.id, { ok: true, value: 'mine' })
    await expect(a).resolves.toEqual({ ok: true, value: 'mine' })
  })

  it('goes by HTTP while the socket cannot open, and tries a socket again only after RETRY_SOCKET_MS', async () => {
    const { invoke, sockets, viaHttp, advance } = setup()
    const first = invoke(ch('tenants.list'), { n: 1 })
    await flush()
    sockets[0]!.drop() // refused before it opened
    await expect(first).resolves.toEqual({ ok: true, value: 'http:tenants.list' })
    // Within the retry window no socket is tried: straight to HTTP.
    advance(RETRY_SOCKET_MS - 1)
    await expect(invoke(ch('tenants.get'), { n: 2 })).resolves.toEqual({ ok: true, value: 'http:tenants.get' })
    expect(sockets).toHaveLength(1)
    expect(viaHttp.map((c) => c.input)).toEqual([{ n: 1 }, { n: 2 }])
    // After it, the next call tries a socket, and uses it once open.
    advance(1)
    const later = invoke(ch('tenants.list'), { n: 3 })
    await flush()
    expect(sockets).toHaveLength(2)
    sockets[1]!.accept()
    await flush()
    sockets[1]!.answer(sockets[1]!.sent[0]!.id, { ok: true, value: 'socket' })
    await expect(later).resolves.toEqual({ ok: true, value: 'socket' })
    expect(viaHttp).toHaveLength(2)
  })

  it('goes by HTTP when the socket cannot even be constructed', async () => {
    const viaHttp: string[] = []
    const invoke = createSocketInvoke({
      open: () => {
        throw new Error('SecurityError')
      },
      fallback: (channel) => {
        viaHttp.push(channel)
        return Promise.resolve({ ok: true, value: null })
      }
    })
    await expect(invoke(ch('tenants.list'), {})).resolves.toEqual({ ok: true, value: null })
    expect(viaHttp).toEqual(['tenants.list'])
  })

  it('answers NETWORK to every call in flight when an open socket closes, and the next call opens a new socket', async () => {
    const { invoke, sockets, viaHttp } = setup()
    const a = invoke(ch('tenants.list'), {})
    const b = invoke(ch('connections.query'), {})
    await flush()
    sockets[0]!.accept()
    await flush()
    expect(sockets[0]!.sent).toHaveLength(2)
    sockets[0]!.drop() // main restarted, say
    await expect(a).resolves.toEqual(LOST)
    await expect(b).resolves.toEqual(LOST)
    expect(LOST).toMatchObject({ ok: false, error: { code: 'NETWORK', retryable: true } })
    // Not a refused open, so no HTTP window: the next call opens a socket at once.
    const c = invoke(ch('tenants.list'), {})
    await flush()
    expect(sockets).toHaveLength(2)
    sockets[1]!.accept()
    await flush()
    sockets[1]!.answer(sockets[1]!.sent[0]!.id, { ok: true, value: 'again' })
    await expect(c).resolves.toEqual({ ok: true, value: 'again' })
    expect(viaHttp).toEqual([])
  })

  it('answers NETWORK when a send throws, without waiting for an answer that cannot come', async () => {
    const { invoke, sockets } = setup()
    const first = invoke(ch('tenants.list'), {})
    await flush()
    sockets[0]!.accept()
    await flush()
    sockets[0]!.answer(sockets[0]!.sent[0]!.id, { ok: true, value: 1 })
    await first
    sockets[0]!.send = () => {
      throw new Error('InvalidStateError')
    }
    await expect(invoke(ch('tenants.list'), {})).resolves.toEqual(LOST)
  })
})
