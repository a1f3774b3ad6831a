import { randomBytes } from 'node:crypto'

/** The simulator's in-memory state. Compact on purpose: 100,000 connections must stay small. */

export interface LastError {
  at: string
  source: string
  httpStatus: number | null
  code: string
  title: string
  message: string
}

export interface TimelineEvent {
  at: string
  type: string
  data?: Record<string, unknown>
}

export interface Connection {
  externalId: string
  state: string
  stateChangedAt: string
  connectedAt: string | null
  lastSyncAt: string | null
  lastDataAt: string | null
  requestedScopes: string[]
  grantedScopes: string[]
  providerUserId: string | null
  lastError: LastError | null
  /** Failure-mode id whose evidence the seed wrote, or null. Drives the lazily generated timeline. */
  mode: string | null
  /** Events appended after seeding (authorize, callback, disconnect). */
  events: TimelineEvent[] | null
  /** Events written by the seed for the mode. */
  modeEvents: TimelineEvent[] | null
  refreshFailures: number
}

export interface Integration {
  provider: string
  enabled: boolean
  clientId: string
  clientSecret: string
  clientSecretUpdatedAt: string
  scopes: string[]
  providerAppScopes: string[] | null
  redirectUrlWhitelist: string[]
  version: number
  updatedAt: string
  updatedBy: string
}

export interface Profile {
  profileId: string
  externalId: string
  createdAtUtc: string
}

export interface Account {
  id: string
  clientId: string
  clientSecret: string
  profiles: Map<string, Profile>
  integrations: Map<string, Integration>
  connections: Map<string, Connection>
  /** externalIds with a connection, kept sorted (cursor paging by externalId). */
  connIds: string[]
  webhook: { lastEventAt: string | null; subscriptions: { dataType: string; eventType: string; expiresAt: string | null; status: string }[] }
  /** Bumped on every write: cached counts and sort indexes are per version. */
  version: number
}

export interface OuraApp {
  clientId: string
  clientSecret: string
  name: string
  redirectUris: string[]
  enabledScopes: string[]
  approved: boolean
  portal: 'classic' | 'new'
}

export interface SahhaToken {
  kind: 'account' | 'profile'
  accountId: string
  externalId?: string
  expiresAt: number
}

export function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`
}

/** Inserts into a sorted string array (binary search), keeping it sorted and unique. */
export function insertSorted(arr: string[], value: string): void {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! < value) lo = mid + 1
    else hi = mid
  }
  if (arr[lo] !== value) arr.splice(lo, 0, value)
}

/** First index whose value is >= key. */
export function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose value is > key (for keyset cursors). */
export function upperBound(arr: readonly string[], key: string): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class SimState {
  accounts = new Map<string, Account>()
  accountsByClientId = new Map<string, Account>()
  ouraApps = new Map<string, OuraApp>()
  sahhaTokens = new Map<string, SahhaToken>()
  oauthStates = new Map<string, { accountId: string; externalId: string; provider: string; redirectUrl: string; requestedScopes: string[]; createdAt: number }>()
  ouraCodes = new Map<string, { clientId: string; redirectUri: string | null; scopes: string[]; userId: string; createdAt: number; used: boolean }>()
  ouraAccess = new Map<string, { clientId: string; scopes: string[]; userId: string; revoked: boolean; expiresAt: number }>()
  ouraRefresh = new Map<string, { clientId: string; scopes: string[]; userId: string; used: boolean; access: string }>()
  ouraWebhooks = new Map<string, { id: string; clientId: string; callback_url: string; event_type: string; data_type: string; expiration_time: string }>()
  stats = { requests: 0, faults: 0, byRoute: new Map<string, number>() }

  addAccount(clientId: string, clientSecret: string, id = `acct-${randomBytes(6).toString('hex')}`): Account {
    const acct: Account = {
      id,
      clientId,
      clientSecret,
      profiles: new Map(),
      integrations: new Map(),
      connections: new Map(),
      connIds: [],
      webhook: { lastEventAt: null, subscriptions: [] },
      version: 0
    }
    this.accounts.set(id, acct)
    this.accountsByClientId.set(clientId, acct)
    return acct
  }
}
