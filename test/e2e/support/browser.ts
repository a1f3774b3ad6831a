import { chromium, type Browser, type Page } from 'playwright-core'
import { ARTIFACTS, appendArtifact, artifactPath, keepArtifact } from './canary'

/** The longest one UI step (a click, a locator appearing) may take before it is reported as never coming. */
export const STEP_TIMEOUT_MS = 60_000

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
  const pages = new Set<Page>()
  // A step that never comes fails with Playwright's own message well before the test timeout; a slow
  // step on a loaded machine (issue 16 item 16: 15 s was not enough) does not fail.
  const newPage = browser.newPage.bind(browser)
  browser.newPage = async (...args) => {
    const page = await newPage(...args)
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    if (ARTIFACTS) {
      pages.add(page)
      await keepForCanary(page)
    }
    return page
  }
  const close = browser.close.bind(browser)
  browser.close = async (...args) => {
    for (const page of pages) await snapshotDom(page, 'at-browser-close')
    return close(...args)
  }
  return browser
}

/**
 * Keeps what this page received and showed for the secret canary: every response body but the
 * renderer's own static assets, every server-sent event frame (through the DevTools protocol, so
 * the page is untouched), every download, and a DOM snapshot before each navigation and at close.
 */
async function keepForCanary(page: Page): Promise<void> {
  const responses = artifactPath('responses', 'bodies.txt')
  const frames = artifactPath('event-frames', 'frames.txt')
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/assets/')) return
    if (res.url().includes('/api/events')) return // a stream that never ends: its frames are kept below
    res.body().then(
      (b) => appendArtifact(responses, `${res.status()} ${res.url()}\n${b.toString('utf8')}`),
      () => undefined // redirects and aborted loads have no body
    )
  })
  // Browser mode's calls go over one WebSocket: every answer frame is kept like a response body.
  page.on('websocket', (ws) => ws.on('framereceived', (f) => appendArtifact(responses, `ws ${ws.url()}\n${String(f.payload)}`)))
  const cdp = await page.context().newCDPSession(page)
  // The renderer reads the event stream over fetch (the token in a header): its bytes are streamed
  // to us as they arrive, so frames are kept while the stream stays open.
  const streams = new Set<string>()
  cdp.on('Network.responseReceived', (e) => {
    if (!e.response.url.includes('/api/events')) return
    streams.add(e.requestId)
    cdp.send('Network.streamResourceContent', { requestId: e.requestId }).then(
      (r) => r.bufferedData && appendArtifact(frames, Buffer.from(r.bufferedData, 'base64').toString('utf8')),
      () => undefined
    )
  })
  cdp.on('Network.dataReceived', (e) => {
    if (streams.has(e.requestId) && e.data) appendArtifact(frames, Buffer.from(e.data, 'base64').toString('utf8'))
  })
  await cdp.send('Network.enable')
  page.on('download', (d) => {
    const path = artifactPath('downloads', d.suggestedFilename())
    if (path) d.saveAs(path).catch(() => undefined)
  })
  const goto = page.goto.bind(page)
  page.goto = async (...args) => {
    await snapshotDom(page, 'before-navigation')
    return goto(...args)
  }
  const close = page.close.bind(page)
  page.close = async (...args) => {
    await snapshotDom(page, 'at-close')
    return close(...args)
  }
}

async function snapshotDom(page: Page, when: string): Promise<void> {
  if (page.isClosed() || page.url() === 'about:blank') return
  const dom = await domDump(page).catch(() => null)
  if (dom !== null) keepArtifact('dom', `${when}.html`, `<!-- ${page.url()} -->\n${dom}`)
}

/** Collects every bridge response body and every page error, for the secret-leak and crash assertions. */
export function recordPage(page: Page) {
  const bodies: string[] = []
  const errors: string[] = []
  const pending: Promise<void>[] = []
  page.on('response', (res) => {
    // The event stream never ends; its frames are checked separately where it matters.
    if (res.url().includes('/api/') && !res.url().includes('/api/events')) {
      pending.push(
        res
          .text()
          .then((t) => void bodies.push(t))
          .catch(() => undefined)
      )
    }
  })
  // The same answers when they come over the bridge's WebSocket (browser mode's calls).
  page.on('websocket', (ws) => ws.on('framereceived', (f) => void bodies.push(String(f.payload))))
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  return {
    bodies,
    errors,
    settle: () => Promise.all(pending)
  }
}

/** Every text node, attribute value and form field value in the page, to search for a secret. */
export async function domDump(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [document.documentElement.outerHTML]
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) parts.push(a.value)
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value)
    }
    parts.push(JSON.stringify(Object.entries(sessionStorage)), JSON.stringify(Object.entries(localStorage)))
    return parts.join('\n')
  })
}
