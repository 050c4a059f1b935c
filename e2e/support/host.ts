/**
 * Starts the built browser host (`causeway serve --port 0 --no-open`) as a child process with
 * its own CAUSEWAY_HOME, and reads the URL (with its per-launch token) from the line it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Host {
  /** The page URL including `?token=`. */
  url: string;
  /** CAUSEWAY_HOME of this host: settings, recent list and new projects live here. */
  home: string;
  stop(): Promise<void>;
}

const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;
const START_TIMEOUT_MS = 60_000;

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export async function startHost(home = mkdtempSync(join(tmpdir(), 'causeway-e2e-home-'))): Promise<Host> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'causeway.mjs'), 'serve', '--port', '0', '--no-open'], {
    cwd: repoRoot,
    env: { ...process.env, CAUSEWAY_HOME: home, BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The host printed no URL within ${START_TIMEOUT_MS / 1000} s. Output:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = URL_LINE.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The host exited (code ${code}, signal ${signal}) before printing its URL. Output:\n${output}`));
    });
  });
  return {
    url,
    home,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await waitForExit(child);
      clearTimeout(killer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
