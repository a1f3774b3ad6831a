import { ms, toDbRow } from '../../../main/local-store/rows'

describe('local store rows', () => {
  it('reads ISO times by hand exactly as Date.parse does, -1 for none or unreadable', () => {
    const cases = [
      '2026-12-01T03:12:00.000Z',
      '2026-12-01T03:12:00Z',
      '2024-02-29T23:59:59.999Z',
      '2026-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-12-01T03:12:60.000Z',
      '2026-12-01T03:12:00.000+02:00',
      '2026-12-01',
      '2026-1a-01T00:00:00.000Z',
      '1999-01-01T00:00:00.000Z',
      'garbage'
    ]
    for (const c of cases) {
      const t = Date.parse(c)
      expect(ms(c), c).toBe(Number.isNaN(t) ? -1 : t)
    }
    expect(ms(null)).toBe(-1)
    expect(ms('')).toBe(-1)
  })

  it('joins scope lists and finds the missing ones, also when lists repeat or differ from the ones before', () => {
    const all = ['daily', 'heartrate', 'personal']
    const row = (requested: string[], granted: string[]) => toDbRow({ externalId: 'u', state: 'connected', requestedScopes: requested, grantedScopes: granted })
    for (let i = 0; i < 3; i++) expect(row([...all], [...all])).toMatchObject({ requested_scopes: 'daily heartrate personal', granted_scopes: 'daily heartrate personal', missing_scopes: null })
    expect(row([...all], ['daily', 'personal'])).toMatchObject({ granted_scopes: 'daily personal', missing_scopes: ' heartrate ' })
    expect(row(['daily', 'heartrate'], ['daily', 'heartrate', 'personal'])).toMatchObject({ requested_scopes: 'daily heartrate', missing_scopes: null })
    expect(row([...all], [])).toMatchObject({ granted_scopes: '', missing_scopes: null })
    // A cached list is a copy: changing the caller's array afterwards does not change what the next row stores.
    const mutable = ['daily', 'tag']
    expect(row(mutable, mutable).requested_scopes).toBe('daily tag')
    mutable[1] = 'spo2'
    expect(row(mutable, ['daily']).requested_scopes).toBe('daily spo2')
    for (let k = 0; k < 20; k++) expect(row([`s${k}`], [`s${k}`]).requested_scopes).toBe(`s${k}`)
  })
})
