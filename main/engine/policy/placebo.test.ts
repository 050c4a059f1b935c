import { describe, expect, it } from 'vitest';
import { runPlacebo } from './placebo';
import { rStream, sampleWithoutReplacement, sampleWithReplacement } from './rng';
import { placeboResult, type PlaceboSpecInput } from '../../../shared/specs/placebo';
import { runFeols } from '../feols';
import { silentContext, type RunContext } from '../context';
import { CancelledError } from '../errors';
import { filterRows, numericColumn, withColumn, type Frame } from '../frame';
import { expectClose, loadData, loadReference, referenceCase } from '../../testing/fixtures';
import { userErrorCode } from '../did/testing';
import { generateDemoPanel, TRUE_EFFECT } from '../../demo/generate';

const BASE = { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } };
const spec = (extra: Partial<PlaceboSpecInput> = {}): PlaceboSpecInput => ({ model: 'placebo', data: 'mpdta.csv', base: BASE, treatment: 'treat_post', unit: 'countyreal', time: 'year', ...extra });

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

interface PlaceboCase {
  coefficients: { pseudo_treat_post: { estimate: number; se: number; t: number; p: number } };
  pseudo_treated_countyreal: number[];
  pseudo_first_treat: number[];
  pseudo_cohort_sizes: Record<string, number>;
  n_pseudo_treat_post_obs: number;
  n_pseudo_treated_that_are_ever_treated: number;
}

const placeboCases = (): { id: string; e: PlaceboCase }[] =>
  loadReference('placebo_reference.json')
    .cases.filter((c) => c.id.startsWith('placebo_seed'))
    .map((c) => ({ id: c.id, e: c.expected as unknown as PlaceboCase }));

/** feols refit with a pseudo treatment that is 1 from `first.get(unit)` on. */
function refit(frame: Frame, first: Map<number, number>, formula = BASE.formula, weights?: string) {
  const county = column(frame, 'countyreal');
  const year = column(frame, 'year');
  const pseudo = Float64Array.from(county, (c, i) => (first.has(c) && year[i] >= (first.get(c) as number) ? 1 : 0));
  return runFeols(withColumn(frame, numericColumn('treat_post', pseudo)), { model: 'feols', data: 'x', formula, vcov: { cluster: ['countyreal'] }, weights }).coefficients.treat_post;
}

describe('placebo: placebo_reference.json', () => {
  it('reproduces every listed pseudo-treated set (real timing handed over by id order) and the actual TWFE', async () => {
    const mp = await loadData('mpdta.csv');
    const cases = placeboCases();
    const r = runPlacebo(mp, spec({ pseudo_treated: cases.map((c) => ({ units: c.e.pseudo_treated_countyreal })) }), silentContext);
    expect(placeboResult.safeParse(r).success).toBe(true);
    const twfe = referenceCase('placebo_reference.json', 'twfe_actual').expected as unknown as { coefficients: { treat_post: { estimate: number; se: number } }; vcov_type: string; df_t: number; nobs: number };
    const actual = twfe.coefficients.treat_post;
    expect([r.vcov_type, r.df_t, r.nobs]).toEqual([twfe.vcov_type, twfe.df_t, twfe.nobs]);
    expectClose(r.estimate, actual.estimate, 1e-10, 'actual estimate');
    expectClose(r.actual.se, actual.se, 1e-10, 'actual se');
    expect(r.seed).toBeNull();
    cases.forEach(({ id, e }, k) => {
      const d = r.draws[k];
      const want = e.coefficients.pseudo_treat_post;
      expectClose(d.estimate, want.estimate, 1e-10, `${id} estimate`);
      expectClose(d.se, want.se, 1e-10, `${id} se`);
      expectClose(d.t, want.t, 1e-10, `${id} t`);
      expectClose(d.p, want.p, 1e-8, `${id} p`);
      expect(d.n_treated_obs).toBe(e.n_pseudo_treat_post_obs);
      expect(d.n_overlap).toBe(e.n_pseudo_treated_that_are_ever_treated);
      expect(d.n_treated_units).toBe(e.pseudo_treated_countyreal.length);
      expect(r.cohort_sizes).toEqual(e.pseudo_cohort_sizes);
    });
    // The same draws with the listed first-treatment periods given explicitly.
    const given = runPlacebo(mp, spec({ pseudo_treated: cases.map((c) => ({ units: c.e.pseudo_treated_countyreal, first_treat: c.e.pseudo_first_treat })) }), silentContext);
    expect(given.draws.map((d) => d.estimate)).toEqual(r.draws.map((d) => d.estimate));
  });

  it("draw 1 of seed s is R's set.seed(s); sort(sample(unique(countyreal), 191))", async () => {
    const mp = await loadData('mpdta.csv');
    for (const { id, e } of placeboCases()) {
      const seed = Number(id.replace('placebo_seed', ''));
      const r = runPlacebo(mp, spec({ seed, draws: 100 }), silentContext);
      expectClose(r.draws[0].estimate, e.coefficients.pseudo_treat_post.estimate, 1e-10, `${id} estimate`);
      expectClose(r.draws[0].se, e.coefficients.pseudo_treat_post.se, 1e-10, `${id} se`);
      expect(r.seed).toBe(seed);
    }
  });
});

