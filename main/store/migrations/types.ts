import type { Database } from 'better-sqlite3';

/**
 * One schema step. Migrations are numbered from 1 without gaps; PRAGMA user_version holds the
 * number of the last one applied, and each runs in its own transaction with the version bump.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
