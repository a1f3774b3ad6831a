import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import type { EnvironmentId } from '../../preload/contract/models'

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

/**
 * Append-only JSON Lines, one fsync per entry. A crash can at worst leave a torn last line, which
 * `read` skips and counts, so the log stays readable.
 */
export function createAuditLog(userDataDir: string, scrub: (text: string) => string = (t) => t) {
  const path = join(userDataDir, 'audit-log.jsonl')
  let queue: Promise<unknown> = Promise.resolve()
  return {
    path,
    append(entry: Omit<AuditEntry, 'at'>): Promise<void> {
      const line = scrub(JSON.stringify({ at: new Date().toISOString(), ...entry })) + '\n'
      const op = async () => {
        await fs.mkdir(dirname(path), { recursive: true })
        const h = await fs.open(path, 'a', 0o600)
        try {
          await h.writeFile(line, 'utf8')
          await h.sync()
        } finally {
          await h.close()
        }
      }
      const next = queue.then(op, op)
      queue = next.catch(() => undefined)
      return next
    },
    async read(filter: { tenantId?: string; limit?: number } = {}): Promise<{ entries: AuditEntry[]; skippedLines: number }> {
      let text: string
      try {
        text = await fs.readFile(path, 'utf8')
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skippedLines: 0 }
        throw e
      }
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
    }
  }
}
export type AuditLog = ReturnType<typeof createAuditLog>