describe('placebo: draws', () => {
  it('in space: every draw equals a feols refit, same seed gives the same draws', async () => {
    const mp = await loadData('mpdta.csv');
    const r = runPlacebo(mp, spec({ draws: 100, seed: 99 }), silentContext);
    expect(r.method).toBe('fwl_two_way');
    expect(r.draws.length).toBe(100);
    expect(runPlacebo(mp, spec({ draws: 100, seed: 99 }), silentContext).draws).toEqual(r.draws);
    expect(runPlacebo(mp, spec({ draws: 100, seed: 98 }), silentContext).draws[0].estimate).not.toBe(r.draws[0].estimate);
    // Draws are estimated in batches; where a batch ends changes nothing.
    expect(runPlacebo(mp, spec({ draws: 300, seed: 99 }), silentContext).draws.slice(0, 130)).toEqual(runPlacebo(mp, spec({ draws: 130, seed: 99 }), silentContext).draws);
    // Draws 1 and 2, rebuilt from R's stream: units by sample() over unique() (data order),
    // real periods by id order. Rows in reverse order number the units unlike the fixed effect.
    const reversed: Frame = { nrow: mp.nrow, columns: mp.columns.map((c) => (c.type === 'number' ? { ...c, values: c.values.slice().reverse() } : { ...c, codes: c.codes.slice().reverse() })) };
    for (const [what, data, draws] of [['sorted', mp, r.draws], ['reversed', reversed, runPlacebo(reversed, spec({ draws: 100, seed: 99 }), silentContext).draws]] as const) {
      const county = [...new Set(column(data, 'countyreal'))];
      const g = column(data, 'first.treat');
      const real = [...new Map(Array.from(column(data, 'countyreal'), (c, i) => [c, g[i]] as [number, number]).filter(([, x]) => x > 0)).entries()].sort((a, b) => a[0] - b[0]);
      const stream = rStream(99);
      for (let k = 0; k < 2; k++) {
        const units = Array.from(sampleWithoutReplacement(stream, county.length, real.length), (j) => county[j]).sort((a, b) => a - b);
        const want = refit(data, new Map(units.map((u, q) => [u, real[q][1]])));
        expectClose(draws[k].estimate, want.estimate, 1e-10, `${what} draw ${k + 1}`);
        expectClose(draws[k].se, want.se, 1e-10, `${what} draw ${k + 1} se`);
      }
    }
    const ok = r.draws.filter((d) => d.estimate !== null);
    expect(r.n_extreme).toBe(ok.filter((d) => Math.abs(d.estimate as number) >= Math.abs(r.estimate)).length);
    expect(r.p_value_ri).toBe((r.n_extreme as number) / ok.length);
  });

  it('mixed: random units with random adoption periods after the first', async () => {
    const mp = await loadData('mpdta.csv');
    const r = runPlacebo(mp, spec({ kind: 'mixed', draws: 100, seed: 5 }), silentContext);
    const county = [...new Set(column(mp, 'countyreal'))];
    const stream = rStream(5);
    const units = Array.from(sampleWithoutReplacement(stream, county.length, 191), (j) => county[j]).sort((a, b) => a - b);
    const later = [2004, 2005, 2006, 2007];
    const periods = Array.from(sampleWithReplacement(stream, later.length, 191), (j) => later[j]);
    const want = refit(mp, new Map(units.map((u, q) => [u, periods[q]])));
    expectClose(r.draws[0].estimate, want.estimate, 1e-10, 'mixed draw 1');
    expect(r.draws.every((d) => d.n_treated_units === 191)).toBe(true);
    expect(new Set(r.draws.map((d) => d.n_treated_obs)).size).toBeGreaterThan(1);
  });

  it('draws by treated rows when the placebo units are not the unit fixed effect, and still equals refits', async () => {
    const mp = await loadData('mpdta.csv');
    const county = column(mp, 'countyreal');
    const year = column(mp, 'year');
    // Pseudo-treated "states" (groups of counties); the model keeps county and year effects.
    const data = withColumn(mp, numericColumn('state', Float64Array.from(county, (c) => c % 211)));
    const states = [...new Set(Array.from(county, (c) => c % 211))].sort((a, b) => a - b);
    const sets = [
      { units: [states[1], states[5], states[9], states[22]], first_treat: [2004, 2006, 2006, 2007] },
      { units: [states[0], states[13], states[30]], first_treat: [2005, 2005, 2007] },
    ];
    const r = runPlacebo(data, spec({ unit: 'state', pseudo_treated: sets }), silentContext);
    expect(r.method).toBe('fwl_two_way');
    sets.forEach((set, k) => {
      const first = new Map(set.units.map((u, q) => [u, set.first_treat[q]]));
      const pseudo = Float64Array.from(county, (c, i) => (first.has(c % 211) && year[i] >= (first.get(c % 211) as number) ? 1 : 0));
      const want = runFeols(withColumn(data, numericColumn('treat_post', pseudo)), { model: 'feols', data: 'x', ...BASE }).coefficients.treat_post;
      expectClose(r.draws[k].estimate, want.estimate, 1e-10, `state draw ${k + 1}`);
      expectClose(r.draws[k].se, want.se, 1e-10, `state draw ${k + 1} se`);
      expect(r.draws[k].n_treated_obs).toBe(pseudo.reduce((a, b) => a + b, 0));
    });
  });

  it('falls back to iteratively demeaned FWL (weights) and still equals refits', async () => {
    const mp = await loadData('mpdta.csv');
    const cases = placeboCases().slice(0, 2);
    const r = runPlacebo(mp, spec({ base: { ...BASE, weights: 'lpop' }, pseudo_treated: cases.map((c) => ({ units: c.e.pseudo_treated_countyreal, first_treat: c.e.pseudo_first_treat })) }), silentContext);
    expect(r.method).toBe('fwl_demean');
    cases.forEach(({ e }, k) => {
      const want = refit(mp, new Map(e.pseudo_treated_countyreal.map((u, q) => [u, e.pseudo_first_treat[q]])), BASE.formula, 'lpop');
      expectClose(r.draws[k].estimate, want.estimate, 1e-8, 'weighted draw');
      expectClose(r.draws[k].se, want.se, 1e-8, 'weighted draw se');
    });
  });

  it('in time: the policy moved k periods earlier on pre-policy observations', async () => {
    const mp = await loadData('mpdta.csv');
    const r = runPlacebo(mp, spec({ kind: 'in_time' }), silentContext);
    expect(r.draws.map((d) => d.shift)).toEqual([1, 2, 3]);
    expect(r.p_value_ri).toBeNull();
    expect(r.p_value_ri_reason).toMatch(/shifts/);
    expect(r.method).toBe('refit');
    // Shift 2 by hand: cohorts 2004, 2006, 2007 → 2003 (clamped at the first year), 2004, 2005;
    // treated counties before their adoption, never-treated ones before 2007.
    const g = column(mp, 'first.treat');
    const year = column(mp, 'year');
    const keep = Uint8Array.from(year, (y, i) => (y < (g[i] > 0 ? g[i] : 2007) ? 1 : 0));
    const moved: Record<number, number> = { 2004: 2003, 2006: 2004, 2007: 2005 };
    const pseudo = Float64Array.from(year, (y, i) => (g[i] > 0 && y >= moved[g[i]] ? 1 : 0));
    const want = runFeols(filterRows(withColumn(mp, numericColumn('treat_post', pseudo)), keep), { model: 'feols', data: 'x', ...BASE }).coefficients.treat_post;
    expectClose(r.draws[1].estimate, want.estimate, 1e-10, 'shift 2');
    expectClose(r.draws[1].se, want.se, 1e-10, 'shift 2 se');
    expect(userErrorCode(() => runPlacebo(mp, spec({ kind: 'in_time', shifts: [4] }), silentContext))).toBe('placebo.shift_too_large');
  });

  it('returns chart data: density, histogram and the p-value scatter', async () => {
    const mp = await loadData('mpdta.csv');
    const r = runPlacebo(mp, spec({ draws: 200, seed: 3, density_points: 256 }), silentContext);
    const { density, histogram, p_values } = r.charts;
    if (!density || !histogram) throw new Error('no chart data');
    expect(density.x.length).toBe(256);
    let area = 0;
    for (let k = 1; k < density.x.length; k++) area += ((density.y[k] + density.y[k - 1]) / 2) * (density.x[k] - density.x[k - 1]);
    expectClose(area, 1, 1e-3, 'density area');
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(histogram.counts.length).toBe(Math.ceil(Math.log2(200) + 1));
    expect(p_values.estimate.length).toBe(200);
    expect(p_values.p.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(r.charts.actual).toBe(r.estimate);
    expect(r.summary?.share_p_05).toBe(p_values.p.filter((p) => p < 0.05).length / 200);
  });

  it('reports progress and stops when cancelled', async () => {
    const mp = await loadData('mpdta.csv');
    const seen: number[] = [];
    runPlacebo(mp, spec({ draws: 100 }), { progress: (f) => seen.push(f), checkCancelled: () => undefined });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((f, k) => k === 0 || f >= seen[k - 1])).toBe(true);
    let calls = 0;
    const cancelling: RunContext = {
      progress: () => undefined,
      checkCancelled: () => {
        if (++calls > 20) throw new CancelledError();
      },
    };
    expect(() => runPlacebo(mp, spec({ draws: 1000 }), cancelling)).toThrow(CancelledError);
  });
});

