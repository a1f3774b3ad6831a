import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { json, parseJson, readBody, route, type Ctx, type Route } from './http-util'
import { inventedAdminRoutes } from './invented-admin-routes'
import { ouraRoutes } from './oura-routes'
import { mulberry32 } from './random'
import { sahhaRoutes } from './sahha-routes'
import { acmeCredentials, DEMO_SCOPES, DEMO_WHITELIST, demoCredentials, seedProfiles } from './seed'
import { SimState } from './store'

/**
 * The local Sahha + Oura simulator: the app's offline Demo environment and the target of the
 * contract, fault and scale tests. A real node:http server on 127.0.0.1.
 */

export type FaultKind = 'http500' | 'http502' | 'http503' | 'http429' | 'slow' | 'drop' | 'malformed'
export const FAULT_KINDS: FaultKind[] = ['http500', 'http502', 'http503', 'http429', 'slow', 'drop', 'malformed']
export interface FaultConfig {
  rate: number
  kinds?: FaultKind[]
  slowMs?: number
  retryAfterSeconds?: number
}
export interface DemoCredentials {
  accountClientId: string
  accountClientSecret: string
  ouraClientId: string
  ouraClientSecret: string
}
export interface SimulatorOptions {
  port?: number
  profiles?: number
  seed?: number
  faults?: FaultConfig
  logger?: (line: string) => void
  /** Fixed "now" for the seeded data (tests); default: start time. */
  now?: number
}
export interface RunningSimulator {
  url: string
  port: number
  state: SimState
  demo: DemoCredentials
  close(): Promise<void>
  setFaults(f: FaultConfig | null): void
}

