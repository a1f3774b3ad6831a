import { ipcMain, type BrowserWindow } from 'electron'
import { CHANNEL_NAMES } from '../preload/contract/channels'
import type { Dispatch } from './ipc/dispatch'
import type { EventBus } from './ipc/events'

/** The only place that calls ipcMain.handle: one registration per contract channel, each into dispatch. */
export function registerIpc(dispatch: Dispatch, events: EventBus, windows: () => BrowserWindow[]): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, input: unknown) =>
      dispatch(channel, input, {
        kind: 'electron',
        frameUrl: event.senderFrame?.url ?? '',
        isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
        webContentsId: event.sender.id
      })
    )
  }
  events.subscribe((name, payload) => {
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(`event:${name}`, payload)
  })
}
