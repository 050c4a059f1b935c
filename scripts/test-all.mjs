#!/usr/bin/env node
// `npm test`: builds if needed, runs every unit test (vitest), then the end-to-end tests
// (Playwright with Debian's chromium against the built browser host), and ends with one plain
// line "N passed, N failed" over both. Exits non-zero on any failure, including a suite that
// could not run at all.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'causeway-test-all-'));

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (e) => {
      console.error(`test-all: cannot run ${cmd}: ${e.message}`);
      resolve(-1);
    });
    child.on('exit', (code, signal) => resolve(signal ? -1 : (code ?? -1)));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0 };
const problems = [];

if ((await run(process.execPath, [join(root, 'scripts', 'build.mjs')])) !== 0) {
  problems.push('the build failed');
  totals.failed++;
}

// Unit tests. A test file that fails to load has no test results: count it as one failure.
const vitestJson = join(work, 'vitest.json');
const vitestCode = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const unit = readJson(vitestJson);
if (unit) {
  const brokenFiles = (unit.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  totals.passed += unit.numPassedTests ?? 0;
  totals.failed += (unit.numFailedTests ?? 0) + brokenFiles;
  if (vitestCode !== 0 && (unit.numFailedTests ?? 0) + brokenFiles === 0) {
    problems.push(`vitest exited with code ${vitestCode}`);
    totals.failed++;
  }
} else {
  problems.push('vitest produced no results');
  totals.failed++;
}

// End-to-end tests.
const e2eConfig = join(root, 'e2e', 'playwright.config.ts');
if (!existsSync(e2eConfig)) {
  problems.push('e2e/playwright.config.ts is missing');
  totals.failed++;
} else {
  const e2eJson = join(work, 'playwright.json');
  const e2eCode = await run(bin('playwright'), ['test', '-c', e2eConfig, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
  const e2e = readJson(e2eJson);
  if (e2e?.stats) {
    // A flaky test passed on retry; unexpected = failed; errors = the run itself broke.
    const failed = (e2e.stats.unexpected ?? 0) + (e2e.errors ?? []).length;
    totals.passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
    totals.failed += failed;
    if (e2eCode !== 0 && failed === 0) {
      problems.push(`playwright exited with code ${e2eCode}`);
      totals.failed++;
    }
  } else {
    problems.push('playwright produced no results');
    totals.failed++;
  }
}

rmSync(work, { recursive: true, force: true });
for (const p of problems) console.error(`test-all: ${p}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
