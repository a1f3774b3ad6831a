/**
 * The reliability scenarios of issue F, shared by their short versions in `npm test` and the long
 * runs of `npm run soak`. Each returns figures; the callers compare them with the goals.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppFailure } from '../../main/errors'
import { createSahhaClient, type SahhaClient } from '../../main/sahha/client'
import { createConnectionsService } from '../../main/services/connections'
import { createStoreRegistry } from '../../main/local-store/store-registry'
import { createOperations } from '../../main/services/operations'
import { createEventBus } from '../../main/ipc/events'
import { createLogger } from '../../main/log'
import { createSettingsFile } from '../../main/storage/settings'
import { createDraftStore } from '../../main/storage/drafts'
import { createAuditLog } from '../../main/storage/audit-log'
import { prepareUserDataDir } from '../../main/storage/disk'
import type { IntegrationEdit } from '../../preload/contract/rules/integration-diff'
import { applyMergeChoices, mergeEdits } from '../../renderer/src/features/integration/provider'
import { composeApp, type App } from '../../main/compose'
import type { SecretStore } from '../../main/secrets/secret-store'
import { createMemorySecretStore } from '../fakes/memory-secret-store'

export function demoClient(simUrl: string): SahhaClient {
  return createSahhaClient({
    baseUrl: simUrl,
    ouraCloudBase: `${simUrl}/_oura/cloud`,
    ouraApiBase: `${simUrl}/_oura/api`,
    fetch,
    getCredentials: async () => ({ clientId: 'demo-account-client-id', clientSecret: 'demo-account-secret-42' }),
    http: { baseDelayMs: 20, maxDelayMs: 500, maxRetryAfterMs: 1500, retries: 8, timeoutMs: 4000 }
  })
}

/** Fault soak: sync every connection through the app's client and store while the simulator injects faults. */
export async function faultSoak(simUrl: string, expected: number) {
  const client = demoClient(simUrl)
  const log = createLogger(() => undefined)
  const store = createConnectionsService({
    operations: createOperations(createEventBus()),
    log,
    port: async () => ({ iterateAll: (p, o) => client.admin.iterateAllConnections(p, { pageSize: o.pageSize, updatedSince: o.updatedSince }, { signal: o.signal, onProgress: o.onProgress, onAsOf: o.onAsOf }) }),
    stores: createStoreRegistry({ dir: join(await mkdtemp(join(tmpdir(), 'sia-soak-store-')), 'connections'), log })
  })
  const rssBefore = process.memoryUsage().rss
  const t = Date.now()
  const tenant = { id: 't_soak000001', name: 'Soak', environment: 'demo' as const, sahhaClientId: '', createdAt: '', updatedAt: '' }
  const records = (await store.sync(tenant, 'oura', 'full').done)?.rowsSeen ?? 0
  const all = (await store.query(tenant.id, { states: null, errorCode: null, missingScope: null, search: '' }, { key: 'externalId', desc: false }, 0, expected + 10)).rows
  const unique = new Set(all.map((r) => r.externalId)).size
  const minimumRequests = Math.ceil(expected / 1000) + 1
  return {
    records,
    expected,
    duplicates: all.length - unique,
    complete: unique === expected,
    requests: client.http.stats.requests,
    minimumRequests,
    retries: client.http.stats.retries,
    ms: Date.now() - t,
    rssGrowthMB: (process.memoryUsage().rss - rssBefore) / 1e6
  }
}

const toEdit = (c: { enabled: boolean; clientId: string; scopes: string[]; providerAppScopes: string[] | null; redirectUrlWhitelist: string[] }): IntegrationEdit => ({
  enabled: c.enabled,
  clientId: c.clientId,
  scopes: [...c.scopes],
  providerAppScopes: c.providerAppScopes ? [...c.providerAppScopes] : null,
  redirectUrlWhitelist: [...c.redirectUrlWhitelist]
})

/**
 * Lost updates: two clients edit the same integration at the same time, each round adding its own
 * whitelist entry (and dropping its previous one). A stale save (409) is resolved as the editor
 * resolves it: the editor's three-way merge (mergeEdits) against the current version, then, for each
 * field both sides changed differently, the operator's choice of one whole side (applyMergeChoices,
 * what "Review merged version" applies), and the save is retried. The whitelist is one such field: two
 * different additions are a conflict shown to the operator, who here keeps their own edit. An entry
 * that this choice replaced was shown to the operator and counts as `overriddenByOperator`; an
 * entry missing after a round that no operator was shown counts as a lost update.
 */
