import { randomBytes } from 'node:crypto'

/**
 * The simulator's in-memory state. Compact on purpose: 100,000 connections must start fast and stay small.
 * - times are whole seconds since T_BASE (small integers, unboxed in V8), -1 for "none";
 * - scope lists of seeded connections are shared arrays;
 * - seeded evidence (lastError, timeline) is generated on demand from the failure-mode id;
 * - profiles and connections are arrays sorted by externalId (binary search, keyset cursors).
 * Objects shared between connections (scope arrays, LastError, events) are never mutated: replace them.
 */

export const CONNECTION_STATES = ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected'] as const
export type ConnState = (typeof CONNECTION_STATES)[number]
export const isConnState = (s: string): s is ConnState => (CONNECTION_STATES as readonly string[]).includes(s)
/** States that hold a working Oura token. */
export const LIVE_STATES: ReadonlySet<ConnState> = new Set<ConnState>(['connected', 'scope_missing', 'membership_expired'])

export const T_BASE_MS = Date.UTC(2020, 0, 1)
export const NO_TIME = -1
export const toSec = (ms: number): number => Math.floor((ms - T_BASE_MS) / 1000)
export const secToMs = (s: number): number => T_BASE_MS + s * 1000
export const isoOfSec = (s: number): string | null => (s < 0 ? null : new Date(T_BASE_MS + s * 1000).toISOString())
export const iso = (ms: number): string => new Date(ms).toISOString()

export type ErrorSource = 'oura_authorize' | 'oura_token' | 'oura_api' | 'oura_webhook' | 'sahha'

export interface LastError {
  readonly at: string
  readonly source: ErrorSource
  readonly httpStatus: number | null
  readonly code: string
  readonly title: string
  readonly message: string
}

export interface TimelineEvent {
  readonly at: string
  readonly type: string
  readonly data?: Record<string, unknown>
}

/** Oura tokens a connection holds after a real (simulated) OAuth flow. Seeded connections have none. */
export interface OuraLink {
  access: string
  refresh: string
  issuedAtMs: number
  accessExpiresAtMs: number
}

export class Profile {
  conn: Connection | null = null
  /** Deleted at Sahha while the search still lists it: profile calls answer 410 (documented tier, sahha-api.md §7.2). */
  gone = false
  constructor(
    readonly externalId: string,
    /** Sequence number inside the account: the tail of profileId. */
    readonly no: number,
    readonly createdAt: number
  ) {}
}

