import { describe, expect, it } from 'vitest';
import { regressionTableSpec } from '../../shared/specs/table';
import type { TableSpecInput } from '../../shared/specs/table';
import { referenceCase } from '../testing/fixtures';
import { describeVcov, formatCount, formatNumber, starsFor } from './format';
import type { ResolvedColumn, TableModel, TableRow } from './table-model';
import { buildRegressionTable, cellText, mergeAdjacent, termLabel, toTextGrid } from './table-model';
import { summarizeResult } from './results';

type Coef = { estimate: number; se: number; t?: number; z?: number; p: number };
const expected = (file: string, id: string): Record<string, unknown> => referenceCase(file, id).expected;
const coefsOf = (file: string, id: string): Record<string, Coef> => expected(file, id).coefficients as Record<string, Coef>;

function build(input: Omit<Extract<TableSpecInput, { kind: 'regression' }>, 'kind' | 'columns'>, columns: (ResolvedColumn & { source?: string })[]): TableModel {
  const spec = regressionTableSpec.parse({ kind: 'regression', columns: columns.map((c, i) => ({ source: c.source ?? `m${i + 1}` })), ...input });
  return buildRegressionTable(spec, columns);
}

function row(model: TableModel, label: string): TableRow {
  const r = model.sections.flat().find((x) => x.label === label);
  if (!r) throw new Error(`no row ${label}; rows: ${model.sections.flat().map((x) => x.label).join(' | ')}`);
  return r;
}

function parenAfter(model: TableModel, label: string): TableRow {
  const rows = model.sections.flat();
  return rows[rows.findIndex((x) => x.label === label) + 1];
}

const STARS = [
  { symbol: '*', p: 0.1 },
  { symbol: '**', p: 0.05 },
  { symbol: '***', p: 0.01 },
];

describe('formatting', () => {
  it('rounds to fixed decimals, keeps significant digits for tiny values, never prints -0.000', () => {
    expect(formatNumber(-0.03654893667406705, 3)).toBe('-0.037');
    expect(formatNumber(0.0005, 3)).toBe('0.001');
    expect(formatNumber(-0.00007177668568075882, 3)).toBe('-0.0000718');
    expect(formatNumber(-0.0004, 3)).toBe('-0.000400');
    expect(formatNumber(0, 3)).toBe('0.000');
    expect(formatNumber(null, 3)).toBe('');
    expect(formatNumber(Number.NaN, 3)).toBe('');
    expect(formatCount(2500)).toBe('2,500');
  });

  it('picks the strictest star level the p-value passes', () => {
    expect(starsFor(0.006, STARS)).toBe('***');
    expect(starsFor(0.01, STARS)).toBe('**');
    expect(starsFor(0.07, STARS)).toBe('*');
    expect(starsFor(0.1, STARS)).toBe('');
    expect(starsFor(null, STARS)).toBe('');
    expect(starsFor(0.001, [{ symbol: '†', p: 0.1 }])).toBe('†');
  });

  it('names the variance estimators the results report', () => {
    expect(describeVcov('Clustered (id & period)', 'en')).toBe('clustered by id and period');
    expect(describeVcov('vcovCL(cluster = ~subclass + id), type HC1', 'zh')).toBe('聚类到 subclass 和 id 层面');
    expect(describeVcov('vcovHC type HC3', 'en')).toBe('HC3 robust');
    expect(describeVcov('Heteroskedasticity-robust', 'zh')).toBe('异方差稳健');
    expect(describeVcov('model-based (inverse Fisher information)', 'en')).toBe('model-based (inverse Fisher information)');
  });

  it('labels interactions and fixest factor terms part by part', () => {
    expect(termLabel('treat:post', { treat: 'Treated' })).toBe('Treated × post');
    expect(termLabel('rel_time::-2', {}, { rel_time: 'Event time' })).toBe('Event time = -2');
    expect(termLabel('period::3:treat', {})).toBe('period = 3 × treat');
    expect(termLabel('treat:post', { 'treat:post': 'DID' })).toBe('DID');
  });

  it('merges adjacent equal header texts into spans, never empty ones', () => {
    expect(mergeAdjacent(['y', 'y', '', '', 'z'])).toEqual([
      { text: 'y', span: 2 },
      { text: '', span: 1 },
      { text: '', span: 1 },
      { text: 'z', span: 1 },
    ]);
  });
});

