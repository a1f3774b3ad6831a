import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from '../../../main/security'

const created: { options: Record<string, unknown>; handlers: Record<string, unknown> }[] = []
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (name: string, fn: unknown) => void (created[created.length - 1]!.handlers[name] = fn),
      setWindowOpenHandler: (fn: unknown) => void (created[created.length - 1]!.handlers.windowOpen = fn)
    }
    constructor(options: Record<string, unknown>) {
      created.push({ options, handlers: {} })
    }
    once() {}
    loadURL() {
      return Promise.resolve()
    }
    loadFile() {
      return Promise.resolve()
    }
  }
  return { BrowserWindow, Menu: {}, shell: { openExternal: vi.fn() }, session: {} }
})

describe('window hardening', () => {
  it('creates the window isolated, sandboxed and without Node, denying navigation and new windows', async () => {
    const { createMainWindow } = await import('../../../main/window')
    createMainWindow({ rendererUrl: null, rendererFile: '/app/out/renderer/index.html' })
    const { options, handlers } = created[0]!
    expect(options.webPreferences).toEqual({
      preload: expect.stringMatching(/preload[\\/]index\.js$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick'
    })
    // Every way a page could leave the app, or grow a webview, is refused.
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const prevented = vi.fn()
      expect(handlers[name], name).toBeTypeOf('function')
      ;(handlers[name] as (e: { preventDefault: () => void }) => void)({ preventDefault: prevented })
      expect(prevented, name).toHaveBeenCalledOnce()
    }
  })

  it('sends only https links to the OS browser, and opens no window for any link', async () => {
    const { shell } = await import('electron')
    const { createMainWindow } = await import('../../../main/window')
    createMainWindow({ rendererUrl: null, rendererFile: '/app/out/renderer/index.html' })
    const open = created[created.length - 1]!.handlers.windowOpen as (d: { url: string }) => { action: string }
    const opened = vi.mocked(shell.openExternal)
    opened.mockClear()
    const hostile = ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'sahha-admin://connect?x=1', 'http://cloud.ouraring.com/oauth/authorize', 'https://user:pw@example.com', 'smb://host/share']
    for (const url of ['https://cloud.ouraring.com/oauth/authorize?client_id=x', ...hostile]) expect(open({ url })).toEqual({ action: 'deny' })
    expect(opened.mock.calls).toEqual([['https://cloud.ouraring.com/oauth/authorize?client_id=x']])
  })

  it('has a CSP without eval, inline script or remote origins, identical in index.html', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/)
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
  })

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://cloud.ouraring.com/oauth/applications')).toBe(true)
    for (const bad of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com', 'not a url']) {
      expect(isSafeExternalUrl(bad)).toBe(false)
    }
  })
})
