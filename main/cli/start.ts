/**
 * `npm start` / `causeway start`: the Electron window where Electron's binary is installed,
 * else the browser host in the default browser.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { APP_ROOT, ELECTRON_MAIN } from './paths';
import { serve } from './serve';

/**
 * The Electron binary, if it has been downloaded. Reads what the electron package's own
 * index.js reads (path.txt, dist/), without requiring it: requiring it starts a download when
 * the binary is missing.
 */
export function electronBinaryIn(packageDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const bin = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(packageDir, 'dist', relative);
  return existsSync(bin) ? bin : null;
}

function electronBinary(): string | null {
  try {
    return electronBinaryIn(dirname(createRequire(import.meta.url).resolve('electron')));
  } catch {
    return null;
  }
}

export async function start(print: (line: string) => void): Promise<number> {
  const electron = electronBinary();
  if (electron && existsSync(ELECTRON_MAIN)) {
    const child = spawn(electron, [APP_ROOT], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  }
  print(electron ? 'The Electron build is missing (run "npm run build"); using the browser instead.' : 'Electron is not installed here; Causeway opens in your browser.');
  await serve({ open: true, print });
  return 0;
}
