import { installFakeApi, fakeNotifications } from '../../fakes/renderer-fakes'
import { useStore } from '../../../renderer/src/store'

/** OS notifications for long jobs (issue E.4): only when allowed, and only when the operator is looking elsewhere. */
const notes = fakeNotifications()

async function finishSync(): Promise<void> {
  installFakeApi({ 'connections.query': () => ({ ok: true, value: { rows: [], total: 0, offset: 0, dataVersion: 1 } }) })
  useStore.setState({ connTenantId: 't_notify001', connSync: { operationId: 'op_1', kind: 'full', loaded: 10, total: 120_000, state: 'running' } })
  useStore.getState().onSyncProgress({ kind: 'connections.sync', operationId: 'op_1', loaded: 120_000, total: 120_000, state: 'done' })
  await new Promise((r) => setTimeout(r, 0))
}

describe('notifications when a long job finishes', () => {
  it('notifies when loading connections finishes while the window is in the background', async () => {
    await finishSync()
    expect(notes.shown).toEqual([{ title: 'Connections loaded', body: `${(120_000).toLocaleString()} connections are ready.` }])
  })

  it('stays quiet while the operator is looking at the window', async () => {
    notes.hidden = false
    await finishSync()
    expect(notes.shown).toEqual([])
  })

  it('stays quiet unless the operator allowed notifications', async () => {
    for (const p of ['default', 'denied'] as const) {
      notes.permission = p
      await finishSync()
    }
    expect(notes.shown).toEqual([])
  })
})
