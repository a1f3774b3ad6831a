import type { Logger } from '../log'
import { createAccountAuth } from './auth'
import { createDocumentedApi } from './documented'
import { createHttp, type HttpOptions } from './http'
import { createInventedAdminApi } from './invented-admin-api'
import { createOuraProbe } from './oura-probe'

export interface SahhaClientOptions {
  baseUrl: string
  ouraCloudBase: string
  ouraApiBase: string
  fetch: typeof fetch
  getCredentials: () => Promise<{ clientId: string; clientSecret: string }>
  http?: Omit<HttpOptions, 'fetch' | 'log' | 'secrets'>
  log?: Logger
}

/**
 * One client per tenant and environment. The same code talks to the simulator (Demo) and to
 * sandbox-api.sahha.ai / api.sahha.ai: only the bases differ.
 */
export function createSahhaClient(opts: SahhaClientOptions) {
  // Secrets and tokens seen by this client, for redacting raw bodies kept in errors. Bounded: profile tokens are many.
  const seen: string[] = []
  const remember = (v: string) => {
    if (!v || seen.includes(v)) return
    seen.push(v)
    if (seen.length > 200) seen.shift()
  }
  const http = createHttp({
    ...opts.http,
    fetch: opts.fetch,
    secrets: () => seen,
    log: opts.log ? (line) => opts.log!.debug('sahha.http', line) : undefined
  })
  const auth = createAccountAuth({
    http,
    baseUrl: opts.baseUrl,
    getCredentials: opts.getCredentials,
    onSecret: (v) => {
      remember(v)
      opts.log?.addSecret(v)
    }
  })
  const documented = createDocumentedApi({ http, baseUrl: opts.baseUrl, auth, onSecret: remember })
  const admin = createInventedAdminApi({ http, baseUrl: opts.baseUrl, auth })
  const oura = createOuraProbe({ http, ouraApiBase: opts.ouraApiBase })
  return { http, auth, documented, admin, oura, bases: { sahha: opts.baseUrl, ouraCloud: opts.ouraCloudBase, ouraApi: opts.ouraApiBase } }
}
export type SahhaClient = ReturnType<typeof createSahhaClient>