describe('regression table from fixest results (fixture expected blocks)', () => {
  const twfe = expected('mpdta.json', 'twfe');
  const collinear = expected('mpdta.json', 'twfe_lpop_collinear');
  const ols = expected('base_did.json', 'ols_twoway_cluster');
  const model = build({}, [
    { result: twfe, spec: { formula: 'lemp ~ treat_post | countyreal + year' } },
    { result: collinear, spec: { formula: 'lemp ~ treat_post + lpop | countyreal + year' } },
    { result: ols, spec: { formula: 'y ~ x1 + treat * post' } },
  ]);

  it('prints each estimate rounded, with stars from its p-value, and its SE in parentheses', () => {
    const c = coefsOf('mpdta.json', 'twfe').treat_post;
    const r = row(model, 'treat_post');
    expect(r.cells[0]).toBe(formatNumber(c.estimate, 3));
    expect(r.marks?.[0]).toBe(starsFor(c.p, STARS));
    expect(r.marks?.[0]).toBe('***');
    expect(parenAfter(model, 'treat_post').cells[0]).toBe(`(${formatNumber(c.se, 3)})`);
    expect(r.cells[2]).toBe('');
    const o = coefsOf('base_did.json', 'ols_twoway_cluster');
    for (const [term, label] of [
      ['x1', 'x1'],
      ['post', 'post'],
      ['treat:post', 'treat × post'],
      ['(Intercept)', '(Intercept)'],
    ] as const) {
      expect(cellText(row(model, label), 2)).toBe(formatNumber(o[term].estimate, 3) + starsFor(o[term].p, STARS));
      expect(parenAfter(model, label).cells[2]).toBe(`(${formatNumber(o[term].se, 3)})`);
    }
  });

  it('adds fixed-effect Yes/No rows, N, R², within R² and clusters per cluster variable', () => {
    expect(row(model, 'countyreal FE').cells).toEqual(['Yes', 'Yes', 'No']);
    expect(row(model, 'year FE').cells).toEqual(['Yes', 'Yes', 'No']);
    expect(row(model, 'Observations').cells).toEqual([formatCount(twfe.nobs as number), formatCount(collinear.nobs as number), formatCount(ols.nobs as number)]);
    expect(row(model, 'R²').cells[2]).toBe(formatNumber(ols.r2 as number, 3));
    expect(row(model, 'Within R²').cells).toEqual([formatNumber(twfe.r2_within as number, 3), formatNumber(collinear.r2_within as number, 3), '']);
    expect(row(model, 'Clusters (id)').cells).toEqual(['', '', String((ols.n_clusters as Record<string, number>).id)]);
    expect(row(model, 'Clusters (period)').cells[2]).toBe(String((ols.n_clusters as Record<string, number>).period));
  });

  it('puts the dependent variables over the model numbers, merged where equal', () => {
    expect(model.header[0].cells).toEqual([
      { text: 'lemp', span: 2 },
      { text: 'y', span: 1 },
    ]);
    expect(model.header[1].cells.map((c) => c.text)).toEqual(['(1)', '(2)', '(3)']);
  });

  it('notes what the parentheses hold, the clustering per column, the stars and the dropped collinear term', () => {
    expect(model.notes[0]).toBe('Standard errors in parentheses; (1)(2) clustered by countyreal; (3) clustered by id and period.');
    expect(model.notes[1]).toBe('* p < 0.1, ** p < 0.05, *** p < 0.01.');
    expect(model.notes).toContain('lpop omitted because of collinearity in (2).');
  });

  it('writes Chinese words and notes when asked', () => {
    const zh = build({ language: 'zh' }, [{ result: twfe }]);
    expect(row(zh, 'countyreal固定效应').cells).toEqual(['是']);
    expect(row(zh, '观测值').cells).toEqual(['2,500']);
    expect(zh.notes[0]).toBe('括号内为标准误；标准误：聚类到 countyreal 层面。');
  });

  it('shows t statistics or confidence intervals instead of SEs', () => {
    const c = coefsOf('mpdta.json', 'twfe').treat_post;
    const t = build({ parentheses: 't' }, [{ result: twfe }]);
    expect(parenAfter(t, 'treat_post').cells[0]).toBe(`(${formatNumber(c.t as number, 3)})`);
    expect(t.notes[0]).toMatch(/^t statistics in parentheses/);
    const ci = build({ parentheses: 'ci' }, [{ result: expected('mpdta_extra.json', 'didimp_static') }]);
    const term = (expected('mpdta_extra.json', 'didimp_static').terms as { term: string; conf_low: number; conf_high: number }[])[0];
    expect(parenAfter(ci, term.term).cells[0]).toBe(`[${formatNumber(term.conf_low, 3)}, ${formatNumber(term.conf_high, 3)}]`);
  });

  it('renames terms so different models share a row, keeps the requested order, drops and groups controls', () => {
    const m = build(
      {
        rename: { treat_post: 'DID', 'treat:post': 'DID' },
        keep: ['DID', 'x1'],
        labels: { DID: 'Treated × Post' },
        controls: [{ label: 'Controls', terms: ['x1'] }],
      },
      [{ result: twfe }, { result: expected('base_did.json', 'twfe_cluster_id') }],
    );
    const rows = m.sections.flat();
    expect(rows.map((r) => r.label)).toEqual(['Treated × Post', '', 'countyreal FE', 'year FE', 'id FE', 'period FE', 'Controls', 'Observations', 'R²', 'Within R²', 'Clusters (countyreal)', 'Clusters (id)']);
    expect(row(m, 'Treated × Post').cells.every((x) => x !== '')).toBe(true);
    expect(row(m, 'Controls').cells).toEqual(['No', 'Yes']);
  });

  it('rejects a kept term that no column has, naming the available ones', () => {
    expect(() => build({ keep: ['treat_postt'] }, [{ result: twfe }])).toThrow(/"treat_postt" is in no column\. Terms available: treat_post/);
  });

  it('rejects two terms of one column renamed to the same name', () => {
    expect(() => build({ rename: { x1: 'a', 'treat:post': 'a' } }, [{ result: expected('base_did.json', 'twfe_iid') }])).toThrow(/column \(1\).*both renamed to "a"/);
  });

  it('rejects a result that has no coefficients', () => {
    expect(() => build({}, [{ result: { model: 'describe', nobs: 3, variables: [], groups: null }, source: 'desc.json' }])).toThrow(/desc\.json has no coefficients/);
  });

  it('rejects a column count that does not match the spec', () => {
    const spec = regressionTableSpec.parse({ kind: 'regression', columns: [{ source: 'a' }, { source: 'b' }] });
    expect(() => buildRegressionTable(spec, [{ result: twfe }])).toThrow(/lists 2 columns but 1 results/);
  });

  it('leaves a statistic row out when no column has it and keeps every row ncol wide', () => {
    const m = build({ stats: ['nobs', 'loglik'] }, [{ result: twfe }]);
    expect(m.sections.flat().some((r) => r.label === 'Log likelihood')).toBe(false);
    for (const r of toTextGrid(m)) expect(r.length).toBe(2);
  });
});

