import { startSimulator, type RunningSimulator, type FaultConfig } from '../../../main/simulator/server'
import { createSahhaClient, type SahhaClient } from '../../../main/sahha/client'

export async function setup(opts: { profiles?: number; faults?: FaultConfig; clientId?: string; clientSecret?: string; http?: Parameters<typeof createSahhaClient>[0]['http'] } = {}) {
  const sim = await startSimulator({ port: 0, profiles: opts.profiles ?? 300, seed: 42, faults: opts.faults })
  const client = makeClient(sim, opts)
  return { sim, client }
}

export function makeClient(sim: RunningSimulator, opts: { clientId?: string; clientSecret?: string; http?: Parameters<typeof createSahhaClient>[0]['http']; fetch?: typeof fetch } = {}): SahhaClient {
  return createSahhaClient({
    baseUrl: sim.url,
    ouraCloudBase: `${sim.url}/_oura/cloud`,
    ouraApiBase: `${sim.url}/_oura/api`,
    fetch: opts.fetch ?? globalThis.fetch,
    getCredentials: async () => ({ clientId: opts.clientId ?? sim.demo.accountClientId, clientSecret: opts.clientSecret ?? sim.demo.accountClientSecret }),
    http: { baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 1500, timeoutMs: 5000, retries: 6, ...opts.http }
  })
}

/** Follows the browser side of the OAuth flow against the simulator: consent page, form post, callback. */
export async function consent(authorizationUrl: string, decision: 'approve' | 'deny', untick: string[] = []) {
  const page = await fetch(authorizationUrl, { redirect: 'manual' })
  if (page.status === 302) return { consentShown: false, location: page.headers.get('location')! }
  const htmlText = await page.text()
  if (page.status !== 200) return { consentShown: false, location: null, title: /<title>([^<]*)</.exec(htmlText)?.[1] ?? '' }
  const form = new URLSearchParams()
  for (const m of htmlText.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&amp;/g, '&'))
  for (const m of htmlText.matchAll(/name="scope" value="([^"]+)"/g)) if (!untick.includes(m[1]!)) form.append('scope', m[1]!)
  form.set('decision', decision)
  const posted = await fetch(new URL('/_oura/cloud/oauth/authorize', authorizationUrl), { method: 'POST', body: form, redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
  const toCallback = posted.headers.get('location')!
  const cb = await fetch(toCallback, { redirect: 'manual' })
  return { consentShown: true, location: cb.headers.get('location')!, callbackStatus: cb.status }
}
