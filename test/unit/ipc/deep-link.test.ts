import { deepLinkFromArgv, parseDeepLink } from '../../../main/deep-link'

describe('deep links', () => {
  it('accepts the documented shapes', () => {
    expect(parseDeepLink('sahha-admin://tenant/t_abc123def')).toEqual({ tenantId: 't_abc123def' })
    expect(parseDeepLink('sahha-admin://tenant/t_abc123def/')).toEqual({ tenantId: 't_abc123def' })
    expect(parseDeepLink('sahha-admin://tenant/t_abc123def/connection/user-0000123')).toEqual({ tenantId: 't_abc123def', externalId: 'user-0000123' })
    expect(parseDeepLink('sahha-admin://tenant/t_abc123def/connection/a%2Fb%20c')).toEqual({ tenantId: 't_abc123def', externalId: 'a/b c' })
  })

  it.each([
    'https://tenant/t_abc123def',
    'sahha-admin:tenant/t_abc123def',
    'SAHHA-ADMIN://tenant/t_abc123def',
    'sahha-admin://tenants/t_abc123def',
    'sahha-admin://tenant/../../etc',
    'sahha-admin://tenant/T_ABC123DEF',
    'sahha-admin://tenant/t_abc123def/connection',
    'sahha-admin://tenant/t_abc123def/connection/',
    'sahha-admin://tenant/t_abc123def/connection/x/extra',
    'sahha-admin://tenant/t_abc123def/settings/x',
    'sahha-admin://tenant/t_abc123def?x=1',
    'sahha-admin://tenant/t_abc123def#frag',
    'sahha-admin://tenant/t_abc123def/connection/%E0%A4%A',
    'sahha-admin://tenant/t_abc123def/connection/a%00b',
    `sahha-admin://tenant/t_abc123def/connection/${'x'.repeat(101)}`,
    'javascript:alert(1)',
    ''
  ])('rejects %j', (raw) => {
    expect(parseDeepLink(raw)).toBeNull()
  })

  it('finds the link among process arguments', () => {
    expect(deepLinkFromArgv(['/opt/app/sahha-admin', '--flag', 'sahha-admin://tenant/t_abc123def'])).toEqual({ tenantId: 't_abc123def' })
    expect(deepLinkFromArgv(['/opt/app', '--no-sandbox'])).toBeNull()
  })
})
