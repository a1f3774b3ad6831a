import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileSink } from '../../../main/log-file'

// main.log must not grow without bound over weeks of use, and rotating it must never lose the newest lines.
const line = (n: number) => `line ${String(n).padStart(4, '0')} `.padEnd(99, '.') // 100 bytes with its newline
const readLines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [])

describe('the main.log file sink', () => {
  it('caps main.log at its size, keeps three rotated files, and loses none of the newest lines', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sia-log-')), 'logs', 'main.log')
    const sink = fileSink(path, undefined, { maxBytes: 1000, keep: 3 })
    for (let n = 0; n < 100; n++) sink(line(n))
    for (const f of [path, `${path}.1`, `${path}.2`, `${path}.3`]) expect(statSync(f).size, f).toBeLessThanOrEqual(1000)
    expect(existsSync(`${path}.4`)).toBe(false)
    // Oldest to newest, the kept files hold one unbroken run of lines ending with the last one written.
    const kept = [`${path}.3`, `${path}.2`, `${path}.1`, path].flatMap(readLines)
    expect(kept).toEqual(Array.from({ length: 40 }, (_, i) => line(60 + i)))
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('rotates a main.log left over-size by an earlier run before writing to it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sia-log-')), 'main.log')
    writeFileSync(path, 'x'.repeat(5000))
    fileSink(path, undefined, { maxBytes: 1000, keep: 3 })('first line of this run')
    expect(readLines(path)).toEqual(['first line of this run'])
    expect(statSync(`${path}.1`).size).toBe(5000)
  })

  it('writes and echoes a line longer than the cap rather than dropping it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sia-log-')), 'main.log')
    const echoed: string[] = []
    const sink = fileSink(path, (l) => echoed.push(l), { maxBytes: 100, keep: 2 })
    sink('short')
    sink('y'.repeat(300))
    expect(readLines(path)).toEqual(['y'.repeat(300)])
    expect(readLines(`${path}.1`)).toEqual(['short'])
    expect(echoed).toHaveLength(2)
  })
})
