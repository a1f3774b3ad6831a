import { promises as fs } from 'node:fs'
import type { StorageFs } from '../../main/storage/disk'

/**
 * Node's fs, except that once `fail` is set every write fails the way the kernel fails it on a full
 * disk: the temp file opens, then the write answers ENOSPC. Tests only; the real condition is covered
 * on a real full tmpfs by test/integration/storage-faults.
 */
export function createFailingFs(): StorageFs & { fail: string | null } {
  const failing = {
    ...fs,
    fail: null as string | null,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await fs.open(path, flags, mode)
      if (!failing.fail || flags === 'r') return handle
      const code = failing.fail
      const refuse = async () => {
        throw Object.assign(new Error(`${code}: simulated, write '${path}'`), { code, syscall: 'write', path })
      }
      return Object.assign(Object.create(handle) as typeof handle, { writeFile: refuse, write: refuse, close: () => handle.close(), stat: () => handle.stat(), read: handle.read.bind(handle), sync: () => handle.sync() })
    }) as typeof fs.open
  }
  return failing
}
