/**
 * The keychain helper: a small child process of main that does nothing but call keytar. It runs
 * apart from main because libsecret keeps one D-Bus connection per process for the life of the
 * process: once the session bus goes away, every later call in that process fails with "The
 * connection is closed", even after the bus is back. A fresh helper gets a fresh connection, so the
 * app recovers when the keychain returns; a hung unlock prompt or a crash in the native module takes
 * down the helper, never main.
 *
 * Secrets pass over the private IPC channel between main and this process only; nothing here logs,
 * and nothing is written to disk. Self-contained (no relative imports) so it runs as built JS in the
 * app and as its TypeScript source under the tests.
 */
interface HostRequest {
  id: number
  op: 'get' | 'set' | 'delete'
  service: string
  account: string
  password?: string
}
interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

// Electron's utilityProcess talks through process.parentPort; a Node child_process.fork through process.send.
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
const reply = (message: unknown) => (parentPort ? parentPort.postMessage(message) : process.send?.(message))

let keytar: KeytarApi | null = null
async function handle(raw: unknown): Promise<void> {
  const req = raw as HostRequest | null | undefined // from the parent process: checked before use
  if (!req || typeof req.id !== 'number') return
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    keytar ??= require('keytar') as KeytarApi
    const value =
      req.op === 'get'
        ? await keytar.getPassword(req.service, req.account)
        : req.op === 'set'
          ? await keytar.setPassword(req.service, req.account, String(req.password)).then(() => null)
          : await keytar.deletePassword(req.service, req.account)
    reply({ id: req.id, ok: true, value })
  } catch (e) {
    // The OS error names the bus or the collection, never the secret.
    reply({ id: req.id, ok: false, message: (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200) })
  }
}

if (parentPort) parentPort.on('message', (e) => void handle(e.data))
else process.on('message', (m) => void handle(m))
// Main went away: nothing left to serve.
process.on('disconnect', () => process.exit(0))
