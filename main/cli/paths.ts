/**
 * Where the app's files are. From source this module is main/cli/paths.ts; built, it is part
 * of dist/main/cli.mjs: either way the package root is two folders up.
 */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const APP_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');
export const ELECTRON_MAIN = join(APP_ROOT, 'dist', 'main', 'electron-main.mjs');
