/**
 * `node out/main/simulator.js --port 0 --profiles 100000 --seed 42 [--faults 0.2] [--admin-api off] [--verbose]`
 * Prints exactly one line, `Simulator listening on http://127.0.0.1:PORT`, then serves until SIGINT/SIGTERM.
 * Anything else (start-up figures with --verbose, request log) goes to stderr.
 */
import { parseArgs } from 'node:util'
import { startSimulator } from './server'

function numberArg(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      profiles: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      faults: { type: 'string', default: '0' },
      verbose: { type: 'boolean', default: false },
      'admin-api': { type: 'string', default: 'on' }
    },
    allowPositionals: false
  })
  const port = numberArg('port', values.port, 0, 65535)
  const profiles = Math.floor(numberArg('profiles', values.profiles, 0, 2_000_000))
  const seed = Math.floor(numberArg('seed', values.seed, 0, 2 ** 32 - 1))
  const rate = numberArg('faults', values.faults, 0, 1)
  const adminApi = values['admin-api']
  if (adminApi !== 'on' && adminApi !== 'off') throw new Error(`--admin-api must be "on" or "off" (got "${adminApi}")`)
  const started = performance.now()
  const sim = await startSimulator({
    port,
    profiles,
    seed,
    adminApi,
    faults: rate > 0 ? { rate } : undefined,
    logger: values.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined
  })
  process.stdout.write(`Simulator listening on ${sim.url}\n`)
  if (values.verbose) {
    process.stderr.write(
      `${profiles} profiles (seed ${seed}) ready in ${Math.round(performance.now() - started)} ms, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB\n` +
        `Demo account: clientId ${sim.demo.accountClientId} (fake, simulator only); admin API ${adminApi}\n`
    )
  }
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    void sim.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`Simulator could not start: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
