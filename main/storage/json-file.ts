import type { z } from 'zod'
import { AppFailure, appError } from '../errors'
import type { StorageFileId, StorageFileStatus } from '../../preload/contract/models'
import { defaultFs, errnoCode, serialByPath, storageWriteFailed, writeFileAtomic, type StorageFs } from './disk'

/** What every local file the app keeps offers the storage-recovery screen. */
export interface LocalFile {
  readonly id: StorageFileId
  readonly label: string
  readonly path: string
  status(): Promise<StorageFileStatus>
  /** After the operator agreed: set the damaged file aside (it is already backed up) so the app can go on. */
  discardCorrupt(): Promise<{ backupPath?: string }>
}

export interface VersionedFile<T> extends LocalFile {
  /** Reads the file; a missing file gives the defaults. A corrupt one is copied aside and reported, never reset. */
  load(): Promise<T>
  save(data: T): Promise<void>
  /**
   * Read-modify-write as one step: `fn` gets the current contents and returns the next ones (or the
   * same object, to write nothing). Every load, save and update of this path, from any instance,
   * runs one after the other, so N concurrent acknowledged updates leave N changes.
   */
  update(fn: (current: T) => T | Promise<T>): Promise<T>
}

export function createVersionedFile<S extends z.ZodType>(opts: {
  id: StorageFileId
  path: string
  schemaVersion: number
  schema: S
  defaults: () => z.output<S>
  label: string
  fs?: StorageFs
}): VersionedFile<z.output<S>> {
  type T = z.output<S>
  const fs = opts.fs ?? defaultFs
  const serial = <R>(op: () => Promise<R>) => serialByPath(opts.path, op)

  // One backup per distinct damaged content: reading the same broken file again reuses it.
  let lastBackup: { text: string; path: string } | null = null
  const corrupt = async (why: string, text: string): Promise<never> => {
    let backupPath = lastBackup?.text === text ? lastBackup.path : null
    if (!backupPath) {
      const path = `${opts.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
      try {
        await fs.writeFile(path, text, { mode: 0o600 })
        backupPath = path
        lastBackup = { text, path }
      } catch {
        // A read-only disk cannot take the copy; the damaged file itself is left untouched either way.
      }
    }
    throw appError('STORAGE_CORRUPT', `The ${opts.label} file could not be read (${why}).${backupPath ? ` A copy was kept at ${backupPath}.` : ''}`, {
      remedy: `Nothing was changed. Restore a good copy to ${opts.path}, or choose "Start fresh" to begin with an empty file${backupPath ? ' (the damaged copy stays as a backup)' : ''}.`,
      retryable: false,
      details: { file: opts.id, backupPath, path: opts.path, why }
    })
  }

  const read = async (): Promise<T> => {
    let text: string
    try {
      text = await fs.readFile(opts.path, 'utf8')
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return opts.defaults()
      throw appError('STORAGE_IO', `The ${opts.label} file could not be opened (${errnoCode(e) ?? 'unknown error'}).`, {
        remedy: `Check that ${opts.path} is a file readable by you.`,
        retryable: true,
        details: { file: opts.id, path: opts.path, reason: errnoCode(e) }
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
        retryable: false,
        details: { file: opts.id, path: opts.path, newer: true }
      })
    }
    const parsed = opts.schema.safeParse(envelope.data)
    if (!parsed.success) return corrupt(`field ${parsed.error.issues[0]?.path.join('.') || '(root)'} is invalid`, text)
    return parsed.data
  }
  const write = (data: T) =>
    writeFileAtomic(opts.path, JSON.stringify({ schemaVersion: opts.schemaVersion, data }, null, 2) + '\n', `${opts.label} file`, fs)

  const status = async (): Promise<StorageFileStatus> => {
    const base = { id: opts.id, label: opts.label, path: opts.path }
    try {
      await serial(read)
      return { ...base, state: 'ok' }
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e
      const details = e.appError.details as { backupPath?: string; newer?: boolean; why?: string } | undefined
      const state = e.code === 'STORAGE_IO' ? 'unreadable' : details?.newer ? 'newer' : 'corrupt'
      const message = details?.why ? `Reason: ${details.why}.` : e.appError.message
      return { ...base, state, message, remedy: e.appError.remedy, backupPath: details?.backupPath }
    }
  }

  return {
    id: opts.id,
    label: opts.label,
    path: opts.path,
    load: () => serial(read),
    save: (data) => serial(() => write(data)),
    update: (fn) =>
      serial(async () => {
        const current = await read()
        const next = await fn(current)
        if (next !== current) await write(next)
        return next
      }),
    status,
    discardCorrupt: () =>
      serial(async () => {
        try {
          await read()
          return {} // nothing to discard: the file reads fine (or a good copy was restored meanwhile)
        } catch (e) {
          const details = e instanceof AppFailure ? (e.appError.details as { backupPath?: string; newer?: boolean } | undefined) : undefined
          if (!(e instanceof AppFailure) || e.code !== 'STORAGE_CORRUPT' || details?.newer || !details?.backupPath) throw e
          try {
            await fs.rm(opts.path, { force: true }) // its bytes are in the backup, written before this error was raised
          } catch (err) {
            throw storageWriteFailed(`${opts.label} file`, opts.path, err)
          }
          return { backupPath: details.backupPath }
        }
      })
  }
}
