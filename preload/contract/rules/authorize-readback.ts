import { PROVIDERS } from './providers'

/**
 * Live verification through Sahha's authorize call (sahha-api.md §7.3): what the `authorizationUrl` Sahha returns
 * reveals about the live integration, compared with what the app holds. Pure; the readings are [inferred].
 */

export interface ReadBack {
  readonly host: string
  /** origin + path, e.g. https://cloud.ouraring.com/oauth/authorize */
  readonly page: string
  readonly responseType: string | null
  readonly clientId: string | null
  /** null: no `scope` parameter, so Oura asks for all scopes. */
  readonly scopes: string[] | null
  readonly redirectUri: string | null
}

export function parseAuthorizationUrl(url: string): ReadBack | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  const q = u.searchParams
  const scope = q.get('scope')
  return {
    host: u.host,
    page: `${u.origin}${u.pathname}`,
    responseType: q.get('response_type'),
    clientId: q.get('client_id'),
    // URLSearchParams already turned '+' and %20 into spaces; split on any run of them (and stray commas show up as unknown).
    scopes: scope === null ? null : scope.split(/\s+/).filter(Boolean),
    redirectUri: q.get('redirect_uri')
  }
}

export type Verdict = 'pass' | 'fail' | 'warn' | 'inconclusive'
export interface Row {
  id: string
  field: string
  expected: string
  live: string
  verdict: Verdict
  remedy?: string
  mode?: string
}

/** What Oura's authorize page did with a URL fetched without following redirects. */
export type OuraPageAnswer =
  | { kind: 'consent' }
  | { kind: 'error_page'; title: string }
  | { kind: 'redirect_error'; error: string; description: string | null }
  /** A redirect to Oura's sign-in: proves nothing about client_id, redirect_uri or scope (oura-api.md §2). */
  | { kind: 'login' }
  | { kind: 'unreachable'; detail: string }

const list = (xs: readonly string[] | null | undefined): string => (xs === null || xs === undefined ? '—' : xs.length ? xs.join(' ') : '(none)')

