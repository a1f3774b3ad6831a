import { createHmac, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../storage/disk'

/** Length of a subject reference: 16 bytes of HMAC-SHA-256, as hex. */
const HEX = 32

/**
 * End-user identifiers in the audit log and in incident bundles: an HMAC-SHA-256 of the externalId
 * keyed with a random per-install salt, so "user-0000008" cannot be recovered by hashing candidates
 * (a plain SHA-256 can). The salt is created on first use, stays in this install's data folder and
 * never crosses the contract. `reveal` maps a reference back to the externalId only for ids this app
 * has seen (hashed itself, or can find among the tenant's loaded connections).
 */
export function createSubjects(deps: { userDataDir: string }) {
  const path = join(deps.userDataDir, 'install-salt')
  let salt: Promise<Buffer> | null = null
  const known = new Map<string, string>()

  const loadSalt = (): Promise<Buffer> =>
    (salt ??= (async () => {
      try {
        const hex = (await fs.readFile(path, 'utf8')).trim()
        if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex')
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      }
      const fresh = randomBytes(32)
      await writeFileAtomic(path, fresh.toString('hex'), 'install salt file') // 0600
      return fresh
    })())

  const digest = (key: Buffer, externalId: string) => createHmac('sha256', key).update(externalId, 'utf8').digest('hex').slice(0, HEX)

  return {
    /** `hmac:` + 32 hex characters. */
    async ref(externalId: string): Promise<string> {
      const r = `hmac:${digest(await loadSalt(), externalId)}`
      known.set(r, externalId)
      return r
    },
    /** The externalId behind a reference, or null when this app cannot tell (it never saw that user). */
    async reveal(ref: string, candidates: () => Iterable<string>): Promise<string | null> {
      const hit = known.get(ref)
      if (hit) return hit
      const key = await loadSalt()
      for (const id of candidates()) {
        const r = `hmac:${digest(key, id)}`
        known.set(r, id)
        if (r === ref) return id
      }
      return null
    }
  }
}
export type Subjects = ReturnType<typeof createSubjects>
