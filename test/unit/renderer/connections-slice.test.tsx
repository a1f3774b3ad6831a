import { createApi, type Invoke } from '../../../preload/create-api'
import type { StoredRowModel } from '../../../preload/contract/models'
import { getApi, setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'
import { BLOCK, connectionQueryKey, EMPTY_FILTER, type ConnWindow } from '../../../renderer/src/store/connections-slice'
import { act, render } from '@testing-library/react'
import { ConnectionsTable } from '../../../renderer/src/features/connections/ConnectionsTable'

const row = (i: number, state = 'connected'): StoredRowModel => ({
  externalId: `u-${String(i).padStart(7, '0')}`,
  state,
  stateChangedAt: null,
  lastSyncAt: null,
  lastDataAt: null,
  errorCode: null,
  requestedScopes: [],
  grantedScopes: [],
  missingScopes: []
})
const TENANT = 't_slice0001'

/** A fake main holding `total` rows; answers can be held back to play out-of-order responses. */
function fakeMain(total: number) {
  const calls: { filter: { search: string }; offset: number }[] = []
  let version = 1
  const held: (() => void)[] = []
  let hold = false
  const invoke: Invoke = async (channel, input) => {
    if (channel === 'connections.query') {
      const q = input as { filter: { search: string }; offset: number; limit: number }
      calls.push(q)
      const v = version
      if (hold) await new Promise<void>((r) => held.push(r))
      const n = q.filter.search ? 1 : total
      const rows = Array.from({ length: Math.max(0, Math.min(q.limit, n - q.offset)) }, (_, k) => row(q.offset + k))
      return { ok: true, value: { rows, total: n, offset: q.offset, dataVersion: v } }
    }
    if (channel === 'connections.counts') return { ok: true, value: { counts: null, lastComplete: null } }
    if (channel === 'connections.syncStatus') return { ok: true, value: { running: null, lastComplete: null, lastAttempt: null, incrementalAvailable: false } }
    return { ok: false, error: { code: 'INTERNAL', message: 'unexpected', retryable: false } }
  }
  setApiForTests(createApi(invoke, () => () => undefined))
  return {
    calls,
    bump: () => version++,
    hold: (on: boolean) => (hold = on),
    release: () => held.splice(0).forEach((r) => r()),
    releaseOne: () => held.shift()?.(),
    heldCount: () => held.length
  }
}

describe('connections slice: only the window on screen', () => {
  beforeEach(() => useStore.setState({ connTenantId: TENANT, connWindow: null, connFilter: EMPTY_FILTER, connSort: { key: 'externalId', desc: false }, connCounts: null, connError: null }))
  afterEach(() => setApiForTests(null))

  it('holds a few blocks around the viewport while scrolling a million rows, never all of them', async () => {
    fakeMain(1_000_000)
    const s = useStore.getState()
    for (let top = 0; top < 1_000_000; top += 37_000) await s.ensureConnRows(top, top + 30)
    const w = useStore.getState().connWindow!
    expect(w.total).toBe(1_000_000)
    const held = Object.values(w.blocks).reduce((n, b) => n + b.length, 0)
    expect(held).toBeLessThanOrEqual(12 * BLOCK)
    // The last viewport is there.
    expect(w.blocks[Math.floor(962_000 / BLOCK)]![0]!.externalId).toBe(row(962_000).externalId)
  })

  it('discards a response to a query the operator has already changed', async () => {
    const m = fakeMain(5000)
    m.hold(true)
    const first = useStore.getState().ensureConnRows(0, 30)
    await Promise.resolve()
    // The operator types a search before main answered the first query.
    useStore.getState().setConnFilter({ search: 'u-0000001' })
    const seen: string[] = []
    const stop = useStore.subscribe((st) => st.connWindow && seen.push(st.connWindow.key))
    m.hold(false)
    m.release()
    await first
    await useStore.getState().ensureConnRows(0, 30)
    stop()
    // The answer to the unfiltered query never reached the screen.
    expect(seen).not.toContain(connectionQueryKey(EMPTY_FILTER, { key: 'externalId', desc: false }))
    const w = useStore.getState().connWindow!
    expect(w.key).toBe(connectionQueryKey({ ...EMPTY_FILTER, search: 'u-0000001' }, { key: 'externalId', desc: false }))
    expect(w.total).toBe(1)
  })

  it('keeps the old rows until the first block of a new data version arrives, then replaces them', async () => {
    const m = fakeMain(500)
    await useStore.getState().ensureConnRows(0, 30)
    const before = useStore.getState().connWindow!
    m.bump()
    m.hold(true)
    const refresh = useStore.getState().refreshConnData()
    await new Promise((r) => setTimeout(r, 0))
    // While main has not answered, the rows shown are still the old ones (no flicker to empty).
    expect(useStore.getState().connWindow).toBe(before)
    m.hold(false)
    m.release()
    await refresh
    expect(useStore.getState().connWindow!.version).toBe(before.version + 1)
  })

  it('keeps the other blocks on screen, as stale rows, while a new data version arrives block by block', async () => {
    const m = fakeMain(1000)
    // The viewport spans blocks 0 and 1 (rows 190-219).
    await useStore.getState().ensureConnRows(190, 220)
    // (and block 2, the neighbour fetched once idle)
    await vi.waitFor(() => expect(m.calls.some((c) => c.offset === 2 * BLOCK)).toBe(true))
    const before = useStore.getState().connWindow!
    expect(before.blocks[1]![10]!.externalId).toBe(row(210).externalId)
    m.bump()
    m.hold(true)
    const refresh = useStore.getState().refreshConnData()
    await vi.waitFor(() => expect(m.heldCount()).toBe(1))
    // Block 0 of the new version arrives; the view asks for block 1 again, and main has not answered yet.
    m.releaseOne()
    await vi.waitFor(() => expect(useStore.getState().connWindow!.version).toBe(before.version + 1))
    await vi.waitFor(() => expect(m.calls.filter((c) => c.offset === BLOCK)).toHaveLength(2))
    const mid = useStore.getState().connWindow!
    expect(mid.blocks[1]).toBeUndefined()
    // The old rows of block 1 are still there to show (marked stale), not placeholders.
    expect(mid.stale?.[1]?.[10]?.externalId).toBe(row(210).externalId)
    m.hold(false)
    m.release()
    await refresh
    await vi.waitFor(() => expect(useStore.getState().connWindow!.blocks[1]).toBeDefined())
    expect(useStore.getState().connWindow!.stale?.[1]).toBeUndefined()
  })

  it('a different query does not show the previous query\'s rows as stale (they are other users)', async () => {
    const m = fakeMain(1000)
    await useStore.getState().ensureConnRows(190, 220)
    m.hold(true)
    useStore.getState().setConnSort({ key: 'externalId', desc: true })
    await vi.waitFor(() => expect(m.heldCount()).toBeGreaterThanOrEqual(1))
    m.hold(false)
    m.release()
    await vi.waitFor(() => expect(useStore.getState().connWindow!.key).toBe(connectionQueryKey(EMPTY_FILTER, { key: 'externalId', desc: true })))
    expect(useStore.getState().connWindow!.stale).toBeUndefined()
  })

  it('counts never loaded stay null (shown as "not loaded yet", never zeros)', async () => {
    fakeMain(0)
    await useStore.getState().refreshConnData()
    expect(useStore.getState().connCounts).toBeNull()
  })

  it('starts the background refresh only after the cached rows were painted, so it does not compete with them', async () => {
    const order: string[] = []
    const frames: FrameRequestCallback[] = []
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => (frames.push(cb), frames.length))
    fakeMain(5000)
    const api = getApi()
    const query = api.connections.query.bind(api.connections)
    setApiForTests({
      ...api,
      connections: {
        ...api.connections,
        query: async (q) => (order.push('rows'), query(q)),
        sync: async () => (order.push('sync'), { ok: true, value: { operationId: 'op_1', kind: 'incremental' } })
      }
    })
    try {
      const opened = useStore.getState().openConnections(TENANT)
      await vi.waitFor(() => expect(frames.length).toBeGreaterThanOrEqual(1))
      // The rows are in the store; no frame has been painted yet, so no refresh either, but it is due (the view
      // says so, and tests wait on it, so the refresh cannot start after they think the screen has settled).
      expect(useStore.getState().connWindow?.total).toBe(5000)
      expect(order).toContain('rows')
      expect(order).not.toContain('sync')
      expect(useStore.getState().connRefreshQueued).toBe(true)
      let done = false
      void opened.then(() => (done = true))
      while (!done) {
        for (const f of frames.splice(0)) f(performance.now())
        await new Promise((r) => setTimeout(r, 0))
      }
      expect(order.filter((x) => x === 'sync')).toHaveLength(1)
      expect(order.indexOf('sync')).toBeGreaterThan(order.indexOf('rows'))
      expect(useStore.getState().connRefreshQueued).toBe(false)
      expect(useStore.getState().connSync?.state).toBe('running')
    } finally {
      raf.mockRestore()
    }
  })

  it('asks for the rows again once the integration scope selection is known, so a user short of a scope says which one', async () => {
    fakeMain(5000)
    const api = getApi()
    const asked: (readonly string[] | null | undefined)[] = []
    const granted = ['daily', 'heartrate']
    setApiForTests({
      ...api,
      connections: {
        ...api.connections,
        query: async (q) => {
          asked.push(q.currentScopes)
          const r = { ...row(q.offset, 'scope_missing'), grantedScopes: granted, requestedScopes: granted }
          // Main compares with the current selection when it is given; without it, with the consent's own request.
          const missing = q.currentScopes ? q.currentScopes.filter((x) => !granted.includes(x)) : []
          return { ok: true, value: { rows: [{ ...r, missingScopes: missing }], total: 1, offset: q.offset, dataVersion: 1 } }
        },
        linksSent: async () => ({ ok: true, value: { sentAt: {} } })
      },
      integrations: { ...api.integrations, get: async () => ({ ok: true, value: { config: { scopes: ['daily', 'heartrate', 'spo2'] } } }) as never }
    })
    useStore.setState({ ctxTenantId: TENANT, integrationScopes: null })
    await useStore.getState().ensureConnRows(0, 30)
    expect(useStore.getState().connWindow!.blocks[0]![0]!.missingScopes).toEqual([])
    await useStore.getState().loadConnectionContext(TENANT)
    await vi.waitFor(() => expect(useStore.getState().connWindow!.blocks[0]![0]!.missingScopes).toEqual(['spo2']))
    expect(asked.at(-1)).toEqual(['daily', 'heartrate', 'spo2'])
  })
})

