import { buildConfigFile, CONFIG_FILE_KIND, parseConfigFile } from '../../../preload/contract/rules/config-file'
import { SECRET_PLACEHOLDER } from '../../../preload/contract/secret-patterns'

const oura = { provider: 'oura', enabled: true, clientId: 'OURA-ID', scopes: ['daily', 'heartrate'], providerAppScopes: ['daily', 'heartrate'], redirectUrlWhitelist: ['https://a.example/cb'] }
const file = (integrations: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ kind: CONFIG_FILE_KIND, version: 1, integrations, ...extra })

describe('config export file', () => {
  it('lists secrets as "to be entered" and round-trips through import', () => {
    const f = buildConfigFile({ tenant: 'Acme', environment: 'sandbox' }, [oura])
    expect(f.integrations[0]!.clientSecret).toBe(SECRET_PLACEHOLDER)
    const r = parseConfigFile(JSON.stringify(f))
    expect(r).toEqual({ ok: true, integrations: [oura], warnings: [] })
  })
})

describe('config import validation corpus', () => {
  const fieldsOf = (text: string) => {
    const r = parseConfigFile(text)
    return r.ok ? [] : r.errors.map((e) => e.field)
  }
  it.each([
    ['not JSON', 'hello', ['(file)']],
    ['another file kind', JSON.stringify({ kind: 'something-else', version: 1, integrations: [oura] }), ['kind']],
    ['a newer version', JSON.stringify({ kind: CONFIG_FILE_KIND, version: 2, integrations: [oura] }), ['version']],
    ['no integrations', file([]), ['integrations']],
    ['an empty client ID', file([{ ...oura, clientId: ' ' }]), ['integrations.0.clientId']],
    ['a real secret inside', file([{ ...oura, clientSecret: 'leaked-secret' }]), ['integrations.0.clientSecret']],
    ['an unknown scope', file([{ ...oura, scopes: ['daily', 'activity'] }]), ['integrations.0.scopes']],
    ['no scopes', file([{ ...oura, scopes: [] }]), ['integrations.0.scopes']],
    ['a javascript: redirect', file([{ ...oura, redirectUrlWhitelist: ['javascript:alert(1)'] }]), ['integrations.0.redirectUrlWhitelist.0']],
    ['an empty whitelist', file([{ ...oura, redirectUrlWhitelist: [] }]), ['integrations.0.redirectUrlWhitelist']],
    ['duplicate entries', file([{ ...oura, redirectUrlWhitelist: ['https://a.example/cb', 'HTTPS://A.EXAMPLE:443/cb'] }]), ['integrations.0.redirectUrlWhitelist.1']],
    ['an unsupported provider', file([{ ...oura, provider: 'garmin' }]), ['integrations.0.provider']],
    ['the same provider twice', file([oura, oura]), ['integrations.1.provider']],
    ['a wrong type', file([{ ...oura, enabled: 'yes' }]), ['integrations.0.enabled']]
  ])('rejects %s, naming the field', (_name, text, fields) => {
    expect(fieldsOf(text)).toEqual(fields)
  })

  it('accepts a scope mismatch with a warning (the editor blocks the save)', () => {
    const r = parseConfigFile(file([{ ...oura, providerAppScopes: ['daily'] }]))
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.warnings[0]).toMatch(/heartrate/)
  })
})
