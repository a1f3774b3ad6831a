// Issue I's UI figures, measured through the real UI over the bridge (out/main/web.js) in Debian's Chromium, with the
// test ids of the round's contract (conn-table data-state/data-query/data-total, conn-count data-ready, conn-search,
// conn-sort, conn-sort-desc, conn-state-chip-<state>, conn-scroll, conn-row). Every wait is on app state and
// time-bounded: on a build whose Connections screen lacks an attribute, the figure is a failing "not measurable: why".
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const READY = '[data-testid=conn-table][data-state=ready]'

class NotMeasurable extends Error {}

/** Waits for a page condition, or throws NotMeasurable with the reason. */
async function until(page, fn, arg, timeout, why) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 'raf' })
  } catch {
    throw new NotMeasurable(why)
  }
}

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]

/**
 * The renderer's connectionQueryKey(filter, sort), bundled for the page when some module of renderer/src/store exports
 * it (contract.md); null otherwise (then "updated" means: ready with a key other than the one before).
 */
async function queryKeyScript(ROOT, OUT, build, quiet) {
  const dir = join(ROOT, 'renderer/src/store')
  let file = null
  for (const f of await readdir(dir).catch(() => [])) {
    if (!/\.tsx?$/.test(f)) continue
    if (/export (function|const) connectionQueryKey\b/.test(await readFile(join(dir, f), 'utf8'))) file = join(dir, f)
  }
  if (!file) return null
  try {
    await build({ ...quiet, build: { lib: { entry: file, formats: ['iife'], name: 'ConnStore', fileName: () => 'query-key.js' }, outDir: join(OUT, 'query-key'), emptyOutDir: true } })
    return join(OUT, 'query-key/query-key.js')
  } catch {
    return null
  }
}

