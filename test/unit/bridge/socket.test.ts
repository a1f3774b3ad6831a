import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { startBridge, type Bridge } from '../../../main/bridge/server'
import { createEventBus } from '../../../main/ipc/events'
import type { Dispatch } from '../../../main/ipc/dispatch'
import type { Sender } from '../../../main/ipc/sender-policy'
import { createLogger } from '../../../main/log'
import { BRIDGE_PROTOCOL, CLIENT_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX } from '../../../preload/contract/bridge-socket'

// Browser mode's calls over the bridge's WebSocket: the same gate as the HTTP path (Host, Origin, token), answers
// matched to calls by id, and a closed socket cancels what it was waiting for.
const TOKEN = 'socket-test-token-0123456789abcdef'
const CLIENT = '0b7c3e52-5d0e-4a1f-9a57-3c1d2e4f5a6b'
let bridge: Bridge
const calls: { channel: unknown; input: unknown; sender: Sender; signal: AbortSignal | undefined }[] = []
/** Calls answered only when the test says so, by channel. */
const held = new Map<string, () => void>()

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'sia-socket-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  const dispatch: Dispatch = async (channel, input, sender, signal) => {
    calls.push({ channel, input, sender, signal })
    if (typeof channel === 'string' && channel.startsWith('held.')) await new Promise<void>((r) => held.set(channel, r))
    return { ok: true, value: { channel, input } }
  }
  bridge = await startBridge({ dispatch, events: createEventBus(), log: createLogger(() => undefined, 'error'), rendererDir, token: TOKEN })
})
afterAll(() => bridge.close())
beforeEach(() => {
  calls.length = 0
  held.clear()
})

const socketUrl = () => `${bridge.url.replace('http:', 'ws:')}/api/socket`
const protocols = (token = TOKEN) => [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`, `${CLIENT_PROTOCOL_PREFIX}${CLIENT}`]

/** Opens a socket, or resolves to the HTTP status the upgrade was refused with. */
function open(opts: { protocols?: string[]; origin?: string; host?: string; path?: string } = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = opts.host ? { Host: opts.host } : {}
    const ws = new WebSocket(opts.path ? `${bridge.url.replace('http:', 'ws:')}${opts.path}` : socketUrl(), opts.protocols ?? protocols(), { origin: opts.origin ?? bridge.url, headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', reject)
  })
}
async function opened(): Promise<WebSocket> {
  const ws = await open()
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`)
  return ws
}
const answers = (ws: WebSocket) => {
  const got: { id: number; result: { ok: boolean; value?: { channel: string } } }[] = []
  ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString('utf8')) as (typeof got)[number]))
  return got
}
const closeOf = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)))

describe('the bridge socket', () => {
  it('dispatches a call as the bridge, with the tab id, and answers it by its id', async () => {
    const ws = await opened()
    expect(ws.protocol).toBe(BRIDGE_PROTOCOL) // neither the token nor the client id is echoed
    const got = answers(ws)
    ws.send(JSON.stringify({ id: 7, channel: 'tenants.list', input: { a: 1 } }))
    await vi.waitFor(() => expect(got).toHaveLength(1))
    expect(got[0]).toEqual({ id: 7, result: { ok: true, value: { channel: 'tenants.list', input: { a: 1 } } } })
    expect(calls[0]!.sender).toEqual({ kind: 'bridge', tokenVerified: true, clientId: CLIENT })
    ws.close()
  })

  it('answers calls in the order they finish, each under its own id', async () => {
    const ws = await opened()
    const got = answers(ws)
    ws.send(JSON.stringify({ id: 1, channel: 'held.slow', input: {} }))
    ws.send(JSON.stringify({ id: 2, channel: 'tenants.list', input: {} }))
    await vi.waitFor(() => expect(got).toHaveLength(1))
    expect(got[0]!.id).toBe(2)
    held.get('held.slow')!()
    await vi.waitFor(() => expect(got).toHaveLength(2))
    expect(got[1]).toMatchObject({ id: 1, result: { value: { channel: 'held.slow' } } })
    ws.close()
  })

  it('refuses the upgrade without the token, with a wrong one, from a foreign Origin or for a foreign Host, and dispatches nothing', async () => {
    expect(await open({ protocols: [BRIDGE_PROTOCOL] })).toBe(401)
    expect(await open({ protocols: protocols('wrong-token') })).toBe(401)
    expect(await open({ protocols: [`${TOKEN_PROTOCOL_PREFIX}${TOKEN}`] })).toBe(401) // the token alone, not our protocol
    expect(await open({ origin: 'http://evil.example' })).toBe(403)
    expect(await open({ host: `rebind.example:${bridge.port}` })).toBe(421)
    expect(await open({ path: '/api/other' })).toBe(404)
    expect(calls).toEqual([])
  })

  it('closes on a malformed frame without dispatching it', async () => {
    for (const frame of ['not json', JSON.stringify({ channel: 'tenants.list' }), JSON.stringify({ id: 'x', channel: 'tenants.list' }), JSON.stringify([1, 2])]) {
      const ws = await opened()
      const closed = closeOf(ws)
      ws.send(frame)
      expect(await closed, frame).toBe(1008)
    }
    expect(calls).toEqual([])
  })

  it('closes on a frame over 1 MB without dispatching it', async () => {
    const ws = await opened()
    const closed = closeOf(ws)
    ws.send(JSON.stringify({ id: 1, channel: 'tenants.list', input: { pad: 'x'.repeat(1024 * 1024) } }))
    expect(await closed).toBe(1009)
    expect(calls).toEqual([])
  })

  it('cancels what a closed socket was waiting for', async () => {
    const ws = await opened()
    ws.send(JSON.stringify({ id: 1, channel: 'held.long', input: {} }))
    await vi.waitFor(() => expect(calls).toHaveLength(1))
    expect(calls[0]!.signal?.aborted).toBe(false)
    ws.close()
    await vi.waitFor(() => expect(calls[0]!.signal?.aborted).toBe(true))
  })
})
