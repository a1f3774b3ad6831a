import type { StateCreator } from 'zustand'
import type { ChannelInput, ChannelOutput } from '../../../preload/contract/channels'
import type { IntegrationEditModel, IntegrationView, PreflightResult } from '../../../preload/contract/models'
import type { AppError, Result } from '../../../preload/contract/result'
import { getApi } from '../lib/api'
import type { StoreState } from './index'
import { loading, settled, type Load } from './load'

const PROVIDER = 'oura' as const
type Impact = ChannelOutput<'integrations.impact'>

/** The integration editor's dealings with main, per tenant; the form being typed stays in the editor. */
export interface IntegrationEditorState {
  view: Load<IntegrationView>
  draft: { savedAt: string | null; error: AppError | null }
  preflight: { running: boolean; result: PreflightResult | null }
  impact: Load<Impact>
  save: { status: 'idle' | 'saving' | 'done' | 'error'; error: AppError | null }
  replace: { status: 'idle' | 'saving' | 'error'; error: AppError | null }
}
const fresh: IntegrationEditorState = {
  view: { status: 'idle', value: null, error: null },
  draft: { savedAt: null, error: null },
  preflight: { running: false, result: null },
  impact: { status: 'idle', value: null, error: null },
  save: { status: 'idle', error: null },
  replace: { status: 'idle', error: null }
}

export interface IntegrationSlice {
  integrationEditor: Readonly<Record<string, IntegrationEditorState>>
  loadIntegration(tenantId: string): Promise<Result<IntegrationView>>
  /** A screen that opens afresh starts these parts afresh (an earlier visit's preflight or error says nothing now). */
  resetIntegrationEditor(tenantId: string, parts: readonly (keyof IntegrationEditorState)[]): void
  /** After a merge the editor works on top of the version it was shown. */
  adoptIntegrationConfig(tenantId: string, config: NonNullable<IntegrationView['config']>): void
  saveDraft(tenantId: string, edit: IntegrationEditModel, baseVersion: number | null): Promise<void>
  discardDraft(tenantId: string): Promise<void>
  runPreflight(tenantId: string, edit: IntegrationEditModel, clientSecret?: string): Promise<PreflightResult | null>
  loadImpact(tenantId: string): Promise<Result<Impact>>
  saveIntegration(input: ChannelInput<'integrations.save'>): Promise<Result<ChannelOutput<'integrations.save'>>>
  clearSaveError(tenantId: string): void
  replaceSecret(input: ChannelInput<'integrations.replaceSecret'>): Promise<Result<ChannelOutput<'integrations.replaceSecret'>>>
}

export const createIntegrationSlice: StateCreator<StoreState, [], [], IntegrationSlice> = (set, get) => {
  const of = (tenantId: string) => get().integrationEditor[tenantId] ?? fresh
  const patch = (tenantId: string, p: Partial<IntegrationEditorState>) => set({ integrationEditor: { ...get().integrationEditor, [tenantId]: { ...of(tenantId), ...p } } })
  // A local file that failed (drafts, audit log) shows in the recovery banner, with its reset.
  const storageTrouble = (code: string | undefined) => {
    if (code?.startsWith('STORAGE_')) void get().loadAppInfo()
  }
  return {
    integrationEditor: {},
    async loadIntegration(tenantId) {
      patch(tenantId, { view: loading(of(tenantId).view) })
      const r = await getApi().integrations.get({ tenantId, provider: PROVIDER })
      patch(tenantId, { view: settled(r, of(tenantId).view) })
      if (r.ok && r.value.storageWarnings?.length) void get().loadAppInfo()
      return r
    },
    resetIntegrationEditor(tenantId, parts) {
      patch(tenantId, Object.fromEntries(parts.map((k) => [k, fresh[k]])))
    },
    adoptIntegrationConfig(tenantId, config) {
      const v = of(tenantId).view
      if (v.value) patch(tenantId, { view: { ...v, value: { ...v.value, config } } })
    },
    async saveDraft(tenantId, edit, baseVersion) {
      const r = await getApi().drafts.save({ tenantId, provider: PROVIDER, edit, baseVersion })
      patch(tenantId, { draft: r.ok ? { savedAt: r.value.savedAt, error: null } : { savedAt: of(tenantId).draft.savedAt, error: r.error } })
      if (!r.ok) storageTrouble(r.error.code)
    },
    async discardDraft(tenantId) {
      await getApi().drafts.discard({ tenantId, provider: PROVIDER })
      patch(tenantId, { draft: { savedAt: null, error: null } })
    },
    async runPreflight(tenantId, edit, clientSecret) {
      patch(tenantId, { preflight: { ...of(tenantId).preflight, running: true } })
      const r = await getApi().integrations.preflight({ tenantId, provider: PROVIDER, edit, clientSecret })
      patch(tenantId, {
        preflight: { running: false, result: r.ok ? r.value : of(tenantId).preflight.result },
        ...(r.ok ? {} : { save: { status: 'error', error: r.error } })
      })
      return r.ok ? r.value : null
    },
    async loadImpact(tenantId) {
      patch(tenantId, { impact: loading(undefined) })
      const r = await getApi().integrations.impact({ tenantId, provider: PROVIDER })
      patch(tenantId, { impact: settled(r, undefined) })
      return r
    },
    async saveIntegration(input) {
      patch(input.tenantId, { save: { status: 'saving', error: null } })
      const r = await getApi().integrations.save(input)
      // A conflict that comes with the current version is the editor's to merge, not an error to show.
      const mergeable = !r.ok && r.error.code === 'CONFLICT' && (r.error.details as { current?: unknown } | undefined)?.current !== undefined
      patch(input.tenantId, { save: r.ok ? { status: 'done', error: null } : mergeable ? { status: 'idle', error: null } : { status: 'error', error: r.error } })
      if (r.ok) {
        patch(input.tenantId, { draft: { ...of(input.tenantId).draft, error: null } })
        if (r.value.storageWarnings?.length) void get().loadAppInfo()
      }
      return r
    },
    clearSaveError(tenantId) {
      patch(tenantId, { save: { status: 'idle', error: null } })
    },
    async replaceSecret(input) {
      patch(input.tenantId, { replace: { status: 'saving', error: null } })
      const r = await getApi().integrations.replaceSecret(input)
      patch(input.tenantId, { replace: r.ok ? { status: 'idle', error: null } : { status: 'error', error: r.error } })
      return r
    }
  }
}

export const selectIntegrationEditor = (tenantId: string) => (s: StoreState): IntegrationEditorState => s.integrationEditor[tenantId] ?? fresh