export async function lostUpdates(simUrl: string, rounds: number) {
  const a = demoClient(simUrl)
  const b = demoClient(simUrl)
  let conflicts = 0
  let operatorChoices = 0
  let lost = 0
  let overridden = 0
  let shown = new Set<string>()
  const editor = async (c: SahhaClient, who: string, round: number) => {
    const base = (await c.admin.getIntegration('oura'))!
    const baseEdit = toEdit(base.config)
    const mine: IntegrationEdit = {
      ...baseEdit,
      redirectUrlWhitelist: [...baseEdit.redirectUrlWhitelist.filter((u) => !u.startsWith(`https://${who}.soak.example/`)), `https://${who}.soak.example/r${round}`]
    }
    let etag = base.etag!
    let from = baseEdit
    let edit = mine
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await c.admin.putIntegration('oura', { ...edit }, { ifMatch: etag })
        return
      } catch (e) {
        if (!(e instanceof AppFailure) || e.code !== 'CONFLICT') throw e
        conflicts++
        const current = (e.appError.details as { current: Parameters<typeof toEdit>[0] & { version: number } }).current
        const theirs = toEdit(current)
        const m = mergeEdits(from, edit, theirs)
        const choices: Record<string, 'mine' | 'theirs'> = {}
        for (const k of m.conflicts) {
          operatorChoices++
          choices[k.field] = 'mine'
          // What the operator saw in the merge table and chose to replace: their entries missing from mine.
          if (k.field === 'redirectUrlWhitelist') for (const u of k.theirs as string[]) if (!(k.mine as string[]).includes(u)) shown.add(u)
        }
        from = theirs
        edit = applyMergeChoices(m.merged, m.conflicts, choices)
        etag = `"${current.version}"`
      }
    }
    throw new Error('gave up after 20 conflicts')
  }
  for (let r = 1; r <= rounds; r++) {
    shown = new Set()
    await Promise.all([editor(a, 'a', r), editor(b, 'b', r)])
    const wl = (await a.admin.getIntegration('oura'))!.config.redirectUrlWhitelist
    for (const u of [`https://a.soak.example/r${r}`, `https://b.soak.example/r${r}`]) {
      if (wl.includes(u)) continue
      if (shown.has(u)) overridden++
      else lost++
    }
  }
  return { rounds, lostUpdates: lost, conflictsSurfaced: conflicts, operatorChoices, overriddenByOperator: overridden }
}

/**
 * Crash safety: a child process writes settings, drafts and audit lines as fast as it can and prints
 * an acknowledgement after each completed write; it is killed with SIGKILL at a random moment. The
 * files must load, the last acknowledged draft must be there (or a newer one), the audit log readable.
 */
export async function crashSafety(childScript: string, trials: number) {
  let corrupt = 0
  let lostDraft = 0
  let unreadableAudit = 0
  let tornAuditLines = 0
  let writes = 0
  let tempFilesLeft = 0
  let staleAfterStart = 0
  for (let t = 0; t < trials; t++) {
    const dir = await mkdtemp(join(tmpdir(), 'sia-crash-'))
    const child = spawn(process.execPath, [childScript, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
    let lastAck = 0
    let out = ''
    let writing: () => void = () => undefined
    const started = new Promise<void>((resolve) => (writing = resolve))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      for (const m of out.matchAll(/ack (\d+)\n/g)) lastAck = Math.max(lastAck, Number(m[1]))
      out = out.slice(out.lastIndexOf('\n') + 1)
      if (lastAck > 0) writing()
    })
    child.once('exit', () => writing())
    // The kill lands while the child writes, not while Node is still starting (a busy machine can take longer than the window).
    await started
    await new Promise((r) => setTimeout(r, Math.random() * 200))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    writes += lastAck
    try {
      const s = await createSettingsFile(dir).load()
      const draft = await createDraftStore(dir).get('t_crash00001', 'oura')
      const seq = draft ? Number(draft.edit.clientId.replace('seq-', '')) : 0
      if (seq < lastAck) lostDraft++
      if (s.tenants.length > 0 && !s.tenants[0]!.name.startsWith('seq-')) corrupt++
    } catch {
      corrupt++
    }
    const temps = async () => (await readdir(dir)).filter((n) => n.endsWith('.tmp')).length
    tempFilesLeft += await temps()
    // The next start removes what the killed writer left (its pid is dead).
    await prepareUserDataDir(dir)
    staleAfterStart += await temps()
    try {
      const audit = await createAuditLog(dir).read()
      if (audit.skippedLines > 1) unreadableAudit++
      tornAuditLines += audit.skippedLines
    } catch {
      unreadableAudit++
    }
  }
  return { trials, writesAcknowledged: writes, corruptFiles: corrupt, lostDrafts: lostDraft, unreadableAuditLogs: unreadableAudit, tornAuditLinesSkipped: tornAuditLines, tempFilesLeft, staleTempFilesAfterStart: staleAfterStart }
}

