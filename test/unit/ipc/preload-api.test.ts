import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createApi, type Invoke } from '../../../preload/create-api'
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../preload/contract/channel-names'

/** Every function reachable from the object the preload exposes, with its path. */
function leaves(obj: object, path: string[] = []): { path: string; fn: (...a: unknown[]) => unknown }[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'function' ? [{ path: [...path, k].join('.'), fn: v as (...a: unknown[]) => unknown }] : typeof v === 'object' && v ? leaves(v as object, [...path, k]) : []
  )
}

describe('the API the preload exposes to the renderer', () => {
  const calls: string[] = []
  const invoke: Invoke = async (channel) => {
    calls.push(channel)
    return { ok: true, value: null }
  }
  const subscribed: string[] = []
  const api = createApi(invoke, (event) => {
    subscribed.push(event)
    return () => undefined
  })

  it('is one function per contract channel, each bound to its own fixed channel name', async () => {
    const fns = leaves(api).filter((l) => l.path !== 'on')
    expect(fns.map((l) => l.path).sort()).toEqual([...CHANNEL_NAMES].sort())
    for (const { path, fn } of fns) {
      calls.length = 0
      // Whatever the renderer passes, even something shaped like another channel's name, the channel is fixed.
      await fn('settings.set', { channel: 'tenants.remove' }, 'tenants.remove')
      expect(calls).toEqual([path])
    }
  })

  it('has nothing generic: no invoke, send or ipcRenderer, and cannot be extended', () => {
    expect(Object.keys(api).sort()).toEqual([...new Set(CHANNEL_NAMES.map((c) => c.split('.')[0]!)), 'on'].sort())
    for (const name of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process']) expect(name in api).toBe(false)
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('subscribes only to the contract events', () => {
    for (const e of EVENT_NAMES) api.on(e, () => undefined)
    expect(subscribed).toEqual([...EVENT_NAMES])
    expect(() => api.on('ipc:anything' as (typeof EVENT_NAMES)[number], () => undefined)).toThrow(/Unknown event/)
  })

  it('is all the Electron preload exposes', () => {
    const src = readFileSync(join(__dirname, '../../../preload/index.ts'), 'utf8')
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    expect(src).toMatch(/exposeInMainWorld\('api', api\)/)
    expect(src).not.toMatch(/ipcRenderer\.(send|sendSync|postMessage)\b/)
    // The only ipcRenderer.invoke passes the channel createApi fixed, never one from the renderer.
    expect(src.match(/ipcRenderer\.invoke\(/g)).toHaveLength(1)
  })
})
