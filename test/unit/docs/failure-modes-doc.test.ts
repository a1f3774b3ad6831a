import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CATALOG, HEALTHY, UNCLASSIFIED, type FailureMode } from '../../../preload/contract/diagnosis/catalog'

// Issue 16 item 15: the failure-mode catalogue the README points to ships inside the repository, and its
// table is the app's own catalogue (preload/contract/diagnosis/catalog.ts), row for row.
// After changing the catalogue: UPDATE_DOCS=1 npx vitest run --config test/vitest.config.mts test/unit/docs
const ROOT = join(__dirname, '../../..')
const DOC = join(ROOT, 'docs/failure-modes.md')
const BEGIN = '<!-- catalog:begin (generated from preload/contract/diagnosis/catalog.ts; do not edit by hand) -->'
const END = '<!-- catalog:end -->'

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
function table(modes: readonly FailureMode[]): string {
  const head = '| id | What the operator sees | Cause | How to confirm | Remedy the app suggests | State | Action in the app |\n|---|---|---|---|---|---|---|'
  return [head, ...modes.map((m) => `| \`${m.id}\` | ${cell(m.sees)} | ${cell(m.cause)} | ${cell(m.confirm)} | ${cell(m.remedy)} | ${cell(m.state)} | \`${m.action}\` |`)].join('\n')
}
const generated = () => `${BEGIN}\n${table([...CATALOG, HEALTHY, UNCLASSIFIED])}\n${END}`

describe('docs/failure-modes.md', () => {
  it('holds exactly the diagnosis catalogue of the app, in its order', () => {
    const text = readFileSync(DOC, 'utf8')
    const start = text.indexOf(BEGIN)
    const end = text.indexOf(END)
    expect(start, 'catalog markers').toBeGreaterThanOrEqual(0)
    const current = text.slice(start, end + END.length)
    if (process.env.UPDATE_DOCS === '1' && current !== generated()) {
      writeFileSync(DOC, text.slice(0, start) + generated() + text.slice(end + END.length))
      return
    }
    expect(current, 'docs/failure-modes.md is out of date: run UPDATE_DOCS=1 npx vitest run --config test/vitest.config.mts test/unit/docs').toBe(generated())
    for (const m of CATALOG) expect(text.split(`\`${m.id}\``).length - 1, m.id).toBeGreaterThanOrEqual(1)
  })

  it('is what the README links to, inside the repository', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const links = [...readme.matchAll(/\]\(([^)]*failure-modes\.md)\)/g)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(0)
    for (const l of links) {
      expect(l.startsWith('..'), l).toBe(false)
      expect(existsSync(join(ROOT, l)), l).toBe(true)
    }
    expect(readme).not.toContain('../shared/')
  })
})
