import type { Browser, Page } from 'playwright-core'

/**
 * The end user's side: open an authorization link in a fresh page (the simulated Oura consent page),
 * approve or deny, and return the URL the browser was sent back to (the app's redirect, which does not
 * exist here: by then Sahha's callback has already run).
 */
export async function consentThrough(
  browser: Browser,
  url: string,
  decision: 'approve' | 'deny',
  opts: { returnsTo?: string; before?: (consent: Page) => Promise<void> } = {}
): Promise<string> {
  const consent = await browser.newPage()
  const visited: string[] = []
  consent.on('request', (r) => visited.push(r.url()))
  try {
    await consent.goto(url)
    await opts.before?.(consent)
    await consent.getByTestId(decision === 'approve' ? 'consent-approve' : 'consent-deny').click()
    const back = () => visited.find((u) => (opts.returnsTo ? u.startsWith(opts.returnsTo) : /[?&]status=/.test(u))) ?? ''
    await expect.poll(back).not.toBe('')
    return back()
  } finally {
    await consent.close()
  }
}
