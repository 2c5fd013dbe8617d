import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Browser journeys live in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['{main,devices,sync,kiosk-config,renderer,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
