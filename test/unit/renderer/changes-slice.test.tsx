import type { ChangesModel, LocalAlertsModel } from '../../../preload/contract/models'
import type { FakeApi } from '../../fakes/fake-api'
import { fakeNotifications, installFakeApi } from '../../fakes/renderer-fakes'
import { useStore } from '../../../renderer/src/store'
import { historyKey } from '../../../renderer/src/store/changes-slice'

/** The renderer's side of issue I item 4 and issue 16 K.7: per-tenant changes, alerts, history and settings. */
const notes = fakeNotifications()

const A = 't_tenantaaa1'
const B = 't_tenantbbb1'
const alertsOf: Record<string, LocalAlertsModel> = {
  [A]: { syncId: 7, at: '2026-12-01T03:00:00Z', source: 'admin-api', alerts: [{ mode: 'needs_reauth · invalid_grant', state: 'needs_reauth', errorCode: 'invalid_grant', from: 10, to: 60 }], dismissed: 0 },
  [B]: { syncId: 3, at: '2026-12-01T03:00:00Z', source: 'admin-api', alerts: [], dismissed: 0 }
}
const changes: ChangesModel = { sync: null, previous: null, becameBroken: [], recovered: { count: 0, sample: [], byState: {} }, trend: [] }
const fakeMain = (): FakeApi =>
  installFakeApi({
    'connections.alerts': ({ tenantId }) => ({ ok: true, value: alertsOf[tenantId]! }),
    'connections.dismissAlert': ({ tenantId }) => {
      alertsOf[tenantId] = { ...alertsOf[tenantId]!, alerts: [], dismissed: 1 }
      return { ok: true, value: alertsOf[tenantId] }
    },
    'connections.changes': () => ({ ok: true, value: changes }),
    'connections.history': () => ({ ok: false, error: { code: 'STORAGE_CORRUPT', message: 'damaged', retryable: false } }),
    'localStore.saveSettings': (v) =>
      v.retentionDays < 1
        ? { ok: false, error: { code: 'VALIDATION', message: 'retentionDays: Keep at least 1 day of history.', field: 'retentionDays', retryable: false } }
        : { ok: true, value: { retentionDays: v.retentionDays, alertAbsolute: 20, alertRelative: 0.25 } }
  })
let api: FakeApi

describe('changes slice', () => {
  beforeEach(() => {
    api = fakeMain()
    useStore.setState({ alertsByTenant: {}, alertsNotified: [], changesByTenant: {}, historyByUser: {}, localSettingsByTenant: {} })
  })

  it("keeps each tenant's alerts apart and notifies once per sync, naming the tenant and the catalogue's title", async () => {
    await useStore.getState().loadAlerts(A, { notify: { tenantName: 'Acme' } })
    await useStore.getState().loadAlerts(B, { notify: { tenantName: 'Beta' } })
    expect(useStore.getState().alertsByTenant[A]!.alerts).toHaveLength(1)
    expect(useStore.getState().alertsByTenant[B]!.alerts).toHaveLength(0)
    expect(notes.shown).toEqual([{ title: 'Acme: a failure mode jumped', body: 'Refresh token used twice / User revoked access in Oura: 10 → 60.' }])
    await useStore.getState().loadAlerts(A, { notify: { tenantName: 'Acme' } })
    expect(notes.shown).toHaveLength(1)
  })

  it('does not notify while the operator is looking at the window, nor on a plain load', async () => {
    notes.hidden = false
    await useStore.getState().loadAlerts(A, { notify: { tenantName: 'Acme' } })
    notes.hidden = true
    useStore.setState({ alertsNotified: [] })
    await useStore.getState().loadAlerts(A)
    expect(notes.shown).toEqual([])
  })

  it("dismissing an alert asks main to keep it dismissed and updates only that tenant's entry", async () => {
    await useStore.getState().loadAlerts(A)
    await useStore.getState().loadAlerts(B)
    await useStore.getState().dismissAlert(A, 7, 'needs_reauth · invalid_grant')
    expect(api.calls.find((c) => c.channel === 'connections.dismissAlert')?.input).toEqual({ tenantId: A, syncId: 7, mode: 'needs_reauth · invalid_grant' })
    expect(useStore.getState().alertsByTenant[A]!.alerts).toEqual([])
    expect(useStore.getState().alertsByTenant[B]!.syncId).toBe(3)
  })

  it('a refused save answers the typed error with its field and leaves the saved settings as they were; a failed history load is an error state', async () => {
    const err = await useStore.getState().saveLocalSettings(A, { retentionDays: 0, alertAbsolute: 20, alertRelative: 0.25 })
    expect(err?.field).toBe('retentionDays')
    expect(useStore.getState().localSettingsByTenant[A]).toBeUndefined()
    expect(await useStore.getState().saveLocalSettings(A, { retentionDays: 14, alertAbsolute: 20, alertRelative: 0.25 })).toBeNull()
    expect(useStore.getState().localSettingsByTenant[A]!.value?.retentionDays).toBe(14)
    await useStore.getState().loadHistory(A, 'user-1')
    expect(useStore.getState().historyByUser[historyKey(A, 'user-1')]).toMatchObject({ status: 'error', error: { code: 'STORAGE_CORRUPT' } })
  })

  it('a finished sync refreshes the changes and alerts of the selected tenant only', async () => {
    useStore.setState({ tenants: [{ id: A, name: 'Acme' } as never, { id: B, name: 'Beta' } as never], selectedTenantId: B })
    const stop = useStore.getState().watchStoreSyncs()
    api.emit('operations.progress', { operationId: 'op', kind: 'tier.full', loaded: 1, total: 1, state: 'done' })
    api.emit('operations.progress', { operationId: 'op2', kind: 'connections.reconnectLinks', loaded: 1, total: 1, state: 'done' })
    await new Promise((r) => setTimeout(r, 0))
    stop()
    expect(api.calls.map((c) => `${c.channel} ${(c.input as { tenantId: string }).tenantId}`).sort()).toEqual([`connections.alerts ${B}`, `connections.changes ${B}`])
    expect(useStore.getState().changesByTenant[B]?.status).toBe('ready')
  })
})
