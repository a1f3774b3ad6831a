import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'

/** Bundles the crash-safety child (TypeScript) into a plain Node script. */
export async function buildCrashChild(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'sia-crash-child-'))
  await build({
    logLevel: 'error',
    configFile: false,
    build: { ssr: join(__dirname, 'crash-child.ts'), outDir, emptyOutDir: true, rollupOptions: { output: { entryFileNames: 'crash-child.mjs' } } },
    ssr: { noExternal: true }
  })
  return join(outDir, 'crash-child.mjs')
}
