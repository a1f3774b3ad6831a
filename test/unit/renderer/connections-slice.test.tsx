import { createFakeApi } from '../../fakes/fake-api'
import type { ConnectionRow } from '../../../preload/contract/models'
import { setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'

const row = (i: number, state: string): ConnectionRow => ({ externalId: `u-${String(i).padStart(4, '0')}`, state, lastSyncAt: null, lastDataAt: null, errorCode: null, requestedScopes: [], grantedScopes: [] })

describe('connections slice', () => {
  afterEach(() => setApiForTests(null))

  it('loads the rows into the index; a rise in broken users is not turned into a renderer-side banner (alerts are per tenant, from main)', async () => {
    let rows: ConnectionRow[] = [row(1, 'connected'), row(2, 'error')]
    setApiForTests(
      createFakeApi({
        'connections.rows': ({ offset, limit }) => ({ ok: true, value: { rows: rows.slice(offset, offset + limit), total: rows.length, syncedAt: '2026-11-24T00:00:00Z', syncing: false } })
      })
    )
    useStore.setState({ connTenantId: 't_slice0001', connIndex: null })
    await useStore.getState().loadConnectionRows('t_slice0001', true)
    rows = [row(1, 'needs_reauth'), row(2, 'error'), row(3, 'scope_missing')]
    await useStore.getState().loadConnectionRows('t_slice0001', true)
    expect(useStore.getState().connIndex?.counts.needs_reauth).toBe(1)
    expect(Object.keys(useStore.getState()).filter((k) => /alert/i.test(k) && k.startsWith('conn'))).toEqual([])
  })
})
