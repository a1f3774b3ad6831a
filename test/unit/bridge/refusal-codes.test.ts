import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../../main/bridge/server'
import { createEventBus } from '../../../main/ipc/events'
import { createLogger } from '../../../main/log'

let bridge: Bridge
const token = 'test-token-of-the-right-length-000'

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'bridge-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  bridge = await startBridge({
    dispatch: () => Promise.resolve({ ok: true, value: {} }),
    events: createEventBus(),
    log: createLogger(() => undefined, 'error'),
    rendererDir,
    token
  })
})
afterAll(() => bridge.close())

const codeOf = async (path: string, init?: RequestInit) => {
  const r = await fetch(`${bridge.url}${path}`, init)
  return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code }
}

describe('the bridge names why it refused a request', () => {
  it('a path outside the renderer folder is NOT_FOUND, not a sender problem', async () => {
    expect(await codeOf('/..%2fpackage.json')).toEqual({ status: 404, code: 'NOT_FOUND' })
  })
  it('a wrong method is VALIDATION, not a sender problem', async () => {
    expect(await codeOf('/', { method: 'DELETE' })).toEqual({ status: 405, code: 'VALIDATION' })
    expect(await codeOf(`/api/tenants.list`, { method: 'GET', headers: { 'x-bridge-token': token } })).toEqual({ status: 405, code: 'VALIDATION' })
  })
  it('a wrong token is still UNTRUSTED_SENDER', async () => {
    expect(await codeOf('/api/tenants.list', { method: 'POST', body: '{}', headers: { 'x-bridge-token': 'wrong' } })).toMatchObject({ code: 'UNTRUSTED_SENDER' })
  })
})
