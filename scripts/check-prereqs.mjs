// Stops `npm test` / `npm start` with one line naming the exact install command when a prerequisite is missing.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const mode = process.argv[2] ?? 'test'
const fail = (line) => {
  console.error(`Missing prerequisite: ${line}`)
  process.exit(1)
}
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  fail(`Node ${process.versions.node} is too old; install Node >= 22.12 (for example: nvm install 24, or see .ci/run).`)
}
const has = (bin) => {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const require = createRequire(import.meta.url)
if (process.platform === 'linux') {
  try {
    require('keytar')
  } catch {
    fail('the keychain module keytar is not built; run: sudo apt-get install -y libsecret-1-dev && npm rebuild keytar')
  }
  if (mode === 'test') {
    if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) fail('no test keychain; run: sudo apt-get install -y gnome-keyring dbus-x11')
    if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) fail('no Chromium for the end-to-end tests; run: sudo apt-get install -y chromium')
  }
}
