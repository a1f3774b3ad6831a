import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../../main/bridge/server'
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { Tenant } from '../../../preload/contract/models'
import { composeTestApp, type TestApp } from '../../support/compose-test-app'

// Issue 17 L.5: a sync started from a browser tab stops when the tab goes away, as an Electron window's does when
// it closes; a stream that comes back within the grace (a reload, a dropped connection) keeps it running.
// The real app (composeApp, its Demo simulator) behind the real bridge, over HTTP, as the renderer calls it.
const TOKEN = 'client-gone-token-0123456789abcdef'
const GRACE_MS = 300
let t: TestApp
let bridge: Bridge
let tenantId: string
let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ port: 0, profiles: 200, seed: 42 })
  t = await composeTestApp({ overrides: { startDemo: async () => ({ url: sim.url, close: async () => undefined }) } })
  bridge = await startBridge({
    dispatch: t.app.dispatch,
    events: t.app.services.events,
    log: t.app.services.log,
    rendererDir: mkdtempSync(join(tmpdir(), 'sia-gone-')),
    token: TOKEN,
    clientGraceMs: GRACE_MS,
    onClientGone: (id) => t.app.bridgeClientGone(id)
  })
  tenantId = (await t.value<Tenant[]>('tenants.list', {}))[0]!.id
  // Every Sahha call takes 3 s, so a sync is still running while the test drops its tab.
  await fetch(`${sim.url}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 1, kinds: ['slow'], slowMs: 3000 }) })
})
afterAll(async () => {
  await bridge.close()
  await t.app.close()
  await sim.close()
})

const headers = (clientId: string) => ({ 'X-Bridge-Token': TOKEN, 'X-Bridge-Client': clientId, 'Content-Type': 'application/json' })

/** A tab's event stream: open until the returned function closes it. */
async function openStream(clientId: string): Promise<() => void> {
  const c = new AbortController()
  const res = await fetch(`${bridge.url}/api/events`, { headers: headers(clientId), signal: c.signal })
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  await reader.read() // ": connected": the bridge has counted this stream
  return () => c.abort()
}

async function startSync(clientId: string): Promise<string> {
  const res = await fetch(`${bridge.url}/api/connections.sync`, { method: 'POST', headers: headers(clientId), body: JSON.stringify({ tenantId, provider: 'oura', kind: 'full' }) })
  const r = (await res.json()) as { ok: boolean; value: { operationId: string } }
  expect(r.ok).toBe(true)
  return r.value.operationId
}

/** The end state main reports for one operation (its last operations.progress event). */
function endOf(operationId: string): Promise<string> {
  return new Promise((resolve) => {
    const off = t.app.services.events.subscribe((event, payload) => {
      const p = payload as { operationId: string; state: string }
      if (event !== 'operations.progress' || p.operationId !== operationId || p.state === 'running') return
      off()
      resolve(p.state)
    })
  })
}

describe('operations started through the bridge', () => {
  it('are cancelled when their tab goes away: its event stream closed and did not come back', async () => {
    const close = await openStream('tab-aaaaaaaa')
    const op = await startSync('tab-aaaaaaaa')
    const end = endOf(op)
    close()
    expect(await end).toBe('cancelled')
    expect(t.lines.some((l) => l.includes('operations.cancelled-sender-gone'))).toBe(true)
  })

  it('keep running when the stream comes back within the grace (a reload), and another tab closing does not touch them', async () => {
    const close = await openStream('tab-bbbbbbbb')
    const other = await openStream('tab-cccccccc')
    const op = await startSync('tab-bbbbbbbb')
    const end = endOf(op)
    close()
    const reopened = await openStream('tab-bbbbbbbb')
    other()
    await new Promise((r) => setTimeout(r, GRACE_MS * 4))
    const status = await t.value<{ running: { operationId: string } | null }>('connections.syncStatus', { tenantId })
    expect(status.running?.operationId).toBe(op)
    await t.value('operations.cancel', { operationId: op })
    expect(await end).toBe('cancelled')
    reopened()
  })
})