describe('connections table: stale rows while a refresh lands', () => {
  it('shows an older version\'s rows dimmed and busy where the new block has not arrived, and is not "ready" until it has', () => {
    const old = (i: number) => ({ ...row(i, 'token_revoked') })
    const w: ConnWindow = {
      key: 'k',
      version: 2,
      scopes: 'null',
      total: 400,
      blocks: { 0: Array.from({ length: BLOCK }, (_, i) => row(i)) },
      stale: { 1: Array.from({ length: BLOCK }, (_, i) => old(BLOCK + i)) }
    }
    useStore.setState({ connTenantId: null })
    const props = { queryKey: 'k', selected: new Map(), focused: 0, onFocus: () => undefined, onOpen: () => undefined, onToggleSelect: () => undefined }
    const { getByTestId, container, rerender } = render(<ConnectionsTable window={w} {...props} />)
    const scroller = getByTestId('conn-scroll')
    act(() => {
      scroller.scrollTop = 190 * 30
      scroller.dispatchEvent(new Event('scroll'))
    })
    const rows = [...container.querySelectorAll<HTMLElement>('[data-testid=conn-row]')]
    const at = (i: number) => rows.find((r) => r.getAttribute('aria-rowindex') === String(i + 2))
    expect(at(BLOCK + 5), 'row 205 is on screen').toBeDefined()
    expect(at(BLOCK + 5)!.dataset.stale).toBe('true')
    expect(at(BLOCK + 5)!.getAttribute('aria-busy')).toBe('true')
    expect(at(BLOCK + 5)!.dataset.externalId).toBe(old(BLOCK + 5).externalId)
    expect(at(BLOCK - 5)!.dataset.stale).toBeUndefined()
    expect(container.querySelectorAll('.conn-placeholder')).toHaveLength(0)
    expect(getByTestId('conn-table').dataset.state).toBe('loading')
    // Block 1 of the new version arrives: fresh rows, ready.
    rerender(<ConnectionsTable window={{ ...w, blocks: { ...w.blocks, 1: Array.from({ length: BLOCK }, (_, i) => row(BLOCK + i)) }, stale: {} }} {...props} />)
    expect(container.querySelectorAll('[data-stale]')).toHaveLength(0)
    expect(getByTestId('conn-table').dataset.state).toBe('ready')
  })
})
