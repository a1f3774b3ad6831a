import { applyFilter, buildIndex, csvField, prefixRange, toCsv } from '../../../renderer/src/features/connections/filter'
import type { ConnectionRow } from '../../../preload/contract/models'

const STATES = ['connected', 'connected', 'connected', 'needs_reauth', 'error', 'pending', 'scope_missing']
function rows(n: number): ConnectionRow[] {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `user-${String(i + 1).padStart(7, '0')}`,
    state: STATES[i % STATES.length]!,
    lastSyncAt: i % 11 === 0 ? null : new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % 100000) * 60_000).toISOString(),
    lastDataAt: null,
    errorCode: i % 5 === 0 ? 'invalid_grant' : i % 13 === 0 ? 'http_403' : null,
    requestedScopes: ['daily', 'heartrate'],
    grantedScopes: i % 3 === 0 ? ['daily'] : ['daily', 'heartrate']
  }))
}

describe('connections filter over 100,000 rows', () => {
  const data = rows(100_000)
  const ix = buildIndex([...data].reverse())
  const naive = (pred: (r: ConnectionRow) => boolean) => data.filter(pred).map((r) => r.externalId)
  const ids = (order: Int32Array) => Array.from(order, (i) => ix.rows[i]!.externalId)

  it('searches by externalId prefix, case-sensitively', () => {
    expect(ids(applyFilter(ix, { states: null, errorCode: null, search: 'user-00000', sort: 'externalId' }))).toEqual(naive((r) => r.externalId.startsWith('user-00000')))
    expect(ids(applyFilter(ix, { states: null, errorCode: null, search: 'user-0099999', sort: 'externalId' }))).toEqual(['user-0099999'])
    expect(applyFilter(ix, { states: null, errorCode: null, search: 'USER', sort: 'externalId' })).toHaveLength(0)
    expect(prefixRange(ix, '')).toEqual([0, 100_000])
  })

  it('filters by state set and error code, alone and combined with search', () => {
    const broken = new Set(['needs_reauth', 'error', 'scope_missing'])
    expect(ids(applyFilter(ix, { states: broken, errorCode: null, search: '', sort: 'externalId' }))).toEqual(naive((r) => broken.has(r.state)))
    expect(ids(applyFilter(ix, { states: broken, errorCode: 'invalid_grant', search: 'user-001', sort: 'externalId' }))).toEqual(
      naive((r) => broken.has(r.state) && r.errorCode === 'invalid_grant' && r.externalId.startsWith('user-001'))
    )
  })

  it('sorts by last sync both ways, never-synced first when ascending', () => {
    const asc = ids(applyFilter(ix, { states: null, errorCode: null, search: 'user-0000', sort: 'lastSyncAt' }))
    const expected = data
      .filter((r) => r.externalId.startsWith('user-0000'))
      .sort((a, b) => (a.lastSyncAt ?? '').localeCompare(b.lastSyncAt ?? '') || a.externalId.localeCompare(b.externalId))
      .map((r) => r.externalId)
    expect(asc).toEqual(expected)
    const desc = ids(applyFilter(ix, { states: null, errorCode: null, search: 'user-0000', sort: '-lastSyncAt' }))
    expect(desc).toEqual([...expected].reverse())
  })

  it('counts states and error codes', () => {
    expect(ix.counts.connected).toBe(data.filter((r) => r.state === 'connected').length)
    expect(ix.errorCounts.invalid_grant).toBe(data.filter((r) => r.errorCode === 'invalid_grant').length)
  })
})

describe('CSV export', () => {
  it('quotes and neutralises formula injection', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField(null)).toBe('')
    expect(toCsv(['a', 'b'], [['1', '@x']])).toBe("a,b\r\n1,'@x\r\n")
  })
})
