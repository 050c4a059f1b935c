import { describe, expect, it } from 'vitest';
import type { Frame } from '../engine/frame';
import { numericColumn, stringColumn } from '../engine/frame';
import { frequencyTable, summaryTable } from './tables';

const NA = Number.NaN;

describe('summaryTable', () => {
  it('matches R summary() quartiles (type 7) and sd with n − 1', () => {
    const f: Frame = { nrow: 11, columns: [numericColumn('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NA], { label: 'X' }), stringColumn('s', ['a', 'b', 'a', null, 'a', 'a', 'a', 'a', 'a', 'a', 'a'])] };
    const [x, s] = summaryTable(f);
    expect(x).toMatchObject({ name: 'x', label: 'X', n: 10, missing: 1, mean: 5.5, min: 1, p25: 3.25, median: 5.5, p75: 7.75, max: 10, distinct: 10 });
    expect(x.sd).toBeCloseTo(Math.sqrt(82.5 / 9), 14);
    expect(s).toMatchObject({ type: 'string', n: 10, missing: 1, distinct: 2, mean: null });
  });
});

describe('frequencyTable', () => {
  it('shows value labels and each kind of missing', () => {
    const f: Frame = {
      nrow: 6,
      columns: [numericColumn('q', [2, 1, 2, NA, NA, NA], { valueLabels: { '1': '同意', '2': '不同意', '.a': '拒答' }, missingKind: new Uint8Array([0, 0, 0, 1, 0, 27]) })],
    };
    const { rows } = frequencyTable(f, 'q');
    expect(rows.map((r) => [r.value, r.label, r.count])).toEqual([
      [1, '同意', 1],
      [2, '不同意', 2],
      [null, '.', 1],
      [null, '.a 拒答', 1],
      [null, 'user-missing', 1],
    ]);
    expect(rows[1].validPercent).toBeCloseTo(200 / 3, 12);
    expect(rows[1].cumulativePercent).toBe(100);
    expect(rows[0].percent).toBeCloseTo(100 / 6, 12);
  });
});