describe('result shapes other than fixest', () => {
  it('reads did att_gt rows with normal-based p-values', () => {
    const e = expected('mpdta.json', 'cs_never_att_gt');
    const s = summarizeResult(e);
    const first = (e.att_gt as { group: number; time: number; att: number; se: number }[])[0];
    const c = s.coefs[0];
    expect(c.term).toBe(`ATT(${first.group},${first.time})`);
    expect(c.estimate).toBe(first.att);
    // did's pointwise inference is normal: 2·(1 − Φ(|z|)), here checked through the z interval.
    expect(c.stat).toBe(first.att / first.se);
    expect(s.stat_kind).toBe('z');
    expect(s.n_units).toBe(e.n_units);
  });

  it('reads aggte overall and event-time rows', () => {
    const e = expected('mpdta.json', 'cs_never_aggte_dynamic');
    const s = summarizeResult(e);
    expect(s.coefs[0]).toMatchObject({ term: 'ATT', estimate: e.overall_att, se: e.overall_se });
    expect(s.coefs.map((c) => c.term).slice(1, 3)).toEqual(['e=-3', 'e=-2']);
    expect(s.aggregation).toBe('dynamic');
  });

  it('reads didimputation terms, keeping their stored intervals', () => {
    const e = expected('mpdta_extra.json', 'didimp_horizon_pretrends');
    const s = summarizeResult(e);
    const t = (e.terms as { term: string; conf_low: number }[])[0];
    expect(s.coefs[0]).toMatchObject({ term: t.term, conf_low: t.conf_low });
    expect(s.nobs).toBe(e.n_obs);
    expect(s.n_clusters).toEqual({ '': e.n_clusters });
  });

  it('reads rdrobust rows with z statistics and total N', () => {
    const e = expected('rdrobust_senate.json', 'rdrobust_default');
    const s = summarizeResult(e);
    expect(s.coefs.map((c) => c.term)).toEqual(['Conventional', 'Bias-Corrected', 'Robust']);
    const robust = (e.coefficients as Record<string, { z: number; ci_lower: number }>).Robust;
    expect(s.coefs[2].stat).toBe(robust.z);
    expect(s.coefs[2].conf_low).toBe(robust.ci_lower);
    const n = e.N as { left: number; right: number };
    expect(s.nobs).toBe(n.left + n.right);
  });

  it('reads polr coefficients followed by cutpoints', () => {
    const e = expected('ordinal_glm.json', 'polr_logistic');
    const s = summarizeResult(e);
    expect(s.coefs.map((c) => c.term).slice(-2)).toEqual(Object.keys(e.cutpoints as object));
    expect(s.nobs).toBe(e.nobs_weighted);
  });

  it('treats glm inference as z and lm-on-matched-data inference as t', () => {
    expect(summarizeResult(expected('lalonde.json', 'pscore_logit')).stat_kind).toBe('z');
    expect(summarizeResult(expected('lalonde.json', 'nearest_documented_rule_att_cluster_subclass')).stat_kind).toBe('t');
  });

  it('reports composite results by their headline estimate', () => {
    const agg = expected('mpdta.json', 'cs_never_aggte_simple');
    const attgt = { model: 'att_gt', att_gt: expected('mpdta.json', 'cs_never_att_gt').att_gt, n_units: 500, aggte: { ...agg, overall_conf_low: -0.1, overall_conf_high: 0.02, by: [] } };
    const s = summarizeResult(attgt);
    expect(s.coefs.map((c) => c.term)).toEqual(['ATT']);
    expect(s.coefs[0]).toMatchObject({ estimate: agg.overall_att, conf_low: -0.1, conf_high: 0.02 });
    expect(s.n_units).toBe(500);
    const reg = expected('lalonde.json', 'nearest_documented_rule_att_cluster_subclass');
    expect(summarizeResult({ model: 'matchit', att_regression: reg, balance_before: {} }).nobs).toBe(reg.nobs);
    const twfe = expected('mpdta.json', 'twfe');
    expect(summarizeResult({ model: 'psm_did', did_matched: twfe, did_full: {} }).coefs[0].term).toBe('treat_post');
  });

  it('computes missing p-values and intervals from estimate and SE', () => {
    const s = summarizeResult({ coefficients: { x: { estimate: 1.96, se: 1 } } });
    expect(s.coefs[0].p).toBeCloseTo(0.04999579029644087, 14);
    expect(s.coefs[0].conf_low).toBeCloseTo(1.96 - 1.959963984540054, 12);
  });
});

describe('fixed-effect row labels', () => {
  it('name the FE by its variable label and accept a whole-row override', () => {
    const twfe = referenceCase('mpdta.json', 'twfe').expected;
    const zh = build({ language: 'zh', labels: { countyreal: '县', 'FE:year': '年份效应' } }, [{ result: twfe }]);
    expect(zh.sections[1].map((r) => r.label)).toEqual(['县固定效应', '年份效应']);
    const inter = build({}, [{ result: { ...twfe, fixef_sizes: { 'Origin^Product': 10 } } }]);
    expect(inter.sections[1][0].label).toBe('Origin × Product FE');
  });
});
