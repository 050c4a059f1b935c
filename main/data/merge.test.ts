import { describe, expect, it } from 'vitest';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import { cellValue, numericColumn, stringColumn } from '../engine/frame';
import { append, merge } from './merge';

function vals(f: Frame, name: string): (number | string | null)[] {
  const c = f.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name}`);
  return Array.from({ length: f.nrow }, (_, i) => cellValue(c, i));
}

// Individuals in cities 1, 1, 2, 5, (missing); city table has 1, 2, 3, 4.
const people: Frame = {
  nrow: 5,
  columns: [numericColumn('pid', [1, 2, 3, 4, 5]), numericColumn('city', [1, 1, 2, 5, Number.NaN]), numericColumn('pop', [9, 9, 9, 9, 9], { label: 'master pop' })],
};
const cities: Frame = {
  nrow: 4,
  columns: [numericColumn('city', [1, 2, 3, 4]), numericColumn('pilot', [1, 0, 1, 0], { valueLabels: { '1': '试点' } }), numericColumn('pop', [100, 200, 300, 400]), stringColumn('name', ['北京', '上海', '广州', '深圳'])],
};

describe('merge', () => {
  it('m:1 reports matched / master-only / using-only counts like Stata', () => {
    const { frame, report } = merge(people, cities, { keys: ['city'], relationship: 'm:1' });
    expect(report).toMatchObject({ matched: 3, masterOnly: 2, usingOnly: 2, total: 7, conflicts: ['pop'] });
    expect(vals(frame, 'pid')).toEqual([1, 2, 3, 4, 5, null, null]);
    expect(vals(frame, 'city')).toEqual([1, 1, 2, 5, null, 3, 4]);
    expect(vals(frame, 'pilot')).toEqual([1, 1, 0, null, null, 1, 0]);
    expect(vals(frame, 'name')).toEqual(['北京', '北京', '上海', null, null, '广州', '深圳']);
    expect(vals(frame, 'pop')).toEqual([9, 9, 9, 9, 9, null, null]);
    expect(vals(frame, '_merge')).toEqual([3, 3, 3, 1, 1, 2, 2]);
    expect(frame.columns.find((c) => c.name === 'pilot')?.valueLabels).toEqual({ '1': '试点' });
    expect(report.message).toBe("merge m:1 on city: 3 matched, 2 master only, 2 using only; 7 rows; kept master's pop (also in using)");
  });

  it('keeps only the groups asked for and can omit the indicator', () => {
    const { frame, report } = merge(people, cities, { keys: ['city'], relationship: 'm:1', keep: ['matched', 'master'], indicator: null });
    expect(frame.nrow).toBe(5);
    expect(report.total).toBe(5);
    expect(frame.columns.some((c) => c.name === '_merge')).toBe(false);
  });

  it('lists the keys that break the declared relationship', () => {
    let e: unknown;
    try {
      merge(people, cities, { keys: ['city'], relationship: '1:1' });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('merge_keys_not_unique');
    expect((e as UserError).message).toContain('in the master data; 1 key value is repeated: city=1 (2 rows: 1, 2)');
    const dupUsing: Frame = { nrow: 3, columns: [numericColumn('city', [1, 1, 2])] };
    expect(() => merge(people, dupUsing, { keys: ['city'], relationship: 'm:1' })).toThrow(/using data; 1 key value is repeated: city=1/);
  });

  it('1:m expands master rows; keys with different names; multiple keys', () => {
    const m: Frame = { nrow: 2, columns: [stringColumn('prov', ['湖北', '广东']), numericColumn('y', [2010, 2010])] };
    const u: Frame = { nrow: 3, columns: [stringColumn('province', ['湖北', '湖北', '广东']), numericColumn('year', [2010, 2010, 2010]), numericColumn('v', [1, 2, 3])] };
    const { frame, report } = merge(m, u, { keys: [{ master: 'prov', using: 'province' }, { master: 'y', using: 'year' }], relationship: '1:m' });
    expect(report).toMatchObject({ matched: 3, masterOnly: 0, usingOnly: 0 });
    expect(vals(frame, 'prov')).toEqual(['湖北', '湖北', '广东']);
    expect(vals(frame, 'v')).toEqual([1, 2, 3]);
  });

  it('refuses keys of different types, naming both columns', () => {
    const u: Frame = { nrow: 1, columns: [stringColumn('city', ['1'])] };
    expect(() => merge(people, u, { keys: ['city'], relationship: 'm:1' })).toThrow(/Key "city" is numeric in the master data but "city" is text in the using data/);
  });
});

describe('append', () => {
  it('stacks by column name, filling absent columns, and marks the source', () => {
    const a: Frame = { nrow: 2, columns: [numericColumn('x', [1, 2]), stringColumn('s', ['a', 'b'])] };
    const b: Frame = { nrow: 1, columns: [stringColumn('s', ['c']), numericColumn('z', [9])] };
    const { frame, report } = append([a, b], { source: 'wave' });
    expect(frame.columns.map((c) => c.name)).toEqual(['x', 's', 'z', 'wave']);
    expect(vals(frame, 'x')).toEqual([1, 2, null]);
    expect(vals(frame, 's')).toEqual(['a', 'b', 'c']);
    expect(vals(frame, 'z')).toEqual([null, null, 9]);
    expect(vals(frame, 'wave')).toEqual([1, 1, 2]);
    expect(report.message).toMatch(/dataset 1 lacks z; dataset 2 lacks x/);
  });

  it('names a column whose type differs', () => {
    const a: Frame = { nrow: 1, columns: [numericColumn('x', [1])] };
    const b: Frame = { nrow: 1, columns: [stringColumn('x', ['1'])] };
    expect(() => append([a, b])).toThrow(/Column "x" is numeric in one dataset but text in dataset 2/);
  });
});
