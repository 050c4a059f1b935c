/**
 * Publication tables (docs/publish.md): the table specs a user builds and keeps in the project,
 * so the table builder reopens them and the project report lists them. A spec names its sources
 * (analysis ids, a dataset name) as text; deleting an analysis leaves the spec, whose preview
 * then names the missing source.
 */
import type { Migration } from './types';

export const migration0003: Migration = {
  version: 3,
  name: 'tables',
  up(db) {
    db.exec(`
      CREATE TABLE publish_tables (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
