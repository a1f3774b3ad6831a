import { test as base } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBridgeProcess, type BridgeProcess } from './bridge-process'
import { launchChromium, recordPage } from './browser'

type BridgeOptions = NonNullable<Parameters<typeof startBridgeProcess>[0]>

export interface E2eOptions extends BridgeOptions {
  /** The viewport and browser permissions of the file's one session page (`page`); 1440x900 by default. */
  page?: { viewport?: { width: number; height: number }; permissions?: string[] }
}

/**
 * The file's bridge; `restart(signal)` stops it (SIGKILL: a crash) and starts a new process on the same user data and
 * keychain, in place.
 */
export interface E2eBridge extends BridgeProcess {
  restart(signal?: NodeJS.Signals): Promise<void>
}

interface Session {
  page: Page
  rec: ReturnType<typeof recordPage>
}

interface E2eFixtures {
  bridge: E2eBridge
  browser: Browser
  /** One page on the app for the whole file, for files whose tests continue one operator session. */
  session: Session
  /** The session's page; a console or page error during a test fails that test. */
  page: Page
  /** Starts another bridge (its own user data) that is stopped when the test ends. */
  startBridge: (opts?: BridgeOptions) => Promise<BridgeProcess>
}

/**
 * The e2e fixtures: the app's bridge process and a Chromium, each started once per file and stopped
 * after its last test (vitest `test.extend`, file scope), instead of beforeAll/afterAll in every
 * file. `e2eTest({ demoProfiles, page })` sets the bridge's options and the session page's for the file.
 */
export function e2eTest(options: E2eOptions = {}) {
  const { page: pageOptions, ...bridgeOptions } = options
  return base.extend<E2eFixtures>({
    bridge: [
      // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a fixture needs from this pattern
      async ({}, use) => {
        const bridge: E2eBridge = Object.assign(await startBridgeProcess(bridgeOptions), {
          async restart(signal?: NodeJS.Signals) {
            await bridge.stop(signal)
            // The new process's fields (url, token, proc, stop, output) replace the old ones, so every test keeps one `bridge`.
            Object.assign(bridge, await startBridgeProcess({ ...bridgeOptions, userDataDir: bridge.userDataDir, keychainService: bridge.keychainService }))
          }
        })
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
    ],
    session: [
      async ({ bridge, browser }, use) => {
        const page = await browser.newPage({ viewport: pageOptions?.viewport ?? { width: 1440, height: 900 } })
        if (pageOptions?.permissions) await page.context().grantPermissions(pageOptions.permissions, { origin: bridge.url })
        const rec = recordPage(page)
        await page.goto(bridge.launchUrl)
        await use({ page, rec })
        // Errors after the last test that used `page` (a test that only read the bridge) fail the file.
        expect(rec.errors).toEqual([])
      },
      { scope: 'file' }
    ],
    page: async ({ session }, use) => {
      await use(session.page)
      expect(session.rec.errors).toEqual([])
    },
    // eslint-disable-next-line no-empty-pattern -- as above
    startBridge: async ({}, use) => {
      const started: BridgeProcess[] = []
      await use(async (opts = {}) => {
        const b = await startBridgeProcess(opts)
        started.push(b)
        return b
      })
      for (const b of started) await b.stop()
    }
  })
}