describe('placebo: the demo panel', () => {
  it('centres the placebo distribution near zero while the true effect has an RI p-value below 0.05', () => {
    const demo = generateDemoPanel();
    const r = runPlacebo(
      demo,
      { model: 'placebo', data: 'demo', base: { formula: 'sgi ~ treat_post + lgdp_pc + internet | city_id + year', vcov: { cluster: ['city_id'] } }, treatment: 'treat_post', unit: 'city_id', time: 'year', draws: 200, seed: 2024 },
      silentContext,
    );
    const s = r.summary;
    if (!s || s.sd === null) throw new Error('no summary');
    expect(Math.abs(s.mean)).toBeLessThan(0.05 * TRUE_EFFECT);
    expect(Math.abs(s.mean)).toBeLessThan(4 * (s.sd / Math.sqrt(200)));
    expect(r.estimate).toBeGreaterThan(s.max);
    expect(r.p_value_ri).toBeLessThan(0.05);
  });
});

describe('placebo: bad input', () => {
  it('names the field', async () => {
    const mp = await loadData('mpdta.csv');
    expect(userErrorCode(() => runPlacebo(mp, spec({ treatment: 'lpop' }), silentContext))).toBe('placebo.treatment_not_in_formula');
    expect(userErrorCode(() => runPlacebo(mp, spec({ treatment: 'year', base: { ...BASE, formula: 'lemp ~ year | countyreal' } }), silentContext))).toBe('placebo.treatment_not_binary');
    expect(userErrorCode(() => runPlacebo(mp, spec({ base: { ...BASE, formula: 'lemp ~ treat_post + treat_post:lpop | countyreal + year' } }), silentContext))).toBe('placebo.treatment_interacted');
    expect(userErrorCode(() => runPlacebo(mp, spec({ pseudo_treated: [{ units: [8001, 1] }] }), silentContext))).toBe('placebo.unknown_units');
    expect(userErrorCode(() => runPlacebo(mp, spec({ pseudo_treated: [{ units: [8001] }] }), silentContext))).toBe('placebo.set_size');
    expect(userErrorCode(() => runPlacebo(mp, spec({ unit: 'nope' }), silentContext))).toBe('column_not_found');
    // Six counties, three treated: C(6, 3) = 20 distinct sets, fewer than 100 draws.
    const county = column(mp, 'countyreal');
    const g = column(mp, 'first.treat');
    const treatedIds = [...new Set(county.filter((_, i) => g[i] > 0))].slice(0, 3);
    const controlIds = [...new Set(county.filter((_, i) => g[i] === 0))].slice(0, 3);
    const six = new Set([...treatedIds, ...controlIds]);
    const small = filterRows(mp, Uint8Array.from(county, (c) => (six.has(c) ? 1 : 0)));
    expect(userErrorCode(() => runPlacebo(small, spec({ draws: 100 }), silentContext))).toBe('placebo.too_few_units');
    const none = withColumn(mp, numericColumn('treat_post', new Float64Array(mp.nrow)));
    expect(userErrorCode(() => runPlacebo(none, spec(), silentContext))).toBe('placebo.no_treated');
  });
});
