import { createBridgeApi } from '../../../renderer/src/lib/bridge-api'

// Issue 17 L.5: browser mode names its tab on every call and on its event stream, so the bridge can cancel what a
// closed tab started; the name survives a reload (sessionStorage), so a reload cancels nothing.
const sent: { url: string; headers: Record<string, string> }[] = []

beforeEach(() => {
  sent.length = 0
  sessionStorage.clear()
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    sent.push({ url, headers: (init?.headers ?? {}) as Record<string, string> })
    // The event stream never answers here; a call answers an empty list.
    return url === '/api/events' ? new Promise(() => undefined) : Promise.resolve(new Response(JSON.stringify({ ok: true, value: [] })))
  })
})
afterEach(() => vi.unstubAllGlobals())

describe('browser mode tab id', () => {
  it('is sent with every call and with the event stream, the same id, and kept across a reload of the tab', async () => {
    const api = createBridgeApi()
    const off = api.on('operations.progress', () => undefined)
    await api.tenants.list({})
    off()
    const ids = sent.map((s) => s.headers['X-Bridge-Client'])
    expect(sent.map((s) => s.url).sort()).toEqual(['/api/events', '/api/tenants.list'])
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(ids[1]).toBe(ids[0])
    // A reload: a new page in the same tab builds the api again.
    sent.length = 0
    await createBridgeApi().tenants.list({})
    expect(sent[0]?.headers['X-Bridge-Client']).toBe(ids[0])
  })
})