/** The table rows from one read-back. `expected` is what the app holds for this tenant (desired or admin config). */
export function readBackRows(input: {
  readBack: ReadBack
  expected: { ouraAuthorizePage: string; clientId: string | null; callbackUrl: string; scopes: readonly string[] | null; providerAppScopes: readonly string[] | null }
}): Row[] {
  const { readBack: r, expected: e } = input
  const rows: Row[] = []
  const oura = PROVIDERS.oura
  const known = new Set(oura.scopes.map((s) => s.name))

  rows.push(
    r.page === e.ouraAuthorizePage && r.responseType === 'code'
      ? { id: 'authorize_page', field: 'Authorize page', expected: `${e.ouraAuthorizePage} (response_type=code)`, live: `${r.page} (response_type=code)`, verdict: 'pass' }
      : { id: 'authorize_page', field: 'Authorize page', expected: `${e.ouraAuthorizePage} (response_type=code)`, live: `${r.page} (response_type=${r.responseType ?? '—'})`, verdict: 'fail', remedy: "Sahha's authorization URL does not lead to Oura's authorize page with the code flow: report it to Sahha support with this row." }
  )

  if (e.clientId === null) rows.push({ id: 'client_id', field: 'Oura Client ID', expected: '(not set in the app)', live: r.clientId ?? '—', verdict: 'inconclusive', remedy: 'Enter the Oura Client ID in the editor so it can be compared.' })
  else if (r.clientId === e.clientId) rows.push({ id: 'client_id', field: 'Oura Client ID', expected: e.clientId, live: r.clientId, verdict: 'pass' })
  else
    rows.push({
      id: 'client_id',
      field: 'Oura Client ID',
      expected: e.clientId,
      live: r.clientId ?? '(absent)',
      verdict: 'fail',
      mode: 'OURA_INVALID_CLIENT',
      remedy: "Sahha's integration holds another Oura Client ID than the app's: every user's consent and refresh will fail. Paste the Client ID of the Oura app into the Sahha Dashboard (or correct it here if the app's copy is wrong)."
    })

  if (r.redirectUri === null) rows.push({ id: 'redirect_uri', field: 'Redirect URI (Sahha callback)', expected: e.callbackUrl, live: '(absent)', verdict: 'inconclusive', remedy: 'Sahha sent no redirect_uri, so it cannot be checked here; Oura then needs exactly one registered redirect URI.' })
  else if (r.redirectUri === e.callbackUrl) rows.push({ id: 'redirect_uri', field: 'Redirect URI (Sahha callback)', expected: e.callbackUrl, live: r.redirectUri, verdict: 'pass' })
  else
    rows.push({
      id: 'redirect_uri',
      field: 'Redirect URI (Sahha callback)',
      expected: e.callbackUrl,
      live: r.redirectUri,
      verdict: 'fail',
      mode: 'OURA_REDIRECT_MISMATCH',
      remedy: `The live integration sends users back to another callback than this environment's (sandbox and production mixed up?). Check the environment of this tenant; register exactly ${e.callbackUrl} on the Oura app.`
    })

  const live = r.scopes ?? oura.scopes.map((s) => s.name)
  const liveText = r.scopes === null ? '(no scope parameter: Oura asks for all 11)' : list(r.scopes)
  const unknown = live.filter((s) => !known.has(s))
  rows.push(
    unknown.length
      ? { id: 'scope_names', field: 'Scope names', expected: 'only the 11 Oura scopes, space-separated', live: liveText, verdict: 'fail', mode: 'OURA_SCOPE_UNKNOWN', remedy: `Oura drops unknown scopes silently (${unknown.join(', ')}): consent succeeds and their data never comes. Fix the scope names in the Sahha Dashboard.` }
      : { id: 'scope_names', field: 'Scope names', expected: 'only the 11 Oura scopes, space-separated', live: liveText, verdict: 'pass' }
  )

  if (e.providerAppScopes === null) {
    rows.push({ id: 'scopes_on_app', field: 'Scopes enabled on the Oura app', expected: '(not declared in the app)', live: liveText, verdict: 'warn', remedy: 'Tick the scopes enabled on your Oura app in the editor ("Enabled on Oura app") so this can be checked.' })
  } else {
    const notOnApp = live.filter((s) => known.has(s) && !e.providerAppScopes!.includes(s))
    rows.push(
      notOnApp.length
        ? {
            id: 'scopes_on_app',
            field: 'Scopes enabled on the Oura app',
            expected: list(e.providerAppScopes),
            live: liveText,
            verdict: 'fail',
            mode: 'OURA_SCOPE_NOT_ON_APP',
            remedy: `Sahha requests ${notOnApp.join(', ')}, which you have not marked as enabled on the Oura app: the OAuth flow will fail for every user. Deselect ${notOnApp.length === 1 ? 'it' : 'them'} in the Sahha Dashboard's Scopes, or enable ${notOnApp.length === 1 ? 'it' : 'them'} on the Oura app.`
          }
        : { id: 'scopes_on_app', field: 'Scopes enabled on the Oura app', expected: list(e.providerAppScopes), live: liveText, verdict: 'pass' }
    )
  }

  if (e.scopes !== null) {
    const missing = e.scopes.filter((s) => !live.includes(s))
    const extra = live.filter((s) => !e.scopes!.includes(s))
    rows.push(
      missing.length || extra.length
        ? { id: 'scopes_desired', field: 'Scopes (Sahha Dashboard)', expected: list(e.scopes), live: liveText, verdict: 'warn', remedy: `The Dashboard differs from the app's configuration${extra.length ? `: also requests ${extra.join(', ')}` : ''}${missing.length ? `${extra.length ? ';' : ':'} does not request ${missing.join(', ')}` : ''}. Apply the checklist in the Sahha Dashboard, or take the live selection into the app.` }
        : { id: 'scopes_desired', field: 'Scopes (Sahha Dashboard)', expected: list(e.scopes), live: liveText, verdict: 'pass' }
    )
  }
  return rows
}

