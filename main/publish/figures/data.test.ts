import { describe, expect, it } from 'vitest';
import { figureSpec } from '../../../shared/specs/figure';
import type { FigureKind } from '../../../shared/specs/figure';
import { referenceCase } from '../../testing/fixtures';
import { coefficientRows, densityTestData, eventStudyPoints, eventTime, placeboData, polynomialCurve, scoreDensityData } from './data';
import { figureOption, renderSvg } from './render';

const expected = (file: string, id: string) => referenceCase(file, id).expected;

describe('figure data', () => {
  it('reads event time from fixest, did and didimputation term names', () => {
    expect(eventTime('rel_time::-2')).toEqual({ factor: 'rel_time', period: -2 });
    expect(eventTime('period::3:treat')).toEqual({ factor: 'period', period: 3 });
    expect(eventTime('e=-1')).toEqual({ factor: 'e', period: -1 });
    expect(eventTime('-3')).toEqual({ factor: '', period: -3 });
    expect(eventTime('x1')).toBeNull();
    expect(eventTime('treat')).toBeNull();
  });

  it('adds the omitted reference period at zero for a fixest event study', () => {
    const e = expected('mpdta.json', 'event_study_i');
    const pts = eventStudyPoints(e, -1, 'es');
    expect(pts.map((p) => p.period)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(pts[3]).toEqual({ period: -1, estimate: 0, conf_low: null, conf_high: null, reference: true });
    const c = (e.coefficients as Record<string, { estimate: number }>)['rel_time::2'];
    expect(pts[6].estimate).toBe(c.estimate);
    expect(pts[6].conf_low).not.toBeNull();
  });

  it('ignores controls and honours a reference period other than -1', () => {
    const pts = eventStudyPoints(expected('base_did.json', 'event_study_cluster_id'), 5, 'es');
    expect(pts.map((p) => p.period)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pts.find((p) => p.period === 5)?.reference).toBe(true);
  });

  it('adds no reference to did and didimputation results, which estimate every period', () => {
    const agg = eventStudyPoints(expected('mpdta.json', 'cs_never_aggte_dynamic'), -1, 'agg');
    expect(agg.some((p) => p.reference)).toBe(false);
    expect(agg.map((p) => p.period)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    const imp = eventStudyPoints(expected('mpdta_extra.json', 'didimp_horizon_pretrends'), -1, 'imp');
    const term = (expected('mpdta_extra.json', 'didimp_horizon_pretrends').terms as { term: string; conf_low: number }[]).find((t) => t.term === '-1');
    expect(imp.find((p) => p.period === -1)?.conf_low).toBe(term?.conf_low);
  });

  it('draws the points a DID builder result lists, its reference periods at zero', () => {
    const pt = (rel_time: number, estimate: number | null, ref = false) => ({ rel_time, estimate, se: 0.01, p: 0.5, conf_low: estimate === null ? null : estimate - 0.02, conf_high: estimate === null ? null : estimate + 0.02, term: ref ? null : `rel_time::${rel_time}`, ref, binned: false, n_obs: 10 });
    const did = { model: 'did', coefficients: { treat_post: { estimate: -0.04, se: 0.01, p: 0.001 } }, event_study: { points: [pt(0, -0.02), pt(-1, null, true), pt(-2, 0.01)] } };
    expect(eventStudyPoints(did, -1, 'did')).toEqual([
      { period: -2, estimate: 0.01, conf_low: 0.01 - 0.02, conf_high: 0.01 + 0.02, reference: false },
      { period: -1, estimate: 0, conf_low: null, conf_high: null, reference: true },
      { period: 0, estimate: -0.02, conf_low: -0.02 - 0.02, conf_high: -0.02 + 0.02, reference: false },
    ]);
  });

  it('rejects a result without event-time terms', () => {
    expect(() => eventStudyPoints(expected('mpdta.json', 'twfe'), -1, 'twfe.json')).toThrow(/twfe\.json has no event-time estimates/);
  });

  it('selects coefficient rows and names unknown terms', () => {
    const e = expected('lalonde.json', 'pscore_logit');
    expect(coefficientRows(e, undefined, 'ps').map((r) => r.term)).not.toContain('(Intercept)');
    expect(coefficientRows(e, ['educ', 'age'], 'ps').map((r) => r.term)).toEqual(['educ', 'age']);
    expect(() => coefficientRows(e, ['edu'], 'ps')).toThrow(/Term "edu" is not in ps/);
  });

  it('evaluates rdplot polynomials in (x − c)', () => {
    const c = polynomialCurve([1, 2, 3], 10, 10, 12, 3);
    expect(c.x).toEqual([10, 11, 12]);
    expect(c.y).toEqual([1, 6, 17]);
  });

  it('reads rddensity curves, skipping points without an estimate', () => {
    const d = densityTestData({ c: 1, density: { left: [{ x: 0, f_p: 0.1, ci_lower: 0.05, ci_upper: 0.15 }], right: [{ x: 2, f_p: null, ci_lower: null, ci_upper: null }, { x: 3, f_p: 0.2, ci_lower: null, ci_upper: null }] }, test: { p_jk: 0.4 } }, 'rdd');
    expect(d.left).toEqual({ x: [0], y: [0.1], ci_lower: [0.05], ci_upper: [0.15] });
    expect(d.right.x).toEqual([3]);
    expect(d.p).toBe(0.4);
    expect(() => densityTestData(expected('rdrobust_senate.json', 'rddensity_default'), 'fixture')).toThrow(/fixture has no density curves/);
  });

  it('reads placebo draws and score densities, rejecting other shapes', () => {
    const charts = { actual: -0.04, density: { x: [0, 1], y: [1, 2], bandwidth: 0.1, kernel: 'gaussian' }, histogram: { breaks: [0, 0.5, 1], counts: [1, 1], density: [1, 1] }, p_values: { estimate: [], p: [] } };
    expect(placeboData({ model: 'placebo', charts, p_value_ri: 0.02 }, 'pl')).toEqual({ density: charts.density, histogram: charts.histogram, actual: -0.04, p: 0.02 });
    const own = placeboData({ placebo_estimates: [0.1, -0.2, 0.05], actual: -0.04 }, 'pl');
    expect(own.density.x).toHaveLength(512);
    expect(own).toMatchObject({ histogram: null, actual: -0.04, p: null });
    expect(() => placeboData({ estimates: [1] }, 'pl.json')).toThrow(/pl\.json has no placebo distribution/);
    const dist = { grid: [0, 0.5, 1], density_before: { treated: [1, 2, 1], control: [2, 1, 0] }, density_after: { treated: [1, 2, 1], control: [1, 2, 1] } };
    expect(scoreDensityData({ model: 'matchit', distributions: dist }, 'm').grid).toEqual([0, 0.5, 1]);
    expect(() => scoreDensityData({ model: 'x' }, 'm.json')).toThrow(/m\.json has no propensity-score densities/);
  });
});

describe('every figure kind renders to SVG with its axis names', () => {
  const curve = (from: number, to: number) => Array.from({ length: 20 }, (_, i) => from + ((to - from) * i) / 19);
  const cases: [FigureKind, unknown, string][] = [
    ['event_study', expected('mpdta.json', 'event_study_i'), 'Periods relative to treatment'],
    ['coefficients', expected('lalonde.json', 'pscore_logit'), 'Estimate (95% CI)'],
    ['placebo', { estimates: Array.from({ length: 50 }, (_, i) => Math.cos(i) * 0.02), actual: -0.0365 }, 'Placebo estimate'],
    ['rd_plot', expected('rdrobust_senate.json', 'rdplot_default'), 'Running variable'],
    [
      'density_test',
      {
        c: 0,
        density: {
          left: curve(-20, 0).map((x, i) => ({ x, f_p: 0.01 + i * 0.0005, ci_lower: 0.008 + i * 0.0005, ci_upper: 0.012 + i * 0.0005 })),
          right: curve(0, 20).map((x, i) => ({ x, f_p: i === 0 ? null : 0.02 - i * 0.0005, ci_lower: null, ci_upper: null })),
        },
        histogram: [
          { from: -20, to: -10, density: 0.01 },
          { from: -10, to: 0, density: 0.02 },
        ],
        test: { p_jk: 0.381 },
      },
      'p = 0.381',
    ],
    [
      'event_study',
      {
        model: 'did_compare',
        chart: {
          offsets: { twfe: -0.1, cs: 0.1 },
          series: [
            { id: 'twfe', label: 'TWFE (fixest)', points: [{ x: -1.1, e: -1, y: 0, low: null, high: null }, { x: -0.1, e: 0, y: -0.02, low: -0.04, high: 0 }] },
            { id: 'cs', label: 'Callaway–Sant’Anna', points: [{ x: 0.1, e: 0, y: -0.03, low: -0.05, high: -0.01 }] },
          ],
          treatment_x: -0.5,
        },
      },
      'Callaway–Sant’Anna',
    ],
    ['psm_density', { grid: curve(0, 1), density_before: { treated: curve(0, 2), control: curve(2, 0) }, density_after: { treated: curve(0, 2), control: curve(0, 1.8) } }, 'Before matching'],
    ['bacon', { chart: { series: [{ type: 'Treated vs Untreated', points: [{ x: 0.4, y: -0.03, label: '2004 vs never' }] }], reference_y: -0.25 } }, 'TWFE estimate = -0.250'],
  ];
  for (const [kind, result, text] of cases) {
    it(`${kind}: ${text}`, () => {
      const spec = figureSpec.parse({ kind, source: kind });
      const svg = renderSvg(figureOption(spec, result), spec.width, spec.height);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(text);
    });
  }
});
