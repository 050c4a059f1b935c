/**
 * `npm start` / `causeway start`: the Electron window where Electron's binary is installed,
 * else the browser host in the default browser.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { APP_ROOT, ELECTRON_MAIN } from './paths';
import { serve } from './serve';

/** The electron package exports its binary's path, and throws when the binary was never downloaded. */
export function electronBinary(): string | null {
  try {
    const bin: unknown = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
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
