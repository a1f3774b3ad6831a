import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { build } from 'vite'

/** Bundles a TypeScript entry (a child process of a test) into one plain Node script; returns its path. */
export async function buildScript(entry: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'sia-child-'))
  const name = basename(entry).replace(/\.ts$/, '.mjs')
  await build({
    logLevel: 'error',
    configFile: false,
    build: { ssr: entry, outDir, emptyOutDir: true, rollupOptions: { output: { entryFileNames: name } } },
    ssr: { noExternal: true }
  })
  return join(outDir, name)
}

/** Bundles the crash-safety child (TypeScript) into a plain Node script. */
export function buildCrashChild(): Promise<string> {
  return buildScript(join(__dirname, 'crash-child.ts'))
}
