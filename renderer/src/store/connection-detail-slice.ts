import type { StateCreator } from 'zustand'
import type { ChannelOutput } from '../../../preload/contract/channels'
import type { ConnectionDetailModel, Tenant } from '../../../preload/contract/models'
import type { AppError, Result } from '../../../preload/contract/result'
import { findSecrets } from '../../../preload/contract/secret-patterns'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

type Disconnect = ChannelOutput<'connections.disconnect'>

/** One open connection's detail (admin-API tier): the detail, a generated reconnect link and the last action's error. */
export interface ConnDetailState {
  /** `tenantId|externalId`: an answer for another user than the one open is dropped. */
  key: string | null
  status: 'idle' | 'loading' | 'done' | 'error'
  value: ConnectionDetailModel | null
  /** The detail could not be read (shown with Retry); an in-place reload that fails keeps the last good detail and no error. */
  error: AppError | null
  link: string | null
  actionError: AppError | null
}

/** An incident bundle ready to save, or why nothing was written. */
export type IncidentBundle = { ok: true; filename: string; text: string } | { ok: false; message: string }

export interface ConnectionDetailSlice {
  connDetail: ConnDetailState
  /** `inPlace`: keep what is on screen (a generated link, the last good detail) while it reloads. */
  loadConnDetail(tenantId: string, externalId: string, inPlace?: boolean): Promise<void>
  reconnectConnDetail(tenantId: string, externalId: string): Promise<void>
  /** Disconnects and reloads the detail in place; answers main's result so the confirm box can close. */
  disconnectConnDetail(tenantId: string, externalId: string, confirmText: string | undefined): Promise<Result<Disconnect>>
  /** Main audits the export and answers the salted reference that stands for the user (the salt never leaves main). */
  buildIncidentBundle(tenant: Tenant, externalId: string, includeIds: boolean): Promise<IncidentBundle>
}

export const detailKey = (tenantId: string, externalId: string): string => `${tenantId}|${externalId}`
const EMPTY: ConnDetailState = { key: null, status: 'idle', value: null, error: null, link: null, actionError: null }

export const createConnectionDetailSlice: StateCreator<StoreState, [], [], ConnectionDetailSlice> = (set, get) => {
  const patch = (key: string, p: Partial<ConnDetailState>) => {
    if (get().connDetail.key === key) set({ connDetail: { ...get().connDetail, ...p } })
  }
  return {
    connDetail: EMPTY,

    async loadConnDetail(tenantId, externalId, inPlace = false) {
      const key = detailKey(tenantId, externalId)
      if (!inPlace || get().connDetail.key !== key) set({ connDetail: { ...EMPTY, key, status: 'loading' } })
      const r = await getApi().connections.detail({ tenantId, provider: 'oura', externalId })
      if (r.ok) patch(key, { status: 'done', value: r.value, error: null })
      else if (!inPlace) patch(key, { status: 'error', error: r.error })
    },

    async reconnectConnDetail(tenantId, externalId) {
      const key = detailKey(tenantId, externalId)
      patch(key, { actionError: null })
      const r = await getApi().connections.connect({ tenantId, provider: 'oura', externalId })
      if (r.ok) {
        patch(key, { link: r.value.authorizationUrl })
        void get().refreshLinksSent(tenantId)
      } else patch(key, { actionError: r.error })
    },

    async disconnectConnDetail(tenantId, externalId, confirmText) {
      const key = detailKey(tenantId, externalId)
      const r = await getApi().connections.disconnect({ tenantId, provider: 'oura', externalId, confirmText })
      if (!r.ok) {
        patch(key, { actionError: r.error })
        return r
      }
      // In place: the state, the diagnosis and the timeline follow the disconnect without blanking the panel.
      await get().loadConnDetail(tenantId, externalId, true)
      return r
    },

    async buildIncidentBundle(tenant, externalId, includeIds) {
      const d = get().connDetail.key === detailKey(tenant.id, externalId) ? get().connDetail.value : null
      if (!d) return { ok: false, message: 'Not exported: the detail is not loaded.' }
      const api = getApi()
      const [info, integ, audited] = await Promise.all([
        api.app.info({}),
        api.integrations.get({ tenantId: tenant.id, provider: 'oura' }),
        api.connections.bundleExported({ tenantId: tenant.id, externalId, includeIds })
      ])
      if (!audited.ok) return { ok: false, message: `Not exported: ${audited.error.message}` }
      const id = includeIds ? externalId : audited.value.subject
      const bundle = {
        kind: 'sahha-integrations-admin/incident-bundle',
        version: 1,
        createdAt: new Date().toISOString(),
        app: info.ok ? { version: info.value.version, transport: info.value.transport, platform: info.value.platform } : null,
        environment: tenant.environment,
        tenant: tenant.name,
        connection: { ...d, externalId: id, profileId: includeIds ? d.profileId : undefined, providerUserId: includeIds ? d.providerUserId : undefined },
        integration: integ.ok && integ.value.config ? { ...integ.value.config, clientSecretLast4: undefined } : null
      }
      const text = JSON.stringify(bundle, null, 2)
      if (findSecrets(text).length) return { ok: false, message: 'Not exported: the bundle looked like it contained a token or secret. Report this; nothing was written.' }
      return { ok: true, filename: `incident-${tenant.environment}-${includeIds ? externalId : id.slice(5, 17)}.json`, text }
    }
  }
}
