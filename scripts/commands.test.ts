/** The project's own commands, run as a user runs them from the project folder. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('npx causeway', () => {
  it('runs from the project folder', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['causeway', '--version'], { cwd: root, timeout: 170_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
    );
    expect(out.trim()).toBe(version);
  }, 180_000);
});
