/**
 * A dataset's recipe in the project file (migration 0002): the steps applied since the import,
 * the data as imported (kept once the first step is applied, so undo and replay always start
 * from it), and the declared panel unit and time. Writes of new working data are one IMMEDIATE
 * transaction that first checks the data is still what the step was computed from.
 */
import { UserError } from '../engine/errors';
import type { RunContext } from '../engine/context';
import { silentContext } from '../engine/context';
import type { Frame } from '../engine/frame';
import type { DatasetInfo } from '../../shared/domain';
import { panelDeclaration, recipeEntry } from '../../shared/contract-data';
import type { PanelDeclaration, RecipeEntry, RecipeInfo } from '../../shared/contract-data';
import { z } from 'zod';
import { decodeColumn, encodeColumn, fingerprintRows } from './columns';
import type { ColumnRow } from './columns';
import type { DatasetSource, ProjectStore } from './project';

const COLUMN_FIELDS = 'position, name, type, label, value_labels, is_integer, format, levels, nlevels, explicit_order, data, missing_kind';
const storedSteps = z.array(recipeEntry);

interface RecipeRow {
  recipe: string;
  panel: string | null;
  nrow: number;
  ncol: number;
}

function recipeRow(store: ProjectStore, datasetId: string): RecipeRow {
  const row = store.db.prepare('SELECT recipe, panel, nrow, ncol FROM datasets WHERE id = ?').get(datasetId) as RecipeRow | undefined;
  if (!row) throw new UserError('not_found', `No dataset "${datasetId}" in this project. It may have been deleted; refresh the list.`, { dataset: datasetId });
  return row;
}

function parseSteps(json: string, datasetId: string): RecipeEntry[] {
  const parsed = storedSteps.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new UserError('stored_recipe_invalid', `The stored recipe of dataset ${datasetId} is not valid for this version of Causeway.`, { dataset: datasetId });
  return parsed.data;
}

/** The steps, the size of the original import and the declared panel of a dataset. */
export function readRecipe(store: ProjectStore, datasetId: string): RecipeInfo {
  const row = recipeRow(store, datasetId);
  const original = store.db.prepare('SELECT nrow, ncol FROM dataset_originals WHERE dataset_id = ?').get(datasetId) as { nrow: number; ncol: number } | undefined;
  const panel = row.panel === null ? null : panelDeclaration.safeParse(JSON.parse(row.panel));
  return {
    datasetId,
    steps: parseSteps(row.recipe, datasetId),
    original: original ?? { nrow: row.nrow, ncol: row.ncol },
    panel: panel?.success ? panel.data : null,
  };
}

export function setPanel(store: ProjectStore, datasetId: string, panel: PanelDeclaration | null): RecipeInfo {
  const dataset = store.getDataset(datasetId);
  if (panel) {
    for (const c of [panel.unit, panel.time])
      if (!dataset.columns.some((x) => x.name === c)) throw new UserError('column_not_found', `Dataset "${dataset.name}" has no column "${c}".`, { dataset: dataset.name, column: c });
    if (panel.unit === panel.time) throw new UserError('bad_option', 'The unit and the time must be different columns.', { column: panel.unit });
  }
  store.db.prepare('UPDATE datasets SET panel = ? WHERE id = ?').run(panel ? JSON.stringify(panel) : null, datasetId);
  return readRecipe(store, datasetId);
}

/** The data as imported: the kept original once the recipe has steps, else the current data. */
export function loadOriginal(store: ProjectStore, datasetId: string): Frame {
  const original = store.db.prepare('SELECT nrow FROM dataset_originals WHERE dataset_id = ?').get(datasetId) as { nrow: number } | undefined;
  if (!original) return store.loadFrame(datasetId);
  const rows = store.db.prepare(`SELECT ${COLUMN_FIELDS} FROM dataset_original_columns WHERE dataset_id = ? ORDER BY position`).all(datasetId) as ColumnRow[];
  return { nrow: original.nrow, columns: rows.map(decodeColumn) };
}

