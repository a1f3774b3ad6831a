import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { adminControlRoutes } from './admin-control'
import { FaultInjector, isFaultable } from './faults'
import { empty, json, readBody, sahhaError, type Ctx, type Route } from './http-util'
import { inventedAdminRoutes } from './invented-admin-routes'
import { ouraRoutes, ouraTime } from './oura-routes'
import { callbackUrlOf, sahhaRoutes } from './sahha-routes'
import { acmeCredentials, ACME_PROFILE_COUNT, DEMO_OURA_APP_NAME, DEMO_SCOPES, DEMO_WHITELIST, demoCredentials, demoWebhooks, seedProfiles } from './seed'
import { iso, SimState } from './store'
import type { DemoCredentials, FaultConfig, SimulatorOptions } from './types'

/**
 * The local Sahha + Oura simulator: the app's offline Demo environment and the target of the contract,
 * fault and scale tests. A real node:http server on 127.0.0.1. See README.md in this folder.
 */

export type { DemoCredentials, FaultConfig, SimulatorOptions } from './types'
export { DEMO_ACCOUNT_CLIENT_ID, MODES, OURA_SCOPES, demoCredentials } from './seed'

export interface RunningSimulator {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  close(): Promise<void>
  setFaults(f: FaultConfig | null): void
  demo: DemoCredentials
  /** The in-memory state (tests and benchmarks only). */
  state: SimState
}

