import { startSimulator, type RunningSimulator } from '../../../main/simulator/server'
import type { SimulatorOptions } from '../../../main/simulator/types'

/** Plain-fetch helpers for the simulator's own tests (no app client: these pin the wire contract). */

export interface Sim extends RunningSimulator {
  callback: string
}

export async function start(opts: SimulatorOptions = {}): Promise<Sim> {
  const sim = await startSimulator({ port: 0, profiles: 300, seed: 42, ...opts })
  return Object.assign(sim, { callback: `${sim.url}/api/v1/integration/oauth/oura/callback` })
}

export async function accountToken(sim: RunningSimulator, creds = { clientId: sim.demo.accountClientId, clientSecret: sim.demo.accountClientSecret }): Promise<string> {
  const r = await fetch(`${sim.url}/api/v1/oauth/account/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(creds) })
  if (r.status !== 200) throw new Error(`account token: ${r.status}`)
  return ((await r.json()) as { accountToken: string }).accountToken
}

export interface SahhaErrorBody {
  title: string
  statusCode: number
  location: string
  errors: { origin: string; errors: string[] }[]
  current?: IntegrationBody
}
export interface LastErrorBody {
  at: string
  source: string
  httpStatus: number | null
  code: string
  title: string
  message: string
}
export interface ConnItem {
  externalId: string
  profileId: string | null
  state: string
  stateChangedAt: string | null
  connectedAt: string | null
  lastSyncAt: string | null
  lastDataAt: string | null
  requestedScopes: string[]
  grantedScopes: string[]
  providerUserId: string | null
  lastError: LastErrorBody | null
  revokedAtProvider?: boolean
}
export interface ConnDetail extends ConnItem {
  tokenInfo: { accessTokenExpiresAt: string | null; refreshTokenIssuedAt: string | null; refreshFailures: number } | null
  backfill: { status: string; from: string | null; completedAt: string | null } | null
  lastErrorRaw: string | null
  timeline: { at: string; type: string; data?: Record<string, unknown> }[]
}
export interface ConnPage {
  items: ConnItem[]
  nextCursor: string | null
  totalCount: number
}
export interface IntegrationBody {
  provider: string
  enabled: boolean
  clientId: string
  clientSecret?: string
  clientSecretSet: boolean
  clientSecretLast4: string | null
  scopes: string[]
  providerAppScopes: string[] | null
  redirectUrlWhitelist: string[]
  callbackUrl: string
  version: number
  warnings?: { code: string; scopes: string[] }[]
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the body shape a test expects
export async function api<T = Record<string, unknown>>(sim: RunningSimulator, path: string, init: { method?: string; auth?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; body: T; text: string }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) }
  if (init.auth) headers.Authorization = init.auth
  if (init.body !== undefined) headers['Content-Type'] = 'application/json'
  const r = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: 'manual' })
  const text = await r.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  return { status: r.status, headers: r.headers, body: body as T, text }
}

/** Registers (or reuses) a profile of the Demo account and returns its profile token. */
export async function profileToken(sim: RunningSimulator, acct: string, externalId: string): Promise<string> {
  const reg = await api<{ profileToken: string }>(sim, '/api/v1/oauth/profile/register', { method: 'POST', auth: `account ${acct}`, body: { externalId } })
  if (reg.status === 201) return reg.body.profileToken
  const tok = await api<{ profileToken: string }>(sim, '/api/v1/oauth/profile/token', { method: 'POST', auth: `account ${acct}`, body: { externalId } })
  return tok.body.profileToken
}

export async function authorize(sim: RunningSimulator, profile: string, redirectUrl?: string) {
  const q = redirectUrl === undefined ? '' : `?redirectUrl=${encodeURIComponent(redirectUrl)}`
  return api<{ authorizationUrl: string } & Partial<SahhaErrorBody>>(sim, `/api/v1/integration/oauth/oura/authorize${q}`, { auth: `profile ${profile}` })
}

/** The browser side of the consent: GET the page, POST the form (approve/deny, some scopes unticked). */
export async function consentAt(authorizationUrl: string, decision: 'approve' | 'deny', untick: string[] = []) {
  const page = await fetch(authorizationUrl, { redirect: 'manual' })
  if (page.status === 302) return { page: null, ouraLocation: page.headers.get('location')!, status: 302 }
  const html = await page.text()
  if (page.status !== 200) return { page: html, ouraLocation: null, status: page.status }
  const form = new URLSearchParams()
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&amp;/g, '&'))
  for (const m of html.matchAll(/name="scope" value="([^"]+)"/g)) if (!untick.includes(m[1]!)) form.append('scope', m[1]!)
  form.set('decision', decision)
  const posted = await fetch(new URL('/_oura/cloud/oauth/authorize', authorizationUrl), { method: 'POST', body: form, redirect: 'manual' })
  return { page: html, ouraLocation: posted.headers.get('location'), status: posted.status }
}

/** Follows Oura's redirect to Sahha's callback; returns the callback's answer (302 back to the app). */
export async function followCallback(ouraLocation: string) {
  const r = await fetch(ouraLocation, { redirect: 'manual' })
  return { status: r.status, location: r.headers.get('location'), text: await r.text() }
}

export async function fullFlow(sim: RunningSimulator, acct: string, externalId: string, decision: 'approve' | 'deny' = 'approve', untick: string[] = [], redirectUrl?: string) {
  const p = await profileToken(sim, acct, externalId)
  const a = await authorize(sim, p, redirectUrl)
  if (a.status !== 200) throw new Error(`authorize ${a.status} ${a.text}`)
  const c = await consentAt(a.body.authorizationUrl, decision, untick)
  if (!c.ouraLocation) throw new Error(`consent ${c.status}`)
  return { profile: p, authorizationUrl: a.body.authorizationUrl, ...(await followCallback(c.ouraLocation)), ouraLocation: c.ouraLocation }
}

export const form = (o: Record<string, string>) => new URLSearchParams(o)

export async function ouraToken(sim: RunningSimulator, body: Record<string, string>, headers: Record<string, string> = {}) {
  const r = await fetch(`${sim.url}/_oura/api/oauth/token`, { method: 'POST', body: form(body), headers })
  return { status: r.status, body: (await r.json()) as Record<string, unknown> }
}

export const connPath = (externalId = '') => `/api/v1/account/integrations/oura/connections${externalId ? `/${encodeURIComponent(externalId)}` : ''}`
