import { describe, expect, it } from 'vitest';
import { descriptivesTableSpec } from '../../shared/specs/table';
import { summarizeColumn } from '../engine/describe';
import { tTwoSided } from '../engine/dist';
import { numericColumn } from '../engine/frame';
import { loadData } from '../testing/fixtures';
import { buildDescriptivesTable, describeFrame, welchTest } from './descriptives';
import { formatCount, formatNumber } from './format';
import { toTextGrid } from './table-model';

const spec = (extra: Record<string, unknown> = {}) => descriptivesTableSpec.parse({ kind: 'descriptives', source: 'desc', ...extra });

describe('descriptives table', () => {
  it('lists N, mean, SD, min, median, max per numeric variable', async () => {
    const frame = await loadData('mpdta.csv');
    const r = describeFrame(frame, ['lemp', 'lpop']);
    const model = buildDescriptivesTable(spec({ labels: { lemp: 'Log employment' } }), r);
    const grid = toTextGrid(model);
    expect(grid[0]).toEqual(['Variable', 'N', 'Mean', 'SD', 'Min', 'Median', 'Max']);
    const s = r.variables[0];
    expect(grid[1]).toEqual(['Log employment', formatCount(s.n), ...[s.mean, s.sd, s.min, s.median, s.max].map((x) => formatNumber(x, 3))]);
    expect(grid[2][0]).toBe('lpop');
  });

  it('shows groups side by side and a Welch difference with stars', async () => {
    const frame = await loadData('mpdta.csv');
    const r = describeFrame(frame, ['lemp'], 'treat');
    const model = buildDescriptivesTable(spec({ stats: ['n', 'mean'], group_labels: { '0': 'Control', '1': 'Treated' }, difference: true, language: 'en' }), r);
    expect(model.header[0].cells).toEqual([
      { text: 'Control', span: 2 },
      { text: 'Treated', span: 2 },
      { text: 'Difference', span: 1 },
    ]);
    const [g0, g1] = r.groups ?? [];
    const test = welchTest(g0.variables[0], g1.variables[0]);
    expect(model.sections[0][0].cells[4]).toBe(formatNumber(test?.diff, 3));
    expect(model.notes[0]).toMatch(/^Difference = Treated minus Control, tested with Welch's t test/);
  });

  it('computes Welch t from summaries as the direct two-sample formula does', () => {
    const a = [1.2, 3.4, 2.2, 5.1, 4.4];
    const b = [6.1, 5.5, 7.9, 6.6, 8.1, 7.2, 5.9];
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const v = (x: number[]) => x.reduce((s, y) => s + (y - mean(x)) ** 2, 0) / (x.length - 1);
    const se = Math.sqrt(v(a) / a.length + v(b) / b.length);
    const df = se ** 4 / ((v(a) / a.length) ** 2 / (a.length - 1) + (v(b) / b.length) ** 2 / (b.length - 1));
    const test = welchTest(summarizeColumn(numericColumn('a', a)), summarizeColumn(numericColumn('b', b)));
    expect(test?.t).toBeCloseTo((mean(b) - mean(a)) / se, 12);
    expect(test?.df).toBeCloseTo(df, 10);
    expect(test?.p).toBeCloseTo(tTwoSided((mean(b) - mean(a)) / se, df), 12);
  });

  it('gives no test for a group of one and no difference column without two groups', async () => {
    expect(welchTest(summarizeColumn(numericColumn('a', [1])), summarizeColumn(numericColumn('b', [1, 2])))).toBeNull();
    const frame = await loadData('mpdta.csv');
    expect(() => buildDescriptivesTable(spec({ difference: true }), describeFrame(frame, ['lemp']))).toThrow(/exactly two groups/);
  });

  it('rejects a variable the describe result lacks and a result that is not a describe result', async () => {
    const frame = await loadData('mpdta.csv');
    expect(() => buildDescriptivesTable(spec({ variables: ['lemp', 'gdp'] }), describeFrame(frame, ['lemp']))).toThrow(/Variable gdp is not in the describe result desc/);
    expect(() => buildDescriptivesTable(spec(), { coefficients: {} })).toThrow(/not a descriptive-statistics/);
  });
});
