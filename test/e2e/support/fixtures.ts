import { test as base } from 'vitest'
import type { Browser } from 'playwright-core'
import { startBridgeProcess, type BridgeProcess } from './bridge-process'
import { launchChromium } from './browser'

type BridgeOptions = NonNullable<Parameters<typeof startBridgeProcess>[0]>

/**
 * The e2e fixtures: the app's bridge process and a Chromium, each started once per file and stopped
 * after its last test (vitest `test.extend`, file scope), instead of beforeAll/afterAll in every
 * file. `e2eTest({ demoProfiles })` sets the bridge's options for the file.
 */
export function e2eTest(bridgeOptions: BridgeOptions = {}) {
  return base.extend<{ bridge: BridgeProcess; browser: Browser }>({
    bridge: [
      // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a fixture needs from this pattern
      async ({}, use) => {
        const bridge = await startBridgeProcess(bridgeOptions)
        await use(bridge)
        await bridge.stop()
      },
      { scope: 'file' }
    ],
    browser: [
      // eslint-disable-next-line no-empty-pattern -- as above
      async ({}, use) => {
        const browser = await launchChromium()
        await use(browser)
        await browser.close()
      },
      { scope: 'file' }
    ]
  })
}
