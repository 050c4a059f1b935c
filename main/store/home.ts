/**
 * The per-user config folder: settings.json, recent.json and the default projects folder.
 * `CAUSEWAY_HOME` overrides the platform location (tests give each run its own).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { settings as settingsSchema } from '../../shared/domain';
import type { RecentProject, Settings } from '../../shared/domain';
import { writeFileAtomically } from './files';

const MAX_RECENT = 20;

export function causewayHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAUSEWAY_HOME) return resolve(env.CAUSEWAY_HOME);
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Causeway');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Causeway');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'causeway');
}

const recentFile = z.object({ projects: z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() })) });
const DEFAULT_SETTINGS: Settings = { language: null, demoOffered: false };

export class Home {
  constructor(readonly dir: string) {}

  get projectsDir(): string {
    return join(this.dir, 'projects');
  }

  ensure(): void {
    mkdirSync(this.projectsDir, { recursive: true });
  }

  /** A damaged or foreign file reads as the fallback: settings must never stop the app starting. */
  private read<T>(file: string, schema: z.ZodType<T>, fallback: T): T {
    const p = join(this.dir, file);
    if (!existsSync(p)) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(readFileSync(p, 'utf8')));
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  private write(file: string, value: unknown): void {
    this.ensure();
    writeFileAtomically(join(this.dir, file), `${JSON.stringify(value, null, 2)}\n`);
  }

  settings(): Settings {
    return this.read('settings.json', settingsSchema, DEFAULT_SETTINGS);
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const next: Settings = { ...this.settings() };
    if (patch.language !== undefined) next.language = patch.language;
    if (patch.demoOffered !== undefined) next.demoOffered = patch.demoOffered;
    this.write('settings.json', next);
    return next;
  }

  recent(): RecentProject[] {
    return this.read('recent.json', recentFile, { projects: [] }).projects.map((p) => ({ ...p, exists: existsSync(p.path) }));
  }

  /** Moves (or adds) a project to the top of the recent list. */
  touchRecent(path: string, name: string): void {
    const abs = resolve(path);
    const rest = this.read('recent.json', recentFile, { projects: [] }).projects.filter((p) => p.path !== abs);
    this.write('recent.json', { projects: [{ path: abs, name, openedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT) });
  }
}
