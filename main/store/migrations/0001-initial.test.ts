import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../db';
import { migration0001 } from './0001-initial';

describe('migration 0001-initial', () => {
  let db: Database.Database;
  afterEach(() => db.close());

  it('creates the tables from an empty database and sets user_version 1', () => {
    db = new Database(':memory:');
    migrate(db, [migration0001]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['analyses', 'dataset_columns', 'datasets', 'meta', 'results', 'run_log']));
  });

  it('cascades dataset and analysis deletes to their columns and results', () => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration0001]);
    db.prepare("INSERT INTO datasets VALUES ('d', 'n', NULL, 1, 1, '{}', 'f', 't', 't')").run();
    db.prepare("INSERT INTO dataset_columns (dataset_id, position, name, type, data) VALUES ('d', 0, 'x', 'number', x'00')").run();
    db.prepare("INSERT INTO analyses VALUES ('a', 'n', 'describe', 'n', '{}', 't', 't')").run();
    db.prepare("INSERT INTO results (id, analysis_id, spec, result, data_fingerprint, engine_version, timing, created_at) VALUES ('r', 'a', '{}', '{}', 'f', '0', '{}', 't')").run();
    db.prepare("DELETE FROM datasets WHERE id = 'd'").run();
    db.prepare("DELETE FROM analyses WHERE id = 'a'").run();
    expect(db.prepare('SELECT count(*) AS n FROM dataset_columns').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
  });

  it('rejects a column type other than number or string and a result without its analysis', () => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration0001]);
    db.prepare("INSERT INTO datasets VALUES ('d', 'n', NULL, 1, 1, '{}', 'f', 't', 't')").run();
    expect(() => db.prepare("INSERT INTO dataset_columns (dataset_id, position, name, type, data) VALUES ('d', 0, 'x', 'date', x'00')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO results (id, analysis_id, spec, result, data_fingerprint, engine_version, timing, created_at) VALUES ('r', 'missing', '{}', '{}', 'f', '0', '{}', 't')").run()).toThrow(/FOREIGN KEY/);
  });

  it('is skipped when the database is already at version 1', () => {
    db = new Database(':memory:');
    migrate(db, [migration0001]);
    expect(() => migrate(db, [migration0001])).not.toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});
