import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CancelledError } from '../engine/errors';
import type { RunContext } from '../engine/context';
import type { Column } from '../engine/frame';
import { numericColumn } from '../engine/frame';
import { ProjectStore } from './project';
import { SCHEMA_VERSION } from './migrations/index';
import { sampleFrame, tempDir } from './testing';

const source = { file: 'sample.csv', format: 'csv', encoding: 'utf-8', delimiter: ',' };

function expectSameColumn(actual: Column, expected: Column): void {
  expect(actual.type).toBe(expected.type);
  expect(actual.name).toBe(expected.name);
  expect(actual.label).toEqual(expected.label);
  expect(actual.valueLabels).toEqual(expected.valueLabels);
  if (actual.type === 'number' && expected.type === 'number') {
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
    expect(actual.integer).toBe(expected.integer);
    expect(actual.format).toEqual(expected.format);
    expect(actual.missingKind ? Array.from(actual.missingKind) : undefined).toEqual(expected.missingKind ? Array.from(expected.missingKind) : undefined);
  } else if (actual.type === 'string' && expected.type === 'string') {
    expect(Array.from(actual.codes)).toEqual(Array.from(expected.codes));
    expect(actual.levels).toEqual(expected.levels);
    expect(!!actual.explicitOrder).toBe(!!expected.explicitOrder);
  }
}

