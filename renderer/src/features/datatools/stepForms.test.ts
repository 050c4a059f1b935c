import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../../shared/contract';
import { column } from '../../testing/fixtures';
import {
  buildDropKeep,
  buildFilter,
  buildGenerate,
  buildLabel,
  buildLag,
  buildRecode,
  buildRelativeTime,
  buildRename,
  buildSetType,
  buildStandardize,
  buildTreatment,
  buildWinsorize,
  buildDummies,
  commonColumns,
  formatValueLabels,
  mergeKeys,
  parseRecodeFrom,
  parseValueLabels,
} from './stepForms';

const hukou: ColumnInfo = { ...column('hukou'), label: '户口', valueLabels: { '1': '城镇', '2': '农村' } };
const columns: ColumnInfo[] = [column('pid'), column('year'), hukou, column('income'), column('city', 'string')];
const panel = { unit: 'pid', time: 'year' };

describe('variable steps', () => {
  it('renames, refusing a taken or blank-edged name', () => {
    expect(buildRename('income', 'inc', columns)).toEqual({ step: { op: 'rename', from: 'income', to: 'inc' }, errors: {} });
    expect(buildRename('income', 'pid', columns).errors).toEqual({ to: { key: 'nameTaken', params: { name: 'pid' } } });
    expect(buildRename('income', ' inc', columns).errors).toEqual({ to: { key: 'nameBlanks' } });
    expect(buildRename('income', '', columns).errors).toEqual({ to: { key: 'nameRequired' } });
  });

  it('reads value labels one per line and points at a bad line', () => {
    expect(parseValueLabels('1 = 城镇\n\n2：农村\n-9 拒绝回答')).toEqual({ labels: { '1': '城镇', '2': '农村', '-9': '拒绝回答' }, badLine: null });
    expect(parseValueLabels('1 = a\nfoo = b')).toEqual({ labels: null, badLine: 2 });
    expect(parseValueLabels('  ')).toEqual({ labels: null, badLine: null });
    expect(formatValueLabels({ '2': '农村', '10': 'x', '1': '城镇' })).toBe('1 = 城镇\n2 = 农村\n10 = x');
  });

  it('labels a variable and its values; an empty label removes it', () => {
    expect(buildLabel(hukou, ' 户籍 ', '1 = 城镇\n2 = 农村').step).toEqual({ op: 'label', column: 'hukou', label: '户籍', valueLabels: { '1': '城镇', '2': '农村' } });
    expect(buildLabel(hukou, '', '').step).toEqual({ op: 'label', column: 'hukou', label: null, valueLabels: null });
    expect(buildLabel(hukou, 'x', '1 = a\nbad').errors).toEqual({ valueLabels: { key: 'valueLabelLine', params: { line: 2 } } });
    expect(buildLabel(column('city', 'string'), '城市', 'ignored').step).toEqual({ op: 'label', column: 'city', label: '城市' });
  });

  it('changes type with force and value labels only where they apply', () => {
    expect(buildSetType(column('city', 'string'), 'number', true, true).step).toEqual({ op: 'setType', column: 'city', to: 'number', force: true });
    expect(buildSetType(hukou, 'string', true, true).step).toEqual({ op: 'setType', column: 'hukou', to: 'string', useValueLabels: true });
    expect(buildSetType(hukou, 'number', false, false).errors).toEqual({ to: { key: 'sameType' } });
  });

  it('parses recode sources as Stata does: lists, ranges with min/max, missing, labels', () => {
    expect(parseRecodeFrom('1, 2', true)).toEqual([1, 2]);
    expect(parseRecodeFrom('min/0, 10/max, 3 / 5', true)).toEqual([{ max: 0 }, { min: 10 }, { min: 3, max: 5 }]);
    expect(parseRecodeFrom('农村, missing', true)).toEqual(['农村', 'missing']);
    expect(parseRecodeFrom('a/b', false)).toEqual(['a/b']);
    expect(parseRecodeFrom('1/x', true)).toBeNull();
    expect(parseRecodeFrom(' , ', true)).toBeNull();
  });

  it('builds a recode into a new column and checks every rule', () => {
    const form = { rules: [{ from: '1', to: '0', label: '城镇' }, { from: '2, 3', to: '1', label: '' }, { from: '', to: '', label: '' }], into: 'rural', otherwise: 'keep' as const };
    expect(buildRecode(hukou, form, columns).step).toEqual({
      op: 'recode',
      column: 'hukou',
      rules: [
        { from: 1, to: 0, label: '城镇' },
        { from: [2, 3], to: 1 },
      ],
      otherwise: 'keep',
      into: 'rural',
    });
    const bad = buildRecode(hukou, { rules: [{ from: '1/x', to: '', label: 'gone' }], into: 'pid', otherwise: 'missing' }, columns);
    expect(bad.errors).toEqual({ 'rule0.from': { key: 'recodeFrom' }, 'rule0.label': { key: 'labelOfMissing' }, into: { key: 'nameTaken', params: { name: 'pid' } } });
    expect(buildRecode(hukou, { rules: [{ from: '', to: '', label: '' }], into: '', otherwise: 'keep' }, columns).errors).toEqual({ rules: { key: 'rulesRequired' } });
  });

  it('generates with an if-condition and a label, or replaces an existing column', () => {
    const form = { name: 'lninc', expr: ' log(income) ', cond: 'income > 0', label: '对数收入', replace: false };
    expect(buildGenerate(form, columns).step).toEqual({ op: 'generate', name: 'lninc', expr: 'log(income)', if: 'income > 0', label: '对数收入' });
    expect(buildGenerate({ ...form, name: 'income' }, columns).errors).toEqual({ name: { key: 'nameTaken', params: { name: 'income' } } });
    expect(buildGenerate({ ...form, name: 'income', replace: true }, columns).step).toMatchObject({ name: 'income', replace: true });
    expect(buildGenerate({ ...form, name: 'nope', replace: true }, columns).errors).toEqual({ name: { key: 'replaceMissing', params: { name: 'nope' } } });
    expect(buildGenerate({ ...form, expr: ' ' }, columns).errors).toEqual({ expr: { key: 'exprRequired' } });
  });

  it('drops or keeps columns in the dataset order, never all of them', () => {
    expect(buildDropKeep('keep', ['income', 'pid'], columns).step).toEqual({ op: 'keep', columns: ['pid', 'income'] });
    expect(buildDropKeep('drop', [], columns).errors).toEqual({ columns: { key: 'columnsRequired' } });
    expect(buildDropKeep('drop', columns.map((c) => c.name), columns).errors).toEqual({ columns: { key: 'dropAll' } });
    expect(buildFilter(' year >= 2010 ').step).toEqual({ op: 'filter', expr: 'year >= 2010' });
    expect(buildFilter('').errors).toEqual({ expr: { key: 'exprRequired' } });
  });
});

