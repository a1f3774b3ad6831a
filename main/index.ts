import { app, BrowserWindow, clipboard, dialog, net, screen, utilityProcess } from 'electron'
import { join } from 'node:path'
import { composeApp } from './compose'
import { registerIpc } from './ipc-electron'
import { fileSink } from './log-file'
import { KEYCHAIN_SERVICE } from './secrets/secret-store'
import { createMainWindow, guardWebContents, hardenSession, installMenu } from './window'
import { fitBounds } from './storage/window-state'
import { prepareUserDataDir } from './storage/disk'
import { toAppError } from './errors'
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from './deep-link'
import type { HostChannel } from './secrets/keychain-host-client'

// Electron lifecycle only. Everything else is composed in compose.ts and runs under plain Node too.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let main: BrowserWindow | null = null
  let openLink: (link: DeepLink) => void = () => undefined
  // Reviewed (electronegativity PROTOCOL_HANDLER_JS_CHECK): a sahha-admin:// link only ever selects a
  // tenant and a connection to show; parseDeepLink rejects every other shape (test/unit/ipc/deep-link.test.ts).
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME) // eng-disable PROTOCOL_HANDLER_JS_CHECK
  // A second launch (or the OS opening a deep link) forwards to this instance.
  app.on('second-instance', (_e, argv) => {
    if (main) {
      if (main.isMinimized()) main.restore()
      main.focus()
    }
    const link = deepLinkFromArgv(argv)
    if (link) openLink(link)
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    const link = parseDeepLink(url)
    if (link) openLink(link)
  })
  app.on('window-all-closed', () => app.quit())
  // Every WebContents, not only the main window: navigation, window.open, webviews, permissions.
  app.on('web-contents-created', (_e, contents) => {
    hardenSession(contents.session)
    guardWebContents(contents)
  })

  void app.whenReady().then(async () => {
    hardenSession()
    const userDataDir = app.getPath('userData')
    try {
      // Before the log file: a read-only or full data folder is named, with the OS reason, not an ENOENT.
      await prepareUserDataDir(userDataDir)
    } catch (e) {
      const error = toAppError(e)
      dialog.showErrorBox('Sahha Integrations Admin cannot start', `${error.message}\n\n${error.remedy ?? ''}`)
      app.exit(1)
      return
    }
    const rendererFile = join(__dirname, '../renderer/index.html')
    const rendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null
    const composed = await composeApp({
      version: app.getVersion(),
      platform: process.platform,
      transport: 'electron',
      userDataDir,
      keychainService: KEYCHAIN_SERVICE,
      fetch: net.fetch.bind(net) as unknown as typeof fetch,
      logSink: fileSink(join(app.getPath('logs'), 'main.log')),
      rendererOrigin: rendererUrl ? new URL(rendererUrl).origin : null,
      rendererFile,
      demoProfiles: 20000,
      clipboard: { writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText(), clear: () => clipboard.clear() }
    }, { spawnKeychainHost: utilityHost })
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Electron's own windows, typed by Electron
    registerIpc(composed.dispatch, composed.services.events, () => BrowserWindow.getAllWindows())
    installMenu()
    const windowState = composed.services.windowState
    const saved = await windowState.load().catch(() => ({ bounds: null, maximized: false }))
    main = createMainWindow({ rendererUrl, rendererFile, bounds: fitBounds(saved.bounds, screen.getAllDisplays().map((d) => d.workArea)) })
    if (saved.maximized) main.maximize()
    const win = main
    // In the tick that created the window, so before its page can send anything: IPC is answered for
    // this WebContents only, and only while it lives.
    const untrust = composed.registerWebContents(win.webContents.id)
    win.webContents.once('destroyed', untrust)
    composed.warmUp()
    win.on('close', () =>
      void windowState.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }).catch((e: unknown) => composed.services.log.warn('window-state.not-saved', { code: toAppError(e).code }))
    )
    openLink = (link) => composed.services.events.emit('navigation.open', link)
    const first = deepLinkFromArgv(process.argv)
    if (first) main.webContents.once('did-finish-load', () => openLink(first))
    app.on('before-quit', () => void composed.close())
  })
}

/** The keychain helper as an Electron utility process (works with the RunAsNode fuse off, unlike fork). */
function utilityHost(entry: string): HostChannel {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Sahha Admin keychain', stdio: 'ignore' })
  const ready = new Promise<void>((resolve) => child.once('spawn', () => resolve()))
  return {
    ready,
    send: (m) => child.postMessage(m),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.once('exit', l),
    kill: () => void child.kill()
  }
}
