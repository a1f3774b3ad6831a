import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { IntegrationEditModel, IntegrationView, StorageWarning, Tenant } from '../../../../preload/contract/models'
import { EnvBadge } from '../../components/EnvBadge'
import { ErrorBox } from '../../components/ErrorBox'
import { useStore } from '../../store'
import { selectIntegrationEditor } from '../../store/integration-slice'
import { CallbackHelper } from './CallbackHelper'
import { ConflictMerge } from './ConflictMerge'
import { PreflightPanel } from './PreflightPanel'
import { ReplaceSecretDialog } from './ReplaceSecretDialog'
import { ScopesEditor } from './ScopesEditor'
import { WhitelistEditor } from './WhitelistEditor'
import { ConfigTransfer } from './ConfigTransfer'
import { SECRET_WORDING } from '../../components/secret-status'
import { ApplyChecklist } from './ApplyChecklist'
import { DataSource } from '../../components/DataSource'
import { VerifyLivePanel } from '../verify/VerifyLivePanel'
import {
  applyMergeChoices,
  checkScopeEdit,
  checkWhitelist,
  configToEdit,
  describeDiff,
  getProvider,
  mergeEdits,
  newEdit,
  type MergeConflict
} from './provider'

const PROVIDER = 'oura' as const
const DRAFT_DELAY_MS = 400

interface Conflict {
  theirs: NonNullable<IntegrationView['config']>
  etag: string | null
  conflicts: MergeConflict[]
  merged: IntegrationEditModel
  autoMerged: string[]
  choices: Record<string, 'mine' | 'theirs'>
}

