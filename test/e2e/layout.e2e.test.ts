import type { Page } from 'playwright-core'
import { connectionsPage } from './pages/connections-page'
import { e2eTest } from './support/fixtures'
import { simBase, whileSahhaIsSlow } from './support/simulator'

// Issue 16 item 4: the app shell never scrolls; only its content panes do. The wheel goes over every
// pane of every screen, at both laptop sizes; the sidebar and the tabs must stay exactly where they were.

const test = e2eTest({ demoProfiles: 2000 })

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
  { name: 'changes', open: async (page) => {
    await tab('changes')(page)
    await page.getByTestId('local-settings').waitFor()
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
    test(`wheeling over every pane of every screen leaves the sidebar and tabs in place (${viewport.width}x${viewport.height})`, async ({ bridge, browser }) => {
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

// Issue 16 item 5: the on-call layout fits a laptop. At 1280x720 at least 15 rows with the detail closed; the
// detail is a full-height side sheet beside the table, under the tabs, never over the chips or Refresh; the
// summary is one line until expanded (remembered); no column header wraps.
const rectOf = (page: Page, sel: string) => page.locator(sel).first().evaluate((el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height } })
const rowsVisible = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector('[data-testid=conn-scroll]')!.getBoundingClientRect()
    return Array.from(document.querySelectorAll('[data-testid=conn-row]')).filter((r) => {
      const b = r.getBoundingClientRect()
      return b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5 && b.bottom <= window.innerHeight
    }).length
  })
/** Column headers whose text runs over more than one line, or is cut. */
const wrappedHeaders = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid=conn-table] [role=columnheader]'))
      .filter((h) => (h.textContent ?? '').trim())
      .filter((h) => {
        const range = document.createRange()
        range.selectNodeContents(h)
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)))
        return tops.size > 1 || h.scrollWidth > h.clientWidth + 1
      })
      .map((h) => h.textContent)
  )
/** Whether the element at the centre of `sel` is that element (or inside it): nothing covers it. */
const uncovered = (page: Page, sel: string) =>
  page.locator(sel).first().evaluate((el) => {
    const r = el.getBoundingClientRect()
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return Boolean(hit && (hit === el || el.contains(hit)))
  })

const BROKEN = ['needs_reauth', 'scope_missing', 'membership_expired', 'error'].map((s) => `state-chip-${s}`)
/** The chips (conn-<id>) not wholly inside the visible part of the chip row. */
const chipsOutOfSight = (page: Page, ids: string[]) =>
  page.evaluate((ids) => {
    const row = document.querySelector('.conn-chips')!.getBoundingClientRect()
    return ids.filter((id) => {
      const r = document.querySelector(`[data-testid=conn-${id}]`)?.getBoundingClientRect()
      return !r || r.left < row.left - 0.5 || r.right > row.right + 0.5
    })
  }, ids)

describe('the Connections view fits a laptop', () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
    test(`${viewport.width}x${viewport.height}: many rows with the detail closed, a full-height side sheet that covers no control, a one-line summary, no header wrap`, async ({ bridge, browser }) => {
      const page = await browser.newPage({ viewport })
      await page.goto(bridge.launchUrl)
      await page.getByTestId('tenant-item').first().waitFor()
      const c = connectionsPage(page)
      await c.open()
      await c.loaded()
      const tag = `${viewport.width}`
      await page.screenshot({ path: `test-results/screenshots/conn-closed-${tag}.png` })
      // The summary: one line by default.
      expect(await page.getByTestId('conn-summary').getAttribute('data-open')).toBe('false')
      expect((await rectOf(page, '[data-testid=conn-summary]')).height).toBeLessThanOrEqual(48)
      const rows = await rowsVisible(page)
      if (viewport.height === 720) expect(rows).toBeGreaterThanOrEqual(15)
      else expect(rows).toBeGreaterThanOrEqual(20)
      expect(await wrappedHeaders(page)).toEqual([])
      // The one-line summary may scroll past its last chips, never past a broken state's.
      expect(await chipsOutOfSight(page, ['broken-chip', ...BROKEN])).toEqual([])
      // A refresh that starts (and ends) does not move the rows under the pointer: its progress takes the
      // status line's place.
      const firstRowTop = async () => (await rectOf(page, '[data-testid=conn-row]')).top
      const top = await firstRowTop()
      const base = await simBase(page)
      await c.open()
      await c.loaded()
      expect(await firstRowTop()).toBe(top)
      await whileSahhaIsSlow(base, 300, async () => {
        await page.getByTestId('conn-refresh').click()
        await page.getByTestId('conn-progress').waitFor()
        expect(await firstRowTop()).toBe(top)
      })
      await c.loaded()
      expect(await firstRowTop()).toBe(top)

      // The detail: beside the table, from under the tabs to the bottom of the window.
      await page.locator('[data-testid=conn-row]').nth(2).click()
      await page.getByTestId('conn-diagnosis').waitFor()
      await page.screenshot({ path: `test-results/screenshots/conn-detail-${tag}.png` })
      const tabs = await rectOf(page, '[role=tablist]')
      const sheet = await rectOf(page, '[data-testid=conn-detail]')
      const scroll = await rectOf(page, '[data-testid=conn-scroll]')
      expect(sheet.top).toBeGreaterThanOrEqual(tabs.bottom)
      expect(sheet.bottom).toBeGreaterThan(viewport.height - 40)
      expect(sheet.height).toBeGreaterThan((viewport.height - tabs.bottom) * 0.85)
      expect(scroll.right).toBeLessThanOrEqual(sheet.left)
      // Not a strip: the table keeps its height and most of its width.
      expect(await rowsVisible(page)).toBeGreaterThanOrEqual(rows - 4)
      expect(scroll.width).toBeGreaterThanOrEqual(480)
      for (const sel of ['[role=tablist]', '[data-testid=conn-broken-chip]', '[data-testid=conn-state-chip-error]', '[data-testid=conn-refresh]', '[data-testid=conn-search]']) expect(await uncovered(page, sel), sel).toBe(true)
      expect(await wrappedHeaders(page)).toEqual([])
      await page.keyboard.press('Escape')
      await page.getByTestId('conn-detail').waitFor({ state: 'detached' })

      // Expanded, the chart and the webhook card are there; the choice survives a reload; collapsed again, one line.
      await page.getByTestId('conn-summary-toggle').click()
      await page.getByTestId('conn-chart').waitFor()
      await page.reload()
      await page.getByTestId('tenant-item').first().waitFor()
      await c.open()
      await c.loaded()
      expect(await page.getByTestId('conn-summary').getAttribute('data-open')).toBe('true')
      await page.getByTestId('conn-chart').waitFor()
      await page.getByTestId('conn-summary-toggle').click()
      expect(await page.getByTestId('conn-chart').count()).toBe(0)
      await page.close()
    })
  }
})
