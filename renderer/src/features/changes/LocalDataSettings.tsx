import { useEffect, useState } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import type { AppError } from '../../../../preload/contract/result'
import { TIER_LIMITS } from '../../../../preload/contract/diagnosis/documented-tier'
import { ErrorBox, fieldMessage } from '../../components/ErrorBox'
import { useStore } from '../../store'
import { adminApiOf } from '../../store/selectors'

interface Field {
  key: string
  label: string
  hint: string
  unit: string
}

/** '' and anything that is not a number are sent as not-a-number, so main answers with that field's own message. */
const num = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v))

/**
 * A small settings form: what was typed stays in the fields whatever main answers; a refusal is shown at the
 * field it names (typed error from main's schema), anything else under the form.
 */
function SettingsForm({ id, title, fields, initial, save, note }: { id: string; title: string; fields: Field[]; initial: Record<string, number> | null; save: (v: Record<string, number>) => Promise<AppError | null>; note: string }) {
  const [values, setValues] = useState<Record<string, string> | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (initial && values === null) setValues(Object.fromEntries(fields.map((f) => [f.key, String(initial[f.key] ?? '')])))
  }, [initial, values, fields])
  if (!values) return <p aria-busy="true">Loading {title.toLowerCase()}…</p>
  const fieldErr = (k: string) => fieldMessage(error, k)
  const general = error && !fields.some((f) => f.key === error.field) ? error : null
  return (
    <form
      className="settings-form"
      data-testid={id}
      aria-label={title}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        setBusy(true)
        setSaved(null)
        void save(Object.fromEntries(fields.map((f) => [f.key, num(values[f.key] ?? '')]))).then((err) => {
          setBusy(false)
          setError(err)
          if (!err) setSaved(new Date().toLocaleTimeString())
        })
      }}
    >
      <h3>{title}</h3>
      <p className="hint">{note}</p>
      <div className="settings-fields">
        {fields.map((f) => (
          <div key={f.key} className="settings-field">
            <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
            <span className="settings-input">
              <input
                id={`${id}-${f.key}`}
                inputMode="decimal"
                value={values[f.key] ?? ''}
                aria-invalid={fieldErr(f.key) ? true : undefined}
                aria-describedby={`${id}-${f.key}-hint`}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                data-testid={`${id}-${f.key}`}
              />
              <span className="hint">{f.unit}</span>
            </span>
            <span id={`${id}-${f.key}-hint`} className={fieldErr(f.key) ? 'field-error' : 'hint'} role={fieldErr(f.key) ? 'alert' : undefined} data-testid={fieldErr(f.key) ? `${id}-${f.key}-error` : undefined}>
              {fieldErr(f.key) ?? f.hint}
            </span>
          </div>
        ))}
      </div>
      {general && <ErrorBox error={general} />}
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={busy} data-testid={`${id}-save`}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {saved && !error && (
          <span className="hint" role="status" data-testid={`${id}-saved`}>
            Saved at {saved}.
          </span>
        )}
      </div>
    </form>
  )
}

const LOCAL_FIELDS: Field[] = [
  { key: 'retentionDays', label: 'Keep history for', unit: 'days', hint: 'Syncs and state changes older than this are deleted (1–365).' },
  { key: 'alertAbsolute', label: 'Alert when a failure mode rises by at least', unit: 'users', hint: 'The absolute threshold of a spike alert.' },
  { key: 'alertRelative', label: '…and by at least', unit: '% of the previous sync', hint: 'The relative threshold; both must be met (a mode that was at 0 needs only the absolute one).' }
]
const TIER_FIELDS: Field[] = [
  { key: 'windowDays', label: 'Look for data over the last', unit: 'days', hint: `How far back the data calls look (${TIER_LIMITS.windowDays.join('–')}).` },
  { key: 'freshDays', label: 'Data is fresh when newer than', unit: 'days', hint: `1–2 days without Oura sleep data is normal (${TIER_LIMITS.freshDays.join('–')}).` },
  { key: 'concurrency', label: 'Requests in flight at once', unit: 'per tenant', hint: `Lower it if Sahha answers 429 often (${TIER_LIMITS.concurrency.join('–')}).` }
]

/** Per-tenant settings of the local connection store (retention, spike thresholds) and, without the admin API, of the documented scan. */
export function LocalDataSettings({ tenant }: { tenant: Tenant }) {
  const local = useStore((s) => s.localSettingsByTenant[tenant.id])
  const loadLocal = useStore((s) => s.loadLocalSettings)
  const saveLocal = useStore((s) => s.saveLocalSettings)
  const documented = adminApiOf(tenant) === 'absent'
  const tierSettings = useStore((s) => (s.tierTenantId === tenant.id ? (s.tierStatus?.settings ?? null) : null))
  const loadTier = useStore((s) => s.loadTierStatus)
  const saveTier = useStore((s) => s.saveTierSettings)
  useEffect(() => {
    void loadLocal(tenant.id)
    if (documented) void loadTier(tenant.id)
  }, [tenant.id, documented, loadLocal, loadTier])
  const initial = local?.value ? { ...local.value, alertRelative: Math.round(local.value.alertRelative * 10_000) / 100 } : null
  return (
    <section className="card wide" aria-label="Local data settings" data-testid="local-settings">
      {local?.error && !local.value && <ErrorBox error={local.error} onRetry={() => void loadLocal(tenant.id)} />}
      <SettingsForm
        key={`local-${tenant.id}`}
        id="local-settings-form"
        title="Local data settings"
        note="Kept with this tenant's local connection store on this machine; applied from the next sync."
        fields={LOCAL_FIELDS}
        initial={initial}
        save={(v) => saveLocal(tenant.id, { retentionDays: v.retentionDays!, alertAbsolute: v.alertAbsolute!, alertRelative: Number.isNaN(v.alertRelative!) ? Number.NaN : v.alertRelative! / 100 })}
      />
      {documented && (
        <SettingsForm
          key={`tier-${tenant.id}`}
          id="tier-settings-form"
          title="Documented scan settings"
          note="How the per-profile scan of Sahha's documented endpoints decides a state; applied from the next scan."
          fields={TIER_FIELDS}
          initial={tierSettings ? { ...tierSettings } : null}
          save={(v) => saveTier(tenant.id, { windowDays: v.windowDays!, freshDays: v.freshDays!, concurrency: v.concurrency! })}
        />
      )}
    </section>
  )
}
