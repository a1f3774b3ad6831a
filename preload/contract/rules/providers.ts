/**
 * Providers as data: adding Garmin or Whoop is a new entry here, not new code. Oura's scopes are the
 * 11 on Sahha's Oura page, in that order; Sahha selects all of them by default.
 */
export interface ScopeDef {
  readonly name: string
  readonly meaning: string
}

export interface ProviderDef {
  readonly slug: 'oura' | 'garmin' | 'whoop'
  readonly displayName: string
  /** false: modelled, not yet supported by this app. */
  readonly available: boolean
  readonly scopes: readonly ScopeDef[]
  readonly defaultScopes: readonly string[]
  readonly portalUrl: string
  readonly portalChecklist: readonly string[]
  /** Users an unapproved provider app may connect; null when the provider has no such cap. */
  readonly userCapUntilApproved: number | null
}

const OURA_SCOPES: readonly ScopeDef[] = [
  { name: 'email', meaning: "The user's e-mail address." },
  { name: 'personal', meaning: 'Gender, age, height and weight.' },
  { name: 'daily', meaning: 'Daily summaries of sleep, activity and readiness.' },
  { name: 'heartrate', meaning: 'Time-series heart rate.' },
  { name: 'workout', meaning: 'Auto-detected and user-entered workouts.' },
  { name: 'tag', meaning: 'User-entered tags.' },
  { name: 'session', meaning: 'Guided and unguided sessions in the Oura app.' },
  { name: 'spo2', meaning: 'Daily SpO2 average recorded during sleep.' },
  { name: 'ring_configuration', meaning: 'Ring hardware configuration.' },
  { name: 'stress', meaning: 'Daily stress and resilience.' },
  { name: 'heart_health', meaning: 'Cardiovascular age and VO2 max.' }
]

export const PROVIDERS: Readonly<Record<ProviderDef['slug'], ProviderDef>> = {
  oura: {
    slug: 'oura',
    displayName: 'Oura',
    available: true,
    scopes: OURA_SCOPES,
    defaultScopes: OURA_SCOPES.map((s) => s.name),
    portalUrl: 'https://cloud.ouraring.com/oauth/applications',
    portalChecklist: [
      'Sign in to the Oura Cloud Developer Portal and create a new OAuth2 Application.',
      "Set the application's name, description and logo: end users see them on the consent screen.",
      "Add Sahha's callback URL (above) to the allowed redirect URIs, exactly as shown.",
      'Enable the scopes you want Sahha to ingest, and record them below under "Enabled on Oura app".',
      'Save, then copy the Client ID and Client Secret into the integration in Sahha.',
    ],
    userCapUntilApproved: 10
  },
  garmin: {
    slug: 'garmin',
    displayName: 'Garmin',
    available: false,
    scopes: [],
    defaultScopes: [],
    portalUrl: 'https://developerportal.garmin.com/',
    portalChecklist: [],
    userCapUntilApproved: null
  },
  whoop: {
    slug: 'whoop',
    displayName: 'Whoop',
    available: false,
    scopes: [],
    defaultScopes: [],
    portalUrl: 'https://developer-dashboard.whoop.com/',
    portalChecklist: [],
    userCapUntilApproved: null
  }
}

/** Sahha's OAuth callback for a provider on an environment: `{base}/api/v1/integration/oauth/{provider}/callback`. */
export function callbackUrl(sahhaBase: string, provider: string): string {
  return `${sahhaBase.replace(/\/+$/, '')}/api/v1/integration/oauth/${provider}/callback`
}

