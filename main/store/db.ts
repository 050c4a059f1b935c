/**
 * Opening a project file: SQLite through better-sqlite3 with WAL, foreign keys and a busy
 * timeout on every connection (the main thread and each worker open their own), the
 * application id that marks the file as ours, and the numbered migrations.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { UserError } from '../engine/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index';
import type { Migration } from './migrations/index';

/** "CWAY" — PRAGMA application_id, so a project file is recognisable as ours (`file` shows it too). */
export const APPLICATION_ID = 0x43574159;
const SQLITE_MAGIC = 'SQLite format 3\0';

export type { Db };

function configure(db: Db): void {
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  // FULL: a committed import survives power loss, not only a crash of the app.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** Applies the migrations after `from` (each in a transaction with its version bump). */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** Creates a new, empty project file (error if something is already at `path`). */
export function createProjectDb(path: string, name: string, now = new Date().toISOString()): Db {
  if (existsSync(path)) throw new UserError('file_exists', `"${path}" already exists. Choose another name or open it instead.`, { file: path });
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw new UserError('cannot_create', `Cannot create "${path}": ${(e as Error).message}.`, { file: path });
  }
  configure(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('name', name, 'created_at', now);
  return db;
}

/**
 * Opens an existing project file. `migrate: false` (workers) refuses a file whose schema is not
 * exactly this build's instead of changing it.
 */
export function openProjectDb(path: string, options: { migrate?: boolean } = {}): Db {
  const label = basename(path);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new UserError('file_not_found', `Cannot open "${path}": the file does not exist.`, { file: path });
  if (!hasSqliteHeader(path))
    throw new UserError('not_a_project', `"${label}" is not a Causeway project (it is not an SQLite database).`, { file: path });
  const db = new Database(path, { fileMustExist: true });
  try {
    configure(db);
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID)
      throw new UserError('not_a_project', `"${label}" is an SQLite database but not a Causeway project.`, { file: path });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new UserError(
        'project_too_new',
        `"${label}" was saved by a newer Causeway (project format ${version}; this version reads up to ${SCHEMA_VERSION}). Update Causeway to open it.`,
        { file: path, version, supported: SCHEMA_VERSION },
      );
    if (version < SCHEMA_VERSION) {
      if (options.migrate === false)
        throw new UserError('project_outdated', `"${label}" must be upgraded by the app before this operation.`, { file: path, version });
      migrate(db);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    throw new UserError('not_a_project', `"${label}" cannot be read as a Causeway project: ${(e as Error).message}.`, { file: path });
  }
}
