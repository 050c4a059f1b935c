import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, createProjectDb, migrate, openProjectDb } from './db';
import { SCHEMA_VERSION } from './migrations/index';
import { tempDir } from './testing';

describe('project database files', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates a WAL database with foreign keys, our application id and the latest schema', () => {
    const path = join(tmp.dir, 'p.causeway');
    createProjectDb(path, 'P').close();
    const db = openProjectDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'name'").get()).toEqual({ value: 'P' });
    db.close();
  });

  it('refuses to create over an existing file', () => {
    const path = join(tmp.dir, 'x.causeway');
    writeFileSync(path, 'keep me');
    expect(() => createProjectDb(path, 'X')).toThrow(expect.objectContaining({ code: 'file_exists' }));
  });

  it('names a missing file', () => {
    expect(() => openProjectDb(join(tmp.dir, 'nope.causeway'))).toThrow(expect.objectContaining({ code: 'file_not_found' }));
  });

  it('says a text file is not a project', () => {
    const path = join(tmp.dir, 'data.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    expect(() => openProjectDb(path)).toThrow(expect.objectContaining({ code: 'not_a_project', message: expect.stringContaining('not an SQLite database') }));
  });

  it('says another SQLite database is not a project', () => {
    const path = join(tmp.dir, 'other.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openProjectDb(path)).toThrow(expect.objectContaining({ code: 'not_a_project', message: expect.stringContaining('not a Causeway project') }));
  });

  it('refuses a project written by a newer version', () => {
    const path = join(tmp.dir, 'new.causeway');
    createProjectDb(path, 'N').close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openProjectDb(path)).toThrow(expect.objectContaining({ code: 'project_too_new', details: expect.objectContaining({ version: SCHEMA_VERSION + 1 }) }));
  });

  it('migrates an older project on open, but not from a worker', () => {
    const path = join(tmp.dir, 'old.causeway');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.close();
    expect(() => openProjectDb(path, { migrate: false })).toThrow(expect.objectContaining({ code: 'project_outdated' }));
    const opened = openProjectDb(path);
    expect(opened.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    opened.close();
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    const failing = {
      version: 1,
      name: 'failing',
      up(d: Database.Database) {
        d.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [failing])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});
