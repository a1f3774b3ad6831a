import type { ConnectionDetailModel } from '../../../preload/contract/models'
import type { Result } from '../../../preload/contract/result'
import { installFakeApi } from '../../fakes/renderer-fakes'
import { useStore } from '../../../renderer/src/store'
import { detailKey } from '../../../renderer/src/store/connection-detail-slice'
import { subscribeMainEvents } from '../../../renderer/src/store/events'

/** Issue L.1: the Connections and tier screens reach main only through store actions, which own loading and errors. */
const T = 't_detail0001'
const detailOf = (externalId: string, state = 'active'): ConnectionDetailModel => ({ externalId, state }) as unknown as ConnectionDetailModel
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('connection detail slice', () => {
  it('drops an answer for a user that is no longer the one open', async () => {
    let answerFirst: (r: Result<ConnectionDetailModel>) => void = () => undefined
    installFakeApi({
      'connections.detail': ({ externalId }) =>
        externalId === 'user-a' ? new Promise((resolve) => (answerFirst = resolve)) : { ok: true, value: detailOf(externalId) }
    })
    const first = useStore.getState().loadConnDetail(T, 'user-a')
    await useStore.getState().loadConnDetail(T, 'user-b')
    answerFirst({ ok: true, value: detailOf('user-a') })
    await first
    expect(useStore.getState().connDetail).toMatchObject({ key: detailKey(T, 'user-b'), status: 'done', value: { externalId: 'user-b' } })
  })

  it('a failed first load is an error state; a failed in-place reload keeps the last good detail and its link', async () => {
    let fail = true
    installFakeApi({
      'connections.detail': ({ externalId }) => (fail ? { ok: false, error: { code: 'NETWORK', message: 'offline', retryable: true } } : { ok: true, value: detailOf(externalId) }),
      'connections.connect': () => ({ ok: true, value: { authorizationUrl: 'https://cloud.ouraring.com/oauth/authorize?x=1' } as never }),
      'connections.linksSent': () => ({ ok: true, value: { sentAt: {} } })
    })
    await useStore.getState().loadConnDetail(T, 'user-a')
    expect(useStore.getState().connDetail).toMatchObject({ status: 'error', value: null, error: { code: 'NETWORK' } })
    fail = false
    await useStore.getState().loadConnDetail(T, 'user-a')
    await useStore.getState().reconnectConnDetail(T, 'user-a')
    fail = true
    await useStore.getState().loadConnDetail(T, 'user-a', true)
    expect(useStore.getState().connDetail).toMatchObject({ status: 'done', value: { externalId: 'user-a' }, error: null, link: 'https://cloud.ouraring.com/oauth/authorize?x=1' })
  })

  it('a refused disconnect is the action error beside the detail, which stays', async () => {
    installFakeApi({
      'connections.detail': ({ externalId }) => ({ ok: true, value: detailOf(externalId) }),
      'connections.disconnect': () => ({ ok: false, error: { code: 'VALIDATION', message: 'Type the externalId to confirm.', field: 'confirmText', retryable: false } })
    })
    await useStore.getState().loadConnDetail(T, 'user-a')
    const r = await useStore.getState().disconnectConnDetail(T, 'user-a', 'wrong')
    expect(r.ok).toBe(false)
    expect(useStore.getState().connDetail).toMatchObject({ value: { externalId: 'user-a' }, actionError: { field: 'confirmText' } })
  })
})

describe("main's events reach the Connections and tier slices through the store", () => {
  it("a sync's progress updates the Connections slice without the screen subscribing", async () => {
    const api = installFakeApi({ 'connections.query': () => ({ ok: true, value: { rows: [], total: 0, offset: 0, dataVersion: 1 } }) })
    useStore.setState({ connTenantId: T, connSync: { operationId: 'op_1', kind: 'full', loaded: 0, total: 10, state: 'running' } })
    const stop = subscribeMainEvents(useStore)
    api.emit('operations.progress', { operationId: 'op_1', kind: 'connections.sync', loaded: 10, total: 10, state: 'done' })
    stop()
    await settle()
    expect(useStore.getState().connSync).toMatchObject({ loaded: 10, state: 'done' })
    expect(api.calls.map((c) => c.channel)).toContain('connections.counts')
  })

  it("a scan's progress refreshes the tier screen only while that tenant's Connections screen is on screen", async () => {
    const api = installFakeApi({
      'tier.status': () => ({ ok: true, value: { running: null, lastComplete: null, interrupted: null } as never }),
      'tier.rows': () => ({ ok: true, value: { rows: [], total: 0, counts: {} } as never })
    })
    const stop = subscribeMainEvents(useStore)
    useStore.setState({ tierTenantId: T, selectedTenantId: T, view: 'overview' })
    api.emit('operations.progress', { operationId: 'op_2', kind: 'tier.full', loaded: 5, total: 5, state: 'done' })
    await settle()
    expect(api.calls).toEqual([])
    useStore.setState({ view: 'connections' })
    api.emit('operations.progress', { operationId: 'op_2', kind: 'tier.full', loaded: 5, total: 5, state: 'done' })
    await settle()
    stop()
    expect(api.calls.map((c) => c.channel)).toEqual(['tier.status', 'tier.rows'])
  })
})
