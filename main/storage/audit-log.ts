import { dirname, join } from 'node:path'
import type { EnvironmentId, StorageFileStatus } from '../../preload/contract/models'
import { defaultFs, ensureDir, errnoCode, serialByPath, storageWriteFailed, writeFileAtomic, type StorageFs } from './disk'
import type { LocalFile } from './json-file'

export interface AuditEntry {
  readonly at: string
  readonly tenantId: string
  readonly environment: EnvironmentId
  readonly action: string
  /** What changed, in words. Callers never pass secret values; the logger's redaction is the second line of defence. */
  readonly summary: string
  /** The end users affected, as salted references (services/subjects.ts), never in clear. */
  readonly subjects?: string[]
}

const LABEL = 'audit log'

/**
 * Append-only JSON Lines, one fsync per entry. A crash can at worst leave a torn last line, which
 * `read` skips and counts, so the log stays readable; the next append starts on a new line so it is
 * not glued to the torn one. Appends share the per-path queue of every other store.
 */
export function createAuditLog(userDataDir: string, scrub: (text: string) => string = (t) => t, fs: StorageFs = defaultFs) {
  const path = join(userDataDir, 'audit-log.jsonl')
  const readText = async (): Promise<string | null> => {
    try {
      return await fs.readFile(path, 'utf8')
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return null
      throw e
    }
  }
  /**
   * Lines that do not parse. One is what a crash mid-append leaves (`read` skips it, and the next
   * append starts a new line after it), so the log counts as damaged only beyond that.
   */
  const damagedLines = (text: string): number => {
    const bad = text.split('\n').filter((line) => line.trim() !== '' && !parses(line)).length
    return bad > 1 ? bad : 0
  }
  let lastBackup: { text: string; path: string } | null = null

  const log = {
    id: 'audit-log' as const,
    label: LABEL,
    path,
    append(entry: Omit<AuditEntry, 'at'>): Promise<void> {
      const line = scrub(JSON.stringify({ at: new Date().toISOString(), ...entry })) + '\n'
      return serialByPath(path, async () => {
        await ensureDir(dirname(path), LABEL, fs)
        let h
        try {
          h = await fs.open(path, 'a+', 0o600)
        } catch (e) {
          throw storageWriteFailed(LABEL, path, e)
        }
        try {
          const { size } = await h.stat()
          let lead = ''
          if (size > 0) {
            const last = Buffer.alloc(1)
            await h.read(last, 0, 1, size - 1)
            if (last[0] !== 0x0a) lead = '\n'
          }
          await h.writeFile(lead + line, 'utf8')
          await h.sync()
        } catch (e) {
          throw storageWriteFailed(LABEL, path, e)
        } finally {
          await h.close()
        }
      })
    },
    async read(filter: { tenantId?: string; limit?: number } = {}): Promise<{ entries: AuditEntry[]; skippedLines: number }> {
      const text = (await readText()) ?? ''
      const entries: AuditEntry[] = []
      let skippedLines = 0
      for (const line of text.split('\n')) {
        if (!line.trim()) continue
        try {
          const e = JSON.parse(line) as AuditEntry
          if (!filter.tenantId || e.tenantId === filter.tenantId) entries.push(e)
        } catch {
          skippedLines++
        }
      }
      entries.reverse()
      return { entries: filter.limit ? entries.slice(0, filter.limit) : entries, skippedLines }
    },
    async status(): Promise<StorageFileStatus> {
      const base = { id: log.id, label: LABEL, path }
      let text: string | null
      try {
        text = await serialByPath(path, readText)
      } catch (e) {
        return { ...base, state: 'unreadable', message: `The audit log could not be opened (${errnoCode(e) ?? 'unknown error'}).`, remedy: `Check that ${path} is a file readable by you.` }
      }
      const bad = text === null ? 0 : damagedLines(text)
      if (text === null || bad === 0) return { ...base, state: 'ok' }
      if (lastBackup?.text !== text) {
        const backupPath = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
        await fs.writeFile(backupPath, text, { mode: 0o600 }).then(
          () => (lastBackup = { text, path: backupPath }),
          () => undefined
        )
      }
      return {
        ...base,
        state: 'corrupt',
        backupPath: lastBackup?.path,
        message: `${bad} line${bad === 1 ? '' : 's'} of the audit log cannot be read; every other entry is shown.`,
        remedy: 'Choose "Drop unreadable lines" to rewrite the log with its readable entries only (the whole file stays as a backup).'
      }
    },
    /** For the audit log, "start fresh" keeps every readable entry: only the damaged lines go (they stay in the backup). */
    async discardCorrupt(): Promise<{ backupPath?: string }> {
      const s = await log.status()
      if (s.state !== 'corrupt' || !s.backupPath) return {}
      await serialByPath(path, async () => {
        const text = (await readText()) ?? ''
        const good = text.split('\n').filter((line) => line.trim() !== '' && parses(line))
        await writeFileAtomic(path, good.map((l) => l + '\n').join(''), LABEL, fs)
      })
      return { backupPath: s.backupPath }
    }
  }
  return log satisfies LocalFile & Record<string, unknown>
}
export type AuditLog = ReturnType<typeof createAuditLog>

function parses(line: string): boolean {
  try {
    JSON.parse(line)
    return true
  } catch {
    return false
  }
}