export { demoCredentials }

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = opts.seed ?? 42
  const profiles = opts.profiles ?? 2000
  const t0 = Math.floor((opts.now ?? Date.now()) / 60_000) * 60_000
  const state = new SimState()
  const demo = demoCredentials(seed)
  let base = ''

  // Seed: the Demo account with its Oura integration and the matching simulated Oura app; Acme with nothing configured.
  const demoAcct = state.addAccount(demo.accountClientId, demo.accountClientSecret, 'acct-demo')
  demoAcct.integrations.set('oura', {
    provider: 'oura',
    enabled: true,
    clientId: demo.ouraClientId,
    clientSecret: demo.ouraClientSecret,
    clientSecretUpdatedAt: new Date(t0 - 30 * 86_400_000).toISOString(),
    scopes: [...DEMO_SCOPES],
    providerAppScopes: [...DEMO_SCOPES],
    redirectUrlWhitelist: [...DEMO_WHITELIST],
    version: 1,
    updatedAt: new Date(t0 - 30 * 86_400_000).toISOString(),
    updatedBy: 'seed'
  })
  demoAcct.webhook = {
    lastEventAt: new Date(t0 - 30_000).toISOString(),
    subscriptions: [
      { dataType: 'sleep', eventType: 'update', expiresAt: new Date(t0 + 47 * 86_400_000).toISOString(), status: 'active' },
      { dataType: 'daily_activity', eventType: 'update', expiresAt: new Date(t0 + 47 * 86_400_000).toISOString(), status: 'active' },
      { dataType: 'daily_readiness', eventType: 'update', expiresAt: new Date(t0 - 2 * 86_400_000).toISOString(), status: 'expired' }
    ]
  }
  seedProfiles(state, demoAcct, { prefix: 'user-', count: profiles, width: 7, seed, t0, integrationScopes: demoAcct.integrations.get('oura')!.scopes, withConnections: true })
  const acme = acmeCredentials(seed)
  const acmeAcct = state.addAccount(acme.accountClientId, acme.accountClientSecret, 'acct-acme')
  seedProfiles(state, acmeAcct, { prefix: 'acme-user-', count: 25, width: 3, seed: seed + 1, t0, integrationScopes: [], withConnections: false })

  let faults: FaultConfig | null = opts.faults ?? null
  const faultRnd = mulberry32(seed ^ 0x9e3779b9)

  const control: Route[] = [
    route('POST', '/_admin/accounts', (ctx) => {
      const b = parseJson(ctx.body)
      if (typeof b?.clientId !== 'string' || typeof b.clientSecret !== 'string') return json(ctx.res, 400, { error: 'clientId and clientSecret required' })
      if (state.accountsByClientId.has(b.clientId)) return json(ctx.res, 409, { error: 'exists' })
      json(ctx.res, 201, { id: state.addAccount(b.clientId, b.clientSecret).id })
    }),
    route('PUT', '/_admin/oura/apps/{id}', (ctx, p) => {
      const b = parseJson(ctx.body) ?? {}
      const prev = state.ouraApps.get(p.id!)
      const app = {
        clientId: p.id!,
        clientSecret: typeof b.clientSecret === 'string' ? b.clientSecret : (prev?.clientSecret ?? ''),
        name: typeof b.name === 'string' ? b.name : (prev?.name ?? 'Oura app'),
        redirectUris: Array.isArray(b.redirectUris) ? (b.redirectUris as string[]) : (prev?.redirectUris ?? [`${base}/api/v1/integration/oauth/oura/callback`]),
        enabledScopes: Array.isArray(b.enabledScopes) ? (b.enabledScopes as string[]) : (prev?.enabledScopes ?? []),
        approved: typeof b.approved === 'boolean' ? b.approved : (prev?.approved ?? false),
        portal: b.portal === 'new' ? ('new' as const) : (prev?.portal ?? ('classic' as const))
      }
      state.ouraApps.set(app.clientId, app)
      json(ctx.res, 200, { ...app, clientSecret: undefined })
    }),
    route('GET', '/_admin/oura/apps/{id}', (ctx, p) => {
      const app = state.ouraApps.get(p.id!)
      if (!app) return json(ctx.res, 404, { error: 'no such app' })
      json(ctx.res, 200, { ...app, clientSecret: undefined })
    }),
    route('POST', '/_admin/faults', (ctx) => {
      const b = parseJson(ctx.body)
      const rate = Number(b?.rate)
      if (!(rate >= 0 && rate <= 1)) return json(ctx.res, 400, { error: 'rate must be between 0 and 1' })
      faults = { rate, kinds: Array.isArray(b?.kinds) ? (b.kinds as FaultKind[]) : undefined, slowMs: Number(b?.slowMs) || undefined, retryAfterSeconds: Number(b?.retryAfterSeconds) || undefined }
      json(ctx.res, 200, faults)
    }),
    route('DELETE', '/_admin/faults', (ctx) => {
      faults = null
      json(ctx.res, 200, { faults: null })
    }),
    route('GET', '/_admin/stats', (ctx) => {
      json(ctx.res, 200, { requests: state.stats.requests, faults: state.stats.faults, byRoute: Object.fromEntries(state.stats.byRoute) })
    }),
    route('POST', '/_admin/expire-tokens', (ctx) => {
      const n = state.sahhaTokens.size
      state.sahhaTokens.clear()
      json(ctx.res, 200, { expired: n })
    })
  ]
  const routes = [...control, ...sahhaRoutes(state), ...inventedAdminRoutes(state), ...ouraRoutes(state)]

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base)
    const method = req.method ?? 'GET'
    try {
      const isApi = url.pathname.startsWith('/api/') || url.pathname.startsWith('/_oura/')
      if (isApi) {
        state.stats.requests++
        if (faults && faults.rate > 0 && faultRnd() < faults.rate) {
          const kinds = faults.kinds?.length ? faults.kinds : FAULT_KINDS
          const kind = kinds[Math.floor(faultRnd() * kinds.length)]!
          state.stats.faults++
          if (kind === 'drop') {
            req.socket.destroy()
            return
          }
          if (kind === 'malformed') {
            res.writeHead(200, { 'Content-Type': 'application/json' })
            return res.end('{"items":[{"externalId":"user-')
          }
          if (kind === 'http429') {
            const ra = String(faults.retryAfterSeconds ?? 1)
            return json(res, 429, { status: 429, title: 'Too Many Requests' }, {
              'Retry-After': ra,
              'X-RateLimit-Limit': '5000',
              'X-RateLimit-Window': '300',
              'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + Number(ra)),
              'X-RateLimit-Tier': faultRnd() < 0.5 ? 'token' : 'application'
            })
          }
          if (kind === 'slow') await new Promise((r) => setTimeout(r, faults?.slowMs ?? 1500))
          else {
            const status = kind === 'http500' ? 500 : kind === 'http502' ? 502 : 503
            return json(res, status, { title: 'Server Error', statusCode: status, location: url.pathname, errors: [] }, status === 503 ? { 'Retry-After': '1' } : {})
          }
        }
      }
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req)
      for (const r of routes) {
        if (r.method !== method) continue
        const m = r.pattern.exec(url.pathname)
        if (!m) continue
        const params: Record<string, string> = {}
        r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)))
        const key = `${method} ${r.pattern.source}`
        state.stats.byRoute.set(key, (state.stats.byRoute.get(key) ?? 0) + 1)
        const ctx: Ctx = { req, res, url, method, body, base }
        await r.handler(ctx, params)
        opts.logger?.(`${method} ${url.pathname} ${res.statusCode}`)
        return
      }
      json(res, 404, { title: 'Not Found', statusCode: 404, location: url.pathname, errors: [{ origin: 'path', errors: ['No such route'] }] })
    } catch (e) {
      if (!res.headersSent) json(res, 500, { title: 'Simulator Error', statusCode: 500, errors: [{ origin: 'simulator', errors: [e instanceof Error ? e.message : String(e)] }] })
      else res.destroy()
    }
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
  state.ouraApps.set(demo.ouraClientId, {
    clientId: demo.ouraClientId,
    clientSecret: demo.ouraClientSecret,
    name: 'Demo Health App',
    redirectUris: [`${base}/api/v1/integration/oauth/oura/callback`],
    enabledScopes: [...DEMO_SCOPES],
    approved: true,
    portal: 'classic'
  })

  // Acme did step 1 on the Oura portal (an app, not yet approved by Oura) but has no integration in Sahha yet.
  state.ouraApps.set('ACME-OURA-CLIENT-ID', {
    clientId: 'ACME-OURA-CLIENT-ID',
    clientSecret: `acme-oura-secret-${seed}`,
    name: 'Acme Wellness',
    redirectUris: [`${base}/api/v1/integration/oauth/oura/callback`],
    enabledScopes: [...DEMO_SCOPES],
    approved: false,
    portal: 'classic'
  })

  return {
    url: base,
    port,
    state,
    demo,
    setFaults: (f) => {
      faults = f
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
