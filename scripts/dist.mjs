// `npm run dist`: installers for the current platform with electron-builder. electron-builder downloads the
// Electron binaries (and AppImage/fpm tools) from GitHub; where that is impossible, say so in one line.
import { spawn } from 'node:child_process'

// Output is buffered: shown in full on success or on an unexpected failure, replaced by one line when offline.
const run = (cmd, args) =>
  new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (out += d))
    p.on('exit', (code) => resolve({ code, out }))
  })

const built = await run('npx', ['electron-vite', 'build'])
if (built.code !== 0) {
  process.stderr.write(built.out)
  process.exit(built.code ?? 1)
}
const r = await run('npx', ['electron-builder', '--publish', 'never'])
if (r.code !== 0) {
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/.test(r.out)) {
    console.error('Cannot build installers here: electron-builder must download the Electron binaries from GitHub, which this machine cannot reach. Run `npm run dist` where GitHub is reachable.')
  } else {
    process.stderr.write(r.out)
    console.error('electron-builder failed; see its output above.')
  }
  process.exit(1)
}
process.stdout.write(r.out)
