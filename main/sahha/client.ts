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
  http?: Omit<HttpOptions, 'fetch' | 'log' | 'secrets' | 'onSecret'>
  log?: Logger
}

/**
 * One client per tenant and environment. The same code talks to the simulator (Demo) and to
 * sandbox-api.sahha.ai / api.sahha.ai: only the bases differ.
 */
export function createSahhaClient(opts: SahhaClientOptions) {
  // Secrets and tokens seen by this client, for redacting whatever a failed call reports. Credentials
  // (account and provider secrets, account tokens) are few and kept for the client's life, and are
  // also registered with the logger; profile tokens are many, so only the latest 200 are kept.
  const credentials = new Set<string>()
  const profileTokens: string[] = []
  const remember = (v: string, perUser: boolean) => {
    if (!v) return
    if (!perUser) {
      if (credentials.has(v)) return
      credentials.add(v)
      opts.log?.addSecret(v)
      return
    }
    if (profileTokens.includes(v)) return
    profileTokens.push(v)
    if (profileTokens.length > 200) profileTokens.shift()
  }
  const http = createHttp({
    ...opts.http,
    fetch: opts.fetch,
    secrets: () => [...credentials, ...profileTokens],
    onSecret: remember,
    log: opts.log ? (line) => opts.log!.debug('sahha.http', line) : undefined
  })
  const auth = createAccountAuth({
    http,
    baseUrl: opts.baseUrl,
    getCredentials: opts.getCredentials,
    onSecret: (v) => remember(v, false)
  })
  const documented = createDocumentedApi({ http, baseUrl: opts.baseUrl, ouraCloudBase: opts.ouraCloudBase, auth, onSecret: (v) => remember(v, true) })
  const admin = createInventedAdminApi({ http, baseUrl: opts.baseUrl, auth })
  const oura = createOuraProbe({ http, ouraApiBase: opts.ouraApiBase })
  return { http, auth, documented, admin, oura, bases: { sahha: opts.baseUrl, ouraCloud: opts.ouraCloudBase, ouraApi: opts.ouraApiBase } }
}
export type SahhaClient = ReturnType<typeof createSahhaClient>