function insertColumns(store: ProjectStore, table: 'dataset_columns' | 'dataset_original_columns', datasetId: string, rows: ColumnRow[], ctx: RunContext): void {
  const insert = store.db.prepare(
    `INSERT INTO ${table} (dataset_id, ${COLUMN_FIELDS})
     VALUES (@dataset_id, @position, @name, @type, @label, @value_labels, @is_integer, @format, @levels, @nlevels, @explicit_order, @data, @missing_kind)`,
  );
  rows.forEach((r, j) => {
    ctx.checkCancelled();
    insert.run({ dataset_id: datasetId, ...r });
    ctx.progress((j + 1) / rows.length, 'write');
  });
}

/** Keeps the current data as the original import (before the first step replaces it). */
function keepOriginal(store: ProjectStore, datasetId: string): void {
  const kept = store.db.prepare('SELECT 1 FROM dataset_originals WHERE dataset_id = ?').get(datasetId);
  if (kept) return;
  store.db.prepare('INSERT INTO dataset_originals (dataset_id, nrow, ncol) SELECT id, nrow, ncol FROM datasets WHERE id = ?').run(datasetId);
  store.db
    .prepare(`INSERT INTO dataset_original_columns (dataset_id, ${COLUMN_FIELDS}) SELECT dataset_id, ${COLUMN_FIELDS} FROM dataset_columns WHERE dataset_id = ?`)
    .run(datasetId);
}

/**
 * Replaces a dataset's data and recipe. `basedOn` is the fingerprint the new data was computed
 * from: if the dataset changed meanwhile (another step finished first), nothing is written.
 * With no steps left the data is the original again, which is then no longer kept twice.
 */
export function commitRecipe(
  store: ProjectStore,
  datasetId: string,
  frame: Frame,
  steps: RecipeEntry[],
  basedOn: string,
  ctx: RunContext = silentContext,
): DatasetInfo {
  const rows = frame.columns.map((c, j) => encodeColumn(c, j));
  const fingerprint = fingerprintRows(rows, frame.nrow);
  const at = new Date().toISOString();
  store.db
    .transaction(() => {
      const current = store.getDataset(datasetId);
      if (current.fingerprint !== basedOn)
        throw new UserError('dataset_changed', `Dataset "${current.name}" changed while this step ran. Look at its data, then apply the step again.`, { dataset: current.name });
      if (steps.length > 0) keepOriginal(store, datasetId);
      store.db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ?').run(datasetId);
      insertColumns(store, 'dataset_columns', datasetId, rows, ctx);
      store.db
        .prepare('UPDATE datasets SET nrow = ?, ncol = ?, fingerprint = ?, recipe = ?, updated_at = ? WHERE id = ?')
        .run(frame.nrow, frame.columns.length, fingerprint, JSON.stringify(steps), at, datasetId);
      if (steps.length === 0) store.db.prepare('DELETE FROM dataset_originals WHERE dataset_id = ?').run(datasetId);
    })
    .immediate();
  return store.getDataset(datasetId);
}

/**
 * A new dataset made by a step (merge, append) on another one: `original` is kept as its
 * import, `frame` is its data and `steps` its recipe, all in one transaction.
 */
export function insertDerivedDataset(
  store: ProjectStore,
  meta: { name: string; description: string | null; source: DatasetSource },
  original: Frame,
  frame: Frame,
  steps: RecipeEntry[],
  ctx: RunContext = silentContext,
): DatasetInfo {
  const originalRows = original.columns.map((c, j) => encodeColumn(c, j));
  let id = '';
  store.db
    .transaction(() => {
      id = store.insertDataset(frame, meta, { checkCancelled: () => ctx.checkCancelled(), progress: (f) => ctx.progress(0.5 * f, 'write') }).id;
      store.db.prepare('UPDATE datasets SET recipe = ? WHERE id = ?').run(JSON.stringify(steps), id);
      store.db.prepare('INSERT INTO dataset_originals (dataset_id, nrow, ncol) VALUES (?, ?, ?)').run(id, original.nrow, original.columns.length);
      insertColumns(store, 'dataset_original_columns', id, originalRows, { checkCancelled: () => ctx.checkCancelled(), progress: (f) => ctx.progress(0.5 + 0.5 * f, 'write') });
    })
    .immediate();
  return store.getDataset(id);
}
