import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-recipes';
import { migration0003 } from './0003-tables';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every migration in order; the last one's version is the schema version this build writes. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
