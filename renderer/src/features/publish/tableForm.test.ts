import { describe, expect, it } from 'vitest';
import { DEFAULT_STARS, tableSpec } from '../../../../shared/specs/table';
import { buildTableSpec, emptyTableForm, fieldOfPath, formFromSpec, move, parseGroupLabels, withTerms, type TableForm } from './tableForm';

const t = (key: string): string => `error:${key}`;
const regression = (patch: Partial<TableForm> = {}): TableForm => ({ ...emptyTableForm('en'), columns: [{ source: 'a1', title: '' }, { source: 'a2', title: 'With controls' }], ...patch });

describe('table form → spec', () => {
  it('starts from esttab-like defaults: SE in parentheses, * ** *** at 0.1 / 0.05 / 0.01, N, R², within R², clusters', () => {
    const r = buildTableSpec(regression(), t);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec).toEqual(
      tableSpec.parse({
        kind: 'regression',
        language: 'en',
        digits: 3,
        columns: [{ source: 'a1' }, { source: 'a2', title: 'With controls' }],
        parentheses: 'se',
        stars: DEFAULT_STARS,
        stats: ['nobs', 'r2', 'r2_within', 'n_clusters'],
        fixed_effects: true,
        model_numbers: true,
        controls: [],
        labels: {},
        notes: [],
        auto_notes: true,
      }),
    );
    // Until a preview lists the terms, every term is shown in first-seen order.
    expect(r.spec.kind === 'regression' && r.spec.keep).toBeUndefined();
  });

  it('turns row choices into keep order, labels and a controls row in the table language', () => {
    const form = withTerms(regression({ language: 'zh' }), ['treat_post', 'lpop', 'lemp_lag']);
    form.rows = [
      { term: 'lemp_lag', show: true, label: '滞后项', control: false },
      { term: 'treat_post', show: true, label: '政策', control: false },
      { term: 'lpop', show: true, label: '', control: true },
    ];
    const r = buildTableSpec(form, t);
    if (!r.ok || r.spec.kind !== 'regression') throw new Error('expected a regression spec');
    expect(r.spec.keep).toEqual(['lemp_lag', 'treat_post']);
    expect(r.spec.labels).toEqual({ lemp_lag: '滞后项', treat_post: '政策' });
    expect(r.spec.controls).toEqual([{ label: '控制变量', terms: ['lpop'] }]);
  });

  it('puts each mistake beside its field', () => {
    const r = buildTableSpec({ ...emptyTableForm('en'), digits: 'two', stars: [{ symbol: '*', p: '1.5' }] }, t);
    expect(r).toEqual({ ok: false, errors: { columns: 'error:noColumns', digits: 'error:digits', stars: 'error:stars' } });
    const hidden = withTerms(regression(), ['x']);
    hidden.rows = [{ term: 'x', show: false, label: '', control: false }];
    expect(buildTableSpec(hidden, t)).toEqual({ ok: false, errors: { rows: 'error:noRows' } });
    expect(buildTableSpec({ ...emptyTableForm('en'), kind: 'correlation', data: 'd', variables: ['x'] }, t)).toEqual({ ok: false, errors: { variables: 'error:fewVariables' } });
    expect(buildTableSpec({ ...emptyTableForm('en'), kind: 'descriptives', describeSource: 'd1', groupLabels: '0 Control' }, t)).toEqual({ ok: false, errors: { groupLabels: 'error:groupLabels' } });
    expect(buildTableSpec({ ...emptyTableForm('en'), kind: 'balance' }, t)).toEqual({ ok: false, errors: { source: 'error:noSource' } });
  });

  it('maps schema issue paths to fields', () => {
    expect(fieldOfPath(['columns', 0, 'source'])).toBe('columns');
    expect(fieldOfPath(['keep', 1])).toBe('rows');
    expect(fieldOfPath(['stars', 0, 'p'])).toBe('stars');
    expect(fieldOfPath([])).toBe('form');
  });

  it('builds descriptives, correlation and balance specs', () => {
    const d = withTerms({ ...emptyTableForm('en'), kind: 'descriptives', describeSource: 'd1', groupLabels: '0 = Control; 1 = Treated', difference: true }, ['lemp', 'lpop']);
    d.rows[1] = { ...d.rows[1], show: false };
    const dr = buildTableSpec(d, t);
    expect(dr.ok && dr.spec).toMatchObject({ kind: 'descriptives', source: 'd1', variables: ['lemp'], group_labels: { '0': 'Control', '1': 'Treated' }, difference: true });
    const c = buildTableSpec({ ...emptyTableForm('zh'), kind: 'correlation', data: 'mpdta', variables: ['lemp', 'lpop'], subset: ' year == 2003 ', triangle: 'full' }, t);
    expect(c.ok && c.spec).toMatchObject({ kind: 'correlation', data: 'mpdta', subset: 'year == 2003', triangle: 'full', language: 'zh' });
    const b = buildTableSpec({ ...emptyTableForm('en'), kind: 'balance', balanceSource: 'm1', distance: false }, t);
    expect(b.ok && b.spec).toMatchObject({ kind: 'balance', source: 'm1', distance: false, stats: ['Means Treated', 'Means Control', 'Std. Mean Diff.'] });
  });
});

describe('rows after a preview', () => {
  it('keeps known rows with their settings, drops gone ones and appends new ones shown', () => {
    const form = { ...regression(), terms: ['a', 'b'], rows: [{ term: 'b', show: false, label: 'B', control: false }, { term: 'a', show: true, label: '', control: true }] };
    const next = withTerms(form, ['a', 'c']);
    expect(next.terms).toEqual(['a', 'c']);
    expect(next.rows).toEqual([
      { term: 'a', show: true, label: '', control: true },
      { term: 'c', show: true, label: '', control: false },
    ]);
  });

  it('reopens a saved table: its rows in order, terms it did not list hidden', () => {
    const spec = tableSpec.parse({ kind: 'regression', columns: [{ source: 'a1' }], keep: ['b', 'a'], labels: { a: 'A' }, controls: [{ label: 'Controls', terms: ['z'] }], parentheses: 't', title: 'T1' });
    const form = formFromSpec(spec);
    expect(form).toMatchObject({ kind: 'regression', title: 'T1', parentheses: 't', controlsLabel: 'Controls', terms: null, hideNewTerms: true });
    const merged = withTerms(form, ['a', 'b', 'c', 'z']);
    expect(merged.rows.map((r) => [r.term, r.show, r.label, r.control])).toEqual([
      ['b', true, '', false],
      ['a', true, 'A', false],
      ['z', false, '', true],
      ['c', false, '', false],
    ]);
    const again = buildTableSpec(merged, t);
    expect(again.ok && again.spec).toEqual(spec);
  });
});

describe('helpers', () => {
  it('parses group labels and moves list items within bounds', () => {
    expect(parseGroupLabels('0 = 对照组；1 = 处理组')).toEqual({ '0': '对照组', '1': '处理组' });
    expect(parseGroupLabels('')).toEqual({});
    expect(parseGroupLabels('0 =')).toBeNull();
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, -2)).toEqual(['c', 'a', 'b']);
  });
});
