import { promises as fs } from 'node:fs'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import { appError } from '../errors'

/**
 * Atomic write: a unique temp file beside the target, fsync, rename over the target, fsync the
 * folder. A crash at any point leaves either the old file or the new one, never half of each.
 */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const dir = dirname(path)
  await fs.mkdir(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await fs.open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(contents, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.rename(tmp, path)
  } catch (e) {
    await fs.rm(tmp, { force: true })
    throw e
  }
  const dirHandle = await fs.open(dir, 'r').catch(() => null)
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined)
    await dirHandle.close()
  }
}

export interface VersionedFile<T> {
  readonly path: string
  /** Reads the file; a missing file gives the defaults. A corrupt one is copied aside and reported, never reset. */
  load(): Promise<T>
  save(data: T): Promise<void>
  /** After the operator agreed: move the corrupt file aside (already backed up) so the next load starts fresh. */
  discardCorrupt(): Promise<void>
}

export function createVersionedFile<S extends z.ZodType>(opts: {
  path: string
  schemaVersion: number
  schema: S
  defaults: () => z.output<S>
  label: string
}): VersionedFile<z.output<S>> {
  type T = z.output<S>
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <R>(op: () => Promise<R>): Promise<R> => {
    const next = queue.then(op, op)
    queue = next.catch(() => undefined)
    return next
  }

  // One backup per distinct damaged content: reading the same broken file again reuses it.
  let lastBackup: { text: string; path: string } | null = null
  const corrupt = async (why: string, text: string): Promise<never> => {
    let backupPath = lastBackup?.text === text ? lastBackup.path : null
    if (!backupPath) {
      backupPath = `${opts.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
      await fs.writeFile(backupPath, text, { mode: 0o600 })
      lastBackup = { text, path: backupPath }
    }
    throw appError('STORAGE_CORRUPT', `The ${opts.label} file could not be read (${why}). A copy was kept at ${backupPath}.`, {
      remedy: `Nothing was changed. Restore a good copy to ${opts.path}, or choose "Start fresh" to begin with an empty file (the damaged copy stays as a backup).`,
      retryable: false,
      details: { backupPath, path: opts.path }
    })
  }

  return {
    path: opts.path,
    load: () =>
      serial(async (): Promise<T> => {
        let text: string
        try {
          text = await fs.readFile(opts.path, 'utf8')
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return opts.defaults()
          throw appError('STORAGE_IO', `The ${opts.label} file could not be opened.`, {
            remedy: `Check that ${opts.path} is readable by you.`,
            retryable: true
          })
        }
        let doc: unknown
        try {
          doc = JSON.parse(text)
        } catch {
          return corrupt('it is not valid JSON', text)
        }
        const envelope = doc as { schemaVersion?: unknown; data?: unknown } | null | undefined // untrusted JSON
        if (typeof envelope !== 'object' || envelope === null || typeof envelope.schemaVersion !== 'number') {
          return corrupt('it has no schema version', text)
        }
        if (envelope.schemaVersion > opts.schemaVersion) {
          throw appError('STORAGE_CORRUPT', `The ${opts.label} file was written by a newer version of the app.`, {
            remedy: 'Update the app. The file was left untouched.',
            retryable: false
          })
        }
        const parsed = opts.schema.safeParse(envelope.data)
        if (!parsed.success) return corrupt(`field ${parsed.error.issues[0]?.path.join('.') || '(root)'} is invalid`, text)
        return parsed.data
      }),
    save: (data) =>
      serial(() => writeFileAtomic(opts.path, JSON.stringify({ schemaVersion: opts.schemaVersion, data }, null, 2) + '\n')),
    discardCorrupt: () =>
      serial(async () => {
        await fs.rm(opts.path, { force: true })
      })
  }
}
