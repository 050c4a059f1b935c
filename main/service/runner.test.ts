import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentContext } from '../engine/context';
import type { Frame, StringColumn } from '../engine/frame';
import { getColumn, numericColumn, stringColumn } from '../engine/frame';
import { tempDir } from '../store/testing';
import { estimate, prepareFrame, readDataFile } from './runner';

const frame: Frame = {
  nrow: 5,
  columns: [
    stringColumn('size', ['Low', 'High', 'Medium', 'Huge', null]),
    numericColumn('year', [2004, 2005, 2006, 2007, Number.NaN], { label: 'Year' }),
    numericColumn('y', [1, 2, 3, 4, 5]),
  ],
};

describe('prepareFrame', () => {
  it('sets a string factor order and reports values outside it as missing', () => {
    const { frame: out, notes } = prepareFrame(frame, { levels: { size: ['Low', 'Medium', 'High'] } });
    const col = getColumn(out, 'size') as StringColumn;
    expect(col.levels).toEqual(['Low', 'Medium', 'High']);
    expect(col.explicitOrder).toBe(true);
    expect(Array.from(col.codes)).toEqual([0, 2, 1, -1, -1]);
    expect(notes).toEqual(['levels: 1 row(s) of "size" have a value not in its level list and were set to missing (as R\'s factor()).']);
  });

  it('turns a numeric column with levels into a factor matched by value', () => {
    const { frame: out, notes } = prepareFrame(frame, { levels: { year: ['2007', '2004.0', '2005', '2006'] } });
    const col = getColumn(out, 'year') as StringColumn;
    expect(col).toMatchObject({ type: 'string', label: 'Year', levels: ['2007', '2004.0', '2005', '2006'] });
    expect(Array.from(col.codes)).toEqual([1, 2, 3, 0, -1]);
    expect(notes).toEqual([]);
  });

  it('names the column and the level when levels are wrong', () => {
    expect(() => prepareFrame(frame, { levels: { nope: ['a'] } })).toThrow(expect.objectContaining({ code: 'column_not_found', details: { column: 'nope', field: 'levels' } }));
    expect(() => prepareFrame(frame, { levels: { size: ['Low', 'Low'] } })).toThrow(expect.objectContaining({ code: 'invalid_levels' }));
    expect(() => prepareFrame(frame, { levels: { year: ['2004', 'late'] } })).toThrow(expect.objectContaining({ code: 'invalid_levels', details: { column: 'year', level: 'late' } }));
  });

  it('applies subset after levels and says how many rows it kept', () => {
    const { frame: out, notes } = prepareFrame(frame, { levels: { size: ['Low', 'High'] }, subset: 'y >= 2' });
    expect(out.nrow).toBe(4);
    expect(notes[1]).toBe('subset "y >= 2" kept 4 of 5 rows.');
    expect(() => prepareFrame(frame, { subset: 'y > 10' })).toThrow(expect.objectContaining({ code: 'empty_subset' }));
    expect(() => prepareFrame(frame, { subset: 'y >' })).toThrow(expect.objectContaining({ name: 'UserError' }));
  });

  it('leaves the frame alone without levels or subset', () => {
    expect(prepareFrame(frame, {})).toEqual({ frame, notes: [] });
  });
});

describe('readDataFile', () => {
  it('reads CSV and TSV by extension and refuses unknown formats by name', async () => {
    const tmp = tempDir();
    try {
      const tsv = join(tmp.dir, 'a.tsv');
      writeFileSync(tsv, 'x\ty\n1\ta\n');
      const r = await readDataFile(tsv, {}, silentContext);
      expect(r.report).toEqual({ format: 'tsv', encoding: 'utf-8', delimiter: '\t', sheet: null, notes: [] });
      expect(r.frame.columns.map((c) => c.name)).toEqual(['x', 'y']);
      const xls = join(tmp.dir, 'b.xls');
      writeFileSync(xls, 'x');
      await expect(readDataFile(xls, {}, silentContext)).rejects.toMatchObject({ code: 'unsupported_format', details: { file: 'b.xls', extension: '.xls' } });
    } finally {
      tmp.remove();
    }
  });
});

describe('estimate', () => {
  it('returns the validated result with its time', async () => {
    const { result, seconds } = await estimate(frame, { model: 'describe', data: 'd', variables: ['y'] }, silentContext);
    expect(result).toMatchObject({ model: 'describe', nobs: 5 });
    expect(seconds).toBeGreaterThanOrEqual(0);
  });
});
