// The secret canary's search (issue F.5): every file under a folder, for one string, in the encodings
// a leak could take: as is, UTF-16, base64 (at each of the three byte alignments, so a secret inside
// a longer base64 value such as a Basic auth header is found too), URL-encoded and hex; and for the
// secret and token shapes the app redacts (preload/contract/secret-patterns.ts), which catch the
// tokens Sahha and Oura issue during the run: they do not contain the canary.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * The app's own secret shapes, loaded with Node's type stripping. Node warns that the package has
 * no "type" and that the file is read as ESM, which is what is wanted: that one warning is dropped.
 */
async function loadSecretPatterns() {
  const original = process.listeners('warning')
  const keep = (w) => {
    if (w.code !== 'MODULE_TYPELESS_PACKAGE_JSON') for (const l of original) l(w)
  }
  process.removeAllListeners('warning')
  process.on('warning', keep)
  try {
    return await import('../../preload/contract/secret-patterns.ts')
  } finally {
    await new Promise((resolve) => setImmediate(resolve))
    process.off('warning', keep)
    for (const l of original) process.on('warning', l)
  }
}
export const { findSecrets } = await loadSecretPatterns()

/** The byte patterns whose presence in a file means the canary leaked. */
export function canaryPatterns(canary) {
  const raw = Buffer.from(canary, 'utf8')
  const patterns = [
    ['text', raw],
    ['utf16', Buffer.from(canary, 'utf16le')],
    ['url-encoded', Buffer.from(encodeURIComponent(canary), 'utf8')],
    ['hex', Buffer.from(raw.toString('hex'), 'utf8')]
  ]
  for (let shift = 0; shift < 3; shift++) {
    // Encode with `shift` bytes in front, then keep only the characters that depend on the canary alone.
    const b64 = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64')
    const start = Math.ceil((shift * 4) / 3)
    const end = Math.floor(((shift + raw.length) * 4) / 3)
    patterns.push([`base64+${shift}`, Buffer.from(b64.slice(start + 1, end - 1), 'utf8')])
  }
  return patterns
}

/** The canary's encodings found in a file, and the secret shapes (`shape:<name>`) unless `shapes` is false. */
export function findCanary(buf, patterns, shapes = true) {
  const found = patterns.filter(([, p]) => buf.includes(p)).map(([name]) => name)
  return shapes ? [...found, ...findSecrets(buf.toString('utf8')).map((name) => `shape:${name}`)] : found
}

/**
 * The bridge prints its launch URL, with the per-launch access token in its #token= fragment, on
 * purpose (README, browser mode): its output is searched for the canary, not for token shapes.
 */
const SHAPES_EXEMPT = new Set(['bridge-output'])

/** Every file under `root`, with the kind (its top folder) and the encodings of the canary found in it. */
export function scanFolder(root, canary) {
  const patterns = canaryPatterns(canary)
  const files = []
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const st = statSync(path)
      if (st.isDirectory()) walk(path)
      else if (st.isFile()) {
        const buf = readFileSync(path)
        const rel = relative(root, path)
        const kind = rel.split(/[\\/]/)[0]
        files.push({ path: rel, kind, bytes: buf.length, hits: findCanary(buf, patterns, !SHAPES_EXEMPT.has(kind)) })
      }
    }
  }
  walk(root)
  return files
}
