#!/usr/bin/env node
// `npm run bench [-- name … | --quick]`: runs each scripts/bench/*.ts (or only the named ones) in
// its own child process, one after another (the machine's cores are shared), prints its output,
// and ends with one table of every speed target of the issues next to the measured figure.
// --quick skips the 10×-rows feols run (10M rows; about a minute and 3 GB of memory).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'scripts', 'bench');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const wanted = argv.filter((a) => !a.startsWith('--'));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.ts')))
  .sort();
if (benches.length === 0) {
  console.error(`bench: nothing to run${wanted.length ? ` named ${wanted.join(', ')}` : ''} in scripts/bench/`);
  process.exit(1);
}

/** Rows of the summary table, from the "@target {issue, row}" lines of scripts/bench/lib/report.ts. */
const targets = [];
let failed = 0;
const started = performance.now();
for (const file of benches) {
  const name = basename(file, '.ts');
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  const extra = name === 'feols' && quick ? ['--no-10x'] : [];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=16000', '--import', 'tsx', join(dir, file), ...extra], {
      cwd: root,
      stdio: ['inherit', 'pipe', 'inherit'],
      env: { ...process.env, CAUSEWAY_BENCH_SUMMARY: '1' },
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('@target ')) targets.push(JSON.parse(line.slice(8)));
      else console.log(line);
    });
    child.on('close', (c, signal) => resolve(signal ? 1 : (c ?? 1)));
  });
  console.log(`=== ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s ===`);
  if (code !== 0) failed++;
}

console.log(`\n=== speed targets (wall and CPU time of the benchmark process; ${((performance.now() - started) / 1000).toFixed(0)} s in all) ===`);
for (const t of targets.sort((a, b) => a.issue - b.issue)) console.log(t.row);
if (quick) console.log('(--quick: the 10×-rows feols run was skipped)');
process.exit(failed > 0 ? 1 : 0);
