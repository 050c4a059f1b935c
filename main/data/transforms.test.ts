import { describe, expect, it } from 'vitest';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import { cellValue, numericColumn, stringColumn } from '../engine/frame';
import { changeType, dropColumns, filterFrame, generate, keepColumns, labelColumn, recode, renameColumn } from './transforms';

const NA = Number.NaN;
const base: Frame = {
  nrow: 5,
  columns: [
    numericColumn('inc', [100, 0, -5, NA, 2500]),
    numericColumn('hukou', [1, 2, 1, 2, NA], { label: '户口', valueLabels: { '1': '城镇', '2': '农村' } }),
    stringColumn('code', ['1', '2.5', 'x', null, '1e3']),
    stringColumn('day', ['2020-01-02', '2020-02-30', null, '2021-12-31', '2020-1-5']),
  ],
};

function vals(f: Frame, name: string): (number | string | null)[] {
  const c = f.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name}`);
  return Array.from({ length: f.nrow }, (_, i) => cellValue(c, i));
}

describe('rename / label / keep / drop / filter', () => {
  it('renames, refusing a taken name', () => {
    expect(renameColumn(base, 'inc', 'income').frame.columns[0].name).toBe('income');
    expect(() => renameColumn(base, 'inc', 'hukou')).toThrow(/already exists/);
    expect(() => renameColumn(base, 'nope', 'x')).toThrow(/no column "nope"/);
  });

  it('sets and clears labels and value labels', () => {
    const f = labelColumn(base, 'inc', '收入', { '0': '无收入' }).frame;
    expect(f.columns[0]).toMatchObject({ label: '收入', valueLabels: { '0': '无收入' } });
    const g = labelColumn(f, 'inc', null, null).frame;
    expect(g.columns[0].label).toBeUndefined();
    expect(g.columns[0].valueLabels).toBeUndefined();
    expect(() => labelColumn(base, 'inc', undefined, { abc: 'x' })).toThrow(/not a number/);
  });

  it('keeps, drops and filters', () => {
    expect(keepColumns(base, ['hukou', 'inc']).frame.columns.map((c) => c.name)).toEqual(['hukou', 'inc']);
    expect(dropColumns(base, ['code', 'day']).frame.columns.map((c) => c.name)).toEqual(['inc', 'hukou']);
    const r = filterFrame(base, 'hukou == "城镇"');
    expect(r.frame.nrow).toBe(2);
    expect(r.report.message).toBe('kept 2 of 5 rows where hukou == "城镇"');
  });
});

describe('changeType', () => {
  it('lists values that are not numbers, or forces them to missing', () => {
    let e: unknown;
    try {
      changeType(base, 'code', 'number');
    } catch (x) {
      e = x;
    }
    expect((e as UserError).message).toBe('Column "code" has 1 value that are not numbers: "x". Recode them first, or convert with "force" to make them missing.');
    const r = changeType(base, 'code', 'number', { force: true });
    expect(vals(r.frame, 'code')).toEqual([1, 2.5, null, null, 1000]);
    expect(r.report.rows).toBe(1);
  });

  it('converts text dates, numbers to text (with labels on request)', () => {
    const d = changeType(base, 'day', 'date', { force: true }).frame;
    expect(vals(d, 'day')).toEqual([18263, null, null, 18992, 18266]);
    expect(vals(changeType(base, 'hukou', 'string', { useValueLabels: true }).frame, 'hukou')).toEqual(['城镇', '农村', '城镇', '农村', null]);
    expect(vals(changeType(base, 'inc', 'string').frame, 'inc')).toEqual(['100', '0', '-5', null, '2500']);
  });
});

describe('recode', () => {
  it('applies rules in order with ranges, labels and missing', () => {
    const r = recode(base, 'inc', [
      { from: { max: 0 }, to: 0, label: '无' },
      { from: { min: 1, max: 1000 }, to: 1, label: '低' },
      { from: 'missing', to: 9, label: '缺失' },
    ], { into: 'inc_g' });
    expect(vals(r.frame, 'inc_g')).toEqual([1, 0, 0, 9, 2500]);
    expect(r.frame.columns.find((c) => c.name === 'inc_g')?.valueLabels).toEqual({ '0': '无', '1': '低', '9': '缺失' });
    expect(r.report.rows).toBe(3);
    const m = recode(base, 'inc', [{ from: [100, 2500], to: 1 }], { otherwise: 'missing', into: 'big' });
    expect(vals(m.frame, 'big')).toEqual([1, null, null, null, 1]);
  });

  it('matches by value label and can produce text', () => {
    const r = recode(base, 'hukou', [{ from: '农村', to: 'rural' }, { from: 1, to: 'urban' }], { into: 'h' });
    expect(vals(r.frame, 'h')).toEqual(['urban', 'rural', 'urban', 'rural', null]);
  });
});

describe('generate', () => {
  it('generates with an if condition and reports undefined rows', () => {
    const r = generate(base, 'lninc', 'log(inc)', { if: 'hukou == 1', label: '对数收入' });
    expect(vals(r.frame, 'lninc')).toEqual([Math.log(100), null, null, null, null]);
    expect(r.frame.columns.at(-1)?.label).toBe('对数收入');
    expect(r.report.message).toMatch(/1 rows are missing because the expression is undefined/);
    expect(r.report.rows).toBe(2);
  });

  it('replaces only where the condition holds, keeping the label', () => {
    const r = generate(base, 'hukou', '3', { if: 'inc > 1000', replace: true });
    expect(vals(r.frame, 'hukou')).toEqual([1, 2, 1, 2, 3]);
    expect(r.frame.columns[1].label).toBe('户口');
    expect(() => generate(base, 'hukou', '1')).toThrow(/already exists/);
    expect(() => generate(base, 'new', '1', { replace: true })).toThrow(/use generate/);
    expect(() => generate(base, 'inc', '"a"', { replace: true })).toThrow(/gives text but "inc" holds numbers/);
  });
});
