import { useEffect, useId, useState } from 'react'
import type { IntegrationEditModel, IntegrationView, Tenant } from '../../../../preload/contract/models'
import { downloadText } from '../../lib/download'
import { describeDiff } from './provider'

// The file's schema (zod) loads with this card, not with the app's first script.
const configFile = () => import('../../../../preload/contract/rules/config-file')

/**
 * Export this tenant's integration as a JSON file (secrets listed as "to be entered"), or import one:
 * validated with an error per field, previewed as a diff, then loaded into the editor, where the normal
 * review, preflight and confirmation apply. Import never saves by itself.
 */
export function ConfigTransfer({ tenant, view, current, onLoad }: { tenant: Tenant; view: IntegrationView; current: IntegrationEditModel | null; onLoad: (edit: IntegrationEditModel) => void }) {
  const ids = useId()
  const [preview, setPreview] = useState<{ edit: IntegrationEditModel; diff: string[]; warnings: string[] } | null>(null)
  const [errors, setErrors] = useState<{ field: string; message: string }[] | null>(null)
  useEffect(() => void configFile(), [])

  const exportFile = async () => {
    if (!view.config) return
    const c = view.config
    const { buildConfigFile } = await configFile()
    const file = buildConfigFile({ tenant: tenant.name, environment: tenant.environment }, [
      { provider: c.provider, enabled: c.enabled, clientId: c.clientId, scopes: c.scopes, providerAppScopes: c.providerAppScopes, redirectUrlWhitelist: c.redirectUrlWhitelist }
    ])
    downloadText(`integration-config-${tenant.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${tenant.environment}.json`, JSON.stringify(file, null, 2), 'application/json')
  }

  const importFile = async (f: File) => {
    setPreview(null)
    setErrors(null)
    const { parseConfigFile } = await configFile()
    const r = parseConfigFile(await f.text())
    if (!r.ok) { setErrors(r.errors); return; }
    const oura = r.integrations.find((i) => i.provider === 'oura')
    if (!oura) { setErrors([{ field: 'integrations', message: 'The file has no Oura integration.' }]); return; }
    const { provider: _p, ...edit } = oura
    setPreview({ edit, diff: describeDiff(current, edit), warnings: r.warnings })
  }

  return (
    <section className="card wide" aria-labelledby={`${ids}-t`} data-testid="config-transfer">
      <h2 id={`${ids}-t`}>Copy this configuration</h2>
      <p className="hint">Export to reuse scopes and whitelist on another tenant or environment. Client secrets are never in the file.</p>
      <div className="actions">
        <button type="button" onClick={() => void exportFile()} disabled={!view.config} data-testid="config-export">
          Export config…
        </button>
        <label className="file-button">
          Import config…
          <input type="file" accept="application/json,.json" className="sr-only" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} data-testid="config-import" />
        </label>
      </div>
      {errors && (
        <div className="error-box" role="alert" data-testid="config-import-errors">
          <strong>This file cannot be imported:</strong>
          <ul>
            {errors.map((e) => (
              <li key={e.field + e.message}>
                <code>{e.field}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview && (
        <div className="review" data-testid="config-import-preview">
          <h3>What importing would change here</h3>
          {preview.diff.length === 0 ? <p>Nothing: this tenant already has this configuration.</p> : (
            <ul>
              {preview.diff.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          {preview.warnings.map((w) => (
            <p key={w} className="hint">
              ⚠ {w}
            </p>
          ))}
          <p className="hint">Loading puts it in the editor; nothing is saved until you review and save. {view.config ? '' : 'You will be asked for the client secret.'}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                onLoad(preview.edit)
                setPreview(null)
              }}
              data-testid="config-import-load"
            >
              Load into the editor
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  )
}
