/**
 * The e2e test fixture: every test gets its own browser host with a fresh CAUSEWAY_HOME (so
 * each one is a first start), a scratch folder for generated files, and a page whose console
 * errors and uncaught exceptions (CSP violations included) fail the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost, type Host } from './host';

interface Fixtures {
  host: Host;
  workDir: string;
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
  workDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-e2e-files-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      await use(errors);
      expect(errors, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
