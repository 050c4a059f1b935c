/**
 * Writes that must never leave a half-written file where a good one was: write a temporary
 * file next to the target, fsync it, rename it over the target (atomic on one file system),
 * fsync the directory. A process killed at any point leaves either the old file or the new one.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { UserError } from '../engine/errors';

const TMP_SUFFIX = '.causeway-tmp';

function fsyncAt(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const fsyncPath = (path: string): void => fsyncAt(path, 'r+');

/** Makes a rename durable. Windows cannot open a directory for fsync; NTFS journals the rename. */
function fsyncDir(dir: string): void {
  if (process.platform !== 'win32') fsyncAt(dir, 'r');
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files that a killed process left for `target`. */
function removeOrphanTemps(target: string): void {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.includes(TMP_SUFFIX)) continue;
    const pid = Number(n.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(dir, n), { force: true });
  }
}

export function writeFileAtomically(target: string, content: string | Buffer): void {
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, content);
    fsyncPath(tmp);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(dirname(target));
}

/**
 * A project being replaced may have committed transactions still in its WAL file; renaming a
 * new database over it would let SQLite replay that WAL into the wrong file. Checkpoint it
 * first (opening and closing it cleanly folds the WAL in and deletes it).
 */
function foldWal(target: string): void {
  if (!existsSync(`${target}-wal`)) return;
  try {
    const old = new Database(target, { fileMustExist: true });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
  } catch (e) {
    throw new UserError('cannot_replace', `Cannot replace "${target}": it is in use or damaged (${(e as Error).message}).`, { file: target });
  }
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
}

/** Copies an open database to `target` with SQLite's online backup, then renames it into place. */
export async function copyDatabaseAtomically(
  db: Db,
  source: string,
  target: string,
  options: { overwrite?: boolean; onProgress?: (fraction: number) => void } = {},
): Promise<void> {
  if (resolve(target) === resolve(source))
    throw new UserError('same_file', 'The project is already saved at that path; choose a different file name.', { file: target });
  if (!existsSync(dirname(target))) throw new UserError('folder_not_found', `The folder "${dirname(target)}" does not exist.`, { file: target });
  if (existsSync(target) && !options.overwrite)
    throw new UserError('file_exists', `"${target}" already exists. Confirm overwriting it or choose another name.`, { file: target });
  removeOrphanTemps(target);
  const tmp = tempPathFor(target);
  try {
    await db.backup(tmp, {
      progress({ totalPages, remainingPages }) {
        options.onProgress?.(totalPages > 0 ? (totalPages - remainingPages) / totalPages : 1);
        // Pages per step: small enough that the main thread answers other requests in between.
        return 2048;
      },
    });
    fsyncPath(tmp);
    foldWal(target);
    renameSync(tmp, target);
    options.onProgress?.(1);
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    if (e instanceof UserError) throw e;
    throw new UserError('save_failed', `Saving a copy to "${target}" failed: ${(e as Error).message}. The project is unchanged.`, { file: target });
  }
  fsyncDir(dirname(target));
}
