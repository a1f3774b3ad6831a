import { useEffect, useId, useMemo, useState } from 'react'
import type { IntegrationConfigModel, Tenant } from '../../../../preload/contract/models'
import { configToEdit, diffIntegration } from '../../../../preload/contract/rules/integration-diff'
import { EnvBadge } from '../../components/EnvBadge'
import { ErrorBox } from '../../components/ErrorBox'
import { useStore } from '../../store'
import { selectTenants, sortTenants } from '../../store/selectors'

const cell = (v: unknown) => (Array.isArray(v) ? v.join(', ') || '(none)' : v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : `${v as string | number | boolean}`)
const ROWS: { key: keyof IntegrationConfigModel; label: string }[] = [
  { key: 'enabled', label: 'Enabled' },
  { key: 'clientId', label: 'Client ID' },
  { key: 'scopes', label: 'Scopes requested' },
  { key: 'providerAppScopes', label: 'Scopes on the Oura app' },
  { key: 'redirectUrlWhitelist', label: 'Redirect URL whitelist' },
  { key: 'callbackUrl', label: 'Callback URL' },
  { key: 'version', label: 'Version' }
]

/**
 * Side-by-side diff of this tenant's integration and another tenant's (sandbox vs production, or any
 * two), and "promote": apply one to the other after showing exactly what changes.
 */
export function CompareView({ tenant }: { tenant: Tenant }) {
  const ids = useId()
  const tenants = useStore(selectTenants)
  const others = useMemo(() => sortTenants(tenants).filter((t) => t.id !== tenant.id), [tenants, tenant.id])
  const [otherId, setOtherId] = useState<string>(() => others.find((t) => t.name === tenant.name)?.id ?? others[0]?.id ?? '')
  const [direction, setDirection] = useState<'toOther' | 'toThis'>(() => (tenant.environment === 'production' ? 'toThis' : 'toOther'))
  const [copySecret, setCopySecret] = useState(false)
  const [confirm, setConfirm] = useState('')
  const other = others.find((t) => t.id === otherId) ?? null
  const [fromT, toT] = direction === 'toOther' ? [tenant, other] : [other, tenant]
  const comparison = useStore((s) => s.comparison)
  const promotion = useStore((s) => s.promotion)
  const compare = useStore((s) => s.compare)
  const promoteAction = useStore((s) => s.promote)
  const clearPromotion = useStore((s) => s.clearPromotion)
  useEffect(() => clearPromotion(), [clearPromotion, tenant.id])
  const pairKey = fromT && toT ? `${fromT.id}>${toT.id}` : null
  const fromId = fromT?.id
  const toId = toT?.id
  const load = async () => {
    if (fromId && toId) await compare(fromId, toId)
  }
  useEffect(() => {
    if (fromId && toId) void compare(fromId, toId)
  }, [compare, fromId, toId])
  const current = comparison.key === pairKey ? comparison : null
  const cmp = current?.status === 'done' ? current.value : null
  const error = current?.error ?? (promotion.status === 'error' ? promotion.error : null)
  const done = promotion.status === 'done' ? promotion.message : null

  const changes = useMemo(() => (cmp?.from ? diffIntegration(cmp.to ? configToEdit(cmp.to) : null, configToEdit(cmp.from)).map((c) => c.text) : []), [cmp])

  const promote = async () => {
    if (!fromT || !toT || !cmp) return
    const r = await promoteAction(
      { fromTenantId: fromT.id, toTenantId: toT.id, expectedToVersion: cmp.to?.version ?? null, copySecret, confirmName: toT.environment === 'production' ? confirm : undefined },
      toT.name
    )
    if (r.ok) setConfirm('')
  }

  if (others.length === 0) return <p className="empty card wide">Add another tenant (for example the production twin of this one) to compare them.</p>
  return (
    <section className="card wide" aria-labelledby={`${ids}-t`} data-testid="compare-view">
      <h2 id={`${ids}-t`}>Compare and promote</h2>
      <div className="conn-toolbar">
        <label htmlFor={`${ids}-o`}>Compare with</label>
        <select id={`${ids}-o`} value={otherId} onChange={(e) => setOtherId(e.target.value)} data-testid="compare-other">
          {others.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.environment})
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-d`}>Direction</label>
        <select id={`${ids}-d`} value={direction} onChange={(e) => setDirection(e.target.value as typeof direction)} data-testid="compare-direction">
          <option value="toOther">
            {tenant.name} → {other?.name}
          </option>
          <option value="toThis">
            {other?.name} → {tenant.name}
          </option>
        </select>
      </div>
      {error && <ErrorBox error={error} onRetry={() => void load()} />}
      {cmp && fromT && toT && (
        <>
          <table className="audit-table compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">
                  From: {fromT.name} <EnvBadge environment={fromT.environment} />
                </th>
                <th scope="col">
                  To: {toT.name} <EnvBadge environment={toT.environment} />
                </th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map((r) => {
                const a = cmp.from?.[r.key]
                const b = cmp.to?.[r.key]
                const differs = JSON.stringify(a) !== JSON.stringify(b)
                return (
                  <tr key={r.key} className={differs && r.key !== 'version' && r.key !== 'callbackUrl' ? 'differs' : undefined}>
                    <th scope="row">{r.label}</th>
                    <td>{cmp.from ? cell(a) : 'not configured'}</td>
                    <td>{cmp.to ? cell(b) : 'not configured'}</td>
                  </tr>
                )
              })}
              <tr>
                <th scope="row">Client secret</th>
                <td colSpan={2} data-testid="compare-secrets">
                  {cmp.secrets === 'same' ? 'Same in both' : cmp.secrets === 'different' ? 'Different' : 'Cannot tell (not in this keychain for both)'}
                </td>
              </tr>
            </tbody>
          </table>
          <h3>Promoting would change {toT.name}:</h3>
          {!cmp.from ? (
            <p className="empty">{fromT.name} has no Oura integration to promote.</p>
          ) : changes.length === 0 ? (
            <p data-testid="compare-same">Nothing: the configurations are the same.</p>
          ) : (
            <>
              <ul data-testid="compare-diff">
                {changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              <label className="radio">
                <input type="checkbox" checked={copySecret || !cmp.to} disabled={!cmp.to} onChange={(e) => setCopySecret(e.target.checked)} />
                Also copy the client secret (same Oura app in both){!cmp.to ? ': required to create the integration' : ''}
              </label>
              {toT.environment === 'production' && (
                <>
                  <label htmlFor={`${ids}-c`}>
                    Production: type <strong>{toT.name}</strong> to confirm
                  </label>
                  <input id={`${ids}-c`} value={confirm} onChange={(e) => setConfirm(e.target.value)} data-testid="promote-confirm" />
                </>
              )}
              <div className="actions">
                <button type="button" className="primary" disabled={toT.environment === 'production' && confirm.trim() !== toT.name} onClick={() => void promote()} data-testid="promote-submit">
                  Apply to {toT.name}
                </button>
              </div>
            </>
          )}
          {done && (
            <p className="good" role="status" data-testid="promote-done">
              {done}
            </p>
          )}
        </>
      )}
    </section>
  )
}