/** One whitelist candidate tried as `redirectUrl`: 200 means it is on the live whitelist, a 4xx that it is not. */
export function whitelistRow(candidate: string, answer: { accepted: true } | { accepted: false; status: number | null; body: string }, pasted: boolean): Row {
  const field = `Whitelist: ${candidate}`
  if (answer.accepted) return { id: `whitelist:${candidate}`, field, expected: pasted ? 'accepted (pasted URL)' : 'accepted (in the app\'s whitelist)', live: 'accepted by Sahha (200)', verdict: 'pass' }
  return {
    id: `whitelist:${candidate}`,
    field,
    expected: pasted ? 'accepted (pasted URL)' : "accepted (in the app's whitelist)",
    live: `refused${answer.status !== null ? ` (${answer.status})` : ''}${answer.body ? `: ${answer.body.slice(0, 300)}` : ''}`,
    verdict: 'fail',
    mode: 'SAHHA_REDIRECT_NOT_WHITELISTED',
    remedy: 'Sahha refuses this redirectUrl: add the exact URL to the Redirect URL Whitelist in the Sahha Dashboard, or stop using it.'
  }
}

/** Oura's answer to Sahha's exact authorization URL, fetched without following redirects. */
export function ouraPageRow(answer: OuraPageAnswer): Row {
  const base = { id: 'oura_page', field: "Oura's answer to Sahha's authorization URL", expected: 'the consent page (or a sign-in, which proves nothing)' }
  switch (answer.kind) {
    case 'consent':
      return { ...base, live: 'consent page', verdict: 'pass' }
    case 'login':
      return { ...base, live: "redirect to Oura's sign-in", verdict: 'inconclusive', remedy: 'Oura checks the client ID, redirect URI and scopes only after a sign-in; open the link signed in to see the consent screen.' }
    case 'unreachable':
      return { ...base, live: `not reachable (${answer.detail})`, verdict: 'inconclusive', remedy: 'Run the verification from a machine that can reach Oura.' }
    case 'error_page':
      return { ...base, live: `error: ${answer.title}`, verdict: 'fail', mode: /client/i.test(answer.title) ? 'OURA_INVALID_CLIENT' : 'OURA_REDIRECT_MISMATCH', remedy: /client/i.test(answer.title) ? 'Oura does not know the Client ID Sahha sends: copy it from the Oura portal into the Sahha Dashboard.' : "Register Sahha's callback for this environment exactly on the Oura app." }
    case 'redirect_error': {
      const d = answer.description ?? ''
      const mode = answer.error === 'unauthorized_client' ? (/grant not allowed/i.test(d) ? 'OURA_SERVER_FLOW_NOT_ALLOWED' : 'OURA_USER_CAP_REACHED') : answer.error === 'invalid_scope' ? 'OURA_SCOPE_NOT_ON_APP' : undefined
      const remedy =
        mode === 'OURA_SERVER_FLOW_NOT_ALLOWED'
          ? 'Turn on "Allow server-side authentication" for the Oura app, save, then verify again.'
          : mode === 'OURA_USER_CAP_REACHED'
            ? 'Request approval of the Oura app: unapproved apps take 10 users.'
            : mode === 'OURA_SCOPE_NOT_ON_APP'
              ? 'Enable these scopes on the Oura app, or deselect them in the Sahha Dashboard.'
              : 'Paste the error into the decoder for the likely cause.'
      return { ...base, live: `redirect with error=${answer.error}${d ? ` (${d})` : ''}`, verdict: 'fail', mode, remedy }
    }
  }
}

/**
 * Fields where the live integration, as last verified, differs from the desired configuration now kept in the app.
 * Recomputed against the current desired version, so saving a new one never leaves a stale badge.
 */
export function driftOf(
  desired: { clientId: string; scopes: readonly string[]; redirectUrlWhitelist: readonly string[] },
  verification: { live: { clientId: string | null; scopes: string[] | null } | null; rows: readonly { id: string; verdict: string }[] } | null
): string[] {
  if (!verification?.live) return []
  const out: string[] = []
  if (verification.live.clientId !== null && verification.live.clientId !== desired.clientId.trim()) out.push('clientId')
  const live = verification.live.scopes ?? PROVIDERS.oura.scopes.map((s) => s.name)
  if (live.length !== desired.scopes.length || live.some((s) => !desired.scopes.includes(s))) out.push('scopes')
  const refused = verification.rows.filter((r) => r.id.startsWith('whitelist:') && r.verdict === 'fail').map((r) => r.id.slice('whitelist:'.length))
  if (refused.some((u) => desired.redirectUrlWhitelist.includes(u))) out.push('redirectUrlWhitelist')
  return out
}
