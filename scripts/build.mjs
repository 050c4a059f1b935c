#!/usr/bin/env node
// Builds what `npm start`, `npx causeway` and the e2e tests run:
//   dist/renderer/            vite build of renderer/ (renderer/vite.config.ts)
//   dist/main/cli.mjs         the CLI and browser host      (main/cli/index.ts)
//   dist/main/worker.mjs      the worker-thread entry       (main/workers/worker.ts)
//   dist/main/electron-main.mjs, dist/main/preload.cjs   the Electron shell
// Runs as `prepare` on `npm install`. Skips the work when dist/ is newer than every source
// file (so `npx causeway`, which re-runs `prepare`, starts at once); `--force` rebuilds.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const force = process.argv.includes('--force');

const INPUTS = ['main', 'shared', 'renderer', 'package.json', 'package-lock.json', 'scripts/build.mjs'];
const SKIP = /(^|[/\\])(node_modules|testdata|fixtures)([/\\]|$)|\.test\.tsx?$/;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return SKIP.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    const child = join(path, name);
    if (!SKIP.test(child)) newest = Math.max(newest, newestMtime(child));
  }
  return newest;
}

const newestInput = Math.max(...INPUTS.map((p) => newestMtime(join(root, p))));
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput) {
  console.log('causeway build: up to date');
  process.exit(0);
}

const t0 = performance.now();
const step = (what) => console.log(`causeway build: ${what}`);

if (existsSync(join(root, 'renderer', 'vite.config.ts'))) {
  step('renderer (vite)');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
} else step('renderer skipped: renderer/vite.config.ts does not exist yet');

step('main process bundles (esbuild)');
const esbuild = await import('esbuild');
rmSync(join(dist, 'main'), { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Bundling the dependencies too makes a worker start in a fraction of the time it takes
  // Node to resolve hundreds of small @stdlib files. Native and optional modules stay outside
  // (resvg, the figure rasteriser, loads a platform-specific .node binding).
  external: ['better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate', '@resvg/resvg-js'],
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};
// CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
const esmRequire = { js: "import { createRequire as __causewayRequire } from 'node:module'; const require = __causewayRequire(import.meta.url);" };
await esbuild.build({
  ...common,
  entryPoints: { cli: 'main/cli/index.ts', worker: 'main/workers/worker.ts', 'electron-main': 'main/electron/main.ts' },
  format: 'esm',
  banner: esmRequire,
  outdir: 'dist/main',
  outExtension: { '.js': '.mjs' },
});
// A sandboxed preload is CommonJS and may require only `electron`: everything else is bundled in.
await esbuild.build({
  ...common,
  external: ['electron'],
  entryPoints: { preload: 'main/electron/preload.ts' },
  format: 'cjs',
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
});

mkdirSync(dist, { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
step(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${relative(root, dist)}/`);
