/** CSV for exports (built in main for the connections table, in the renderer for small lists). */

const FORMULA = /^[=+\-@\t\r]/

/** One CSV field: quoted when needed; a leading =, +, -, @ is neutralised so a spreadsheet never runs it. */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (FORMULA.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}
