import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../../main/bridge/server'
import { createEventBus } from '../../../main/ipc/events'
import type { Dispatch } from '../../../main/ipc/dispatch'
import { createLogger } from '../../../main/log'

// The loopback bridge's answers to requests any process on this machine can send, with or without the token.
const TOKEN = 'bridge-test-token-0123456789abcdef'
let bridge: Bridge
const lines: string[] = []
const dispatched: unknown[] = []

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'sia-bridge-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  const dispatch: Dispatch = async (channel) => {
    dispatched.push(channel)
    return { ok: true, value: {} }
  }
  bridge = await startBridge({ dispatch, events: createEventBus(), log: createLogger((l) => lines.push(l), 'debug'), rendererDir, token: TOKEN })
})
afterAll(() => bridge.close())
beforeEach(() => {
  lines.length = 0
  dispatched.length = 0
})

describe('the loopback bridge', () => {
  it('answers a malformed percent-escape in a page path with 400 and no log line, without a token', async () => {
    for (const path of ['/%E0%A4%A', '/assets/%', '/%ZZ.js']) {
      const res = await fetch(`${bridge.url}${path}`)
      expect(res.status, path).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/percent-escape/) } })
    }
    expect(lines).toEqual([])
  })

  it('answers a malformed percent-escape in an API channel with 400, and dispatches nothing', async () => {
    const res = await fetch(`${bridge.url}/api/tenants.%E0%A4%A`, { method: 'POST', headers: { 'x-bridge-token': TOKEN }, body: '{}' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(dispatched).toEqual([])
    expect(lines).toEqual([])
  })

  it('still serves the page and dispatches a well-formed call', async () => {
    expect((await fetch(`${bridge.url}/`)).status).toBe(200)
    const res = await fetch(`${bridge.url}/api/tenants.list`, { method: 'POST', headers: { 'x-bridge-token': TOKEN }, body: '{}' })
    expect(await res.json()).toEqual({ ok: true, value: {} })
    expect(dispatched).toEqual(['tenants.list'])
  })
})