export class Connection {
  /** undefined: derived from `mode` (seeded evidence); null: no error. */
  err: LastError | null | undefined = undefined
  /** Appended events (after materialisation: the whole timeline). */
  events: TimelineEvent[] | null = null
  oura: OuraLink | null = null
  revokedAtProvider: boolean | null = null
  refreshFailures = 0
  /** Seconds since T_BASE of the last write to this connection (NO_TIME: none since the seed); see updatedAtOf. */
  updatedAt = NO_TIME
  constructor(
    readonly profile: Profile,
    readonly externalId: string,
    public state: ConnState,
    public stateChangedAt: number,
    public connectedAt: number,
    public lastSyncAt: number,
    public lastDataAt: number,
    public requestedScopes: readonly string[],
    public grantedScopes: readonly string[],
    public providerUserId: string | null,
    /** Failure-mode id whose seeded evidence is generated lazily; null for none. */
    public mode: string | null,
    /** true while the timeline is generated from the seed fields (until the first per-connection write). */
    public seeded: boolean
  ) {}
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

export interface Account {
  id: string
  /** Small number used in profileIds. */
  no: number
  clientId: string
  clientSecret: string
  /** Sorted by externalId. */
  profiles: Profile[]
  /** Profiles with an Oura connection, sorted by externalId. */
  conns: Connection[]
  integrations: Map<string, Integration>
  webhookLastEventAt: string | null
  /** Bumped on every write: cached counts and sort indexes are per version. */
  version: number
  /** Seconds since T_BASE of the last change that alters every item (the integration's scopes): NO_TIME for none. */
  itemsChangedAt?: number
  nextProfileNo: number
}

export interface OuraApp {
  clientId: string
  clientSecret: string
  name: string
  redirectUris: string[]
  enabledScopes: string[]
  approved: boolean
  portal: 'classic' | 'new'
  /** The app's "Allow server-side authentication" setting [reported]; off → every authorize is unauthorized_client. */
  serverSideAllowed: boolean
  /** Users counted as connected before any simulated flow (for the 10-user cap). */
  baselineUsers: number
  /** Oura user ids holding a live token of this app (code exchanged, not revoked). */
  users: Set<string>
}

export interface SahhaToken {
  kind: 'account' | 'profile'
  accountId: string
  externalId?: string
  expiresAt: number
}

export interface PendingAuthorize {
  accountId: string
  externalId: string
  provider: string
  redirectUrl: string
  requestedScopes: string[]
  clientId: string
  createdAt: number
}

export interface OuraCode {
  clientId: string
  redirectUri: string | null
  scopes: string[]
  userId: string
  createdAt: number
  used: boolean
}

export interface OuraAccess {
  clientId: string
  scopes: string[]
  userId: string
  revoked: boolean
  expiresAt: number
  refresh: string
}

export interface OuraRefresh {
  clientId: string
  scopes: string[]
  userId: string
  used: boolean
  access: string
}

export interface OuraUser {
  membershipExpired: boolean
  outdatedDataTypes: string[]
}

export interface OuraWebhook {
  id: string
  clientId: string
  callback_url: string
  event_type: string
  data_type: string
  expiration_time: string
}

export interface SimOptions {
  /** Status for an unknown webhook subscription id: 403 (OpenAPI) or 404 (recorded examples). */
  unknownWebhookStatus: 403 | 404
  /** What Oura does with a scope outside the 11 at authorize: refuse (`error`) or drop it silently (`drop`). */
  unknownScope: 'error' | 'drop'
  /** Whether webhook create calls GET {callback_url} to verify (loopback callback URLs only). */
  verifyWebhooks: boolean
  /** Status of the webhook routes for wrong or missing x-client-id / x-client-secret: 403 (recorded, default) or 401. */
  webhookAuthStatus: 401 | 403
  /**
   * Status of POST /oauth/profile/token for an unknown externalId. The real one is [not found]: 404 is ours
   * (default), 400 lets tests check that the client never relies on the 404.
   */
  unknownProfileTokenStatus: 400 | 404
}

/** Marks a connection as written now: its listing item's `updatedAt` moves (incremental listing, ?updatedSince). */
export function touch(c: Connection, ms = Date.now()): void {
  c.updatedAt = toSec(ms)
}

/**
 * A connection item's `updatedAt` (seconds since T_BASE): the latest of its own writes and of every time
 * field it reports, and of an account-wide change that alters every item (scopes). Whole seconds: a
 * listing's `asOf` is therefore the whole second before it began, so `updatedAt > asOf` catches every
 * write made at or after the start of that listing (a write in the same second is fetched twice, never lost).
 */
export function updatedAtOf(acct: Account, c: Connection): number {
  return Math.max(c.updatedAt, c.stateChangedAt, c.connectedAt, c.lastSyncAt, c.lastDataAt, acct.itemsChangedAt ?? NO_TIME)
}

export function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`
}

/** First index whose key is >= key. */
export function lowerBound<T>(arr: readonly T[], key: string, keyOf: (t: T) => string): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keyOf(arr[mid]!) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose key is > key (keyset cursors). */
export function upperBound<T>(arr: readonly T[], key: string, keyOf: (t: T) => string): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keyOf(arr[mid]!) <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

const byExternalId = (x: { externalId: string }): string => x.externalId

export class SimState {
  accounts = new Map<string, Account>()
  accountsByClientId = new Map<string, Account>()
  ouraApps = new Map<string, OuraApp>()
  sahhaTokens = new Map<string, SahhaToken>()
  sahhaRefresh = new Map<string, { accountId: string; externalId: string }>()
  oauthStates = new Map<string, PendingAuthorize>()
  ouraCodes = new Map<string, OuraCode>()
  ouraAccess = new Map<string, OuraAccess>()
  ouraRefresh = new Map<string, OuraRefresh>()
  ouraUsers = new Map<string, OuraUser>()
  ouraWebhooks = new Map<string, OuraWebhook>()
  options: SimOptions = { unknownWebhookStatus: 403, unknownScope: 'drop', verifyWebhooks: true, webhookAuthStatus: 403, unknownProfileTokenStatus: 404 }
  /** The seed's "now" (ms): seeded data histories are relative to it. */
  t0 = Date.now()
  stats = { requests: 0, faults: 0, faultsByKind: new Map<string, number>(), byRoute: new Map<string, number>(), unmatched: new Map<string, number>() }
  private accountNo = 0

  addAccount(clientId: string, clientSecret: string, id = `acct-${randomBytes(6).toString('hex')}`): Account {
    const acct: Account = {
      id,
      no: this.accountNo++,
      clientId,
      clientSecret,
      profiles: [],
      conns: [],
      integrations: new Map(),
      webhookLastEventAt: null,
      version: 0,
      nextProfileNo: 1
    }
    this.accounts.set(id, acct)
    this.accountsByClientId.set(clientId, acct)
    return acct
  }
}

export function profileIdOf(acct: Account, p: Profile): string {
  return `7d0c6a1e-${acct.no.toString(16).padStart(4, '0')}-4000-8000-${String(p.no).padStart(12, '0')}`
}

export function findProfile(acct: Account, externalId: string): Profile | null {
  const i = lowerBound(acct.profiles, externalId, byExternalId)
  const p = acct.profiles[i]
  return p && p.externalId === externalId ? p : null
}

export function insertProfile(acct: Account, p: Profile): void {
  acct.profiles.splice(lowerBound(acct.profiles, p.externalId, byExternalId), 0, p)
}

export function insertConnection(acct: Account, c: Connection): void {
  acct.conns.splice(lowerBound(acct.conns, c.externalId, byExternalId), 0, c)
  c.profile.conn = c
}

export { byExternalId }