/** Seed steps 1 and 2 for one tenant's Oura integration, with the pitfalls caught before saving. */
export function IntegrationEditor({ tenant }: { tenant: Tenant }) {
  const provider = getProvider(PROVIDER)
  // Main's side (the integration, draft, preflight, impact, save) lives in the store; the form being typed lives here.
  const st = useStore(selectIntegrationEditor(tenant.id))
  const loadIntegration = useStore((s) => s.loadIntegration)
  const adoptConfig = useStore((s) => s.adoptIntegrationConfig)
  const saveDraftAction = useStore((s) => s.saveDraft)
  const discardDraftAction = useStore((s) => s.discardDraft)
  const runPreflightAction = useStore((s) => s.runPreflight)
  const loadImpact = useStore((s) => s.loadImpact)
  const saveIntegration = useStore((s) => s.saveIntegration)
  const clearSaveError = useStore((s) => s.clearSaveError)
  const view = st.view.value
  const loadError = st.view.status === 'error' ? st.view.error : null
  const draftSavedAt = st.draft.savedAt
  const draftError = st.draft.error
  const preflight = st.preflight.result
  const preflightRunning = st.preflight.running
  const impact = st.impact.status === 'done' ? (st.impact.value?.liveConnections ?? null) : null
  const saving = st.save.status === 'saving'
  const saveError = st.save.error
  const [edit, setEdit] = useState<IntegrationEditModel | null>(null)
  const [baseVersion, setBaseVersion] = useState<number | null>(null)
  const [restoredDraftAt, setRestoredDraftAt] = useState<string | null>(null)
  const [reviewing, setReviewing] = useState(false)
  const [confirmName, setConfirmName] = useState('')
  const [overridePreflight, setOverridePreflight] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const [savedWarnings, setSavedWarnings] = useState<readonly StorageWarning[]>([])
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [replacing, setReplacing] = useState(false)
  const newSecretRef = useRef<HTMLInputElement>(null)
  const dirtyRef = useRef(false)

  const load = useCallback(async () => {
    const r = await loadIntegration(tenant.id)
    if (!r.ok) return
    const fromServer = r.value.config ? configToEdit(r.value.config) : newEdit(PROVIDER)
    if (r.value.draft) {
      setEdit(r.value.draft.edit)
      setBaseVersion(r.value.draft.baseVersion)
      setRestoredDraftAt(r.value.draft.savedAt)
    } else {
      setEdit(fromServer)
      setBaseVersion(r.value.config?.version ?? null)
      setRestoredDraftAt(null)
    }
    dirtyRef.current = false
  }, [tenant.id, loadIntegration])

  const resetEditor = useStore((s) => s.resetIntegrationEditor)
  useEffect(() => {
    resetEditor(tenant.id, ['draft', 'preflight', 'impact', 'save'])
    void load()
  }, [load, resetEditor, tenant.id])

  // Persist the draft in main as the operator types (debounced), so a crash or restart loses nothing.
  const draftWrite = useRef<Promise<void>>(Promise.resolve())
  useEffect(() => {
    if (!edit || !dirtyRef.current) return
    const timer = setTimeout(() => {
      if (dirtyRef.current) draftWrite.current = saveDraftAction(tenant.id, edit, baseVersion)
    }, DRAFT_DELAY_MS)
    return () => clearTimeout(timer)
  }, [edit, baseVersion, tenant.id, saveDraftAction])

  const change = (patch: Partial<IntegrationEditModel>) => {
    dirtyRef.current = true
    setSaved(null)
    setSavedWarnings([])
    setReviewing(false)
    setEdit((e) => (e ? { ...e, ...patch } : e))
  }

  const serverEdit = useMemo(() => (view?.config ? configToEdit(view.config) : null), [view])
  const scopeCheck = useMemo(() => (edit ? checkScopeEdit(PROVIDER, edit) : null), [edit])
  const whitelistCheck = useMemo(() => (edit ? checkWhitelist(edit.redirectUrlWhitelist) : null), [edit])
  const diff = useMemo(() => (edit ? describeDiff(serverEdit, edit) : []), [serverEdit, edit])

  if (loadError) return <ErrorBox error={loadError} onRetry={() => void load()} />
  if (!view || !edit || !scopeCheck || !whitelistCheck) return <p aria-busy="true">Loading the integration…</p>

  const creating = view.config === null
  const desired = view.mode === 'desired'
  const production = tenant.environment === 'production'
  const clientIdChanged = !creating && edit.clientId.trim() !== view.config?.clientId
  const needsConfirm = production && (clientIdChanged || creating)
  const blockingReasons = [
    ...scopeCheck.issues.filter((i) => i.blocking).map((i) => i.message),
    ...(whitelistCheck.listError ? [whitelistCheck.listError] : []),
    ...(whitelistCheck.errors.some(Boolean) ? ['Fix the redirect URL whitelist entries marked in red.'] : []),
    ...(edit.clientId.trim() === '' ? ['Enter the client ID from the Oura portal.'] : [])
  ]

  const runPreflight = async () => {
    const typed = newSecretRef.current?.value ?? ''
    return runPreflightAction(tenant.id, edit, typed === '' ? undefined : typed)
  }

  const openReview = async () => {
    clearSaveError(tenant.id)
    setReviewing(true)
    setOverridePreflight(false)
    if (clientIdChanged && !desired) await loadImpact(tenant.id)
    await runPreflight()
  }

  const save = async () => {
    const secret = newSecretRef.current?.value ?? ''
    // The draft is written now and the save waits for it: a draft write landing after the save (which discards the
    // draft) would bring the edit back with the old base version (seen in demo-persistence.e2e under load).
    if (dirtyRef.current) {
      dirtyRef.current = false
      draftWrite.current = saveDraftAction(tenant.id, edit, baseVersion)
    }
    await draftWrite.current
    const r = await saveIntegration({
      tenantId: tenant.id,
      provider: PROVIDER,
      edit,
      baseVersion,
      clientSecret: secret === '' ? undefined : secret,
      confirmName: needsConfirm ? confirmName : undefined
    })
    if (r.ok) {
      if (newSecretRef.current) newSecretRef.current.value = ''
      setSaved(`Saved as version ${r.value.config.version}.`)
      setSavedWarnings(r.value.storageWarnings ?? [])
      setReviewing(false)
      setConflict(null)
      setConfirmName('')
      await load()
      return
    }
    if (r.error.code === 'CONFLICT') {
      const current = (r.error.details as { current?: NonNullable<IntegrationView['config']> } | undefined)?.current
      if (current) {
        const m = mergeEdits(serverEdit ?? newEdit(PROVIDER), edit, configToEdit(current))
        setConflict({ theirs: current, etag: null, conflicts: m.conflicts, merged: m.merged, autoMerged: m.autoMerged, choices: {} })
        setReviewing(false)
        return
      }
    }
  }

  const applyMerge = () => {
    if (!conflict) return
    const next = applyMergeChoices(conflict.merged, conflict.conflicts, conflict.choices)
    dirtyRef.current = true
    adoptConfig(tenant.id, conflict.theirs)
    setBaseVersion(conflict.theirs.version)
    setEdit(next)
    setConflict(null)
    setReviewing(false)
  }

  const discardDraft = async () => {
    await discardDraftAction(tenant.id)
    await load()
  }

  return (
    <div className="integration-editor" data-testid="integration-editor">
      {restoredDraftAt && (
        <div className="banner info" role="status" data-testid="draft-restored">
          Restored your unsaved edit from {new Date(restoredDraftAt).toLocaleString()}.{' '}
          <button type="button" className="link" onClick={() => void discardDraft()} data-testid="discard-draft">
            Discard it
          </button>
          {baseVersion !== null && (view.config === null || view.config.version < baseVersion) && (
            <p className="warning-note" role="alert" data-testid="draft-base-gone">
              This edit was started from version {baseVersion} of the integration, which Sahha no longer has (
              {view.config ? `it is at version ${view.config.version} now` : 'there is no integration now'}
              {tenant.environment === 'demo' ? '; the Demo environment was reset' : ''}). Compare it with the current settings before saving: saving
              applies your whole edit, not only what you changed.
            </p>
          )}
        </div>
      )}
      {view.storageWarnings?.map((w) => (
        <div key={w.file} className="banner warning" role="status" data-testid="draft-unavailable">
          Your unsaved draft could not be restored: the {w.file === 'drafts' ? 'integration drafts' : w.file} file is damaged (see the notice above). You are
          editing the version saved at Sahha.
        </div>
      ))}
      {desired ? (
        <div className="banner info" role="note" data-testid="desired-mode">
          <strong>This Sahha host publishes no integration API.</strong> You edit the <em>desired</em> configuration, kept on this machine
          {view.config ? ` (version ${view.config.version}, saved ${new Date(view.config.updatedAt ?? '').toLocaleString()})` : ''}. Save it, apply it in the Sahha Dashboard with the checklist, then Verify live.
          {view.drift && view.drift.length > 0 && (
            <p className="bad" data-testid="desired-drift">
              The live integration differs from it in: {view.drift.join(', ')} (last Verify live).
            </p>
          )}
          <DataSource kinds={['local', 'sahha', 'oura']} note="Sahha's current values are read back only by Verify live." />
        </div>
      ) : (
        <DataSource kinds={['admin']} note="The integration below is read and written through the admin API of this host, our own contract." />
      )}
      <CallbackHelper provider={provider} callbackUrl={view.callbackUrl} />

      <section className="card wide" aria-labelledby="creds-title" data-testid="credentials">
        <div className="card-head">
          <h2 id="creds-title">Integration in Sahha</h2>
          <EnvBadge environment={tenant.environment} />
          {!creating && <span className="hint">version {view.config?.version}</span>}
        </div>
        <label className="radio">
          <input type="checkbox" checked={edit.enabled} onChange={(e) => change({ enabled: e.target.checked })} data-testid="integration-enabled" />
          Integration enabled
        </label>
        <label htmlFor="oura-client-id">Oura client ID</label>
        <input id="oura-client-id" value={edit.clientId} onChange={(e) => change({ clientId: e.target.value })} spellCheck={false} autoComplete="off" data-testid="oura-client-id" />
        {clientIdChanged && (
          <p className="warning-note" data-testid="client-id-warning">
            Changing the client ID makes every live connection fail its next refresh; users will have to reconnect.
          </p>
        )}
        <p className="label-like">Oura client secret</p>
        {creating ? (
          <>
            <label htmlFor="oura-client-secret" className="sr-only">
              Oura client secret
            </label>
            <input id="oura-client-secret" ref={newSecretRef} type="password" autoComplete="off" spellCheck={false} data-testid="oura-client-secret" />
            <p className="hint">Stored in the OS keychain and sent only to Sahha. It is never shown again.</p>
          </>
        ) : (
          <p data-testid="oura-secret-status">
            {desired ? "Sahha's copy cannot be read (no published API)" : view.config?.clientSecretSet ? `Set at Sahha${view.config.clientSecretLast4 ? ` (ends …${view.config.clientSecretLast4})` : ''}` : 'Not set at Sahha'}
            {' · '}
            {view.localSecret.state === 'missing' ? `${SECRET_WORDING.missing} (preflight cannot test it)` : view.localSecret.state === 'unavailable' ? `${SECRET_WORDING.unavailable} (unlock it, then reload)` : SECRET_WORDING.set}{' '}
            <button type="button" onClick={() => setReplacing(true)} data-testid="replace-secret">
              Replace secret…
            </button>
          </p>
        )}
      </section>

      <ScopesEditor provider={provider} edit={edit} issues={scopeCheck.issues} onChange={(p) => change(p)} />
      <WhitelistEditor entries={edit.redirectUrlWhitelist} check={whitelistCheck} onChange={(entries) => change({ redirectUrlWhitelist: entries })} />

      {conflict && (
        <ConflictMerge
          theirs={conflict.theirs}
          conflicts={conflict.conflicts}
          choices={conflict.choices}
          autoMerged={conflict.autoMerged}
          onChoose={(field, side) => setConflict({ ...conflict, choices: { ...conflict.choices, [field]: side } })}
          onSaveMerged={applyMerge}
          onDiscardMine={() => void discardDraft().then(() => setConflict(null))}
        />
      )}

      <section className="card wide save-bar" aria-label="Save" data-testid="save-section">
        <div className="actions">
          <button type="button" onClick={() => void runPreflight()} disabled={preflightRunning} data-testid="preflight-run">
            Run preflight
          </button>
          <button type="button" className="primary" onClick={() => void openReview()} disabled={blockingReasons.length > 0 || diff.length === 0} data-testid="review-save">
            Review &amp; save…
          </button>
          <span className="hint" data-testid="draft-status">
            {draftError ? `Draft not saved: ${draftError.message}` : draftSavedAt ? `Draft kept ${new Date(draftSavedAt).toLocaleTimeString()}` : diff.length === 0 ? 'No changes' : ''}
          </span>
        </div>
        {blockingReasons.length > 0 && (
          <ul className="blocking-reasons" data-testid="save-blocked">
            {blockingReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        {saved && (
          <p className="good" role="status" data-testid="saved">
            {saved}
          </p>
        )}
        {savedWarnings.length > 0 && (
          <div className="banner warning storage-warnings" role="status" data-testid="saved-warnings">
            {savedWarnings.map((w) => (
              <p key={w.file + w.message}>
                {w.message}
                {w.remedy && <span className="remedy"> {w.remedy}</span>}
              </p>
            ))}
          </div>
        )}
        {saveError && <ErrorBox error={saveError} />}
        {!reviewing && <PreflightPanel result={preflight} running={preflightRunning} />}
        {reviewing && (
          <div className="review" data-testid="review">
            <h3>What will change</h3>
            <ul data-testid="diff">
              {diff.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
            {impact !== null && (
              <p className="warning-note" data-testid="impact">
                {impact.toLocaleString()} live connections would need to reconnect after this client ID change.
              </p>
            )}
            <PreflightPanel result={preflight} running={preflightRunning} />
            {preflight && !preflight.ok && (
              <label className="radio">
                <input type="checkbox" checked={overridePreflight} onChange={(e) => setOverridePreflight(e.target.checked)} data-testid="override-preflight" />
                Save anyway: I have read the failed checks
              </label>
            )}
            {needsConfirm && (
              <>
                <label htmlFor="confirm-name">
                  Production: type <strong>{tenant.name}</strong> to confirm
                </label>
                <input id="confirm-name" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} data-testid="save-confirm-name" />
              </>
            )}
            <div className="actions">
              <button
                type="button"
                className="primary"
                onClick={() => void save()}
                disabled={saving || preflightRunning || !preflight || (!preflight.ok && !overridePreflight) || (needsConfirm && confirmName.trim() !== tenant.name)}
                data-testid="confirm-save"
              >
                {saving ? 'Saving…' : desired ? 'Save desired configuration' : creating ? 'Create integration' : 'Save integration'}
              </button>
              <button type="button" onClick={() => setReviewing(false)}>
                Back to editing
              </button>
            </div>
          </div>
        )}
      </section>
      {desired && view.config && serverEdit && <ApplyChecklist tenant={tenant} edit={serverEdit} version={view.config.version} />}
      {desired && view.history && view.history.length > 0 && (
        <details className="card wide" data-testid="desired-history">
          <summary>Version history ({view.history.length})</summary>
          <ol reversed>
            {[...view.history].reverse().map((v) => (
              <li key={v.version}>
                v{v.version} · {new Date(v.savedAt).toLocaleString()} · {v.changes.join('; ') || 'no field changed'}
              </li>
            ))}
          </ol>
        </details>
      )}
      <VerifyLivePanel tenant={tenant} saved={view.verification ?? null} onDone={() => void load()} />
      <ConfigTransfer tenant={tenant} view={view} current={serverEdit} onLoad={(e) => change(e)} />
      {replacing && view.config && (
        <ReplaceSecretDialog
          tenant={tenant}
          provider={PROVIDER}
          baseVersion={view.config.version}
          onCancel={() => setReplacing(false)}
          onDone={() => {
            setReplacing(false)
            void load()
          }}
        />
      )}
    </div>
  )
}
