import { composeTestApp, type TestApp } from '../../support/compose-test-app'
import type { Sender } from '../../../main/ipc/sender-policy'

// services/operations.ts: "when that window's web contents go away, what it left running is cancelled".
const ORIGIN = 'http://renderer.test'
const windowSender = (webContentsId: number): Sender => ({ kind: 'electron', frameUrl: `${ORIGIN}/index.html`, isMainFrame: true, webContentsId })

let t: TestApp
beforeEach(async () => {
  t = await composeTestApp({ config: { rendererOrigin: ORIGIN, demoProfiles: 2000 } })
})
afterEach(() => t.app.close())

function finalState(operationId: string): Promise<string> {
  return new Promise((resolve) => {
    const off = t.app.services.events.subscribe((name, payload) => {
      const p = payload as { operationId: string; state: string }
      if (name === 'operations.progress' && p.operationId === operationId && p.state !== 'running') {
        off()
        resolve(p.state)
      }
    })
  })
}

describe('operations belong to the window that started them', () => {
  it('cancels the sync a window started when its web contents are destroyed, and not another window’s', async () => {
    const goneWindow = t.app.registerWebContents(1)
    t.app.registerWebContents(2)
    const demo = (await t.value<{ id: string; environment: string }[]>('tenants.list', {})).find((x) => x.environment === 'demo')!
    // A second tenant: one sync per tenant runs at a time, a second request joins it.
    const other = await t.value<{ id: string }>('tenants.create', { name: 'Other', environment: 'demo', sahhaClientId: 'demo-account-client-id', sahhaClientSecret: 'demo-account-secret-42' })
    const started = async (sender: Sender, tenantId = demo.id) => {
      const r = await t.call('connections.sync', { tenantId, provider: 'oura' }, sender)
      if (!r.ok) throw new Error(r.error.message)
      return (r.value as { operationId: string }).operationId
    }
    const first = await started(windowSender(1))
    const firstEnds = finalState(first)
    const second = await started(windowSender(2), other.id)
    const secondEnds = finalState(second)
    goneWindow()
    expect(await firstEnds).toBe('cancelled')
    expect(await secondEnds).toBe('done')
    // The window is no longer trusted either.
    const after = await t.call('tenants.list', {}, windowSender(1))
    expect(after.ok ? 'ok' : after.error.code).toBe('UNTRUSTED_SENDER')
  })
})
