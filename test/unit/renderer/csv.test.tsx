// The connections index that lived here moved to main (main/local-store/row-index.ts, tested in test/unit/local-store).
import { csvField, toCsv } from '../../../preload/contract/csv'

describe('CSV export', () => {
  it('quotes and neutralises formula injection', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField(null)).toBe('')
    expect(toCsv(['a', 'b'], [['1', '@x']])).toBe("a,b\r\n1,'@x\r\n")
  })
})
