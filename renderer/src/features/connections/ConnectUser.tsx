import { useEffect, useId, useState, type SyntheticEvent } from 'react'
import type { Tenant } from '../../../../preload/contract/models'
import { ErrorBox } from '../../components/ErrorBox'
import { useStore } from '../../store'

/** Seed step 3: start the OAuth flow for one end user. Main gets the profile token; it is never shown. */
export function ConnectUser({ tenant }: { tenant: Tenant }) {
  const ids = useId()
  const [externalId, setExternalId] = useState('')
  const [redirectUrl, setRedirectUrl] = useState('')
  const listed = useStore((s) => s.connectWhitelist[tenant.id])
  const loadWhitelist = useStore((s) => s.loadConnectWhitelist)
  const connect = useStore((s) => s.connectUser[tenant.id])
  const connectOneUser = useStore((s) => s.connectOneUser)
  const clearConnectUser = useStore((s) => s.clearConnectUser)
  useEffect(() => {
    clearConnectUser(tenant.id)
    void loadWhitelist(tenant.id)
  }, [tenant.id, loadWhitelist, clearConnectUser])
  const whitelist = listed?.value ?? []
  const whitelistLoaded = listed !== undefined && listed.status !== 'loading'
  const busy = connect?.status === 'loading'
  const result = connect?.status === 'done' ? connect.value : null
  const error = connect?.error ?? null

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault()
    await connectOneUser(tenant.id, externalId, redirectUrl || undefined)
  }

  return (
    <form className="conn-connect" onSubmit={(e) => void submit(e)} data-testid="conn-connect">
      <div className="conn-connect-fields">
        <div>
          <label htmlFor={`${ids}-x`}>End user externalId</label>
          <input id={`${ids}-x`} value={externalId} onChange={(e) => setExternalId(e.target.value)} spellCheck={false} data-testid="conn-connect-external-id" />
        </div>
        <div>
          <label htmlFor={`${ids}-r`}>Return the user to</label>
          <select id={`${ids}-r`} value={redirectUrl} onChange={(e) => setRedirectUrl(e.target.value)} data-testid="conn-connect-redirect" data-state={whitelistLoaded ? 'ready' : 'loading'}>
            <option value="">Default: {whitelist[0] ?? '(whitelist is empty)'}</option>
            {/* The first entry is the default above: listed once. */}
            {whitelist.slice(1).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy || !externalId.trim()} data-testid="conn-connect-submit">
          {busy ? 'Starting…' : 'Get authorization link'}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {result && (
        <div data-testid="conn-connect-result">
          <p className="hint">
            {result.profileCreated ? 'A new Sahha profile was registered for this externalId. ' : ''}Send the user to this link; after consent they
            return to {result.redirectUrlUsed}.
          </p>
          <div className="copy-row">
            <code data-testid="conn-authorization-url">{result.authorizationUrl}</code>
            <button type="button" onClick={() => void navigator.clipboard.writeText(result.authorizationUrl)}>
              Copy
            </button>
            <a href={result.authorizationUrl} target="_blank" rel="noreferrer" data-testid="conn-open-link">
              Open in browser
            </a>
          </div>
        </div>
      )}
    </form>
  )
}
