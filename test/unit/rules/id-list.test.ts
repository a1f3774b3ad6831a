import { parseIdList } from '../../../preload/contract/rules/id-list'

describe('"check these users" list parsing', () => {
  it('one externalId per line: blank lines skipped, duplicates counted, nothing else dropped', () => {
    const r = parseIdList('user-1\n\n user-2 \nuser-1\r\nuser-3\n')
    expect(r).toEqual({ ids: ['user-1', 'user-2', 'user-3'], duplicates: 1, rejected: [], tooMany: false })
  })
  it('a CSV takes the externalId column by its header, quoted cells included', () => {
    const r = parseIdList('name,externalId,ticket\n"Doe, J",user-7,T1\nX,"user-8",T2\n')
    expect(r.ids).toEqual(['user-7', 'user-8'])
  })
  it('a one-column CSV: its externalId header is not taken for a user', () => {
    expect(parseIdList('externalId\nuser-1\nuser-2\n')).toEqual({ ids: ['user-1', 'user-2'], duplicates: 0, rejected: [], tooMany: false })
    expect(parseIdList('"External ID"\r\nuser-1').ids).toEqual(['user-1'])
  })
  it('a CSV without an externalId header takes its first column', () => {
    expect(parseIdList('user-1,foo\nuser-2,bar').ids).toEqual(['user-1', 'user-2'])
  })
  it('a value that cannot be an externalId (> 100 characters) is reported with its line, not dropped', () => {
    const long = 'x'.repeat(101)
    const r = parseIdList(`user-1\n${long}\nuser-2`)
    expect(r.ids).toEqual(['user-1', 'user-2'])
    expect(r.rejected).toEqual([{ line: 2, value: long, reason: expect.stringContaining('100') }])
  })
  it('more than the maximum is flagged (the check refuses it with a typed error), not silently cut', () => {
    const r = parseIdList(Array.from({ length: 12 }, (_, i) => `u-${i}`).join('\n'), 10)
    expect(r.ids).toHaveLength(10)
    expect(r.tooMany).toBe(true)
  })
})
