// `npm start`: run the app in Electron on the Demo environment. Where the Electron binary is missing
// or cannot start (it is downloaded from GitHub on first use), say so in one line and point to browser mode.
import { spawn, spawnSync } from 'node:child_process'

// Resolving 'electron' downloads the binary on first use; do it in a child so its stack trace stays hidden.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  encoding: 'utf8',
  timeout: 180_000
})
const electronPath = probe.status === 0 ? probe.stdout.trim() : null
if (!electronPath) {
  console.error('Electron is not installed here (its binary could not be downloaded). Run `npm run start:web` to use the app in your browser instead.')
  process.exit(1)
}
const child = spawn(electronPath, ['.'], { stdio: ['inherit', 'inherit', 'pipe'] })
let stderr = ''
child.stderr.on('data', (d) => {
  stderr += d
  process.stderr.write(d)
})
child.on('error', () => {
  console.error('Electron could not start on this machine. Run `npm run start:web` to use the app in your browser instead.')
  process.exit(1)
})
child.on('exit', (code, signal) => {
  if (code !== 0 && code !== null) {
    const hint = /DISPLAY|display|libgtk|shared libraries/.test(stderr) ? ' (no display or missing system libraries)' : ''
    console.error(`Electron exited with code ${code}${hint}. Run \`npm run start:web\` to use the app in your browser instead.`)
  }
  process.exit(code ?? (signal ? 1 : 0))
})
