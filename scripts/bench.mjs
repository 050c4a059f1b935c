#!/usr/bin/env node
// `npm run bench [-- name …]`: runs each scripts/bench/*.ts (or only the named ones) in its own
// child process, one after another (the machine's cores are shared), and prints its output.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'scripts', 'bench');
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.ts')))
  .sort();
if (benches.length === 0) {
  console.error(`bench: nothing to run${wanted.length ? ` named ${wanted.join(', ')}` : ''} in scripts/bench/`);
  process.exit(1);
}

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${basename(file, '.ts')} ===`);
  const t0 = performance.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=16000', '--import', 'tsx', join(dir, file)], { cwd: root, stdio: 'inherit' });
    child.on('exit', (c, signal) => resolve(signal ? 1 : (c ?? 1)));
  });
  console.log(`=== ${basename(file, '.ts')}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s ===`);
  if (code !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