/** The app as the shell composes it, on a given data folder, with an in-memory keychain and no Demo simulator. */
export function composeOn(userDataDir: string, secrets: SecretStore, overrides: Parameters<typeof composeApp>[1] = {}): Promise<App> {
  return composeApp(
    { version: '0-soak', platform: 'linux', transport: 'bridge', userDataDir, keychainService: 'unused', fetch, logSink: () => undefined, rendererOrigin: null, rendererFile: null, demoProfiles: 10 },
    { secrets, allowTestSender: true, startDemo: async () => ({ url: 'http://127.0.0.1:9', close: async () => undefined }), ...overrides }
  )
}

const draftEdit = (clientId: string) => ({ enabled: true, clientId, scopes: ['daily'], providerAppScopes: ['daily'], redirectUrlWhitelist: ['https://soak.example/cb'] })

/**
 * Concurrent writes (issue G.1): each round sends `perRound` tenant creates at once through the real
 * dispatch, then one draft save per acknowledged tenant at once, then restarts the app on the same
 * folder. Expected counts come from what was acknowledged, never from a constant: every
 * acknowledged create and draft must be there after the restart, the audit log must list exactly the
 * acknowledged creates, and the keychain must hold no secret of a tenant that does not exist.
 */
export async function concurrentWrites(rounds: number, perRound = 20) {
  let acknowledged = 0
  let persisted = 0
  let auditMismatches = 0
  let orphanSecrets = 0
  for (let r = 0; r < rounds; r++) {
    const dir = await mkdtemp(join(tmpdir(), 'sia-concurrent-'))
    const secrets = createMemorySecretStore()
    const app = await composeOn(dir, secrets)
    const call = (channel: string, input: unknown) => app.dispatch(channel, input, { kind: 'test' })
    const creates = await Promise.all(
      Array.from({ length: perRound }, (_, i) => call('tenants.create', { name: `Concurrent ${r}-${i}`, environment: 'sandbox', sahhaClientId: `cid-${i}`, sahhaClientSecret: `concurrent-secret-${r}-${i}` }))
    )
    const ids = creates.flatMap((c) => (c.ok ? [(c.value as { id: string }).id] : []))
    const drafts = await Promise.all(ids.map((id) => call('drafts.save', { tenantId: id, provider: 'oura', edit: draftEdit(`draft-of-${id}`), baseVersion: null })))
    const draftIds = ids.filter((_, i) => drafts[i]!.ok)
    acknowledged += ids.length + draftIds.length
    await app.close()

    const again = await composeOn(dir, secrets)
    const listed = await again.dispatch('tenants.list', {}, { kind: 'test' })
    const present = new Set(listed.ok ? (listed.value as { id: string }[]).map((t) => t.id) : [])
    persisted += ids.filter((id) => present.has(id)).length
    for (const id of draftIds) if ((await again.services.drafts.get(id, 'oura'))?.edit.clientId === `draft-of-${id}`) persisted++
    const audit = await again.services.audit.read()
    const audited = audit.entries.filter((e) => e.action === 'tenant.create').map((e) => e.tenantId)
    if (audited.length !== ids.length || audited.some((id) => !ids.includes(id))) auditMismatches++
    const withSecret = new Set(
      [...(secrets as ReturnType<typeof createMemorySecretStore>).entries.keys()].map((account) => account.split('/')[0]!)
    )
    orphanSecrets += [...withSecret].filter((id) => !present.has(id)).length
    await again.close()
  }
  return { rounds, perRound, acknowledged, persisted, auditMismatches, orphanSecrets }
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'))
}
