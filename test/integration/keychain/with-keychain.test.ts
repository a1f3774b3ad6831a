import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// scripts/with-keychain.sh starts a throwaway gnome-keyring for each run; it must stop that daemon when the
// command ends. Other engineers and test runs use the script at the same time on this machine, so this looks
// only at the daemon that each run of its own started: the one whose environment holds that run's unique
// XDG_DATA_HOME, identified by pid and start time (so a reused pid is not mistaken for it).
const SCRIPT = join(__dirname, '../../../scripts/with-keychain.sh')
const REPORT_OURS = `for d in /proc/[0-9]*; do
  [ "$(cat $d/comm 2>/dev/null)" = gnome-keyring-d ] || continue
  tr '\\0' '\\n' < $d/environ 2>/dev/null | grep -qxF "XDG_DATA_HOME=$XDG_DATA_HOME" && echo "ours \${d#/proc/} $(cut -d' ' -f22 $d/stat)"
done
exit 3`

const startTime = (pid: number): string | null => {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return null
  try {
    return readFileSync(stat, 'utf8').split(' ')[21] ?? null
  } catch {
    return null
  }
}

describe('scripts/with-keychain.sh', () => {
  it('stops the keyring daemon it started when the command ends, run after run, and keeps the exit code', () => {
    const env = { ...process.env }
    delete env.SAHHA_KEYCHAIN_READY // run the script for real, even inside `npm test`'s own keychain
    for (let run = 1; run <= 2; run++) {
      const r = spawnSync('bash', [SCRIPT, 'bash', '-c', REPORT_OURS], { env, encoding: 'utf8', timeout: 60_000 })
      expect(r.status, r.stderr).toBe(3)
      const ours = [...r.stdout.matchAll(/^ours (\d+) (\d+)$/gm)].map((m) => ({ pid: Number(m[1]), started: m[2] }))
      expect(ours.length, `run ${run}: its keyring daemon was not found while the command ran`).toBeGreaterThan(0)
      // Still there (running, or dead but not reaped) = left behind by this run.
      for (const d of ours) expect(startTime(d.pid), `run ${run}: daemon ${d.pid} outlived the script`).not.toBe(d.started)
    }
  })
})
