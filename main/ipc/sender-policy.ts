/**
 * Who is calling. The Electron shell describes the frame that sent an IPC message; the bridge
 * describes a request that already passed its token, Host and Origin checks.
 */
export type Sender =
  | { kind: 'electron'; frameUrl: string; isMainFrame: boolean; webContentsId: number }
  | { kind: 'bridge'; tokenVerified: boolean }
  | { kind: 'test' }

export interface SenderPolicy {
  isTrusted(sender: Sender): boolean
}

/**
 * Electron: only the main frame of our own window, loaded from our own renderer origin
 * (the packaged file:// index or the dev server URL), may call. Bridge: only token-verified calls.
 */
export function createSenderPolicy(opts: {
  rendererOrigin: string | null
  rendererFile: string | null
  allowTest?: boolean
}): SenderPolicy {
  return {
    isTrusted(sender) {
      switch (sender.kind) {
        case 'bridge':
          return sender.tokenVerified
        case 'test':
          return opts.allowTest === true
        case 'electron': {
          if (!sender.isMainFrame) return false
          let url: URL
          try {
            url = new URL(sender.frameUrl)
          } catch {
            return false
          }
          if (opts.rendererOrigin && url.origin === opts.rendererOrigin) return true
          if (opts.rendererFile && url.protocol === 'file:') {
            return decodeURIComponent(url.pathname) === opts.rendererFile
          }
          return false
        }
      }
    }
  }
}
