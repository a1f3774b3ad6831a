import { resolve } from 'node:path'
import { build, type Rolldown } from 'vite'
import { e2eTest } from './support/fixtures'
import { runCorpus } from './support/redirect-corpus-in-browser'

// Only the browser: fixtures start when a test asks for them, so no bridge runs for this file.
const test = e2eTest()

async function bundleForBrowser(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: resolve(import.meta.dirname, 'support/redirect-corpus-in-browser.ts'), formats: ['iife'], name: 'redirectCorpus' } }
  })
  const first = (Array.isArray(out) ? out[0] : out) as Rolldown.RolldownOutput
  return first.output[0].code
}

describe('redirect whitelist corpus in Chromium (where the editor validates)', () => {
  test('gives every verdict, category, message and match key that it gives under Node', async ({ browser }) => {
    const page = await browser.newPage()
    await page.addScriptTag({ content: await bundleForBrowser() })
    const inChromium = await page.evaluate(() => (globalThis as unknown as { redirectCorpus: { runCorpus: typeof runCorpus } }).redirectCorpus.runCorpus())
    const inNode = runCorpus()
    expect(inChromium.rejects.filter((r) => r.ok)).toEqual([])
    expect(inChromium).toEqual(inNode)
    await page.close()
  })
})
