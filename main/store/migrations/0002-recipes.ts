/**
 * Recipes (docs/data.md): every dataset keeps the ordered data-management steps applied to it
 * (`datasets.recipe`, JSON) and, once it has a step, its data as imported in
 * `dataset_original_columns` (same layout as dataset_columns), so undo and replay always start
 * from the original import. `datasets.panel` holds the declared unit and time columns. The run
 * log gains the kind "data" (steps, merges, appends, exports); SQLite cannot alter a CHECK, so
 * that table is rebuilt with its rows.
 */
import type { Migration } from './types';

export const migration0002: Migration = {
  version: 2,
  name: 'recipes',
  up(db) {
    db.exec(`
      ALTER TABLE datasets ADD COLUMN recipe TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE datasets ADD COLUMN panel TEXT;

      CREATE TABLE dataset_originals (
        dataset_id TEXT PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        nrow INTEGER NOT NULL CHECK (nrow >= 0),
        ncol INTEGER NOT NULL CHECK (ncol >= 0)
      );

      CREATE TABLE dataset_original_columns (
        dataset_id TEXT NOT NULL REFERENCES dataset_originals(dataset_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('number', 'string')),
        label TEXT,
        value_labels TEXT,
        is_integer INTEGER NOT NULL DEFAULT 0,
        format TEXT,
        levels TEXT,
        nlevels INTEGER,
        explicit_order INTEGER NOT NULL DEFAULT 0,
        data BLOB NOT NULL,
        missing_kind BLOB,
        PRIMARY KEY (dataset_id, position),
        UNIQUE (dataset_id, name)
      );

      CREATE TABLE run_log_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('import', 'analysis', 'data')),
        target TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
        message TEXT,
        seconds REAL NOT NULL,
        details TEXT
      );
      INSERT INTO run_log_new (id, at, kind, target, status, message, seconds, details)
        SELECT id, at, kind, target, status, message, seconds, details FROM run_log;
      DROP TABLE run_log;
      ALTER TABLE run_log_new RENAME TO run_log;
    `);
  },
};
