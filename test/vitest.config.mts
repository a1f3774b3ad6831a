import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

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
          exclude: ['test/integration/keychain-unavailable/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      {
        // A machine with no keychain: the bus address points nowhere and there is no display to autolaunch one.
        extends: true,
        test: {
          name: 'keychain-absent',
          environment: 'node',
          include: ['test/integration/keychain-unavailable/**/*.test.ts'],
          env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' }
        }
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.tsx']
        }
      }
    ]
  }
})
