/** Entry of `npm run soak` (bundled by test/soak/run.mjs). Prints one JSON line of figures. */
import { startSimulator } from '../../main/simulator/server'
import { concurrentWrites, crashSafety, faultSoak, lostUpdates } from './scenarios'

async function main() {
  const [simUrl, expected, rounds, trials, childScript, concurrentRounds] = process.argv.slice(2)
  const fault = await faultSoak(simUrl!, Number(expected))
  const sim = await startSimulator({ port: 0, profiles: 50 })
  const lost = await lostUpdates(sim.url, Number(rounds))
  await sim.close()
  const crash = await crashSafety(childScript!, Number(trials))
  const concurrent = await concurrentWrites(Number(concurrentRounds))
  process.stdout.write(JSON.stringify({ fault, lost, crash, concurrent }) + '\n')
}
void main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n')
  process.exit(1)
})