export async function runUiBench({ ROOT, OUT, PROFILES, figure, startProcess, stopProcess, browser, build, quiet }) {
  const n = PROFILES.toLocaleString('en')
  // Any failure of a UI step (a missing control is a Playwright timeout) is that figure's failing "not measurable".
  const notMeasurable = (name, goal, e) => figure(`${name} — not measurable: ${String(e?.message ?? e).split('\n')[0]}`, NaN, '', goal, false)
  const keyScript = await queryKeyScript(ROOT, OUT, build, quiet)
  const userData = await mkdtemp(join(tmpdir(), 'sia-bench-ui-'))
  const launch = () =>
    startProcess(['out/main/web.js', '--user-data', userData, '--keychain-service', `sia-bench-ui-${process.pid}`, '--demo-profiles', String(PROFILES)], /BRIDGE_READY (\{.*\})/)
  const syncBudget = Math.max(120_000, PROFILES / 20) // a full sync of 1M through the bridge: minutes, not hours

  // 1. First run: the Demo tenant's full sync fills its local store.
  let web = await launch()
  let page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  let cached = false
  try {
    await page.goto(JSON.parse(web.match[1]).launchUrl)
    await page.getByTestId('tab-connections').click({ timeout: 30_000 })
    await until(page, () => !!document.querySelector('[data-testid=conn-table]'), null, 60_000, '[data-testid=conn-table] never appeared (the Connections screen of issue I is not in this build)')
    await until(page, () => document.querySelector('[data-testid=conn-table]')?.hasAttribute('data-state'), null, 30_000, '[data-testid=conn-table] has no data-state attribute (the Connections screen of issue I is not in this build)')
    await until(
      page,
      (n) => {
        const t = document.querySelector('[data-testid=conn-table]')
        return t?.getAttribute('data-state') === 'ready' && Number(t.getAttribute('data-total')) >= n * 0.9 && document.querySelector('[data-testid=conn-count][data-ready=true]') && !document.querySelector('[data-testid=conn-progress]')
      },
      PROFILES,
      syncBudget,
      `the first full sync did not finish with conn-table[data-state=ready][data-total≈${n}] and conn-count[data-ready=true] within ${syncBudget / 1000} s`
    )
    cached = true
  } catch (e) {
    for (const name of [
      `open the app on a tenant with a cached ${n}-user sync → first rows and counts visible`,
      `keystroke in search → table updated, p95 over 200 keystrokes, ${n} rows`,
      `change filter or sort → table updated, p95, ${n} rows`,
      `long tasks (> 50 ms) scrolling conn-scroll top to bottom, ${n} rows`,
      `renderer JS heap with the ${n}-row table open`
    ])
      notMeasurable(name, name.startsWith('open') ? '≤ 1,000 ms' : name.startsWith('keystroke') ? '≤ 50 ms' : name.startsWith('change') ? '≤ 150 ms' : name.startsWith('long') ? '0' : '≤ 100 MB', e)
  }
  await page.close()
  // The app quits before it is opened again, as an operator's would: its shutdown (stores closed, the Demo's state
  // saved) must not share the machine with the open measured next.
  const quitMs = await stopProcess(web.proc)
  if (cached) figure(`app process exit after SIGTERM, with a ${n}-user store and the Demo running`, quitMs, 'ms', 'reported', true)
  if (!cached) return

  // 2. Restart main (same user data): open from cache, before the background refresh is done.
  web = await launch()
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  // The frame in which rows and counts are first on screen, stamped by the page itself (wall clock, the same as the
  // bench's): Playwright's answer to its own poll comes back later, by as much as the background refresh that starts
  // right after the paint delays that round trip (50-150 ms measured at 1M), and the operator does not wait for it.
  await page.addInitScript(() => {
    const check = () => {
      if (document.querySelector('[data-testid=conn-row]') && document.querySelector('[data-testid=conn-count][data-ready=true]')) window.__firstRowsAt = performance.timeOrigin + performance.now()
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })
  try {
    const t = Date.now()
    await page.goto(JSON.parse(web.match[1]).launchUrl)
    await page.getByTestId('tab-connections').click({ timeout: 30_000 })
    // The page's own stamp is the condition, so it is written once (above).
    await until(page, () => window.__firstRowsAt !== undefined, null, 30_000, 'no conn-row with conn-count[data-ready=true] within 30 s of opening')
    const polled = Date.now() - t
    const shown = Math.round((await page.evaluate(() => window.__firstRowsAt)) - t)
    figure(`open the app on a tenant with a cached ${n}-user sync → first rows and counts visible`, shown, 'ms', '≤ 1,000 ms', shown <= 1000)
    figure(`open from cache, as Playwright's poll saw it (round trip included), ${n} users`, polled, 'ms', 'reported', true)
  } catch (e) {
    notMeasurable(`open the app on a tenant with a cached ${n}-user sync → first rows and counts visible`, '≤ 1,000 ms', e)
  }
  // The background refresh runs against the unchanged simulator; measure the rest once it is done.
  // (data-refresh: queued between the first paint and the refresh's start, so "no progress bar" alone can come too early.)
  await until(
    page,
    () => !document.querySelector('[data-testid=conn-progress]') && (document.querySelector('[data-testid=connections-view]')?.getAttribute('data-refresh') ?? 'idle') === 'idle' && document.querySelector(READY),
    null,
    syncBudget,
    'the background refresh never finished'
  ).catch(() => undefined)
  // Self-check of the key function against the screen: with no filter and externalId order, its key must be the
  // table's data-query. Otherwise (another filter model shape) "updated" falls back to "ready with a new data-query".
  let keyNote = keyScript ? '' : ' (no connectionQueryKey found: updated = ready with a new data-query)'
  if (keyScript) {
    // Through CDP (page.evaluate), not a <script>: the app's CSP rightly refuses inline scripts.
    const code = await readFile(keyScript, 'utf8')
    await page.evaluate(`${code}\n;window.ConnStore = typeof ConnStore === 'undefined' ? undefined : ConnStore`).catch(() => undefined)
    const agrees = await page.evaluate(() => {
      try {
        const q = document.querySelector('[data-testid=conn-table]')?.getAttribute('data-query')
        return q === window.ConnStore.connectionQueryKey({ states: null, errorCode: null, missingScope: null, search: '' }, { key: 'externalId', desc: false })
      } catch {
        return false
      }
    })
    if (!agrees) {
      await page.evaluate(() => (window.ConnStore = undefined))
      keyNote = " (connectionQueryKey's key for no filter ≠ the screen's data-query: updated = ready with a new data-query)"
    }
  }

  /**
   * Does one change and returns the time from the operator's input event (keydown, pointerdown, change) to the DOM
   * mutation that shows the rows of the new query (a MutationObserver, not polling).
   */
  const timed = async (act, filter, sort) => {
    const before = await page.getAttribute('[data-testid=conn-table]', 'data-query', { timeout: 5000 })
    await page.evaluate(
      ({ before, filter, sort }) => {
        window.__actAt = null
        window.__doneAt = null
        if (!window.__inputHooked) {
          window.__inputHooked = true
          for (const ev of ['keydown', 'pointerdown', 'change']) document.addEventListener(ev, (e) => (window.__actAt ??= e.timeStamp), true)
        }
        let want = null
        try {
          want = window.ConnStore?.connectionQueryKey ? window.ConnStore.connectionQueryKey(filter, sort) : null
        } catch {
          want = null
        }
        const check = () => {
          const el = document.querySelector('[data-testid=conn-table]')
          const q = el?.getAttribute('data-query')
          if (window.__actAt === null || el?.getAttribute('data-state') !== 'ready' || q === before || (want !== null && q !== want)) return
          window.__doneAt = performance.now()
          mo.disconnect()
        }
        const mo = new MutationObserver(check)
        mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-query'] })
      },
      { before, filter, sort }
    )
    await act()
    await until(page, () => window.__doneAt !== null, null, 10_000, `conn-table did not become ready with the new data-query within 10 s (before: ${before})`)
    return page.evaluate(() => window.__doneAt - window.__actAt)
  }
  const sortById = { key: 'externalId', desc: false }
  const noFilter = { states: null, errorCode: null, missingScope: null, search: '' }

  // Background refreshes (the screen's auto-refresh, every minute) that start while a phase is measured: the operator
  // meets them too, so they stay on, but the report says in which phases one ran.
  await page.evaluate(() => {
    window.__refreshStarts = []
    const view = document.querySelector('[data-testid=connections-view]')
    if (!view) return
    let was = view.getAttribute('data-refresh')
    new MutationObserver(() => {
      const now = view.getAttribute('data-refresh')
      if (now === 'running' && was !== 'running') window.__refreshStarts.push(performance.now())
      was = now
    }).observe(view, { attributes: true, attributeFilter: ['data-refresh'] })
  })
  const phases = []
  const phase = async (name, fn) => {
    const from = await page.evaluate(() => performance.now())
    try {
      await fn()
    } finally {
      const to = await page.evaluate(() => performance.now())
      phases.push({ name, from, to })
    }
  }

  // 3. Keystrokes in search: 200 single keys, typing "user-0" prefixes up and back down.
  await phase('keystrokes', async () => {
    try {
      const search = page.getByTestId('conn-search')
      await search.waitFor({ timeout: 10_000 }).catch(() => {
        throw new NotMeasurable('[data-testid=conn-search] not found')
      })
      await search.click()
      const word = 'user-0012345'
      let text = ''
      const times = []
      for (let k = 0; k < 200; k++) {
        const grow = text.length === 0 || (Math.floor(k / word.length) % 2 === 0 && text.length < word.length)
        text = grow ? word.slice(0, text.length + 1) : text.slice(0, -1)
        const key = grow ? word[text.length - 1] : 'Backspace'
        times.push(await timed(() => page.keyboard.press(key), { ...noFilter, search: text }, sortById))
      }
      figure(`keystroke in search → table updated, p95 over 200 keystrokes, ${n} rows${keyNote}`, p95(times), 'ms', '≤ 50 ms', p95(times) <= 50)
      while (text) {
        text = text.slice(0, -1)
        await timed(() => page.keyboard.press('Backspace'), { ...noFilter, search: text }, sortById)
      }
    } catch (e) {
      notMeasurable(`keystroke in search → table updated, p95 over 200 keystrokes, ${n} rows`, '≤ 50 ms', e)
    }
  })

  // 4. Filter and sort changes: state chips on/off and every sort key both ways.
  await phase('filter and sort', async () => {
    try {
      const times = []
      const keys = ['lastSyncAt', 'lastDataAt', 'stateChangedAt', 'externalId']
      for (let round = 0; round < 3; round++) {
        for (const key of keys) {
          times.push(await timed(() => page.getByTestId('conn-sort').selectOption(key, { timeout: 5000 }), noFilter, { key, desc: false }))
          times.push(await timed(() => page.getByTestId('conn-sort-desc').click({ timeout: 5000 }), noFilter, { key, desc: true }))
          times.push(await timed(() => page.getByTestId('conn-sort-desc').click({ timeout: 5000 }), noFilter, { key, desc: false }))
        }
        for (const st of ['needs_reauth', 'error']) {
          times.push(await timed(() => page.getByTestId(`conn-state-chip-${st}`).click({ timeout: 5000 }), { ...noFilter, states: [st] }, sortById))
          times.push(await timed(() => page.getByTestId(`conn-state-chip-${st}`).click({ timeout: 5000 }), noFilter, sortById))
        }
      }
      figure(`change filter or sort → table updated, p95, ${n} rows${keyNote}`, p95(times), 'ms', '≤ 150 ms', p95(times) <= 150)
    } catch (e) {
      notMeasurable(`change filter or sort → table updated, p95, ${n} rows`, '≤ 150 ms', e)
    }
  })

  // 5. Scrolling conn-scroll from the first row to the last: long tasks, and the last row really shown.
  await phase('scroll', async () => {
    try {
      await until(page, () => !!document.querySelector('[data-testid=conn-scroll]') && document.querySelector('[data-testid=conn-table][data-state=ready]'), null, 10_000, '[data-testid=conn-scroll] not found')
      const long = await page.evaluate(async () => {
        const tasks = []
        const obs = new PerformanceObserver((l) => tasks.push(...l.getEntries().map((e) => e.duration)))
        obs.observe({ type: 'longtask' })
        const el = document.querySelector('[data-testid=conn-scroll]')
        const steps = 400
        for (let i = 1; i <= steps; i++) {
          el.scrollTop = (el.scrollHeight * i) / steps
          await new Promise((r) => requestAnimationFrame(() => r()))
        }
        // The window at the bottom arrives from main: wait (bounded) until the scroll is at the end, the table is ready
        // and the last row itself (aria-rowindex = aria-rowcount, a real row, not a placeholder) is in the DOM; then
        // for one frame to be rendered with it and the main thread to go idle, so a long task of that render has ended.
        const t0 = performance.now()
        const atEnd = () => {
          const table = document.querySelector('[data-testid=conn-table]')
          const rowCount = table?.getAttribute('aria-rowcount')
          return (
            el.scrollTop + el.clientHeight >= el.scrollHeight - 1 &&
            table?.getAttribute('data-state') === 'ready' &&
            !!rowCount &&
            !!document.querySelector(`[data-testid=conn-row][aria-rowindex="${rowCount}"]`)
          )
        }
        while (performance.now() - t0 < 5000 && !atEnd()) await new Promise((r) => requestAnimationFrame(() => r()))
        await new Promise((r) => requestAnimationFrame(() => r()))
        await new Promise((r) => requestIdleCallback(() => r(), { timeout: 1000 }))
        // Entries of tasks that ended but are not yet delivered to the callback.
        tasks.push(...obs.takeRecords().map((e) => e.duration))
        obs.disconnect()
        const rows = [...document.querySelectorAll('[data-testid=conn-row]')].map((r) => r.getAttribute('data-external-id'))
        return { count: tasks.length, max: tasks.length ? Math.max(...tasks) : 0, last: rows.at(-1) ?? null }
      })
      figure(`long tasks (> 50 ms) scrolling conn-scroll top to bottom, ${n} rows`, long.count, 'tasks', '0', long.count === 0)
      figure(`longest task while scrolling, ${n} rows (last row shown: ${long.last})`, long.max, 'ms', '< 50 ms', long.max < 50)
    } catch (e) {
      notMeasurable(`long tasks (> 50 ms) scrolling conn-scroll top to bottom, ${n} rows`, '0', e)
    }
  })
  const starts = await page.evaluate(() => window.__refreshStarts ?? [])
  const hit = phases.filter((p) => starts.some((t) => t >= p.from && t <= p.to)).map((p) => p.name)
  figure(`background refreshes started while a phase was measured, ${n} rows (${hit.length ? `in: ${hit.join(', ')}` : 'none'})`, starts.filter((t) => phases.some((p) => t >= p.from && t <= p.to)).length, 'refreshes', 'reported', true)

  // 6. Renderer JS heap with the table open, after a collection (CDP).
  try {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const { metrics } = await cdp.send('Performance.getMetrics')
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN
    figure(`renderer JS heap with the ${n}-row table open`, used / 1e6, 'MB', '≤ 100 MB', used / 1e6 <= 100)
  } catch (e) {
    notMeasurable(`renderer JS heap with the ${n}-row table open`, '≤ 100 MB', e)
  }
  await page.close()
  await stopProcess(web.proc)
}
