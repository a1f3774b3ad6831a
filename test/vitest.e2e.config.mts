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
    // A busy 2-core machine makes every step slower, never wrong: the tests wait on app state (a testid,
    // a count, data-synced-at), and these bounds only decide when a step that never comes is reported.
    // expect.poll's own default (1 s) is a fixed timeout in disguise; it must outlast a loaded bridge.
    testTimeout: 180_000,
    hookTimeout: 90_000,
    expect: { poll: { timeout: 45_000, interval: 100 } }
  }
})
