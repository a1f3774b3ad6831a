import { createLogger } from '../../main/log'

describe('main.log redaction', () => {
  const setup = () => {
    const lines: string[] = []
    return { log: createLogger((l) => lines.push(l), 'debug'), lines }
  }

  it('writes an unexpected error with the secret it quotes redacted, and keeps the rest of the message', () => {
    const { log, lines } = setup()
    log.error('ipc.crash', { error: new Error('POST failed: {"clientSecret":"hunter2-x"} sent with Authorization: account acct_abcdefghijklmnopqrstuvwxyz012345') })
    expect(lines[0]).toContain('POST failed')
    expect(lines[0]).not.toContain('hunter2-x')
    expect(lines[0]).not.toContain('acct_abcdefghijklmnopqrstuvwxyz012345')
  })

  it('redacts registered secrets and secret-named fields at any depth, and keeps the other fields', () => {
    const { log, lines } = setup()
    log.addSecret('acme-oura-secret-42')
    log.info('x', { nested: { list: ['echo acme-oura-secret-42'], clientSecret: 'other-secret-value' }, code: 'SAHHA_VALIDATION', status: 400 })
    const line = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(line).toMatchObject({ nested: { list: ['echo [REDACTED]'], clientSecret: '[REDACTED]' }, code: 'SAHHA_VALIDATION', status: 400 })
  })
})
