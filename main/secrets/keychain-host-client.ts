import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The two ends main needs of a helper process, whether Node's child_process or Electron's utilityProcess. */
export interface HostChannel {
  /** Resolves once the process runs; rejects if it could not start. */
  readonly ready: Promise<void>
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: () => void): void
  kill(): void
}
export type SpawnHost = (entry: string) => HostChannel

/** The helper's entry: built JS next to the main bundle in the app, the TypeScript source under the tests. */
export function keychainHostEntry(dir: string = __dirname): string {
  const built = join(dir, 'keychain-host.js')
  return existsSync(built) ? built : join(dir, 'keychain-host.ts')
}

/** Node's child_process.fork: browser mode and the tests. The Electron shell passes a utilityProcess instead. */
export const forkHost: SpawnHost = (entry) => {
  const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [], serialization: 'json' })
  const ready = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve())
    child.once('error', reject)
  })
  ready.catch(() => undefined)
  return {
    ready,
    send: (m) => void child.send(m as object),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.once('exit', l),
    kill: () => void child.kill()
  }
}

type Reply = { id: number; ok: true; value: string | boolean | null } | { id: number; ok: false; message: string }

/**
 * keytar's three calls, answered by the helper process. One helper at a time, started on first use;
 * `reset()` ends it, so the next call starts a fresh one with a fresh D-Bus connection.
 */
export function createHostKeytar(spawn: SpawnHost, entry: string = keychainHostEntry()) {
  type Pending = Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>
  let current: { ch: HostChannel; pending: Pending } | null = null
  let nextId = 1
  const failAll = (pending: Pending, why: string) => {
    for (const p of pending.values()) p.reject(new Error(why))
    pending.clear()
  }
  const open = () => {
    if (current) return current
    const ch = spawn(entry)
    // Each helper answers only its own calls: a helper that ends fails what it was asked, nothing else.
    const pending: Pending = new Map()
    ch.onMessage((raw) => {
      const r = raw as Reply
      const p = pending.get(r.id)
      if (!p) return
      pending.delete(r.id)
      if (r.ok) p.resolve(r.value)
      else p.reject(new Error(r.message))
    })
    ch.onExit(() => {
      if (current?.ch === ch) current = null
      failAll(pending, 'the keychain helper process ended')
    })
    current = { ch, pending }
    return current
  }
  const call = async <T>(op: 'get' | 'set' | 'delete', service: string, account: string, password?: string): Promise<T> => {
    const { ch, pending } = open()
    await ch.ready
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      ch.send({ id, op, service, account, password })
    })
  }
  return {
    getPassword: (service: string, account: string) => call<string | null>('get', service, account),
    setPassword: (service: string, account: string, password: string) => call<void>('set', service, account, password),
    deletePassword: (service: string, account: string) => call<boolean>('delete', service, account),
    /** End the helper (after a failure or a timeout); its calls in flight fail, the next call starts a new one. */
    reset(): void {
      const old = current
      current = null
      if (!old) return
      failAll(old.pending, 'the keychain helper was restarted')
      old.ch.kill()
    }
  }
}
