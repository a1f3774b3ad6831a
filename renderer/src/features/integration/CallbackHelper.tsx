import { useState } from 'react'
import type { ProviderDef } from './provider'

/** Seed step 1: what to set on the provider's developer portal, with the callback URL to copy. */
export function CallbackHelper({ provider, callbackUrl }: { provider: ProviderDef; callbackUrl: string }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard.writeText(callbackUrl)
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <section className="card wide" aria-labelledby="step1-title" data-testid="step1">
      <h2 id="step1-title">Register your {provider.displayName} app</h2>
      <p>
        On the{' '}
        <a href={provider.portalUrl} target="_blank" rel="noreferrer">
          {provider.displayName} developer portal
        </a>
        , create an OAuth2 application and add this exact redirect URI:
      </p>
      <div className="copy-row">
        <code data-testid="callback-url">{callbackUrl}</code>
        <button type="button" onClick={() => void copy()} data-testid="copy-callback">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {provider.userCapUntilApproved !== null && (
        <p className="warning-note" role="note" data-testid="user-cap-note">
          Until {provider.displayName} approves your app, at most {provider.userCapUntilApproved} users can connect. Request approval on the portal before onboarding real users.
        </p>
      )}
      <ul className="checklist">
        {provider.portalChecklist.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  )
}
