import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'

/** Bundles the scan child (TypeScript) into a plain Node script, like the soak's crash child. */
export async function buildScanChild(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'sia-scan-child-'))
  await build({
    logLevel: 'error',
    configFile: false,
    build: { ssr: join(__dirname, 'scan-child.ts'), outDir, emptyOutDir: true, rollupOptions: { output: { entryFileNames: 'scan-child.mjs' } } },
    ssr: { noExternal: true }
  })
  return join(outDir, 'scan-child.mjs')
}
