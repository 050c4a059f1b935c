import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../db';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-recipes';

const COLUMN = "INSERT INTO %TABLE% (dataset_id, position, name, type, data) VALUES ('d', 0, 'x', 'number', x'00')";

describe('migration 0002-recipes', () => {
  let db: Database.Database;
  afterEach(() => db.close());

  function atVersion1(): Database.Database {
    const d = new Database(':memory:');
    d.pragma('foreign_keys = ON');
    migrate(d, [migration0001]);
    d.prepare("INSERT INTO datasets VALUES ('d', 'n', NULL, 1, 1, '{}', 'f', 't', 't')").run();
    d.prepare("INSERT INTO run_log (at, kind, target, status, message, seconds, details) VALUES ('t', 'import', 'a.csv', 'ok', NULL, 0.5, NULL)").run();
    d.prepare("INSERT INTO run_log (at, kind, target, status, message, seconds, details) VALUES ('t', 'analysis', 'did', 'error', 'bad', 1, '{}')").run();
    return d;
  }

  it('keeps existing datasets (empty recipe, no panel) and run-log rows with their ids', () => {
    db = atVersion1();
    migrate(db, [migration0001, migration0002]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT recipe, panel FROM datasets WHERE id = 'd'").get()).toEqual({ recipe: '[]', panel: null });
    expect(db.prepare('SELECT id, kind, target, status, message, seconds, details FROM run_log ORDER BY id').all()).toEqual([
      { id: 1, kind: 'import', target: 'a.csv', status: 'ok', message: null, seconds: 0.5, details: null },
      { id: 2, kind: 'analysis', target: 'did', status: 'error', message: 'bad', seconds: 1, details: '{}' },
    ]);
  });

  it('accepts the run-log kind "data" and still rejects unknown kinds; ids keep counting', () => {
    db = atVersion1();
    migrate(db, [migration0001, migration0002]);
    const r = db.prepare("INSERT INTO run_log (at, kind, target, status, seconds) VALUES ('t', 'data', 'generate', 'ok', 0)").run();
    expect(r.lastInsertRowid).toBe(3);
    expect(() => db.prepare("INSERT INTO run_log (at, kind, target, status, seconds) VALUES ('t', 'other', 'x', 'ok', 0)").run()).toThrow(/CHECK/);
  });

  it('stores original columns under an original, and cascades a dataset delete to both', () => {
    db = atVersion1();
    migrate(db, [migration0001, migration0002]);
    expect(() => db.prepare(COLUMN.replace('%TABLE%', 'dataset_original_columns')).run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO dataset_originals VALUES ('d', 1, 1)").run();
    db.prepare(COLUMN.replace('%TABLE%', 'dataset_original_columns')).run();
    db.prepare("DELETE FROM datasets WHERE id = 'd'").run();
    expect(db.prepare('SELECT count(*) AS n FROM dataset_originals').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM dataset_original_columns').get()).toEqual({ n: 0 });
  });

  it('is skipped when the database is already at version 2', () => {
    db = atVersion1();
    migrate(db, [migration0001, migration0002]);
    expect(() => migrate(db, [migration0001, migration0002])).not.toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });
});