const DAY = 86_400_000

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = opts.seed ?? 42
  const profiles = Math.max(0, Math.floor(opts.profiles ?? 2000))
  const t0 = Math.floor((opts.now ?? Date.now()) / 60_000) * 60_000
  const log = opts.logger
  const state = new SimState()
  state.t0 = t0
  const secretSuffix = opts.secretSuffix ?? String(seed)
  const demo = demoCredentials(secretSuffix)

  // Demo: an Oura integration (version 1) matching a simulated Oura app; `profiles` profiles.
  const demoAcct = state.addAccount(demo.accountClientId, demo.accountClientSecret, 'acct-demo')
  demoAcct.integrations.set('oura', {
    provider: 'oura',
    enabled: true,
    clientId: demo.ouraClientId,
    clientSecret: demo.ouraClientSecret,
    clientSecretUpdatedAt: iso(t0 - 30 * DAY),
    scopes: [...DEMO_SCOPES],
    providerAppScopes: [...DEMO_SCOPES],
    redirectUrlWhitelist: [...DEMO_WHITELIST],
    version: 1,
    updatedAt: iso(t0 - 30 * DAY),
    updatedBy: 'ops@demo-app.example'
  })
  demoAcct.webhookLastEventAt = iso(t0 - 30_000)
  seedProfiles(demoAcct, { prefix: 'user-', count: profiles, width: 7, seed, t0, withConnections: true })
  demoAcct.version++

  // Acme: 25 profiles, no integration (onboarding).
  const acme = acmeCredentials(secretSuffix)
  const acmeAcct = state.addAccount(acme.accountClientId, acme.accountClientSecret, 'acct-acme')
  seedProfiles(acmeAcct, { prefix: 'acme-user-', count: ACME_PROFILE_COUNT, width: 3, seed: seed + 1, t0, withConnections: false })


  const adminApi = (opts.adminApi ?? 'on') === 'on'
  const faults = new FaultInjector(seed, opts.faults ?? null)
  const routes: Route[] = [
    ...adminControlRoutes({ state, faults, defaultAccountId: demoAcct.id }),
    ...sahhaRoutes(state),
    ...(adminApi ? inventedAdminRoutes(state) : []),
    ...ouraRoutes(state)
  ]
  let base = ''

  const notFound = (ctx: Ctx, allowed: string[]) => {
    const p = ctx.url.pathname
    // The request log of paths no route serves (bounded): e.g. calls to the invented admin API on a host without it.
    const key = `${ctx.method} ${p}`
    if (state.stats.unmatched.has(key) || state.stats.unmatched.size < 500) state.stats.unmatched.set(key, (state.stats.unmatched.get(key) ?? 0) + 1)
    const status = allowed.length ? 405 : 404
    const headers: Record<string, string> = allowed.length ? { Allow: allowed.join(', ') } : {}
    if (p.startsWith('/_oura/')) return json(ctx.res, status, { detail: status === 404 ? 'Not Found' : 'Method Not Allowed' }, headers)
    if (p.startsWith('/_admin/')) return json(ctx.res, status, { error: 'not_found', message: `No ${ctx.method} ${p}` }, headers)
    // A host without the admin API knows nothing of its routes: the framework's bare answer, no Sahha body.
    if (!adminApi) return empty(ctx.res, status, headers)
    if (allowed.length) ctx.res.setHeader('Allow', allowed.join(', '))
    sahhaError(ctx.res, status, p, 'path', status === 404 ? 'No such route.' : `Method ${ctx.method} is not allowed here.`)
  }

  const server: Server = createServer((req, res) => {
    const started = Date.now()
    const method = req.method ?? 'GET'
    let url: URL
    try {
      url = new URL(req.url ?? '/', base)
    } catch {
      res.writeHead(400).end()
      return
    }
    const handle = async () => {
      if (isFaultable(url.pathname)) {
        state.stats.requests++
        const kind = faults.pick(url.pathname)
        if (kind) {
          state.stats.faults++
          log?.(`${method} ${url.pathname} fault=${kind}`)
          if (await faults.apply(kind, req, res, url.pathname)) return
        }
      }
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req)
      const ctx: Ctx = { req, res, url, method, body, base }
      const allowed: string[] = []
      for (const r of routes) {
        const m = r.pattern.exec(url.pathname)
        if (!m) continue
        if (r.method !== method) {
          allowed.push(r.method)
          continue
        }
        const params: Record<string, string> = {}
        let badParam = false
        r.keys.forEach((k, i) => {
          try {
            params[k] = decodeURIComponent(m[i + 1]!)
          } catch {
            badParam = true
          }
        })
        if (badParam) { sahhaError(res, 400, url.pathname, 'path', 'Malformed percent-encoding in the path.'); return; }
        const key = `${method} ${r.path}`
        state.stats.byRoute.set(key, (state.stats.byRoute.get(key) ?? 0) + 1)
        await r.handler(ctx, params)
        return
      }
      notFound(ctx, allowed)
    }
    handle()
      .catch((e: unknown) => {
        if (!res.headersSent) json(res, 500, { title: 'Internal Server Error', statusCode: 500, location: url.pathname, errors: [{ origin: 'simulator', errors: [e instanceof Error ? e.message : String(e)] }] })
        else res.destroy()
      })
      .finally(() => log?.(`${method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`))
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`

  // The Demo Oura app's webhook subscriptions (Sahha manages them), on this host: see demoWebhooks.
  demoWebhooks(base, t0).forEach((w, i) => {
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`
    state.ouraWebhooks.set(id, { id, clientId: demo.ouraClientId, ...w, expiration_time: ouraTime(Date.parse(w.expiration_time)) })
  })

  // The operator's app on the (simulated) Oura portal: registers this simulator's callback.
  state.ouraApps.set(demo.ouraClientId, {
    clientId: demo.ouraClientId,
    clientSecret: demo.ouraClientSecret,
    name: DEMO_OURA_APP_NAME,
    redirectUris: [callbackUrlOf(base, 'oura')],
    enabledScopes: [...DEMO_SCOPES],
    approved: true,
    portal: 'classic',
    serverSideAllowed: true,
    baselineUsers: 0,
    users: new Set()
  })

  // Acme did step 1 on the Oura portal (an app Oura has not approved yet) but has no integration in Sahha:
  // the onboarding path can be tried end to end on Demo.
  state.ouraApps.set(acme.ouraClientId, {
    clientId: acme.ouraClientId,
    clientSecret: acme.ouraClientSecret,
    name: 'Acme Wellness',
    redirectUris: [callbackUrlOf(base, 'oura')],
    enabledScopes: [...DEMO_SCOPES],
    approved: false,
    portal: 'classic',
    serverSideAllowed: true,
    baselineUsers: 0,
    users: new Set()
  })

  let closed: Promise<void> | null = null
  return {
    url: base,
    port,
    demo,
    state,
    setFaults: (f) => faults.set(f),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }))
  }
}
