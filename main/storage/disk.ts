import { promises as nodeFs } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { AppFailure, appError } from '../errors'

/**
 * The file-system calls the stores make. The app always uses node's; a test passes a wrapper that
 * fails the way a full disk does, where the real condition cannot be produced in-process.
 */
export type StorageFs = Pick<typeof nodeFs, 'mkdir' | 'open' | 'rename' | 'rm' | 'readFile' | 'writeFile' | 'readdir' | 'stat'>
export const defaultFs: StorageFs = nodeFs

const tails = new Map<string, Promise<unknown>>()

/**
 * Runs `op` after every earlier operation on the same file has finished, in this process. Keyed by
 * the resolved path, not by store instance: two stores opened on the same file share one queue, so a
 * read-modify-write of one can never interleave with the other's.
 */
export function serialByPath<R>(path: string, op: () => Promise<R>): Promise<R> {
  const key = resolve(path)
  const next = (tails.get(key) ?? Promise.resolve()).then(op, op)
  const tail = next.then(
    () => undefined,
    () => undefined
  )
  tails.set(key, tail)
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key)
  })
  return next
}

const REASONS: Record<string, { why: string; remedy: (dir: string) => string }> = {
  EROFS: { why: 'the disk or folder is read-only', remedy: (d) => `Make ${d} writable (it is on a read-only disk or mount), or move the app's data folder to a writable disk, then retry.` },
  ENOSPC: { why: 'the disk is full', remedy: (d) => `Free some space on the disk that holds ${d}, then retry.` },
  EDQUOT: { why: 'your disk quota is used up', remedy: (d) => `Free some space in your quota (the folder is ${d}), then retry.` },
  EACCES: { why: 'permission was denied', remedy: (d) => `Give your user write access to ${d}, then retry.` },
  EPERM: { why: 'the operation is not permitted', remedy: (d) => `Give your user write access to ${d} (and check it is not marked immutable), then retry.` },
  ENOTDIR: { why: 'a file is in the way where a folder should be', remedy: (d) => `Move the file that is in the way of ${d}, then retry.` },
  EISDIR: { why: 'a folder is in the way where the file should be', remedy: (d) => `Move the folder that is in the way inside ${d}, then retry.` },
  EIO: { why: 'the disk reported an input/output error', remedy: (d) => `Check the disk that holds ${d}, then retry.` }
}

export function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code
}

/** The one typed error for a write the OS refused: where, why (the OS's code), and what to do. */
export function storageWriteFailed(label: string, path: string, e: unknown): AppFailure {
  if (e instanceof AppFailure) return e
  const code = errnoCode(e) ?? 'UNKNOWN'
  const reason = REASONS[code]
  const dir = dirname(path)
  return appError('STORAGE_WRITE_FAILED', `The app could not write the ${label} (${path}): ${reason?.why ?? 'the operating system refused the write'} (${code}).`, {
    remedy: reason?.remedy(dir) ?? `Check that ${dir} is writable and has free space, then retry.`,
    retryable: true,
    details: { path, reason: code }
  })
}

/**
 * mkdir -p that names the real reason. Node's recursive mkdir answers ENOENT when a missing parent
 * cannot be created on a read-only disk, which says nothing useful; creating the missing folders one
 * by one from the nearest existing ancestor surfaces the actual EROFS or EACCES.
 */
export async function ensureDir(dir: string, label: string, fs: StorageFs = defaultFs): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true })
    return
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw storageWriteFailed(label, dir, e)
  }
  const missing: string[] = []
  for (let d = resolve(dir); ; d = dirname(d)) {
    const exists = await fs.stat(d).then(
      () => true,
      () => false
    )
    if (exists || dirname(d) === d) break
    missing.unshift(d)
  }
  for (const d of missing) {
    try {
      await fs.mkdir(d)
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw storageWriteFailed(label, d, e)
    }
  }
}

/** `.<name>.<pid>.<hex>.tmp`: the temp files writeFileAtomic makes beside a target. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.([0-9a-f]{8})\.tmp$/
const tempName = (path: string) => `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`

/**
 * Atomic write: a unique temp file beside the target, fsync, rename over the target, fsync the
 * folder. A crash at any point leaves either the old file or the new one, never half of each. A
 * failed write removes its temp file and throws STORAGE_WRITE_FAILED.
 */
export async function writeFileAtomic(path: string, contents: string, label = 'file', fs: StorageFs = defaultFs): Promise<void> {
  const dir = dirname(path)
  await ensureDir(dir, label, fs)
  const tmp = join(dir, tempName(path))
  try {
    const handle = await fs.open(tmp, 'w', 0o600)
    try {
      await handle.writeFile(contents, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(tmp, path)
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    throw storageWriteFailed(label, path, e)
  }
  const dirHandle = await fs.open(dir, 'r').catch(() => null)
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined)
    await dirHandle.close()
  }
}

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return errnoCode(e) === 'EPERM' // it exists, it just is not ours
  }
}
/** Older than any write could take: removed even if its pid now belongs to another, live process. */
const STALE_AFTER_MS = 60 * 60 * 1000

/**
 * Start-up: remove temp files left by writers that died mid-write (kill -9, power loss, a crash).
 * Only our own naming pattern, only from processes that no longer run (or files too old to belong
 * to a write in progress), so a second instance writing at the same moment is never disturbed.
 */
export async function removeStaleTempFiles(dir: string, fs: StorageFs = defaultFs, now = Date.now()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[])
  const removed: string[] = []
  for (const name of names) {
    const m = TEMP_NAME.exec(name)
    if (!m) continue
    const path = join(dir, name)
    const stat = await fs.stat(path).catch(() => null)
    if (!stat?.isFile()) continue
    if (alive(Number(m[2])) && now - stat.mtimeMs < STALE_AFTER_MS) continue
    await fs.rm(path, { force: true }).catch(() => undefined)
    removed.push(name)
  }
  return removed
}

/**
 * Before anything is written at start: the data folder exists and takes a write. A read-only or full
 * disk then stops the start with STORAGE_WRITE_FAILED naming the folder and the OS reason, instead of
 * a bare ENOENT from somewhere deeper.
 */
export async function prepareUserDataDir(dir: string, fs: StorageFs = defaultFs): Promise<{ removedTempFiles: string[] }> {
  await ensureDir(dir, 'data folder', fs)
  await writeFileAtomic(join(dir, '.write-check'), 'ok\n', 'data folder', fs)
  await fs.rm(join(dir, '.write-check'), { force: true }).catch(() => undefined)
  return { removedTempFiles: await removeStaleTempFiles(dir, fs) }
}
