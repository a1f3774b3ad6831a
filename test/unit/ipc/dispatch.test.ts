import { createDispatch, type Handlers } from '../../../main/ipc/dispatch'
import { createSenderPolicy } from '../../../main/ipc/sender-policy'
import { createLogger } from '../../../main/log'
import { appError } from '../../../main/errors'
import type { Tenant } from '../../../preload/contract/models'

const tenant: Tenant = {
  id: 't_abcdef12',
  name: 'Acme',
  environment: 'sandbox',
  sahhaClientId: 'cid',
  accountSecret: { state: 'set', last4: 'wxyz' },
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z'
}

function setup(overrides: Partial<Handlers> = {}) {
  const lines: string[] = []
  const log = createLogger((l) => lines.push(l), 'debug')
  const handlers = {
    'tenants.list': async () => [tenant],
    'tenants.create': async () => tenant,
    ...overrides
  } as unknown as Handlers
  const policy = createSenderPolicy({ rendererOrigin: null, rendererFile: '/app/out/renderer/index.html', allowTest: true, windows: false })
  policy.registerWebContents(1) // the window's WebContents, as the Electron shell registers it
  return { dispatch: createDispatch(handlers, policy, log), lines, log }
}

const trusted = { kind: 'test' } as const

describe('dispatch', () => {
  it('refuses an unknown channel with UNKNOWN_CHANNEL', async () => {
    const { dispatch } = setup()
    const r = await dispatch('secrets.dumpAll', {}, trusted)
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL', retryable: false } })
  })

  it('refuses prototype keys as channel names', async () => {
    const { dispatch } = setup()
    for (const name of ['__proto__', 'constructor', 'toString', 42, null]) {
      const r = await dispatch(name, {}, trusted)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('UNKNOWN_CHANNEL')
    }
  })

  it('refuses a sender that is not our window', async () => {
    const { dispatch } = setup()
    const foreign = { kind: 'electron', frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 1 } as const
    const sub = { kind: 'electron', frameUrl: 'file:///app/out/renderer/index.html', isMainFrame: false, webContentsId: 1 } as const
    const bridgeNoToken = { kind: 'bridge', tokenVerified: false } as const
    for (const sender of [foreign, sub, bridgeNoToken]) {
      const r = await dispatch('tenants.list', {}, sender)
      expect(r).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    }
    const own = { kind: 'electron', frameUrl: 'file:///app/out/renderer/index.html', isMainFrame: true, webContentsId: 1 } as const
    expect((await dispatch('tenants.list', {}, own)).ok).toBe(true)
  })

  it('names the failing field when input fails its schema', async () => {
    const { dispatch } = setup()
    const r = await dispatch('tenants.create', { name: 'Acme', environment: 'staging', sahhaClientId: 'x', sahhaClientSecret: 'y' }, trusted)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.field).toBe('environment')
      expect(r.error.remedy).toMatch(/environment/)
    }
  })

  it('reports a missing required field in the operator’s words', async () => {
    const { dispatch } = setup()
    const r = await dispatch('tenants.create', { name: '  ', environment: 'sandbox', sahhaClientId: 'x', sahhaClientSecret: 'y' }, trusted)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name', message: 'name: Name is required.' } })
  })

  it('turns a typed failure into its AppError', async () => {
    const { dispatch } = setup({
      'tenants.list': async () => {
        throw appError('KEYCHAIN_UNAVAILABLE', 'locked', { remedy: 'unlock it', retryable: true })
      }
    })
    const r = await dispatch('tenants.list', {}, trusted)
    expect(r).toEqual({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'locked', remedy: 'unlock it', retryable: true } })
  })

  it('hides the message of an unexpected crash (it may hold a secret) and logs it redacted', async () => {
    const { dispatch, lines } = setup({
      'tenants.list': async () => {
        throw new Error('boom with clientSecret=hunter2-canary')
      }
    })
    const r = await dispatch('tenants.list', {}, trusted)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL')
      expect(JSON.stringify(r.error)).not.toContain('hunter2')
    }
    const crash = lines.filter((l) => l.includes('ipc.crash'))
    expect(crash).toHaveLength(1)
    // The line keeps what helps a developer (the error and where the secret was) and drops the secret.
    expect(crash[0]).toContain('boom with clientSecret=[REDACTED]')
    expect(lines.join('\n')).not.toContain('hunter2')
  })

  it('redacts a secret that a typed failure quotes before it reaches the window', async () => {
    const { dispatch, log, lines } = setup({
      'tenants.list': async () => {
        throw appError('SAHHA_VALIDATION', 'Sahha rejected the request: acme-oura-secret-42 is not valid.', { raw: '{"detail":"acme-oura-secret-42 is not valid"}', details: { echoed: 'acme-oura-secret-42' }, retryable: false })
      }
    })
    log.addSecret('acme-oura-secret-42')
    const r = await dispatch('tenants.list', {}, trusted)
    expect(r).toMatchObject({ ok: false, error: { code: 'SAHHA_VALIDATION', message: 'Sahha rejected the request: [REDACTED] is not valid.' } })
    expect(JSON.stringify(r)).not.toContain('acme-oura-secret-42')
    // The log says which call failed and with which code, and never quotes the secret.
    const failed = lines.filter((l) => l.includes('ipc.failed'))
    expect(failed).toHaveLength(1)
    expect(JSON.parse(failed[0]!)).toMatchObject({ channel: 'tenants.list', code: 'SAHHA_VALIDATION' })
    expect(lines.join('\n')).not.toContain('acme-oura-secret-42')
  })

  it('strips fields a handler should not have returned', async () => {
    const { dispatch } = setup({
      'tenants.list': async () => [{ ...tenant, sahhaClientSecret: 'leaked-secret-value' }] as unknown as Tenant[]
    })
    const r = await dispatch('tenants.list', {}, trusted)
    expect(r.ok).toBe(true)
    expect(JSON.stringify(r)).not.toContain('leaked-secret-value')
  })
})
