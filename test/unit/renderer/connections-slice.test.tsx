import { createFakeApi } from '../../fakes/fake-api'
import type { ConnectionRow } from '../../../preload/contract/models'
import { setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'

const row = (i: number, state: string): ConnectionRow => ({ externalId: `u-${String(i).padStart(4, '0')}`, state, lastSyncAt: null, lastDataAt: null, errorCode: null, requestedScopes: [], grantedScopes: [] })

describe('connections slice', () => {
  afterEach(() => setApiForTests(null))

  it('raises an alert when the count of broken connections rises between loads, and not otherwise', async () => {
    let rows: ConnectionRow[] = [row(1, 'connected'), row(2, 'error')]
    setApiForTests(
      createFakeApi({
        'connections.rows': ({ offset, limit }) => ({ ok: true, value: { rows: rows.slice(offset, offset + limit), total: rows.length, syncedAt: '2026-11-24T00:00:00Z', syncing: false } })
      })
    )
    useStore.setState({ connTenantId: 't_slice0001', connIndex: null, connLastBroken: null, connAlert: null })
    await useStore.getState().loadConnectionRows('t_slice0001', true)
    expect(useStore.getState().connAlert).toBeNull()
    rows = [row(1, 'connected'), row(2, 'error')]
    await useStore.getState().loadConnectionRows('t_slice0001', true)
    expect(useStore.getState().connAlert).toBeNull()
    rows = [row(1, 'needs_reauth'), row(2, 'error'), row(3, 'scope_missing')]
    await useStore.getState().loadConnectionRows('t_slice0001', true)
    expect(useStore.getState().connAlert).toBe('Broken connections rose from 1 to 3.')
    expect(useStore.getState().connIndex?.counts.needs_reauth).toBe(1)
  })
})
