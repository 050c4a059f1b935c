import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { numericColumn, withColumn } from '../engine/frame';
import type { RecipeEntry } from '../../shared/contract-data';
import { ProjectStore } from './project';
import { commitRecipe, insertDerivedDataset, loadOriginal, readRecipe, setPanel } from './recipes';
import { sampleFrame, tempDir } from './testing';

const source = { file: 'sample.csv', format: 'csv', encoding: 'utf-8', delimiter: ',' };
const entry = (name: string): RecipeEntry => ({ step: { op: 'generate', name, expr: 'income * 2' }, message: `generated ${name}`, at: '2026-01-01T00:00:00.000Z' });

describe('recipes in the project file', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: ProjectStore;
  beforeEach(() => {
    tmp = tempDir();
    store = ProjectStore.create(join(tmp.dir, 'p.causeway'), 'p');
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('starts with no steps; the original is the imported data', () => {
    const d = store.insertDataset(sampleFrame(), { name: 's', source });
    expect(readRecipe(store, d.id)).toEqual({ datasetId: d.id, steps: [], original: { nrow: 5, ncol: 5 }, panel: null });
    expect(loadOriginal(store, d.id).columns.map((c) => c.name)).toEqual(['income', 'coded', 'date', 'city', 'size']);
  });

  it('keeps the original import under new data, and drops the copy when the last step is undone', () => {
    const d = store.insertDataset(sampleFrame(), { name: 's', source });
    const frame = withColumn(sampleFrame(), numericColumn('twice', [3, Number.NaN, -4.5, 2e300, 0]));
    const changed = commitRecipe(store, d.id, frame, [entry('twice')], d.fingerprint);
    expect(changed.ncol).toBe(6);
    expect(changed.fingerprint).not.toBe(d.fingerprint);
    expect(store.loadFrame(d.id).columns.map((c) => c.name)).toContain('twice');
    expect(loadOriginal(store, d.id).columns.map((c) => c.name)).toEqual(['income', 'coded', 'date', 'city', 'size']);
    expect(readRecipe(store, d.id)).toMatchObject({ steps: [entry('twice')], original: { nrow: 5, ncol: 5 } });

    // A second step keeps the first original, not the intermediate data.
    const third = commitRecipe(store, d.id, withColumn(frame, numericColumn('x', [1, 2, 3, 4, 5])), [entry('twice'), entry('x')], changed.fingerprint);
    expect(loadOriginal(store, d.id).columns).toHaveLength(5);

    const back = commitRecipe(store, d.id, loadOriginal(store, d.id), [], third.fingerprint);
    expect(back.fingerprint).toBe(d.fingerprint);
    expect(store.db.prepare('SELECT count(*) AS n FROM dataset_original_columns').get()).toEqual({ n: 0 });
    expect(readRecipe(store, d.id).steps).toEqual([]);
  });

  it('refuses to write over data that changed since the step was computed', () => {
    const d = store.insertDataset(sampleFrame(), { name: 's', source });
    commitRecipe(store, d.id, withColumn(sampleFrame(), numericColumn('a', [1, 2, 3, 4, 5])), [entry('a')], d.fingerprint);
    expect(() => commitRecipe(store, d.id, sampleFrame(), [entry('b')], d.fingerprint)).toThrow(expect.objectContaining({ code: 'dataset_changed' }));
    expect(readRecipe(store, d.id).steps).toEqual([entry('a')]);
  });

  it('stores a derived dataset with its own original and recipe in one go', () => {
    const original = sampleFrame();
    const frame = withColumn(original, numericColumn('_merge', [3, 3, 1, 1, 2]));
    const d = insertDerivedDataset(store, { name: 'merged', description: 'test', source: { file: null, format: 'merge', encoding: null, delimiter: null } }, original, frame, [entry('m')]);
    expect(d).toMatchObject({ name: 'merged', ncol: 6, description: 'test' });
    expect(loadOriginal(store, d.id).columns).toHaveLength(5);
    expect(readRecipe(store, d.id)).toMatchObject({ steps: [entry('m')], original: { nrow: 5, ncol: 5 } });
  });

  it('rolls a derived dataset back completely when the name is taken', () => {
    store.insertDataset(sampleFrame(), { name: 'taken', source });
    expect(() => insertDerivedDataset(store, { name: 'taken', description: null, source }, sampleFrame(), sampleFrame(), [entry('m')])).toThrow(
      expect.objectContaining({ code: 'dataset_exists' }),
    );
    expect(store.listDatasets()).toHaveLength(1);
    expect(store.db.prepare('SELECT count(*) AS n FROM dataset_originals').get()).toEqual({ n: 0 });
  });

  it('declares and forgets the panel, checking the columns', () => {
    const d = store.insertDataset(sampleFrame(), { name: 's', source });
    expect(setPanel(store, d.id, { unit: 'city', time: 'date' }).panel).toEqual({ unit: 'city', time: 'date' });
    expect(() => setPanel(store, d.id, { unit: 'nope', time: 'date' })).toThrow(expect.objectContaining({ code: 'column_not_found', details: expect.objectContaining({ column: 'nope' }) }));
    expect(() => setPanel(store, d.id, { unit: 'date', time: 'date' })).toThrow(expect.objectContaining({ code: 'bad_option' }));
    expect(setPanel(store, d.id, null).panel).toBeNull();
  });

  it('answers not_found for a dataset that does not exist', () => {
    expect(() => readRecipe(store, 'nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
