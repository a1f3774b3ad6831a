import type { StateCreator } from 'zustand'
import type { VerificationResult, WebhookHealthResult } from '../../../preload/contract/models'
import type { AppError, Result } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'

type Load<T> = { status: 'idle' | 'loading' | 'done' | 'error'; value: T | null; error: AppError | null }
const idle = { status: 'idle', value: null, error: null } as const

export interface VerifyState extends Load<VerificationResult> {
  operationId: string | null
  progress: { loaded: number; total: number | null; message?: string } | null
}

/** Webhook health from Oura, Verify live, and the secret copy of the Apply checklist, per tenant. */
export interface DocumentedSlice {
  webhookHealth: Readonly<Record<string, Load<WebhookHealthResult>>>
  verify: Readonly<Record<string, VerifyState>>
  secretCopy: Readonly<Record<string, { status: 'copying' | 'copied' | 'unavailable' | 'error'; message: string }>>
  loadWebhookHealth(tenantId: string): Promise<Result<WebhookHealthResult>>
  verifyLive(tenantId: string, pasted: string[]): Promise<Result<VerificationResult>>
  cancelVerify(tenantId: string): Promise<void>
  onVerifyProgress(p: { operationId: string; loaded: number; total: number | null; message?: string }): void
  copySecret(tenantId: string): Promise<void>
}

export const createDocumentedSlice: StateCreator<StoreState, [], [], DocumentedSlice> = (set, get) => ({
  webhookHealth: {},
  verify: {},
  secretCopy: {},

  async loadWebhookHealth(tenantId) {
    const prev = get().webhookHealth[tenantId] ?? idle
    set({ webhookHealth: { ...get().webhookHealth, [tenantId]: { ...prev, status: 'loading', error: null } } })
    const r = await getApi().webhooks.health({ tenantId, provider: 'oura' })
    set({ webhookHealth: { ...get().webhookHealth, [tenantId]: r.ok ? { status: 'done', value: r.value, error: null } : { status: 'error', value: prev.value, error: r.error } } })
    return r
  },

  async verifyLive(tenantId, pasted) {
    const operationId = crypto.randomUUID().replace(/-/g, '')
    const prev = get().verify[tenantId]
    set({ verify: { ...get().verify, [tenantId]: { status: 'loading', value: prev?.value ?? null, error: null, operationId, progress: null } } })
    const r = await getApi().integrations.verifyLive({ tenantId, provider: 'oura', operationId, pasted })
    set({
      verify: {
        ...get().verify,
        [tenantId]: r.ok
          ? { status: 'done', value: r.value.cancelled ? (prev?.value ?? r.value) : r.value, error: null, operationId: null, progress: null }
          : { status: 'error', value: prev?.value ?? null, error: r.error, operationId: null, progress: null }
      }
    })
    // The sidebar's drift badge follows the new verification.
    if (r.ok && !r.value.cancelled) await get().loadTenants()
    return r
  },

  async cancelVerify(tenantId) {
    const op = get().verify[tenantId]?.operationId
    if (op) await getApi().operations.cancel({ operationId: op })
  },

  onVerifyProgress(p) {
    const entry = Object.entries(get().verify).find(([, v]) => v.operationId === p.operationId)
    if (!entry) return
    set({ verify: { ...get().verify, [entry[0]]: { ...entry[1], progress: { loaded: p.loaded, total: p.total, message: p.message } } } })
  },

  async copySecret(tenantId) {
    set({ secretCopy: { ...get().secretCopy, [tenantId]: { status: 'copying', message: 'Copying…' } } })
    const r = await getApi().integrations.copySecret({ tenantId, provider: 'oura' })
    const next = !r.ok
      ? { status: 'error' as const, message: `${r.error.message} ${r.error.remedy ?? ''}`.trim() }
      : r.value.copied
        ? { status: 'copied' as const, message: `Copied by the app; the clipboard is cleared at ${r.value.clearsAt ? new Date(r.value.clearsAt).toLocaleTimeString() : 'in 30 s'}.` }
        : { status: 'unavailable' as const, message: r.value.reason ?? 'Not available here.' }
    set({ secretCopy: { ...get().secretCopy, [tenantId]: next } })
  }
})
