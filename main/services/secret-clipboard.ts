/** The OS clipboard as main sees it: Electron's `clipboard` in the shell; absent in browser mode and tests. */
export interface ClipboardPort {
  writeText(text: string): Promise<void> | void
  readText(): Promise<string> | string
  clear(): void
}

export const CLIPBOARD_CLEAR_MS = 30_000

/**
 * Copies a secret for the operator to paste (the Sahha Dashboard asks for the Oura client secret) without it ever
 * reaching the renderer, and clears the clipboard after 30 s unless the operator copied something else meanwhile.
 */
export function createSecretClipboard(deps: { clipboard: ClipboardPort | null; now?: () => number; setTimer?: (fn: () => void, ms: number) => void }) {
  const now = deps.now ?? Date.now
  const setTimer = deps.setTimer ?? ((fn, ms) => void setTimeout(fn, ms).unref())
  return {
    available: deps.clipboard !== null,
    async copy(value: string): Promise<{ clearsAt: string } | null> {
      const cb = deps.clipboard
      if (!cb) return null
      await cb.writeText(value)
      setTimer(() => {
        void Promise.resolve(cb.readText()).then((current) => {
          if (current === value) cb.clear()
        })
      }, CLIPBOARD_CLEAR_MS)
      return { clearsAt: new Date(now() + CLIPBOARD_CLEAR_MS).toISOString() }
    }
  }
}
export type SecretClipboard = ReturnType<typeof createSecretClipboard>
