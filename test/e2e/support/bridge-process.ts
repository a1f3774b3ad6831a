import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { artifactDir, canary, keepArtifact } from './canary'

export interface BridgeProcess {
  url: string
  launchUrl: string
  token: string
  userDataDir: string
  logPath: string
  keychainService: string
  output: () => string
  proc: ChildProcessWithoutNullStreams
  stop(signal?: NodeJS.Signals): Promise<void>
}

const WEB_ENTRY = join(__dirname, '../../../out/main/web.js')

/** Starts browser mode (the real handlers behind the bridge) as its own process, like `npm run start:web`. */
export async function startBridgeProcess(opts: { userDataDir?: string; keychainService?: string; demoProfiles?: number; port?: number } = {}): Promise<BridgeProcess> {
  if (!existsSync(WEB_ENTRY)) throw new Error('out/main/web.js is missing: run `npm run build` before the e2e tests')
  // Under the canary's artifacts folder, so settings, drafts, the audit log and the main log are searched.
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(artifactDir('user-data') ?? tmpdir(), 'sia-e2e-')))
  const keychainService = opts.keychainService ?? `sahha-admin-e2e-${randomBytes(4).toString('hex')}`
  const args = [WEB_ENTRY, '--user-data', userDataDir, '--keychain-service', keychainService, '--demo-profiles', String(opts.demoProfiles ?? 2000), '--demo-secret-suffix', canary.suffix]
  if (opts.port) args.push('--port', String(opts.port))
  const proc = spawn(process.execPath, args, { stdio: 'pipe', env: process.env })
  let out = ''
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()))
  proc.once('exit', () => keepArtifact('bridge-output', 'out.txt', out))
  const ready = await new Promise<{ url: string; launchUrl: string; logPath: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 30_000)
    const onData = () => {
      const m = /BRIDGE_READY (\{.*\})/.exec(out)
      if (m) {
        clearTimeout(timer)
        proc.stdout.off('data', onData)
        resolve(JSON.parse(m[1]!))
      }
    }
    proc.stdout.on('data', onData)
    proc.on('exit', (code) => reject(new Error(`bridge exited with ${code}:\n${out}`)))
  })
  const token = new URL(ready.launchUrl).hash.replace('#token=', '')
  return {
    ...ready,
    token,
    userDataDir,
    keychainService,
    output: () => out,
    proc,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      const exited = new Promise<void>((r) => proc.once('exit', () => r()))
      proc.kill(signal)
      await exited
    }
  }
}
