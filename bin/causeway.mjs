#!/usr/bin/env node
// The `causeway` command. Runs the build (dist/main/cli.mjs, made by `npm install` / `npm run
// build`); without a build, or with CAUSEWAY_FROM_SOURCE=1, runs the TypeScript sources via tsx.
import { existsSync } from 'node:fs';

// `causeway run spec.json | head`: a reader that closes the pipe early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const built = new URL('../dist/main/cli.mjs', import.meta.url);
let cli;
if (process.env.CAUSEWAY_FROM_SOURCE !== '1' && existsSync(built)) cli = await import(built.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../main/cli/index.ts', import.meta.url).href);
}
process.exitCode = await cli.main(process.argv.slice(2));
