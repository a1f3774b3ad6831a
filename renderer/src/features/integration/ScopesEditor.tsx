import type { IntegrationEditModel } from '../../../../preload/contract/models'
import type { ProviderDef, ScopeIssue } from './provider'

/**
 * Two columns per scope: what Sahha will request, and what the operator says is enabled on the
 * provider app. A scope requested but not enabled fails every user's OAuth flow ("Match your scopes").
 */
export function ScopesEditor({
  provider,
  edit,
  issues,
  onChange
}: {
  provider: ProviderDef
  edit: IntegrationEditModel
  issues: ScopeIssue[]
  onChange: (next: Pick<IntegrationEditModel, 'scopes' | 'providerAppScopes'>) => void
}) {
  const requested = new Set(edit.scopes)
  const enabled = new Set(edit.providerAppScopes ?? [])
  const notOnApp = new Set(issues.flatMap((i) => (i.code === 'SCOPE_NOT_ON_PROVIDER_APP' ? i.scopes : [])))
  const toggle = (list: 'scopes' | 'providerAppScopes', scope: string, on: boolean) => {
    const order = provider.scopes.map((s) => s.name)
    const current = new Set(list === 'scopes' ? edit.scopes : (edit.providerAppScopes ?? []))
    if (on) current.add(scope)
    else current.delete(scope)
    const sorted = order.filter((s) => current.has(s)).concat([...current].filter((s) => !order.includes(s)))
    onChange({ scopes: list === 'scopes' ? sorted : edit.scopes, providerAppScopes: list === 'providerAppScopes' ? sorted : edit.providerAppScopes })
  }
  const setAll = (list: 'scopes' | 'providerAppScopes', on: boolean) => {
    const all = on ? provider.scopes.map((s) => s.name) : []
    onChange({ scopes: list === 'scopes' ? all : edit.scopes, providerAppScopes: list === 'providerAppScopes' ? all : edit.providerAppScopes })
  }
  return (
    <section className="card wide" aria-labelledby="scopes-title" data-testid="scopes-editor">
      <h2 id="scopes-title">Scopes</h2>
      <p className="hint">
        Tick what Sahha should request, and record what is enabled on your {provider.displayName} app. They must match:
        a scope requested but not enabled on the app makes the OAuth flow fail for every user.
      </p>
      {issues.length > 0 && (
        <ul className="issues" data-testid="scope-issues">
          {issues.map((i) => (
            <li key={i.code + i.scopes.join()} className={i.blocking ? 'issue blocking' : 'issue warning'} role={i.blocking ? 'alert' : undefined}>
              <strong>{i.blocking ? 'Blocks saving: ' : 'Warning: '}</strong>
              {i.message}
            </li>
          ))}
        </ul>
      )}
      <table className="scopes-table">
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">
              Request in Sahha{' '}
              <button type="button" className="link" onClick={() => setAll('scopes', requested.size !== provider.scopes.length)}>
                {requested.size === provider.scopes.length ? 'none' : 'all'}
              </button>
            </th>
            <th scope="col">
              Enabled on {provider.displayName} app{' '}
              <button type="button" className="link" onClick={() => setAll('providerAppScopes', enabled.size !== provider.scopes.length)}>
                {enabled.size === provider.scopes.length ? 'none' : 'all'}
              </button>
            </th>
            <th scope="col">What it gives</th>
          </tr>
        </thead>
        <tbody>
          {provider.scopes.map((s) => (
            <tr key={s.name} className={notOnApp.has(s.name) ? 'mismatch' : undefined} data-testid={`scope-row-${s.name}`}>
              <td>
                <code>{s.name}</code>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Request ${s.name}`}
                  checked={requested.has(s.name)}
                  onChange={(e) => toggle('scopes', s.name, e.target.checked)}
                  data-testid={`scope-request-${s.name}`}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${s.name} enabled on the ${provider.displayName} app`}
                  checked={enabled.has(s.name)}
                  onChange={(e) => toggle('providerAppScopes', s.name, e.target.checked)}
                  data-testid={`scope-app-${s.name}`}
                />
              </td>
              <td className="hint">{s.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
