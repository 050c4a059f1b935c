import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import { CancelledError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import { cellValue, numericColumn, stringColumn } from '../engine/frame';
import { panelDiagnostics } from '../data/panel';
import { readCsv } from '../io/csv';
import { readDta } from '../io/dta';
import { readXlsx } from '../io/xlsx';
import { ProjectStore } from '../store/project';
import { loadOriginal, readRecipe } from '../store/recipes';
import { tempDir } from '../store/testing';
import type { DatasetInfo } from '../../shared/domain';
import type { RecipeStep } from '../../shared/recipe';
import type { ResponseOf } from '../../shared/contract';
import { MAX_PATTERNS, MAX_UNIT_ROWS, heatmapRows, runDataTask } from './data-tasks';

const source = { file: 'x.csv', format: 'csv', encoding: 'utf-8', delimiter: ',' };

/** Four persons in cities 1–3 (city 3 has no statistics), with a labelled hukou. */
function persons(): Frame {
  return {
    nrow: 4,
    columns: [
      numericColumn('pid', [1, 2, 3, 4]),
      numericColumn('city', [1, 1, 2, 3]),
      numericColumn('hukou', [1, 2, 2, 1], { valueLabels: { '1': '城镇', '2': '农村' }, label: '户口' }),
      numericColumn('income', [100, 0, 250, Number.NaN]),
    ],
  };
}

/** City statistics for cities 1, 2 and 4: two match, one is using-only. */
function cities(): Frame {
  return { nrow: 3, columns: [numericColumn('city', [1, 2, 4]), stringColumn('name', ['北京', '上海', '武汉']), numericColumn('pilot', [1, 0, 1])] };
}

function column(frame: Frame, name: string): (number | string | null)[] {
  const c = frame.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return Array.from({ length: frame.nrow }, (_, i) => cellValue(c, i));
}

describe('data tasks', () => {
  let tmp: ReturnType<typeof tempDir>;
  let projectPath: string;
  let store: ProjectStore;
  let people: DatasetInfo;
  let city: DatasetInfo;
  const run = <T>(task: Parameters<typeof runDataTask>[0], ctx: RunContext = silentContext): Promise<T> => runDataTask(task, ctx) as Promise<T>;

  beforeEach(() => {
    tmp = tempDir();
    projectPath = join(tmp.dir, 'p.causeway');
    store = ProjectStore.create(projectPath, 'p');
    people = store.insertDataset(persons(), { name: 'people', source });
    city = store.insertDataset(cities(), { name: 'cities', source });
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('applies a step, records it, and undoes it back to the original fingerprint', async () => {
    const r = await run<ResponseOf<'dataset.transform'>>({ kind: 'data.transform', projectPath, datasetId: people.id, step: { op: 'generate', name: 'lninc', expr: 'log(income)' } });
    expect(r.report.message).toMatch(/generated lninc = log\(income\)/);
    expect(r.report.message).toMatch(/1 rows are missing because the expression is undefined/);
    expect(r.dataset.columns.map((c) => c.name)).toEqual(['pid', 'city', 'hukou', 'income', 'lninc']);
    expect(column(store.loadFrame(people.id), 'lninc')).toEqual([Math.log(100), null, Math.log(250), null]);
    expect(readRecipe(store, people.id).steps).toEqual([{ step: { op: 'generate', name: 'lninc', expr: 'log(income)' }, message: r.report.message, at: expect.any(String) }]);

    const u = await run<ResponseOf<'dataset.undo'>>({ kind: 'data.undo', projectPath, datasetId: people.id });
    expect(u.removed.step).toEqual({ op: 'generate', name: 'lninc', expr: 'log(income)' });
    expect(u.dataset.fingerprint).toBe(people.fingerprint);
    expect(readRecipe(store, people.id).steps).toEqual([]);
  });

  it('replays a recipe to data identical to the steps applied one by one', async () => {
    const steps: RecipeStep[] = [
      { op: 'recode', column: 'hukou', rules: [{ from: 2, to: 0, label: '农村' }], into: 'urban' },
      { op: 'rename', from: 'income', to: 'inc' },
      { op: 'generate', name: 'rich', expr: 'ifelse(inc > 200, 1, 0)', label: '高收入' },
      { op: 'filter', expr: 'pid != 2' },
    ];
    let last: DatasetInfo = people;
    for (const step of steps) last = (await run<ResponseOf<'dataset.transform'>>({ kind: 'data.transform', projectPath, datasetId: people.id, step })).dataset;
    expect(last.nrow).toBe(3);
    const r = await run<ResponseOf<'dataset.replay'>>({ kind: 'data.replay', projectPath, datasetId: people.id });
    expect(r.dataset.fingerprint).toBe(last.fingerprint);
    expect(r.reports).toHaveLength(4);
    expect(loadOriginal(store, people.id).nrow).toBe(4);

    // Undo twice: the filter and the generate are gone, the rename stays.
    await run({ kind: 'data.undo', projectPath, datasetId: people.id });
    const two = await run<ResponseOf<'dataset.undo'>>({ kind: 'data.undo', projectPath, datasetId: people.id });
    expect(two.dataset.nrow).toBe(4);
    expect(two.dataset.columns.map((c) => c.name)).toEqual(['pid', 'city', 'hukou', 'inc', 'urban']);
    expect(readRecipe(store, people.id).steps.map((s) => s.step.op)).toEqual(['recode', 'rename']);
  });

  it('says there is nothing to undo on an untouched dataset, and leaves a failed step unrecorded', async () => {
    await expect(run({ kind: 'data.undo', projectPath, datasetId: people.id })).rejects.toMatchObject({ code: 'nothing_to_undo' });
    await expect(run({ kind: 'data.transform', projectPath, datasetId: people.id, step: { op: 'generate', name: 'bad', expr: 'income +' } })).rejects.toMatchObject({
      code: 'expression_syntax',
      details: { position: 9 },
    });
    await expect(run({ kind: 'data.transform', projectPath, datasetId: people.id, step: { op: 'merge', using: 'cities', keys: ['city'], relationship: 'm:1' } })).rejects.toMatchObject({
      code: 'bad_option',
    });
    expect(readRecipe(store, people.id).steps).toEqual([]);
    expect(store.getDataset(people.id).fingerprint).toBe(people.fingerprint);
  });

  it('merges m:1 into a new dataset with the _merge counts, and the new dataset replays', async () => {
    const r = await run<ResponseOf<'dataset.merge'>>({ kind: 'data.merge', projectPath, datasetId: people.id, using: city.id, keys: ['city'], relationship: 'm:1', name: 'people_cities' });
    expect(r.report).toMatchObject({ masterOnly: 1, usingOnly: 1, matched: 3, total: 5, conflicts: [] });
    expect(r.dataset).toMatchObject({ name: 'people_cities', nrow: 5, source: { format: 'merge', file: null } });
    const merged = store.loadFrame(r.dataset.id);
    expect(column(merged, 'name')).toEqual(['北京', '北京', '上海', null, '武汉']);
    expect(column(merged, '_merge')).toEqual([3, 3, 3, 1, 2]);
    expect(readRecipe(store, r.dataset.id)).toMatchObject({ steps: [{ step: { op: 'merge', using: 'cities', keys: ['city'], relationship: 'm:1' } }], original: { nrow: 4, ncol: 4 } });
    const again = await run<ResponseOf<'dataset.replay'>>({ kind: 'data.replay', projectPath, datasetId: r.dataset.id });
    expect(again.dataset.fingerprint).toBe(r.dataset.fingerprint);
    // The master is untouched.
    expect(store.getDataset(people.id).fingerprint).toBe(people.fingerprint);
  });

  it('refuses a merge whose declared side repeats keys, listing them, and creates nothing', async () => {
    await expect(run({ kind: 'data.merge', projectPath, datasetId: city.id, using: people.id, keys: ['city'], relationship: '1:1', name: 'bad' })).rejects.toMatchObject({ code: expect.any(String) });
    expect(store.findDataset({ name: 'bad' })).toBeNull();
  });

  it('appends datasets into a new one with a source column', async () => {
    const r = await run<ResponseOf<'dataset.append'>>({ kind: 'data.append', projectPath, datasetId: city.id, others: [city.id], source: 'part', name: 'twice' });
    expect(r.dataset.nrow).toBe(6);
    expect(column(store.loadFrame(r.dataset.id), 'part')).toEqual([1, 1, 1, 2, 2, 2]);
    expect(readRecipe(store, r.dataset.id).steps[0].step).toEqual({ op: 'append', datasets: ['cities'], source: 'part' });
  });

  it('reports panel diagnostics with a heat-map row per unit and value-labelled unit names', async () => {
    const panel: Frame = {
      nrow: 6,
      columns: [numericColumn('id', [1, 1, 2, 2, 2, 3], { valueLabels: { '1': '北京' } }), numericColumn('year', [2010, 2012, 2010, 2010, 2014, 2012])],
    };
    const d = store.insertDataset(panel, { name: 'panel', source });
    const v = await run<ResponseOf<'dataset.panelDiagnostics'>>({ kind: 'data.panel', projectPath, datasetId: d.id, unit: 'id', time: 'year' });
    expect(v).toMatchObject({ nObs: 6, nUnits: 3, nPeriods: 3, balanced: false, periods: [2010, 2012, 2014], duplicateCount: 1, singletonCount: 1, singletons: [3] });
    expect(v.duplicates).toEqual([{ unit: 2, time: 2010, rows: [3, 4] }]);
    expect(v.gaps).toEqual([{ unit: 2, missing: [2012] }]);
    expect(v.heatmap).toEqual({
      mode: 'units',
      rows: [
        { label: '1 = 北京', units: 1, cells: [1, 1, 0] },
        { label: '2', units: 1, cells: [2, 0, 1] },
        { label: '3', units: 1, cells: [0, 1, 0] },
      ],
      hiddenRows: 0,
      hiddenUnits: 0,
    });
  });

  it('turns a large panel into observation patterns, most frequent first', () => {
    const units = MAX_UNIT_ROWS + MAX_PATTERNS + 10;
    const id: number[] = [];
    const year: number[] = [];
    for (let u = 0; u < units; u++) {
      // Most units are observed in 2000 and 2001; the first MAX_PATTERNS + 5 each have a pattern of their own.
      const years = u < MAX_PATTERNS + 5 ? [2000, 2002 + u] : [2000, 2001];
      for (const y of years) {
        id.push(u);
        year.push(y);
      }
    }
    const d = panelDiagnostics({ nrow: id.length, columns: [numericColumn('id', id), numericColumn('year', year)] }, 'id', 'year');
    const h = heatmapRows(d);
    expect(h.mode).toBe('patterns');
    expect(h.rows).toHaveLength(MAX_PATTERNS);
    expect(h.rows[0]).toMatchObject({ units: units - (MAX_PATTERNS + 5), label: `11${'.'.repeat(d.nPeriods - 2)}` });
    expect(h.hiddenRows).toBe(6);
    expect(h.rows.reduce((s, r) => s + r.units, 0) + h.hiddenUnits).toBe(units);
  });

  it('gives summary and frequency tables with value labels', async () => {
    const s = await run<ResponseOf<'dataset.summaryTable'>>({ kind: 'data.summary', projectPath, datasetId: people.id, columns: ['income'] });
    expect(s.rows).toEqual([expect.objectContaining({ name: 'income', n: 3, missing: 1, median: 100, min: 0, max: 250 })]);
    const f = await run<ResponseOf<'dataset.frequency'>>({ kind: 'data.frequency', projectPath, datasetId: people.id, column: 'hukou' });
    expect(f.rows.map((r) => [r.value, r.label, r.count])).toEqual([
      [1, '城镇', 2],
      [2, '农村', 2],
    ]);
    await expect(run({ kind: 'data.frequency', projectPath, datasetId: people.id, column: 'nope' })).rejects.toMatchObject({ code: 'column_not_found' });
  });

  it('exports CSV (GBK, labels), .xlsx and .dta 118 that read back', async () => {
    const base = { projectPath, datasetId: people.id, downloadUrl: null } as const;
    const csvPath = join(tmp.dir, 'p.csv');
    const csv = await run<ResponseOf<'dataset.export'>>({ kind: 'data.export', ...base, format: 'csv', encoding: 'gbk', useValueLabels: true, path: csvPath, file: 'p.csv' });
    expect(csv).toMatchObject({ file: 'p.csv', path: csvPath, download: null, notes: [] });
    expect(csv.bytes).toBeGreaterThan(0);
    const back = await readCsv(csvPath, { encoding: 'gbk' });
    expect(column(back.frame, 'hukou')).toEqual(['城镇', '农村', '农村', '城镇']);

    const dtaPath = join(tmp.dir, 'p.dta');
    await run({ kind: 'data.export', ...base, format: 'dta', path: dtaPath, file: 'p.dta' });
    const dta = await readDta(dtaPath);
    expect(dta.info.version).toBe(118);
    expect(dta.frame.columns.find((c) => c.name === 'hukou')).toMatchObject({ label: '户口', valueLabels: { '1': '城镇', '2': '农村' } });
    expect(column(dta.frame, 'income')).toEqual([100, 0, 250, null]);

    const xlsxPath = join(tmp.dir, 'p.xlsx');
    const x = await run<ResponseOf<'dataset.export'>>({ kind: 'data.export', ...base, format: 'xlsx', path: xlsxPath, file: 'p.xlsx', downloadUrl: '/download/abc' });
    expect(x).toMatchObject({ path: null, download: { url: '/download/abc', name: 'p.xlsx', bytes: x.bytes } });
    expect(column((await readXlsx(xlsxPath)).frame, 'pid')).toEqual([1, 2, 3, 4]);
  });

  it('reports renamed columns in a .dta export and leaves no file behind when cancelled', async () => {
    const d = store.insertDataset({ nrow: 1, columns: [numericColumn('first.treat', [2004])] }, { name: 'dots', source });
    const path = join(tmp.dir, 'dots.dta');
    const r = await run<ResponseOf<'dataset.export'>>({ kind: 'data.export', projectPath, datasetId: d.id, format: 'dta', path, file: 'dots.dta', downloadUrl: null });
    expect(r.notes).toContain('Renamed for Stata: first.treat → first_treat.');
    const cancelled: RunContext = { progress: () => undefined, checkCancelled: () => { throw new CancelledError(); } };
    const other = join(tmp.dir, 'cancelled.csv');
    await expect(run({ kind: 'data.export', projectPath, datasetId: people.id, format: 'csv', path: other, file: 'c.csv', downloadUrl: null }, cancelled)).rejects.toBeInstanceOf(CancelledError);
    expect(existsSync(other)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('inspects a file: the format by its signature, and the sheets of a workbook', async () => {
    const xlsxPath = join(tmp.dir, 'book.xlsx');
    await run({ kind: 'data.export', projectPath, datasetId: people.id, format: 'xlsx', path: xlsxPath, file: 'book.xlsx', downloadUrl: null });
    expect(await run({ kind: 'data.inspect', path: xlsxPath, label: 'book.xlsx' })).toEqual({ file: 'book.xlsx', format: 'xlsx', sheets: ['data', 'variables'] });
    const dtaPath = join(tmp.dir, 'noext');
    await run({ kind: 'data.export', projectPath, datasetId: people.id, format: 'dta', path: dtaPath, file: 'noext', downloadUrl: null });
    expect(await run({ kind: 'data.inspect', path: dtaPath, label: 'noext' })).toEqual({ file: 'noext', format: 'dta', sheets: null });
  });
});
