import type { Page } from 'playwright-core'

/** The Demo simulator's origin, as the app itself shows it (the callback URL on the integration tab). */
export async function simBase(page: Page): Promise<string> {
  await page.getByTestId('tab-integration').click()
  return new URL((await page.getByTestId('callback-url').textContent())!).origin
}

/** Runs `fn` while every Sahha call of the simulator takes `ms`, then lifts the fault even when `fn` throws. */
export async function whileSahhaIsSlow<T>(base: string, ms: number, fn: () => Promise<T>): Promise<T> {
  await fetch(`${base}/_admin/faults`, { method: 'POST', body: JSON.stringify({ rate: 1, kinds: ['slow'], slowMs: ms }) })
  try {
    return await fn()
  } finally {
    await fetch(`${base}/_admin/faults`, { method: 'DELETE' })
  }
}
