import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../db';
import { MIGRATIONS } from './index';
import { migration0003 } from './0003-tables';

describe('migration 0003-tables', () => {
  let db: Database.Database;
  afterEach(() => db.close());

  it('adds the publish_tables table after the earlier migrations', () => {
    db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version < 3));
    migrate(db, MIGRATIONS);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(MIGRATIONS[2]).toBe(migration0003);
    const cols = (db.prepare('PRAGMA table_info(publish_tables)').all() as { name: string; notnull: number }[]).map((c) => `${c.name}:${c.notnull}`);
    expect(cols).toEqual(['id:0', 'name:1', 'spec:1', 'created_at:1', 'updated_at:1']);
  });
});
