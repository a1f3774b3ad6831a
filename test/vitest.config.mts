import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// gnome-keyring over D-Bus exists only on Linux: locking it, killing its bus, running with none, and the script
// that starts it. On macOS and Windows (hosted CI) the other keychain tests run against the OS keychain.
const LINUX_KEYRING_ONLY = ['test/integration/keychain-faults/**', 'test/integration/keychain/with-keychain.test.ts']
const linux = process.platform === 'linux'

export default defineConfig({
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
          exclude: ['test/integration/keychain-unavailable/**', ...(linux ? [] : LINUX_KEYRING_ONLY)],
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      ...(linux
        ? [
            {
              // A machine with no keychain: the bus address points nowhere and there is no display to autolaunch one.
              extends: true,
              test: {
                name: 'keychain-absent',
                environment: 'node',
                include: ['test/integration/keychain-unavailable/**/*.test.ts'],
                env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' }
              }
            }
          ]
        : []),
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.tsx'],
          setupFiles: ['test/support/renderer-setup.ts']
        }
      }
    ]
  }
})
