import { chromium, type Browser, type Page } from 'playwright-core'

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
  // Fail a step in 15 s with Playwright's own message, rather than hitting the test timeout.
  const newPage = browser.newPage.bind(browser)
  browser.newPage = async (...args) => {
    const page = await newPage(...args)
    page.setDefaultTimeout(15_000)
    return page
  }
  return browser
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
    parts.push(JSON.stringify({ ...sessionStorage }), JSON.stringify({ ...localStorage }))
    return parts.join('\n')
  })
}
