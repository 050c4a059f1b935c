import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built browser host (npm run build first; `npm test` does).
 * Debian's chromium, never a downloaded browser: PLAYWRIGHT_CHROMIUM overrides the path.
 * One worker: the machine's two cores are shared with the host and its worker threads.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: '../test-results',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1366, height: 900 },
    actionTimeout: 20_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
