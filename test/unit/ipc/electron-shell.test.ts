import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CHANNEL_NAMES } from '../../../preload/contract/channel-names'

/**
 * The Electron shell (main/index.ts, window.ts, ipc-electron.ts) run for real against a mock of the
 * Electron APIs it calls, since the Electron binary cannot be downloaded here. It checks the wiring
 * only Electron would otherwise exercise: single instance, protocol registration, the menu, window
 * bounds restored and saved, deep links from a second launch reaching the window, IPC registered
 * per channel with the sender checked, and the keychain through a utility process.
 */
type FakeSession = { permissionRequest?: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void; permissionCheck?: (wc: unknown, permission: string) => boolean }
const h = vi.hoisted(() => ({
  userData: '',
  appHandlers: {} as Record<string, (...a: unknown[]) => void>,
  protocol: [] as string[],
  menu: null as unknown,
  ipc: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  windows: [] as { options: Record<string, unknown>; sent: [string, unknown][]; focused: number; restored: number; handlers: Record<string, (...a: unknown[]) => void>; bounds: unknown }[],
  utility: [] as string[],
  ready: null as null | (() => void),
  forkCalls: 0
}))

// With the RunAsNode fuse off (package.json build.electronFuses), child_process.fork inside Electron
// starts another copy of the app instead of Node. The shell must not depend on it: here fork fails.
vi.mock('node:child_process', async () => {
  const actual = await vi.importActual<typeof import('node:child_process')>('node:child_process')
  return {
    ...actual,
    fork: () => {
      h.forkCalls++
      throw new Error('child_process.fork is unavailable with the RunAsNode fuse off')
    }
  }
})

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const { fork: forkChild } = await vi.importActual<typeof import('node:child_process')>('node:child_process')
  const fakeSession = () => {
    const ses = {
      setPermissionRequestHandler: (fn: FakeSession['permissionRequest']) => void (ses.permissionRequest = fn),
      setPermissionCheckHandler: (fn: FakeSession['permissionCheck']) => void (ses.permissionCheck = fn),
      webRequest: { onHeadersReceived: () => undefined }
    } as FakeSession & Record<string, unknown>
    return ses
  }
  const defaultSession = fakeSession()
  let whenReady: () => void = () => undefined
  const readyPromise = new Promise<void>((r) => (whenReady = r))
  h.ready = () => whenReady()
  class BrowserWindow {
    static getAllWindows = () => created
    record: (typeof h.windows)[number]
    webContents: Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      this.record = { options, sent: [], focused: 0, restored: 0, handlers: {}, bounds: { x: 10, y: 20, width: 1111, height: 777 } }
      h.windows.push(this.record)
      const rec = this.record
      this.webContents = {
        id: 1,
        session: defaultSession,
        on: (name: string, fn: () => void) => void (rec.handlers[`wc:${name}`] = fn),
        once: (name: string, fn: () => void) => void (rec.handlers[`wc:${name}`] = fn),
        setWindowOpenHandler: (fn: () => void) => void (rec.handlers['wc:windowOpen'] = fn),
        send: (channel: string, payload: unknown) => void rec.sent.push([channel, payload])
      }
      created.push(this)
      // As Electron does: every new WebContents is announced to the app before anything loads in it.
      h.appHandlers['web-contents-created']?.({}, this.webContents)
    }
    once() {}
    on(name: string, fn: () => void) {
      this.record.handlers[name] = fn
    }
    loadURL() {
      return Promise.resolve()
    }
    loadFile() {
      return Promise.resolve()
    }
    isMinimized() {
      return true
    }
    restore() {
      this.record.restored++
    }
    focus() {
      this.record.focused++
    }
    maximize() {}
    isMaximized() {
      return false
    }
    isDestroyed() {
      return false
    }
    getNormalBounds() {
      return this.record.bounds
    }
  }
  const created: BrowserWindow[] = []
  // utilityProcess.fork, shaped like Electron's (spawn/message/exit events, postMessage, kill), backed by a Node child.
  const utilityProcess = {
    fork(entry: string) {
      h.utility.push(entry)
      const em = new Emitter()
      const child = forkChild(entry.replace(/\.js$/, '.ts'), [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
      child.once('spawn', () => em.emit('spawn'))
      child.on('message', (m) => em.emit('message', m))
      child.once('exit', (code) => em.emit('exit', code))
      return Object.assign(em, { postMessage: (m: unknown) => child.send(m as object), kill: () => child.kill() })
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      setAsDefaultProtocolClient: (s: string) => void h.protocol.push(s),
      on: (name: string, fn: (...a: unknown[]) => void) => void (h.appHandlers[name] = fn),
      whenReady: () => readyPromise,
      getPath: () => h.userData,
      getVersion: () => '0.0.0-test',
      isPackaged: false,
      quit: () => undefined
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (h.menu = m) },
    shell: { openExternal: vi.fn() },
    session: { defaultSession, fromPartition: fakeSession },
    ipcMain: { handle: (ch: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => void h.ipc.set(ch, fn) },
    net: { fetch: globalThis.fetch },
    clipboard: { writeText: () => undefined, readText: () => '', clear: () => undefined },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    utilityProcess
  }
})

const ROOT = resolve(__dirname, '../../..')
const RENDERER_FILE = join(ROOT, 'renderer/index.html')
const ownFrame = { url: pathToFileURL(RENDERER_FILE).href }
const ipcCall = (channel: string, input: unknown, frame: { url: string } = ownFrame, webContentsId = 1) =>
  h.ipc.get(channel)!({ senderFrame: frame, sender: { id: webContentsId, mainFrame: frame } }, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>

/** A WebContents the app did not create on purpose (a popup, a devtools page), with handlers recorded by name. */
function strayWebContents(session: FakeSession) {
  const handlers: Record<string, (...a: unknown[]) => unknown> = {}
  return {
    handlers,
    contents: {
      id: 7,
      session,
      on: (name: string, fn: (...a: unknown[]) => unknown) => void (handlers[name] = fn),
      setWindowOpenHandler: (fn: (...a: unknown[]) => unknown) => void (handlers.windowOpen = fn)
    }
  }
}
const preventable = () => {
  const e = { prevented: false, preventDefault: () => void (e.prevented = true) }
  return e
}

beforeAll(async () => {
  h.userData = mkdtempSync(join(tmpdir(), 'sia-shell-'))
  // A window last seen half on a monitor that is gone: it must come back whole onto the display there is.
  writeFileSync(join(h.userData, 'window-state.json'), JSON.stringify({ schemaVersion: 1, data: { bounds: { x: 1500, y: 200, width: 1200, height: 800 }, maximized: false } }))
  await import('../../../main/index')
  h.ready!()
  await vi.waitFor(() => expect(h.windows).toHaveLength(1), { timeout: 10_000 })
})
afterAll(() => h.appHandlers['before-quit']?.())

describe('the Electron shell, against a mock of the Electron API', () => {
  it('registers the sahha-admin:// protocol and a menu with the standard roles', () => {
    expect(h.protocol).toEqual(['sahha-admin'])
    const roles = JSON.stringify(h.menu)
    for (const role of ['fileMenu', 'editMenu', 'windowMenu', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']) expect(roles).toContain(`"${role}"`)
  })

  it('restores the window inside a display that exists, and saves its bounds on close', async () => {
    const { options, handlers } = h.windows[0]!
    expect({ x: options.x, y: options.y, width: options.width, height: options.height }).toEqual({ x: 720, y: 200, width: 1200, height: 800 })
    handlers.close!()
    await vi.waitFor(() => expect(JSON.parse(readFileSync(join(h.userData, 'window-state.json'), 'utf8')).data.bounds).toEqual({ x: 10, y: 20, width: 1111, height: 777 }))
  })

  it('registers one IPC handler per contract channel and refuses a foreign frame', async () => {
    expect([...h.ipc.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
    expect(await ipcCall('tenants.list', {}, { url: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    expect(await ipcCall('tenants.list', {})).toMatchObject({ ok: true })
  })

  it('refuses IPC from another WebContents showing the app\'s own page, since only the window\'s WebContents is registered', async () => {
    expect(await ipcCall('tenants.list', {}, ownFrame, 7)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    expect(await ipcCall('tenants.list', {}, ownFrame, 1)).toMatchObject({ ok: true })
  })

  it('guards every WebContents the app gets, not only its window: no navigation, no window.open, no webview, no permission', async () => {
    const { session, shell } = await import('electron')
    const partition = (session as unknown as { fromPartition(): FakeSession }).fromPartition()
    const stray = strayWebContents(partition)
    h.appHandlers['web-contents-created']!({}, stray.contents)
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = preventable()
      expect(stray.handlers[event], event).toBeTypeOf('function')
      stray.handlers[event]!(e, 'https://evil.example/')
      expect(e.prevented, event).toBe(true)
    }
    vi.mocked(shell.openExternal).mockClear()
    expect(stray.handlers.windowOpen!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).not.toHaveBeenCalled()
    // Its own session (not the default one) denies permissions too.
    const granted: boolean[] = []
    partition.permissionRequest!(stray.contents, 'media', (g) => granted.push(g))
    expect(granted).toEqual([false])
    expect(partition.permissionCheck!(stray.contents, 'geolocation')).toBe(false)
    // The app's own window went through the same guard when it was created.
    const e = preventable()
    h.windows[0]!.handlers['wc:will-navigate']!(e)
    expect(e.prevented).toBe(true)
  })

  it('stores a secret through the keychain utility process, never child_process.fork (RunAsNode fuse off)', async () => {
    const r = await ipcCall('tenants.create', { name: 'Shell', environment: 'sandbox', sahhaClientId: 'cid', sahhaClientSecret: 'shell-secret-value-01' })
    expect(r).toMatchObject({ ok: true })
    expect(h.utility.at(-1)).toMatch(/keychain-host\.(js|ts)$/)
    expect(h.forkCalls).toBe(0) // so it works with the RunAsNode fuse off
    const listed = await ipcCall('tenants.list', {})
    expect(JSON.stringify(listed.value)).toMatch(/"name":"Shell".*"state":"set"/)
  })

  it('forwards a deep link from a second launch to the window, and ignores a malformed one', async () => {
    const win = h.windows[0]!
    win.sent.length = 0
    h.appHandlers['second-instance']!({}, ['/opt/app', '--flag', 'sahha-admin://tenant/t_abc12345/connection/user-0000004'])
    expect(win.restored).toBe(1)
    expect(win.focused).toBe(1)
    expect(win.sent).toEqual([['event:navigation.open', { tenantId: 't_abc12345', externalId: 'user-0000004' }]])
    h.appHandlers['second-instance']!({}, ['/opt/app', 'sahha-admin://tenant/../../etc/passwd'])
    h.appHandlers['open-url']!({ preventDefault: () => undefined }, 'https://evil.example/tenant/t_abc12345')
    expect(win.sent).toHaveLength(1)
  })
})
