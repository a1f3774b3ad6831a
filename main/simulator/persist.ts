import { Connection, Profile, findProfile, insertConnection, insertProfile, type ConnState, type Integration, type LastError, type SimState, type TimelineEvent } from './store'

/**
 * What an operator changed in a running simulator, as plain JSON, so the Demo environment keeps its state
 * across restarts: integrations, profiles registered since the seed, and every connection written since
 * (authorize, callback, disconnect, injected modes). The seed itself is not stored: it is regenerated from
 * its options. No secret is stored: an integration's client secret is kept only as "equals its Oura app's
 * secret" (yes/no), and Oura tokens are dropped (a restored connection keeps its state and history).
 */
export const SNAPSHOT_VERSION = 1

type SavedIntegration = Omit<Integration, 'clientSecret'> & { secretIsApp: boolean }
interface SavedConnection {
  externalId: string
  state: ConnState
  stateChangedAt: number
  connectedAt: number
  lastSyncAt: number
  lastDataAt: number
  requestedScopes: readonly string[]
  grantedScopes: readonly string[]
  providerUserId: string | null
  err: LastError | null
  events: TimelineEvent[]
  revokedAtProvider: boolean | null
  refreshFailures: number
  /** Absent in snapshots written before the incremental listing. */
  updatedAt?: number
}
interface SavedAccount {
  integrations: SavedIntegration[]
  profiles: { externalId: string; no: number; createdAt: number }[]
  connections: SavedConnection[]
  webhookLastEventAt: string | null
  nextProfileNo: number
}
export interface SimSnapshot {
  kind: 'sahha-simulator-state'
  version: number
  /** The seed options this state applies to; another seed or size starts fresh. */
  seed: { seed: number; profiles: number }
  savedAt: string
  accounts: Record<string, SavedAccount>
}

/** Profiles per account right after seeding: those with a higher sequence number were registered later. */
export function seedBaseline(state: SimState): Map<string, number> {
  return new Map([...state.accounts.values()].map((a) => [a.id, a.profiles.length]))
}

/** A number that changes on every write to the state (each write bumps its account's version). */
export function stateVersion(state: SimState): number {
  let n = 0
  for (const a of state.accounts.values()) n += a.version
  return n
}

export function snapshotState(state: SimState, seed: SimSnapshot['seed'], baseline: ReadonlyMap<string, number>): SimSnapshot {
  const accounts: Record<string, SavedAccount> = {}
  for (const a of state.accounts.values()) {
    const seeded = baseline.get(a.id) ?? 0
    accounts[a.id] = {
      integrations: [...a.integrations.values()].map(({ clientSecret, ...rest }) => ({ ...rest, secretIsApp: state.ouraApps.get(rest.clientId)?.clientSecret === clientSecret })),
      profiles: a.profiles.filter((p) => p.no > seeded).map((p) => ({ externalId: p.externalId, no: p.no, createdAt: p.createdAt })),
      connections: a.conns
        .filter((c) => !c.seeded)
        .map((c) => ({
          externalId: c.externalId,
          state: c.state,
          stateChangedAt: c.stateChangedAt,
          connectedAt: c.connectedAt,
          lastSyncAt: c.lastSyncAt,
          lastDataAt: c.lastDataAt,
          requestedScopes: c.requestedScopes,
          grantedScopes: c.grantedScopes,
          providerUserId: c.providerUserId,
          err: c.err ?? null,
          events: c.events ?? [],
          revokedAtProvider: c.revokedAtProvider,
          refreshFailures: c.refreshFailures,
          updatedAt: c.updatedAt
        })),
      webhookLastEventAt: a.webhookLastEventAt,
      nextProfileNo: a.nextProfileNo
    }
  }
  return { kind: 'sahha-simulator-state', version: SNAPSHOT_VERSION, seed, savedAt: new Date().toISOString(), accounts }
}

/** Applies a snapshot to a freshly seeded state. Returns false (and changes nothing) when it does not fit this seed. */
export function restoreState(state: SimState, snap: SimSnapshot, seed: SimSnapshot['seed']): boolean {
  if (snap?.kind !== 'sahha-simulator-state' || snap.version !== SNAPSHOT_VERSION || snap.seed?.seed !== seed.seed || snap.seed?.profiles !== seed.profiles) return false
  for (const [id, saved] of Object.entries(snap.accounts ?? {})) {
    const a = state.accounts.get(id)
    if (!a) continue
    a.integrations.clear()
    for (const { secretIsApp, ...integ } of saved.integrations) {
      // The secret itself was never saved: the app's own one when it matched, else one Oura will refuse.
      a.integrations.set(integ.provider, { ...integ, clientSecret: secretIsApp ? (state.ouraApps.get(integ.clientId)?.clientSecret ?? '') : 'restored-secret-that-does-not-match' })
    }
    for (const p of saved.profiles) if (!findProfile(a, p.externalId)) insertProfile(a, new Profile(p.externalId, p.no, p.createdAt))
    for (const s of saved.connections) {
      const profile = findProfile(a, s.externalId)
      if (!profile) continue
      const c = new Connection(profile, s.externalId, s.state, s.stateChangedAt, s.connectedAt, s.lastSyncAt, s.lastDataAt, s.requestedScopes, s.grantedScopes, s.providerUserId, null, false)
      c.err = s.err
      c.events = s.events
      c.revokedAtProvider = s.revokedAtProvider
      c.refreshFailures = s.refreshFailures
      if (typeof s.updatedAt === 'number') c.updatedAt = s.updatedAt
      if (profile.conn) {
        const i = a.conns.indexOf(profile.conn)
        a.conns[i] = c
        profile.conn = c
      } else insertConnection(a, c)
    }
    a.webhookLastEventAt = saved.webhookLastEventAt
    a.nextProfileNo = Math.max(a.nextProfileNo, saved.nextProfileNo)
    a.version++
  }
  return true
}
