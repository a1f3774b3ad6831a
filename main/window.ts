import { BrowserWindow, Menu, shell, session, type MenuItemConstructorOptions, type Session, type WebContents } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from './security'

export function createMainWindow(opts: {
  rendererUrl: string | null
  rendererFile: string
  bounds?: { x?: number; y?: number; width: number; height: number } | null
}): BrowserWindow {
  const win = new BrowserWindow({
    width: opts.bounds?.width ?? 1280,
    height: opts.bounds?.height ?? 820,
    x: opts.bounds?.x,
    y: opts.bounds?.y,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sahha Integrations Admin',
    // Written out literally (not built by a helper) so scanners such as electronegativity can see every flag.
    webPreferences: {
      // Reviewed (electronegativity PRELOAD_JS_CHECK): the preload exposes one function per contract
      // channel and nothing generic; test/unit/ipc/preload-api.test.ts holds it to that.
      preload: join(__dirname, '../preload/index.js'), // eng-disable PRELOAD_JS_CHECK
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
    }
  })
  guardWebContents(win.webContents)
  win.once('ready-to-show', () => win.show())
  if (opts.rendererUrl) void win.loadURL(opts.rendererUrl)
  else void win.loadFile(opts.rendererFile)
  return win
}

const guarded = new WeakSet<WebContents>()

/**
 * Every WebContents the app ever gets (its window, and anything a bug or a page might open: a popup,
 * a webview, a devtools page) is guarded here, from app's 'web-contents-created' (which also hardens
 * its session). Once per contents: the main window comes here from createMainWindow and from that event.
 */
export function guardWebContents(contents: WebContents): void {
  if (guarded.has(contents)) return
  guarded.add(contents)
  // No navigation away from the app, no new windows: external https links go to the OS browser.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault()) // a subframe too (the app has none)
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // Reviewed (electronegativity OPEN_EXTERNAL_JS_CHECK): only https URLs without credentials reach
    // the OS browser (isSafeExternalUrl, tested in window-options.test.ts); file:, smb:, custom schemes never do.
    if (isSafeExternalUrl(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

const hardenedSessions = new WeakSet<Session>()

/** Permissions and the CSP header, for the default session and for any other session a WebContents brings. */
export function hardenSession(ses: Session = session.defaultSession): void {
  if (hardenedSessions.has(ses)) return
  hardenedSessions.add(ses)
  // Everything is denied except desktop notifications (the broken-connections alert, long jobs finishing).
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'))
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'notifications')
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
}

/** The application menu: the platform's standard roles and shortcuts (edit, view, window, zoom). */
export function installMenu(): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }]
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Sahha documentation', click: () => void shell.openExternal('https://docs.sahha.ai/docs/connect/integrations/oura') }] }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
