import type { Browser, Page } from 'playwright-core'
import { startBridgeProcess, type BridgeProcess } from './support/bridge-process'
import { launchChromium } from './support/browser'
import { connectionsPage } from './pages/connections-page'

// Issue 16 item 4: the app shell never scrolls; only its content panes do. The wheel goes over every
// pane of every screen, at both laptop sizes; the sidebar and the tabs must stay exactly where they were.

let bridge: BridgeProcess
let browser: Browser
beforeAll(async () => {
  bridge = await startBridgeProcess({ demoProfiles: 2000 })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await bridge?.stop()
})

type Screen = { name: string; open: (page: Page) => Promise<void> }
const tab = (id: string): Screen['open'] => async (page) => {
  await page.getByTestId(`tab-${id}`).click()
  await page.locator('[role=tabpanel]').waitFor()
}
const SCREENS: Screen[] = [
  { name: 'overview', open: tab('overview') },
  { name: 'integration', open: async (page) => {
    await tab('integration')(page)
    await page.getByTestId('callback-url').waitFor()
  } },
  { name: 'connections', open: async (page) => {
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
  } },
  { name: 'connections with the detail open', open: async (page) => {
    const c = connectionsPage(page)
    await c.open()
    await c.loaded()
    await page.locator('[data-testid=conn-row]').nth(2).click()
    await page.getByTestId('conn-diagnosis').waitFor()
  } },
  { name: 'compare', open: tab('compare') },
  { name: 'decoder', open: tab('decoder') },
  { name: 'audit', open: tab('audit') },
  { name: 'add tenant', open: async (page) => {
    await page.getByTestId('add-tenant').click()
    await page.getByTestId('tenant-name').waitFor()
  } },
  { name: 'onboarding', open: async (page) => {
    await page.getByTestId('open-onboarding').click()
    await page.getByTestId('wizard').waitFor()
  } }
]

/** Where the shell's fixed parts are, and how far the document itself has scrolled. */
const shell = (page: Page) =>
  page.evaluate(() => {
    const top = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().top ?? null
    return { docScroll: document.scrollingElement!.scrollTop + window.scrollY, sidebar: top('.sidebar'), tabs: top('[role=tablist]'), layout: top('.layout') }
  })

/** The centre of every visible element that is a scroll pane (or could chain the wheel to the document), plus sidebar and content. */
const panes = (page: Page) =>
  page.evaluate(() => {
    const out: { what: string; x: number; y: number }[] = []
    const seen = new Set<Element>()
    const add = (el: Element | null, what: string) => {
      if (!el || seen.has(el)) return
      seen.add(el)
      const r = el.getBoundingClientRect()
      const x = Math.min(window.innerWidth - 2, Math.max(1, r.left + r.width / 2))
      const y = Math.min(window.innerHeight - 2, Math.max(1, r.top + Math.min(r.height, window.innerHeight) / 2))
      if (r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight) out.push({ what, x, y })
    }
    add(document.querySelector('.sidebar'), 'sidebar')
    add(document.querySelector('.content'), 'content')
    add(document.querySelector('[role=tablist]'), 'tabs')
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const s = getComputedStyle(el)
      if (/(auto|scroll)/.test(s.overflowY) || /(auto|scroll)/.test(s.overflowX)) add(el, `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]}`)
    }
    return out
  })

describe('the app shell never scrolls', () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
    it(`wheeling over every pane of every screen leaves the sidebar and tabs in place (${viewport.width}x${viewport.height})`, async () => {
      const page = await browser.newPage({ viewport })
      await page.goto(bridge.launchUrl)
      await page.getByTestId('tenant-item').first().waitFor()
      const moved: string[] = []
      const panelScrolled: Record<string, number> = {}
      for (const screen of SCREENS) {
        await screen.open(page)
        const before = await shell(page)
        expect(before.docScroll, screen.name).toBe(0)
        for (const p of await panes(page)) {
          await page.mouse.move(p.x, p.y)
          await page.mouse.wheel(0, 1500)
          // The wheel is handled asynchronously: wait until the frame after it has been painted.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
          const after = await shell(page)
          if (after.docScroll !== 0 || after.sidebar !== before.sidebar || after.tabs !== before.tabs || after.layout !== before.layout) {
            moved.push(`${screen.name}: wheel over ${p.what} moved the shell ${JSON.stringify({ before, after })}`)
          }
          await page.evaluate(() => window.scrollTo(0, 0))
        }
        panelScrolled[screen.name] = await page.evaluate(() => document.querySelector('.tabpanel')?.scrollTop ?? 0)
        if (screen.name === 'add tenant' || screen.name === 'onboarding') await page.getByTestId('tenant-item').first().click()
      }
      expect(moved).toEqual([])
      // The content itself still scrolls: the long integration editor moved under the wheel, inside its panel.
      expect(panelScrolled.integration).toBeGreaterThan(100)
      await page.close()
    })
  }
})
