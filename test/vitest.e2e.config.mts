import { defineConfig } from 'vitest/config'

// End-to-end: the built renderer in Debian's Chromium, talking to the real main-process handlers in a
// browser-mode process (out/main/web.js) over the loopback bridge. Run after `npm run build`, inside
// scripts/with-keychain.sh so the bridge process uses a real, throwaway keychain.
export default defineConfig({
  test: {
    globals: true,
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts', 'test/electron/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000
  }
})
