/**
 * Browser mode: the real main-process handlers behind the loopback bridge, for machines where
 * Electron cannot start, for reviewers, and for the end-to-end tests. Never started by a packaged
 * build unless the operator runs it.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startBridge } from './bridge/server'
import { composeApp } from './compose'
import { KEYCHAIN_SERVICE } from './secrets/secret-store'
import { fileSink } from './log-file'
import { version } from '../package.json'
import { prepareUserDataDir } from './storage/disk'
import { toAppError } from './errors'

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'user-data': { type: 'string' },
      'keychain-service': { type: 'string', default: KEYCHAIN_SERVICE },
      'demo-profiles': { type: 'string', default: '5000' },
      // What the Demo's client secrets end in (default: the seed); the e2e secret canary sets its own.
      'demo-secret-suffix': { type: 'string' },
      token: { type: 'string' }
    }
  })
  const userDataDir =
    values['user-data'] ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'sahha-integrations-admin')
  const logPath = join(userDataDir, 'logs', 'main.log')
  // Before the log file: a read-only or full data folder is named, with the OS reason, not an ENOENT.
  await prepareUserDataDir(userDataDir)
  const app = await composeApp({
    version,
    platform: process.platform,
    transport: 'bridge',
    userDataDir,
    keychainService: values['keychain-service'],
    fetch: globalThis.fetch,
    logSink: fileSink(logPath, (line) => {
      if (/"level":"(warn|error)"/.test(line)) process.stderr.write(line + '\n')
    }),
    rendererOrigin: null,
    rendererFile: null,
    demoProfiles: Number(values['demo-profiles']),
    demoSecretSuffix: values['demo-secret-suffix']
  })
  const bridge = await startBridge({
    dispatch: app.dispatch,
    events: app.services.events,
    log: app.services.log,
    rendererDir: join(__dirname, '../renderer'),
    port: Number(values.port),
    token: values.token,
    onClientGone: (clientId) => app.bridgeClientGone(clientId)
  })
  process.stdout.write(`BRIDGE_READY ${JSON.stringify({ url: bridge.url, launchUrl: bridge.launchUrl, userDataDir, logPath })}\n`)
  process.stdout.write(`Sahha Integrations Admin (browser mode) is running. Open:\n  ${bridge.launchUrl}\nPress Ctrl+C to stop.\n`)
  app.warmUp()
  const stop = async () => {
    await bridge.close()
    await app.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  const error = toAppError(e)
  const detail = error.code === 'INTERNAL' && e instanceof Error ? e.message : `${error.message} ${error.remedy ?? ''}`.trim()
  process.stderr.write(`Browser mode could not start: ${detail}\n`)
  process.exit(1)
})
