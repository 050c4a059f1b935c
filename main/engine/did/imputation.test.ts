import { describe, expect, it } from 'vitest';
import { didImputationResult, type DidImputationSpec } from '../../../shared/specs/did-imputation';
import { silentContext } from '../context';
import { numericColumn, stringColumn, type Frame } from '../frame';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { runDidImputation } from './imputation';
import { panelNoise, userErrorCode as code } from './testing';

interface Expected {
  terms: { term: string; estimate: number; se: number; conf_low: number; conf_high: number }[];
  n_obs: number;
  n_treated_obs: number;
  n_untreated_obs: number;
  n_units: number;
  n_clusters: number;
}
const base = { model: 'did_imputation', data: 'mpdta.csv', yname: 'lemp', gname: 'first.treat', tname: 'year', idname: 'countyreal' } as const;

describe('did_imputation against didimputation 0.5.0 (mpdta_extra.json, *_tight)', () => {
  const cases: [string, Partial<DidImputationSpec>][] = [
    ['didimp_static_tight', {}],
    ['didimp_horizon_tight', { horizon: true }],
    ['didimp_horizon_pretrends_tight', { horizon: true, pretrends: [-3, -1] }],
  ];
  for (const [id, extra] of cases)
    it(id, async () => {
      const frame = await loadData('mpdta.csv');
      const e = referenceCase('mpdta_extra.json', id).expected as unknown as Expected;
      const r = runDidImputation(frame, { ...base, ...extra }, silentContext);
      expect(didImputationResult.safeParse(r).success).toBe(true);
      expect(r.terms.map((x) => x.term)).toEqual(e.terms.map((x) => x.term));
      e.terms.forEach((x, i) => {
        expectClose(r.terms[i].estimate, x.estimate, 1e-9, `estimate ${x.term}`);
        expectClose(r.terms[i].se, x.se, 1e-9, `se ${x.term}`);
        expectClose(r.terms[i].conf_low, x.conf_low, 1e-9, `conf_low ${x.term}`);
        expectClose(r.terms[i].conf_high, x.conf_high, 1e-9, `conf_high ${x.term}`);
      });
      expect([r.n_obs, r.n_treated_obs, r.n_untreated_obs, r.n_units, r.n_clusters]).toEqual([e.n_obs, e.n_treated_obs, e.n_untreated_obs, e.n_units, e.n_clusters]);
    });

  it('agrees with the default-tolerance cases to their stated ~1e-7', async () => {
    const frame = await loadData('mpdta.csv');
    const e = referenceCase('mpdta_extra.json', 'didimp_horizon_pretrends').expected as unknown as Expected;
    const r = runDidImputation(frame, { ...base, horizon: true, pretrends: [-3, -1] }, silentContext);
    e.terms.forEach((x, i) => expectClose(r.terms[i].estimate, x.estimate, 1e-6, `estimate ${x.term}`));
  });
});

function panel(cohortOf: (u: number) => number, units = 12, periods = 5): Frame {
  const id: string[] = [];
  const t: number[] = [];
  const g: number[] = [];
  const y: number[] = [];
  for (let u = 0; u < units; u++)
    for (let p = 1; p <= periods; p++) {
      const gu = cohortOf(u);
      id.push(`unit${u}`);
      t.push(p);
      g.push(gu);
      y.push(u * 0.2 + p * 0.7 + (gu > 0 && p >= gu ? 2 + p - gu : 0) + panelNoise(u, p, 0.1));
    }
  return { nrow: id.length, columns: [stringColumn('id', id), numericColumn('t', t), numericColumn('g', g), numericColumn('y', y)] };
}
const toy = { model: 'did_imputation', data: 'x', yname: 'y', gname: 'g', tname: 't', idname: 'id' } as const;

describe('did_imputation edge cases', () => {
  it('recovers the effects and drops treated observations that cannot be imputed', () => {
    // Unit 0 is treated in every period: no untreated observation to fit its effect.
    const r = runDidImputation(panel((u) => (u === 0 ? 1 : [0, 3, 4][u % 3])), { ...toy, horizon: true }, silentContext);
    expect(r.notes.some((s) => s.includes('could not be imputed'))).toBe(true);
    // Cohort 3: 4 units × 3 periods, cohort 4: 4 units × 2 periods; unit 0 (5 rows) is dropped.
    expect(r.n_treated_obs).toBe(20);
    expect(r.n_obs).toBe(60 - 5);
    for (const x of r.terms) expect(Math.abs((x.estimate ?? 0) - (2 + Number(x.term)))).toBeLessThan(0.1);
  });

  it('a list of horizons, pretrends = true, and clear errors', () => {
    const f = panel((u) => [0, 3, 4][u % 3]);
    const r = runDidImputation(f, { ...toy, horizon: [1], pretrends: true }, silentContext);
    expect(r.terms.map((x) => x.term)).toEqual(['-2', '-1', '1']);
    expect(r.pretrend_test?.df1).toBe(2);
    expect(code(() => runDidImputation(f, { ...toy, horizon: [7] }, silentContext))).toBe('didimp_no_horizon');
    expect(code(() => runDidImputation(f, { ...toy, pretrends: [-9, -1] }, silentContext))).toBe('didimp_pretrend_not_found');
    expect(code(() => runDidImputation(f, { ...toy, pretrends: [-1, 0] }, silentContext))).toBe('didimp_bad_pretrends');
    expect(code(() => runDidImputation(f, { ...toy, yname: 'nope' }, silentContext))).toBe('column_not_found');
    // Everyone treated from period 1: nothing untreated.
    expect(code(() => runDidImputation(panel(() => 1), toy, silentContext))).toBe('didimp_no_untreated');
  });
});