describe('panel tools', () => {
  it('makes lags, leads and differences within the declared panel', () => {
    expect(buildLag({ column: 'income', kind: 'lag', periods: '1', delta: '', into: '' }, panel, columns).step).toEqual({ op: 'lag', column: 'income', unit: 'pid', time: 'year', periods: 1 });
    expect(buildLag({ column: 'income', kind: 'lead', periods: '2', delta: '2', into: 'F2' }, panel, columns).step).toEqual({
      op: 'lag',
      column: 'income',
      unit: 'pid',
      time: 'year',
      periods: -2,
      delta: 2,
      into: 'F2',
    });
    expect(buildLag({ column: 'income', kind: 'diff', periods: '1', delta: '', into: '' }, panel, columns).step).toMatchObject({ kind: 'diff', periods: 1 });
    expect(buildLag({ column: '', kind: 'lag', periods: '0', delta: '-1', into: '' }, panel, columns).errors).toEqual({
      column: { key: 'columnRequired' },
      periods: { key: 'positiveInteger' },
      delta: { key: 'positiveNumber' },
    });
  });

  it('winsorizes pooled or by period, with percentiles in order', () => {
    const form = { columns: ['income'], lower: '1', upper: '99', byPeriod: true, mode: 'winsorize' as const, suffix: '_w' };
    expect(buildWinsorize(form, panel).step).toEqual({ op: 'winsorize', columns: ['income'], lower: 1, upper: 99, by: 'year', mode: 'winsorize', suffix: '_w' });
    expect(buildWinsorize({ ...form, byPeriod: false, mode: 'trim', suffix: '' }, null).step).toEqual({ op: 'winsorize', columns: ['income'], lower: 1, upper: 99, mode: 'trim', suffix: '' });
    expect(buildWinsorize({ ...form, lower: '99', upper: '1' }, panel).errors).toEqual({ upper: { key: 'upperAboveLower' } });
    expect(buildWinsorize({ ...form, columns: [], lower: 'x' }, null).errors).toEqual({ columns: { key: 'columnsRequired' }, lower: { key: 'percentile' }, byPeriod: { key: 'declarePanel' } });
  });

  it('standardizes, makes dummies and relative time', () => {
    expect(buildStandardize(['income'], true, '_z', panel).step).toEqual({ op: 'standardize', columns: ['income'], by: 'year', suffix: '_z' });
    expect(buildDummies('city', '', true).step).toEqual({ op: 'dummies', column: 'city', dropFirst: true });
    expect(buildDummies('', 'd', false).errors).toEqual({ column: { key: 'columnRequired' } });
    const rel = { event: 'first_treat', into: '', never: '0', min: '-4', max: '3' };
    expect(buildRelativeTime(rel, panel, columns).step).toEqual({ op: 'relativeTime', time: 'year', event: 'first_treat', into: 'rel_time', never: [0], min: -4, max: 3 });
    expect(buildRelativeTime({ ...rel, event: 'year', never: 'x', min: '3' }, panel, columns).errors).toEqual({
      event: { key: 'eventIsTime' },
      never: { key: 'numbers' },
      max: { key: 'upperAboveLower' },
    });
  });

  it('builds treatment indicators from pasted IDs, a marker column or first-treatment times', () => {
    const form = { source: 'ids' as const, ids: '1, 3\n5', treatedColumn: '', policyTime: '2014', firstTreatColumn: '' };
    expect(buildTreatment(form, panel, columns).step).toEqual({ op: 'treatment', unit: 'pid', time: 'year', treatedIds: [1, 3, 5], policyTime: 2014 });
    expect(buildTreatment({ ...form, ids: '1, 北京', policyTime: '' }, panel, columns).errors).toEqual({ ids: { key: 'idNotNumber', params: { id: '北京' } }, policyTime: { key: 'number' } });
    expect(buildTreatment({ ...form, ids: '北京 上海' }, { unit: 'city', time: 'year' }, columns).step).toMatchObject({ treatedIds: ['北京', '上海'] });
    expect(buildTreatment({ ...form, source: 'firstTreat', firstTreatColumn: 'g' }, panel, columns).step).toEqual({ op: 'treatment', unit: 'pid', time: 'year', firstTreatColumn: 'g' });
    expect(buildTreatment({ ...form, source: 'column' }, panel, columns).errors).toEqual({ treatedColumn: { key: 'columnRequired' } });
  });
});

describe('merge helpers', () => {
  it('sends plain key names where both sides share them, pairs otherwise', () => {
    expect(mergeKeys([{ master: 'city', using: 'city' }, { master: 'year', using: '年份' }])).toEqual(['city', { master: 'year', using: '年份' }]);
    expect(commonColumns(columns, [column('city', 'string'), column('gdp'), column('year')])).toEqual(['year', 'city']);
  });
});
