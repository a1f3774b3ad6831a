import type { Handlers } from './dispatch'
import type { Services } from '../services/services'
import { toAppError } from '../errors'
import type { StorageWarning } from '../../preload/contract/models'

/** Thin: each handler maps a validated input to one service call. Logic lives in the services. */
export function createHandlers(s: Services): Handlers {
  const tenant = (id: string) => s.tenants.publicTenant(id)
  return {
    'app.info': async () => ({
      version: s.config.version,
      transport: s.config.transport,
      platform: s.config.platform,
      userDataDir: s.config.userDataDir,
      storage: await s.storageStatus()
    }),
    'storage.resetCorrupt': async (input) => s.resetCorruptFile(input.file),
    'demo.reset': async () => s.resetDemo(),
    'tenants.list': () => s.tenants.list(),
    'tenants.create': (input) => s.tenants.create(input),
    'tenants.update': async (input) => {
      const t = await s.tenants.update(input)
      s.invalidateTenant(t.id)
      return t
    },
    'tenants.remove': async (input) => {
      await s.tenants.remove(input.id, input.confirmName)
      s.invalidateTenant(input.id)
      // The tenant is gone: leftover drafts or capabilities are a warning, not a failed removal.
      const storageWarnings: StorageWarning[] = []
      const cleanup = async (file: StorageWarning['file'], what: string, step: () => Promise<unknown>) => {
        try {
          await step()
        } catch (e) {
          const error = toAppError(e)
          s.log.warn('storage.bookkeeping-failed', { file, code: error.code })
          storageWarnings.push({ file, message: `The tenant was removed, but its ${what} could not be cleared: ${error.message}`, remedy: error.remedy })
        }
      }
      await cleanup('drafts', 'drafts', () => s.drafts.discardTenant(input.id))
      await cleanup('capabilities', 'stored capabilities', () => s.capabilities.forget(input.id))
      await cleanup('desired-config', 'desired configuration', () => s.desired.discardTenant(input.id))
      await cleanup('local-store', 'local connection data', () => {
        s.forgetTenantData(input.id)
        return Promise.resolve()
      })
      return { removed: true as const, ...(storageWarnings.length ? { storageWarnings } : {}) }
    },
    'tenants.check': async (input, ctx) => s.checkTenant(await tenant(input.id), ctx.signal),

    'integrations.get': async (i, ctx) => s.integrations.view(await tenant(i.tenantId), i.provider, ctx.signal),
    'integrations.save': async (i, ctx) => s.integrations.save(await tenant(i.tenantId), i, ctx.signal),
    'integrations.preflight': async (i, ctx) => s.integrations.preflight(await tenant(i.tenantId), i.provider, i.edit, ctx.signal, i.clientSecret),
    'integrations.verifyLive': async (i, ctx) => s.integrations.verify(await tenant(i.tenantId), i, ctx.signal),
    'integrations.copySecret': async (i) => s.integrations.copySecret(await tenant(i.tenantId), i.provider),
    'webhooks.health': async (i, ctx) => s.webhookHealth.check(await tenant(i.tenantId), i.provider, ctx.signal),
    'integrations.impact': async (i, ctx) => s.integrations.impact(await tenant(i.tenantId), i.provider, ctx.signal),
    'integrations.replaceSecret': async (i, ctx) => s.integrations.replaceSecret(await tenant(i.tenantId), i, ctx.signal),
    'integrations.compare': async (i, ctx) => s.integrations.compare(await tenant(i.fromTenantId), await tenant(i.toTenantId), i.provider, ctx.signal),
    'integrations.promote': async (i, ctx) => s.integrations.promote(await tenant(i.fromTenantId), await tenant(i.toTenantId), i, ctx.signal),
    'drafts.save': async (i) => {
      await tenant(i.tenantId)
      return { savedAt: await s.drafts.save(i.tenantId, i.provider, { edit: i.edit, baseVersion: i.baseVersion }) }
    },
    'drafts.discard': async (i) => ({ discarded: await s.drafts.discard(i.tenantId, i.provider) }),
    'audit.list': async (i) => {
      const r = await s.audit.read({ tenantId: i.tenantId, limit: i.limit })
      if (!i.reveal) return r
      const candidates = (tenantId: string) => () => s.connections.allIds(tenantId)
      const entries = await Promise.all(
        r.entries.map(async (e) => (e.subjects?.length ? { ...e, revealed: await Promise.all(e.subjects.slice(0, 50).map((ref) => s.subjects.reveal(ref, candidates(e.tenantId)))) } : e))
      )
      return { ...r, entries }
    },

    'connections.sync': async (i) => {
      const { operationId, kind } = s.connections.sync(await tenant(i.tenantId), i.provider, i.kind)
      return { operationId, kind }
    },
    'connections.query': async (i) => {
      await tenant(i.tenantId)
      return s.connections.query(i.tenantId, i.filter, i.sort, i.offset, i.limit, i.currentScopes)
    },
    'connections.counts': async (i) => s.connections.counts((await tenant(i.tenantId)).id),
    'connections.ids': async (i) => {
      await tenant(i.tenantId)
      return s.connections.ids(i.tenantId, i.filter, i.limit, i.currentScopes)
    },
    'connections.exportCsv': async (i) => {
      await tenant(i.tenantId)
      return s.connections.exportCsv(i.tenantId, i.filter, i.sort, i.currentScopes)
    },
    'connections.syncStatus': async (i) => s.connections.status((await tenant(i.tenantId)).id),
    'localStore.clear': async (i) => {
      s.connections.clear((await tenant(i.tenantId)).id)
      return { cleared: true as const }
    },
    'localStore.rebuild': async (i) => {
      s.connections.rebuild((await tenant(i.tenantId)).id)
      return { rebuilt: true as const }
    },
    'connections.summary': async (i, ctx) => s.connectionActions.summary(await tenant(i.tenantId), i.provider, ctx.signal),
    'connections.detail': async (i, ctx) => s.connectionActions.detail(await tenant(i.tenantId), i.provider, i.externalId, ctx.signal),
    'connections.connect': async (i, ctx) => s.connectionActions.connect(await tenant(i.tenantId), i.provider, i.externalId, i.redirectUrl, ctx.signal),
    'connections.disconnect': async (i, ctx) => s.connectionActions.disconnect(await tenant(i.tenantId), i.provider, i.externalId, i.confirmText, ctx.signal),
    'connections.reconnectLinks': async (i, ctx) => s.connectionActions.reconnectLinks(await tenant(i.tenantId), i, ctx.signal),
    'connections.linksSent': async (i) => {
      await tenant(i.tenantId)
      return { sentAt: s.connectionActions.linksSent(i.tenantId) }
    },
    'connections.bundleExported': async (i) => s.connectionActions.bundleExported(await tenant(i.tenantId), i.externalId, i.includeIds),
    'connections.webhookStatus': async (i, ctx) => s.connectionActions.webhookStatus(await tenant(i.tenantId), i.provider, ctx.signal),
    'connections.changes': async (i) => s.localStores.get((await tenant(i.tenantId)).id).changes(),
    'connections.history': async (i) => s.localStores.get((await tenant(i.tenantId)).id).history(i.externalId),
    'connections.alerts': async (i) => s.localStores.get((await tenant(i.tenantId)).id).alerts(),
    'connections.dismissAlert': async (i) => {
      const store = s.localStores.get((await tenant(i.tenantId)).id)
      store.dismissAlert(i.syncId, i.mode)
      return store.alerts()
    },
    'localStore.settings': async (i) => s.localStores.get((await tenant(i.tenantId)).id).settings(),
    'localStore.saveSettings': async (i) =>
      s.localStores.get((await tenant(i.tenantId)).id).saveSettings({ retentionDays: i.retentionDays, alertAbsolute: i.alertAbsolute, alertRelative: i.alertRelative }),
    'tier.scan': async (i) => s.tier.scan(await tenant(i.tenantId), { kind: i.kind, linkedOnly: i.linkedOnly }),
    'tier.check': async (i) => s.tier.check(await tenant(i.tenantId), i.text),
    'tier.status': async (i) => s.tier.status((await tenant(i.tenantId)).id),
    'tier.rows': async (i) => s.tier.rows((await tenant(i.tenantId)).id, i),
    'tier.detail': async (i) => s.tier.detail((await tenant(i.tenantId)).id, i.externalId),
    'tier.saveSettings': async (i) => s.tier.saveSettings((await tenant(i.tenantId)).id, { windowDays: i.windowDays, freshDays: i.freshDays, concurrency: i.concurrency }),
    'operations.cancel': (i) => Promise.resolve({ cancelled: s.operations.cancel(i.operationId) }),
    'onboarding.get': async () => s.onboarding.load(),
    'onboarding.save': async (i) => {
      await s.onboarding.save({ current: i.current })
      return { savedAt: new Date().toISOString() }
    }
  }
}
