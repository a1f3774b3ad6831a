/**
 * The failure-mode catalogue of failure-modes.md §1: stable ids (never rename, only add), what the
 * operator sees, cause, how to confirm, remedy, resulting state, and the one action the app offers.
 */
export type DiagnosisAction =
  | 'reconnect_link'
  | 'check_integration_scopes'
  | 'fix_credentials'
  | 'register_callback'
  | 'fix_whitelist'
  | 'ask_user_update_app'
  | 'ask_user_renew_membership'
  | 'request_oura_approval'
  | 'contact_sahha_support'
  | 'wait'
  | 'none'

export interface FailureMode {
  readonly id: string
  readonly title: string
  readonly sees: string
  readonly cause: string
  readonly confirm: string
  readonly remedy: string
  readonly state: string
  readonly action: DiagnosisAction
}

export const CATALOG: readonly FailureMode[] = [
  { id: 'SAHHA_REDIRECT_NOT_WHITELISTED', title: 'redirectUrl not on the whitelist', sees: 'Sahha refuses the authorize call (400, origin redirectUrl).', cause: "The redirectUrl passed is not on the integration's Redirect URL Whitelist.", confirm: 'Compare the URL with each whitelist entry (scheme and host case, default port, IDN; path and query exact).', remedy: 'Add the exact URL to the whitelist, or omit redirectUrl so the first entry (the default) is used.', state: 'unchanged', action: 'fix_whitelist' },
  { id: 'OURA_REDIRECT_MISMATCH', title: "Sahha's callback is not registered on the Oura app", sees: 'An Oura page "Redirect URI Not Found" (or similar) and no return; invalid_redirect_uri at code exchange.', cause: "Sahha's callback for this environment is not registered exactly on the Oura app (sandbox vs production, trailing slash, http, typo).", confirm: 'Compare redirect_uri inside authorizationUrl with the Redirect URIs on the Oura portal; new connections stay pending.', remedy: 'Register exactly the callback URL shown in step 1 for this environment on the Oura app, then resend links.', state: 'pending', action: 'register_callback' },
  { id: 'OURA_SCOPE_NOT_ON_APP', title: 'Scope requested but not enabled on the Oura app', sees: 'The OAuth flow fails: invalid_scope "Scope not enabled for this application".', cause: 'Integration scopes include scopes not enabled on the Oura app; Sahha selects all 11 by default.', confirm: 'Integration scopes minus the scopes enabled on the Oura app is not empty.', remedy: 'Deselect those scopes in the integration, or enable them on the Oura app; save; resend links.', state: 'error', action: 'check_integration_scopes' },
  { id: 'OURA_SCOPE_UNKNOWN', title: 'Unknown scope requested', sees: 'invalid_scope naming the scope, or the scope silently missing from the granted list.', cause: 'A scope string outside the 11 (activity, a typo, spo2Daily) or a comma-separated list.', confirm: 'Every requested scope must be one of the 11 Oura scopes, separated by spaces.', remedy: 'Fix the scope names in the integration; resend links.', state: 'error', action: 'check_integration_scopes' },
  { id: 'OURA_SCOPES_UNTICKED', title: 'User switched scopes off at consent', sees: 'Granted scopes shorter than requested; later 403 "Missing Scopes".', cause: "The user switched scopes off on Oura's consent screen, which Oura allows.", confirm: 'grantedScopes is a strict subset of the requested scopes at consent.', remedy: 'Send a reconnect link asking the user to leave all scopes on, or accept less data.', state: 'scope_missing', action: 'reconnect_link' },
  { id: 'OURA_SCOPES_ADDED_LATER', title: 'Scopes added after the user connected', sees: '403 "Missing Scopes" on data types added to the integration later.', cause: 'A token only covers the scopes consented to; adding scopes does not extend it.', confirm: "The missing scopes are absent from the authorized event's requestedScopes; the integration changed after connectedAt.", remedy: 'Bulk reconnect links for the affected users.', state: 'scope_missing', action: 'reconnect_link' },
  { id: 'OURA_ACCESS_DENIED', title: 'User denied access', sees: 'Callback error=access_denied with no code.', cause: 'The user pressed Deny or cancelled.', confirm: 'Timeline consent_denied; the integration itself is fine.', remedy: 'Not a configuration fault: check with the user, then send a new link.', state: 'unchanged', action: 'reconnect_link' },
  { id: 'OURA_INVALID_CLIENT', title: 'Client ID or secret wrong', sees: 'Token endpoint invalid_client; an Oura page "Invalid Client ID".', cause: 'Client ID or secret in Sahha differs from the Oura app: typo, secret regenerated, sandbox and production pairs swapped.', confirm: 'Preflight: the token probe answers invalid_client, not invalid_grant; every user fails after consent and on refresh.', remedy: 'Copy the Client ID and Client Secret from the Oura portal into the integration again.', state: 'error', action: 'fix_credentials' },
  { id: 'OURA_NEW_PORTAL_TOKEN_ENDPOINT', title: 'App made on the new Oura portal', sees: 'Every refresh: 400 invalid_request "Invalid request".', cause: 'The app was created on developer.ouraring.com; the classic token endpoint rejects its credentials.', confirm: 'All connections of the integration fail together on first refresh with that 400; ask which portal the app was made on.', remedy: 'Escalate to Sahha support naming the integration and portal; try an app registered at cloud.ouraring.com/oauth/applications.', state: 'error', action: 'contact_sahha_support' },
  { id: 'OURA_REFRESH_TOKEN_REUSED', title: 'Refresh token used twice', sees: 'invalid_grant "Token Already Used Or Revoked".', cause: 'Refresh tokens are single-use; two concurrent refreshes, or a retry after a lost reply, burned it.', confirm: 'Two refresh events within 60 s, the later one failing.', remedy: 'Send a reconnect link; many at once point to a refresh race on Sahha’s side: report it.', state: 'needs_reauth', action: 'reconnect_link' },
  { id: 'OURA_USER_REVOKED', title: 'User revoked access in Oura', sees: 'Data calls 401, then refresh invalid_grant "Token Already Used Or Revoked".', cause: "The user removed the app's access in their Oura account.", confirm: 'A 401 api_error precedes a single failing refresh; no concurrent refresh.', remedy: 'Ask the user whether they meant to disconnect; send a link if they want back in.', state: 'needs_reauth', action: 'reconnect_link' },
  { id: 'OURA_ACCESS_TOKEN_EXPIRED', title: 'Access token expired (normal)', sees: '401 "Expired Token".', cause: 'The access token passed expires_in (typically 24 h); normal.', confirm: 'accessTokenExpiresAt is past and a token_refreshed follows.', remedy: 'None: refresh is automatic.', state: 'connected', action: 'none' },
  { id: 'OURA_MEMBERSHIP_EXPIRED', title: 'Oura membership expired', sees: 'Data calls 403 (not "Missing Scopes") while refresh works.', cause: 'Gen 3/4 users need an active Oura Membership for API data.', confirm: '403 whose title is not "Missing Scopes", on a granted data type, while refresh succeeds.', remedy: 'The user renews the membership; a reconnect link will not help.', state: 'membership_expired', action: 'ask_user_renew_membership' },
  { id: 'OURA_APP_OUTDATED', title: "User's Oura app is outdated", sees: 'HTTP 426 on a data call.', cause: "The user's Oura mobile app is below the minimum version for that data type.", confirm: '426 on some data types while others return 200.', remedy: 'Ask the user to update the Oura app and open it to sync.', state: 'error', action: 'ask_user_update_app' },
  { id: 'OURA_USER_CAP_REACHED', title: '10-user cap of an unapproved Oura app', sees: 'New users cannot connect: unauthorized_client "Application user limit reached".', cause: 'Oura limits an API app to 10 users until Oura approves it.', confirm: 'Ten or more connected users on the integration; approval status on the Oura portal.', remedy: 'Request app approval from Oura before onboarding more users.', state: 'error', action: 'request_oura_approval' },
  { id: 'OURA_WEBHOOK_SUBSCRIPTION_EXPIRED', title: 'Webhook subscription lapsed', sees: 'No webhook events for the whole integration; data arrives late.', cause: 'A subscription lapsed (about 90 days); Sahha manages renewal.', confirm: 'webhook-status: expiresAt past, or no event for 6 h while users are connected.', remedy: 'Report to Sahha support with the integration and last event time; operators cannot renew it.', state: 'connected', action: 'contact_sahha_support' },
  { id: 'OURA_RATE_LIMITED', title: 'Rate limited by Oura', sees: '429 with Retry-After and X-RateLimit-* headers.', cause: 'More than 5000 requests per 5 minutes, per token or per app.', confirm: 'X-RateLimit-Tier names the layer; many users hit at once.', remedy: 'Wait Retry-After; if it persists, raise it with Sahha.', state: 'connected', action: 'wait' },
  { id: 'OURA_DATA_LAG', title: 'Awaiting device sync', sees: 'Connection healthy but no new sleep or readiness data.', cause: 'Sleep, readiness and sleep_time sync only when the user opens the Oura app.', confirm: 'No errors, tokens valid, lastDataAt older than 24 h.', remedy: 'Show "awaiting device sync"; ask the user to open the Oura app.', state: 'connected', action: 'none' }
]

export const UNCLASSIFIED: FailureMode = {
  id: 'UNCLASSIFIED',
  title: 'Not a known failure mode',
  sees: 'Evidence that matches no rule of the catalogue.',
  cause: 'Unknown: the raw error is shown as received.',
  confirm: 'Read the raw error and the timeline.',
  remedy: 'Check the raw error; if it repeats across users, report it with an incident bundle.',
  state: 'unchanged',
  action: 'none'
}

export const HEALTHY: FailureMode = {
  id: 'HEALTHY',
  title: 'Healthy',
  sees: 'Tokens valid, data arriving.',
  cause: 'Nothing is wrong.',
  confirm: 'No recent error; lastDataAt is recent.',
  remedy: 'None.',
  state: 'connected',
  action: 'none'
}

export function modeById(id: string): FailureMode {
  return CATALOG.find((m) => m.id === id) ?? UNCLASSIFIED
}
