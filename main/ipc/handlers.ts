import { appError } from '../errors'
import type { Handlers } from './dispatch'
import type { Services } from '../compose'

/** Thin: each handler maps a validated input to one service call. Logic lives in the services. */
export function createHandlers(s: Services): Handlers {
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
    'tenants.update': (input) => s.tenants.update(input),
    'tenants.remove': async (input) => {
      await s.tenants.remove(input.id, input.confirmName)
      return { removed: true as const }
    },
    'tenants.check': async (input, ctx) => {
      if (!s.checkTenant) throw appError('INTERNAL', 'Connectivity check is not wired.', { retryable: false })
      return s.checkTenant(input.id, ctx.signal)
    }
  }
}
