/** Running the `causeway` command in tests: in this process (fast) or spawned as a user runs it (from source). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './index';

export const bin = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'causeway.mjs');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `main` in this process, with its output captured. */
export async function inProcess(args: string[], cwd: string): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** bin/causeway.mjs in a child process, from the TypeScript sources. */
export function spawned(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CAUSEWAY_FROM_SOURCE: '1', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
