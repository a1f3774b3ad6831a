/** `npm run simulator -- --port 0 --profiles 100000 --seed 42 [--faults 0.2]` */
import { parseArgs } from 'node:util'
import { startSimulator } from './server'

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      profiles: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      faults: { type: 'string', default: '0' },
      verbose: { type: 'boolean', default: false }
    }
  })
  const started = Date.now()
  const sim = await startSimulator({
    port: Number(values.port),
    profiles: Number(values.profiles),
    seed: Number(values.seed),
    faults: Number(values.faults) > 0 ? { rate: Number(values.faults) } : undefined,
    logger: values.verbose ? (l) => process.stdout.write(l + '\n') : undefined
  })
  process.stdout.write(`Simulator listening on ${sim.url}\n`)
  process.stdout.write(
    `  ${values.profiles} profiles (seed ${values.seed}) ready in ${Date.now() - started} ms, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB\n` +
      `  Demo account: clientId ${sim.demo.accountClientId} / clientSecret ${sim.demo.accountClientSecret} (fake, simulator only)\n` +
      `  Acme account (no integration yet): acme-account-client-id / acme-account-secret-${values.seed}; its Oura app: ACME-OURA-CLIENT-ID / acme-oura-secret-${values.seed}\n`
  )
  const stop = () => void sim.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`Simulator could not start: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