describe('ProjectStore', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: ProjectStore;
  beforeEach(() => {
    tmp = tempDir();
    store = ProjectStore.create(join(tmp.dir, 'p.causeway'), '试点研究');
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('round-trips every kind of column through the file', () => {
    const frame = sampleFrame();
    const info = store.insertDataset(frame, { name: 'sample', description: 'test data', source });
    store.close();
    store = ProjectStore.open(join(tmp.dir, 'p.causeway'));
    const back = store.loadFrame(info.id);
    expect(back.nrow).toBe(5);
    frame.columns.forEach((c, j) => expectSameColumn(back.columns[j], c));
    const listed = store.listDatasets();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'sample', description: 'test data', nrow: 5, ncol: 5, source });
    expect(listed[0].columns.map((c) => [c.name, c.type, c.nlevels, c.format, c.explicitOrder])).toEqual([
      ['income', 'number', null, null, false],
      ['coded', 'number', null, null, false],
      ['date', 'number', null, 'date', false],
      ['city', 'string', 3, null, false],
      ['size', 'string', 3, null, true],
    ]);
    expect(store.info()).toMatchObject({ name: '试点研究', datasets: 1, analyses: 0, schemaVersion: SCHEMA_VERSION });
  });

  it('loads only the requested columns, in the requested order, and names a missing one', () => {
    const info = store.insertDataset(sampleFrame(), { name: 's', source });
    expect(store.loadFrame(info.id, ['city', 'income']).columns.map((c) => c.name)).toEqual(['city', 'income']);
    expect(() => store.loadFrame(info.id, ['nope'])).toThrow(expect.objectContaining({ code: 'column_not_found', details: { column: 'nope' } }));
  });

  it('fingerprints the data: same data same print, one changed value another', () => {
    const a = store.insertDataset(sampleFrame(), { name: 'a', source });
    const b = store.insertDataset(sampleFrame(), { name: 'b', source });
    const changed = sampleFrame();
    (changed.columns[0] as ReturnType<typeof numericColumn>).values[4] = 1;
    const c = store.insertDataset(changed, { name: 'c', source });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('keeps dataset names unique', () => {
    store.insertDataset(sampleFrame(), { name: 'mpdta', source });
    expect(store.uniqueDatasetName('mpdta')).toBe('mpdta_2');
    expect(() => store.insertDataset(sampleFrame(), { name: 'mpdta', source })).toThrow(expect.objectContaining({ code: 'dataset_exists' }));
    const other = store.insertDataset(sampleFrame(), { name: 'other', source });
    expect(() => store.renameDataset(other.id, 'mpdta')).toThrow(expect.objectContaining({ code: 'dataset_exists' }));
    expect(store.renameDataset(other.id, 'renamed').name).toBe('renamed');
  });

  it('rolls an import back when it is cancelled between columns', () => {
    let calls = 0;
    const ctx: RunContext = {
      progress: () => undefined,
      checkCancelled: () => {
        if (++calls === 3) throw new CancelledError();
      },
    };
    expect(() => store.insertDataset(sampleFrame(), { name: 's', source }, ctx)).toThrow(CancelledError);
    expect(store.listDatasets()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM dataset_columns').get()).toEqual({ n: 0 });
  });

  it('names the datasets when a spec refers to one that does not exist', () => {
    store.insertDataset(sampleFrame(), { name: 'panel', source });
    expect(() => store.datasetByName('mpdta')).toThrow(expect.objectContaining({ code: 'dataset_not_found', details: { dataset: 'mpdta', available: ['panel'] } }));
  });

  it('stores analyses and results, and marks a result stale when its data changes or goes', () => {
    const d = store.insertDataset(sampleFrame(), { name: 'panel', source });
    const spec = { model: 'describe' as const, data: 'panel' };
    const a = store.saveAnalysis({ spec });
    expect(a).toMatchObject({ name: 'describe · panel', model: 'describe', dataset: 'panel', lastRun: null });
    const result = { model: 'describe' as const, nobs: 5, variables: [], groups: null };
    const r = store.insertResult({ analysisId: a.id, spec, result, dataFingerprint: d.fingerprint, engineVersion: '0.1.0', timing: { load_s: 0.1, estimate_s: 0.2 }, notes: ['subset kept 3 of 5 rows'] });
    expect(r).toMatchObject({ analysisId: a.id, spec, result, engineVersion: '0.1.0', notes: ['subset kept 3 of 5 rows'], stale: false, staleReason: null });
    expect(store.latestResult(a.id)?.id).toBe(r.id);
    expect(store.getAnalysis(a.id).lastRun).toMatchObject({ resultId: r.id, stale: false });

    store.deleteDataset(d.id);
    store.insertDataset(sampleFrame(), { name: 'other', source });
    expect(store.latestResult(a.id)).toMatchObject({ stale: true, staleReason: 'dataset_missing' });
    const changed = sampleFrame();
    changed.columns.pop();
    store.insertDataset(changed, { name: 'panel', source });
    expect(store.latestResult(a.id)).toMatchObject({ stale: true, staleReason: 'dataset_changed' });

    const renamed = store.saveAnalysis({ id: a.id, name: 'Summary', spec: { model: 'describe', data: 'other' } });
    expect(renamed).toMatchObject({ id: a.id, name: 'Summary', dataset: 'other' });
    store.deleteAnalysis(a.id);
    expect(store.listAnalyses()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
  });

  it('reports unknown ids as not_found', () => {
    expect(() => store.getDataset('x')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => store.getAnalysis('x')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => store.deleteDataset('x')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => store.deleteAnalysis('x')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('keeps a run log, newest first', () => {
    store.logRun({ kind: 'import', target: 'a.csv', status: 'ok', seconds: 1.5 });
    store.logRun({ kind: 'analysis', target: 'TWFE', status: 'error', message: 'Column "x" is not in the data.', seconds: 0.1, details: { column: 'x' } });
    expect(store.listLog().map((e) => [e.kind, e.target, e.status, e.message])).toEqual([
      ['analysis', 'TWFE', 'error', 'Column "x" is not in the data.'],
      ['import', 'a.csv', 'ok', null],
    ]);
    expect(store.listLog(1)).toHaveLength(1);
  });
});

describe('ProjectStore with two connections', () => {
  it('refuses a dataset name another connection has just taken, as a user error', () => {
    const tmp = tempDir();
    const path = join(tmp.dir, 'p.causeway');
    const a = ProjectStore.create(path, 'P');
    const b = ProjectStore.open(path);
    try {
      expect(b.uniqueDatasetName('data')).toBe('data');
      a.insertDataset(sampleFrame(), { name: 'data', source });
      expect(() => b.insertDataset(sampleFrame(), { name: 'data', source })).toThrow(expect.objectContaining({ code: 'dataset_exists' }));
      expect(b.uniqueDatasetName('data')).toBe('data_2');
    } finally {
      a.close();
      b.close();
      tmp.remove();
    }
  });
});
