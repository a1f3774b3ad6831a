import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../../main/bridge/server'
import { createEventBus, type EventBus } from '../../../main/ipc/events'
import { createLogger } from '../../../main/log'
import { openEventStream } from '../../../renderer/src/lib/event-stream'

// Browser mode's events: read over fetch with the token in a header; the token never goes in the URL.
const TOKEN = 'bridge-stream-token-0123456789abcdef'
let bridge: Bridge
let events: EventBus
beforeAll(async () => {
  events = createEventBus()
  bridge = await startBridge({ dispatch: async () => ({ ok: true, value: {} }), events, log: createLogger(() => undefined, 'error'), rendererDir: mkdtempSync(join(tmpdir(), 'sia-sse-')), token: TOKEN })
})
afterAll(() => bridge.close())

const progress = { operationId: 'op_stream000001', kind: 'connections.sync', loaded: 7, total: 10, state: 'running' as const }

describe('the bridge event stream', () => {
  it('delivers main events to a reader that sends the token as a header', async () => {
    const got: { name: string; data: unknown }[] = []
    const connected = new Promise<void>((resolve) => {
      const close = openEventStream({
        url: `${bridge.url}/api/events`,
        token: TOKEN,
        onEvent: (name, data) => {
          got.push({ name, data: JSON.parse(data) })
          close()
        }
      })
      // The server writes ": connected" first; emit until the reader has subscribed.
      const timer = setInterval(() => {
        if (got.length > 0) {
          clearInterval(timer)
          resolve()
        } else events.emit('operations.progress', progress)
      }, 20)
    })
    await connected
    expect(got[0]).toEqual({ name: 'operations.progress', data: progress })
  })

  it('refuses the stream with the token in the query string, a wrong token, or none', async () => {
    for (const [url, headers] of [
      [`${bridge.url}/api/events?token=${TOKEN}`, {}],
      [`${bridge.url}/api/events`, { 'x-bridge-token': `${TOKEN}x` }],
      [`${bridge.url}/api/events`, { 'x-bridge-token': TOKEN.slice(0, -1) }],
      [`${bridge.url}/api/events`, {}]
    ] as const) {
      const res = await fetch(url, { headers })
      expect(res.status, url).toBe(401)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    }
  })

  it('stops (and says so) when the bridge refuses the token, instead of retrying forever', async () => {
    const refused = await new Promise<number>((resolve) => {
      openEventStream({ url: `${bridge.url}/api/events`, token: 'wrong', onEvent: () => undefined, onRefused: resolve, retryMs: 10 })
    })
    expect(refused).toBe(401)
  })
})
