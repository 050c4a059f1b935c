/**
 * The first schema: project metadata, datasets stored column by column (one BLOB per column:
 * Float64Array values or Int32Array codes, little-endian), analyses (the spec), results (spec,
 * data fingerprint, engine version, timing, runner notes, timestamp) and the run log.
 */
import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT,
        nrow INTEGER NOT NULL CHECK (nrow >= 0),
        ncol INTEGER NOT NULL CHECK (ncol >= 0),
        source TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE dataset_columns (
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('number', 'string')),
        label TEXT,
        value_labels TEXT,
        is_integer INTEGER NOT NULL DEFAULT 0,
        format TEXT,
        -- string columns: JSON array of levels, whether their order is the analyst's
        levels TEXT,
        nlevels INTEGER,
        explicit_order INTEGER NOT NULL DEFAULT 0,
        data BLOB NOT NULL,
        -- numeric columns from Stata/SPSS: which kind of missing each NaN is (Uint8Array)
        missing_kind BLOB,
        PRIMARY KEY (dataset_id, position),
        UNIQUE (dataset_id, name)
      );

      CREATE TABLE analyses (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        model TEXT NOT NULL,
        dataset TEXT NOT NULL,
        spec TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE results (
        id TEXT PRIMARY KEY,
        analysis_id TEXT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
        spec TEXT NOT NULL,
        result TEXT NOT NULL,
        data_fingerprint TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        timing TEXT NOT NULL,
        -- JSON array of what the runner reports (rows dropped by subset or levels, …)
        notes TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
      );
      CREATE INDEX results_by_analysis ON results (analysis_id, created_at);

      CREATE TABLE run_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('import', 'analysis')),
        target TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
        message TEXT,
        seconds REAL NOT NULL,
        details TEXT
      );
    `);
  },
};
