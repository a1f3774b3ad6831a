import { CHECK_LIST_MAX } from '../diagnosis/documented-tier'

/**
 * A pasted or imported list of externalIds ("check these users"): one per line, or a CSV whose column is named
 * externalId (else its first column). Nothing is dropped silently: empty lines are skipped, duplicates are
 * counted, and values that cannot be an externalId (longer than 100 characters) are reported with their line.
 */
export interface ParsedIdList {
  ids: string[]
  duplicates: number
  rejected: { line: number; value: string; reason: string }[]
  tooMany: boolean
}

const MAX_ID = 100

function splitCsvLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',' || ch === ';' || ch === '\t') {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out.map((v) => v.trim())
}

export function parseIdList(text: string, max = CHECK_LIST_MAX): ParsedIdList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const csv = lines.some((l) => /[,;\t]/.test(l))
  let column = 0
  let start = 0
  // The header names the column; a one-column CSV ("externalId" then one id per line) has no delimiter at all.
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase().replace(/[\s_"-]/g, ''))
  const i = header.findIndex((h) => h === 'externalid')
  if (i >= 0) {
    column = csv ? i : 0
    start = 1
  }
  const seen = new Set<string>()
  const out: ParsedIdList = { ids: [], duplicates: 0, rejected: [], tooMany: false }
  for (let n = start; n < lines.length; n++) {
    const raw = lines[n]!
    const value = (csv ? (splitCsvLine(raw)[column] ?? '') : raw.trim().replace(/^"(.*)"$/, '$1')).trim()
    if (value === '') continue
    if (value.length > MAX_ID) {
      out.rejected.push({ line: n + 1, value: value.slice(0, 120), reason: `longer than ${MAX_ID} characters: not an externalId` })
      continue
    }
    if (seen.has(value)) {
      out.duplicates++
      continue
    }
    seen.add(value)
    if (out.ids.length >= max) {
      out.tooMany = true
      continue
    }
    out.ids.push(value)
  }
  return out
}
