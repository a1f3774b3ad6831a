import type { Handlers } from './dispatch'
import type { Services } from '../compose'

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
    'storage.resetCorrupt': async () => s.resetCorruptSettings(),
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
      await s.drafts.discardTenant(input.id)
      await s.capabilities.forget(input.id)
      return { removed: true as const }
    },
    'tenants.check': async (input, ctx) => s.checkTenant(await tenant(input.id), ctx.signal),

    'integrations.get': async (i, ctx) => s.integrations.view(await tenant(i.tenantId), i.provider, ctx.signal),
    'integrations.save': async (i, ctx) => s.integrations.save(await tenant(i.tenantId), i, ctx.signal),
    'integrations.preflight': async (i, ctx) => s.integrations.preflight(await tenant(i.tenantId), i.provider, i.edit, ctx.signal, i.clientSecret),
    'integrations.impact': async (i, ctx) => s.integrations.impact(await tenant(i.tenantId), i.provider, ctx.signal),
    'integrations.replaceSecret': async (i, ctx) => s.integrations.replaceSecret(await tenant(i.tenantId), i, ctx.signal),
    'integrations.compare': async (i, ctx) => s.integrations.compare(await tenant(i.fromTenantId), await tenant(i.toTenantId), i.provider, ctx.signal),
    'integrations.promote': async (i, ctx) => s.integrations.promote(await tenant(i.fromTenantId), await tenant(i.toTenantId), i, ctx.signal),
    'drafts.save': async (i) => {
      await tenant(i.tenantId)
      return { savedAt: await s.drafts.save(i.tenantId, i.provider, { edit: i.edit, baseVersion: i.baseVersion }) }
    },
    'drafts.discard': async (i) => ({ discarded: await s.drafts.discard(i.tenantId, i.provider) }),
    'audit.list': (i) => s.audit.read({ tenantId: i.tenantId, limit: i.limit }),

    'connections.sync': async (i) => {
      const { operationId } = s.connections.sync(await tenant(i.tenantId), i.provider)
      return { operationId }
    },
    'connections.rows': (i) => Promise.resolve(s.connections.rows(i.tenantId, i.offset, i.limit)),
    'connections.summary': async (i, ctx) => s.connectionActions.summary(await tenant(i.tenantId), i.provider, ctx.signal),
    'connections.detail': async (i, ctx) => s.connectionActions.detail(await tenant(i.tenantId), i.provider, i.externalId, ctx.signal),
    'connections.connect': async (i, ctx) => s.connectionActions.connect(await tenant(i.tenantId), i.provider, i.externalId, i.redirectUrl, ctx.signal),
    'connections.disconnect': async (i, ctx) => s.connectionActions.disconnect(await tenant(i.tenantId), i.provider, i.externalId, i.confirmText, ctx.signal),
    'connections.reconnectLinks': async (i, ctx) => s.connectionActions.reconnectLinks(await tenant(i.tenantId), i, ctx.signal),
    'connections.webhookStatus': async (i, ctx) => s.connectionActions.webhookStatus(await tenant(i.tenantId), i.provider, ctx.signal),
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
