import { createFakeApi } from '../../fakes/fake-api'
import { setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'

/** OS notifications for long jobs (issue E.4): only when allowed, and only when the operator is looking elsewhere. */
const shown: { title: string; body: string }[] = []
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  readonly title: string
  constructor(title: string, opts: { body: string }) {
    this.title = title
    shown.push({ title, body: opts.body })
  }
}
let hidden = true

beforeAll(() => {
  vi.stubGlobal('Notification', FakeNotification)
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
})
afterAll(() => vi.unstubAllGlobals())
afterEach(() => setApiForTests(null))

async function finishSync(): Promise<void> {
  setApiForTests(createFakeApi({ 'connections.query': () => ({ ok: true, value: { rows: [], total: 0, offset: 0, dataVersion: 1 } }) }))
  useStore.setState({ connTenantId: 't_notify001', connSync: { operationId: 'op_1', kind: 'full', loaded: 10, total: 120_000, state: 'running' } })
  useStore.getState().onSyncProgress({ kind: 'connections.sync', operationId: 'op_1', loaded: 120_000, total: 120_000, state: 'done' })
  await new Promise((r) => setTimeout(r, 0))
}

describe('notifications when a long job finishes', () => {
  beforeEach(() => {
    shown.length = 0
    FakeNotification.permission = 'granted'
    hidden = true
  })

  it('notifies when loading connections finishes while the window is in the background', async () => {
    await finishSync()
    expect(shown).toEqual([{ title: 'Connections loaded', body: `${(120_000).toLocaleString()} connections are ready.` }])
  })

  it('stays quiet while the operator is looking at the window', async () => {
    hidden = false
    await finishSync()
    expect(shown).toEqual([])
  })

  it('stays quiet unless the operator allowed notifications', async () => {
    for (const p of ['default', 'denied'] as const) {
      FakeNotification.permission = p
      await finishSync()
    }
    expect(shown).toEqual([])
  })
})
