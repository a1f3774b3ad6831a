import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Three main-process entries: the Electron shell, browser mode (loopback bridge) and the standalone simulator.
export default defineConfig({
  main: {
    build: {
      lib: { entry: { index: 'main/index.ts', web: 'main/web.ts', simulator: 'main/simulator/cli.ts' } }
    }
  },
  preload: { build: { lib: { entry: 'preload/index.ts' } } },
  renderer: {
    root: 'renderer',
    build: { rolldownOptions: { input: 'renderer/index.html' } },
    plugins: [react()]
  }
})
