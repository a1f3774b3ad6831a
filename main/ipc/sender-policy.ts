import { posix, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Who is calling. The Electron shell describes the frame that sent an IPC message; the bridge
 * describes a request that already passed its token, Host and Origin checks.
 */
export type Sender =
  | { kind: 'electron'; frameUrl: string; isMainFrame: boolean; webContentsId: number }
  | { kind: 'bridge'; tokenVerified: boolean; /** The tab (bridge/client-presence.ts); absent for a caller that sends none. */ clientId?: string }
  | { kind: 'test' }

export interface SenderPolicy {
  isTrusted(sender: Sender): boolean
  /**
   * Trusts calls from this WebContents (the app's own window), until the returned function is
   * called (when the window closes). An Electron sender whose id was never registered is refused
   * even from the app's URL: another WebContents (a devtools page, a popup) may load that file too.
   */
  registerWebContents(id: number): () => void
}

/**
 * Electron: only the main frame of a registered window, loaded from our own renderer origin
 * (the packaged file:// index or the dev server URL), may call. Bridge: only token-verified calls.
 * `windows` (default: this OS) says how a file: URL maps to a path: on Windows `file:///C:/x` is
 * `C:\x`, which no string comparison of the URL's pathname can match.
 */
export function createSenderPolicy(opts: {
  rendererOrigin: string | null
  rendererFile: string | null
  allowTest?: boolean
  windows?: boolean
}): SenderPolicy {
  const windows = opts.windows ?? process.platform === 'win32'
  const registered = new Set<number>()
  const ownFile = opts.rendererFile === null ? null : samePathKey(opts.rendererFile, windows)
  const isOwnUrl = (frameUrl: string): boolean => {
    let url: URL
    try {
      url = new URL(frameUrl)
    } catch {
      return false
    }
    if (opts.rendererOrigin && url.origin === opts.rendererOrigin) return true
    if (ownFile === null || url.protocol !== 'file:') return false
    let path: string
    try {
      path = fileURLToPath(url, { windows }) // refuses a host on POSIX and encoded separators anywhere
    } catch {
      return false
    }
    return samePathKey(path, windows) === ownFile
  }
  return {
    isTrusted(sender) {
      switch (sender.kind) {
        case 'bridge':
          return sender.tokenVerified
        case 'test':
          return opts.allowTest === true
        case 'electron':
          return sender.isMainFrame && registered.has(sender.webContentsId) && isOwnUrl(sender.frameUrl)
      }
    },
    registerWebContents(id) {
      registered.add(id)
      return () => void registered.delete(id)
    }
  }
}

/** Windows paths are case-insensitive (and `C:` may come as `c:`); POSIX paths are compared exactly. */
function samePathKey(path: string, windows: boolean): string {
  return windows ? win32.normalize(path).toLowerCase() : posix.normalize(path)
}
