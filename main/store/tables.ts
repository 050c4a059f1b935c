/**
 * Saved publication tables in the project file (migration 0003): a name and a table spec
 * (shared/specs/table.ts), listed in the order they were created.
 */
import { randomUUID } from 'node:crypto';
import { UserError } from '../engine/errors';
import type { SavedTable } from '../../shared/contract-publish';
import { tableSpec, type TableSpec } from '../../shared/specs/table';
import type { ProjectStore } from './project';

interface TableRow {
  id: string;
  name: string;
  spec: string;
  created_at: string;
  updated_at: string;
}

function toSaved(row: TableRow): SavedTable {
  const parsed = tableSpec.safeParse(JSON.parse(row.spec));
  if (!parsed.success)
    throw new UserError('stored_table_invalid', `The stored table "${row.name}" is not valid for this version of Causeway.`, { table: row.id });
  return { id: row.id, name: row.name, spec: parsed.data, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function listTables(store: ProjectStore): SavedTable[] {
  const rows = store.db.prepare('SELECT * FROM publish_tables ORDER BY created_at, rowid').all() as TableRow[];
  return rows.map(toSaved);
}

export function getTable(store: ProjectStore, id: string): SavedTable {
  const row = store.db.prepare('SELECT * FROM publish_tables WHERE id = ?').get(id) as TableRow | undefined;
  if (!row) throw new UserError('not_found', `No table "${id}" in this project. It may have been deleted; refresh the list.`, { table: id });
  return toSaved(row);
}

/** A new table, or a new name and spec for `id`. */
export function saveTable(store: ProjectStore, input: { id?: string; name: string; spec: TableSpec }): SavedTable {
  const t = new Date().toISOString();
  const spec = JSON.stringify(input.spec);
  if (input.id) {
    getTable(store, input.id);
    store.db.prepare('UPDATE publish_tables SET name = ?, spec = ?, updated_at = ? WHERE id = ?').run(input.name, spec, t, input.id);
    return getTable(store, input.id);
  }
  const id = randomUUID();
  store.db.prepare('INSERT INTO publish_tables (id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, input.name, spec, t, t);
  return getTable(store, id);
}

export function deleteTable(store: ProjectStore, id: string): void {
  const r = store.db.prepare('DELETE FROM publish_tables WHERE id = ?').run(id);
  if (r.changes === 0) throw new UserError('not_found', `No table "${id}" in this project. It may have been deleted; refresh the list.`, { table: id });
}
