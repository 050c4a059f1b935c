import { describe, expect, it } from 'vitest';
import { runFeols } from './feols';
import { feolsResult, feolsSpec, type FeolsResult } from '../../shared/specs/feols';
import { expectClose, loadData, loadReference } from '../testing/fixtures';
import { expectFixestFit } from './feols.expect';
import { numericColumn, withColumn } from './frame';

// iv_card.json tolerance_hint: ~1e-9 for coefficients and SEs, ~1e-8 for the fitstat tests.
const TOL = { estimate: 1e-9, se: 1e-9, stat: 1e-9 };
const FORMULA = 'lwage ~ exper + expersq + black + south + smsa | 0 | educ ~ nearc4';

async function fit(vcov: 'iid' | 'hetero'): Promise<FeolsResult> {
  const card = await loadData('card.csv');
  const r = runFeols(card, feolsSpec.parse({ model: 'feols', data: 'card.csv', formula: FORMULA, vcov }));
  expect(feolsResult.safeParse(r).success).toBe(true);
  return r;
}

describe('iv_card.json', () => {
  const cases = loadReference('iv_card.json').cases;

  it('covers every case', () => {
    expect(cases.map((c) => c.id).every((id) => /^iv_nearc4_(iid|hetero)(_first_stage|_ivf|_ivwald|_fitstat_extra)?$/.test(id))).toBe(true);
  });

  for (const c of cases) {
    it(c.id, async () => {
      const vcov = c.id.includes('_hetero') ? 'hetero' : 'iid';
      const r = await fit(vcov);
      const e = c.expected as Record<string, unknown>;
      if (c.id.endsWith('_first_stage')) {
        expectFixestFit(r.iv!.first_stage.educ, e, TOL, c.id);
      } else if ('coefficients' in e) {
        expectFixestFit(r, e, TOL, c.id, ['iv_endogenous', 'iv_instruments', 'second_stage_regressor_names']);
        expect(r.iv_endogenous).toEqual(e.iv_endogenous);
        expect(r.iv_instruments).toEqual(e.iv_instruments);
        expect(Object.keys(r.coefficients)).toContain('fit_educ');
      } else {
        for (const [key, want] of Object.entries(e as Record<string, { stat: number; p: number; df1: number; df2: number; vcov?: string }>)) {
          const got = r.iv!.stats[key];
          expectClose(got.stat, want.stat, 1e-8, `${c.id} ${key} stat`);
          expectClose(got.p, want.p, 1e-8, `${c.id} ${key} p`);
          expect([got.df1, got.df2]).toEqual([want.df1, want.df2]);
          if (want.vcov) expect(got.vcov).toBe(want.vcov);
        }
      }
    });
  }
});

describe('IV details', () => {
  it('gives ivwald2 = t² of the instrumented coefficient', async () => {
    const r = await fit('hetero');
    expect(r.iv!.stats.ivwald2.stat).toBeCloseTo(r.coefficients.fit_educ.t! ** 2, 9);
  });

  it('runs 2SLS with fixed effects and an over-identified Sargan test', async () => {
    const card = await loadData('card.csv');
    const r = runFeols(card, feolsSpec.parse({ model: 'feols', data: 'card.csv', formula: 'lwage ~ exper + expersq | smsa66 + south66 | educ ~ nearc4 + nearc2', vcov: 'iid' }));
    expect(Object.keys(r.coefficients)).toEqual(['fit_educ', 'exper', 'expersq']);
    expect(Object.keys(r.iv!.first_stage.educ.coefficients)).toEqual(['nearc4', 'nearc2', 'exper', 'expersq']);
    expect(r.iv!.stats.sargan.df1).toBe(1);
    expect(r.iv!.stats['ivf1::educ'].df1).toBe(2);
    expect(r.fixef_sizes).toEqual({ smsa66: 2, south66: 2 });
    // FWL: the same 2SLS with the fixed effects as dummies gives the same coefficient.
    const dummies = runFeols(card, feolsSpec.parse({ model: 'feols', data: 'card.csv', formula: 'lwage ~ exper + expersq + factor(smsa66) + factor(south66) | educ ~ nearc4 + nearc2', vcov: 'iid' }));
    expect(r.coefficients.fit_educ.estimate).toBeCloseTo(dummies.coefficients.fit_educ.estimate!, 10);
    expect(r.coefficients.fit_educ.se).toBeCloseTo(dummies.coefficients.fit_educ.se!, 10);
  });

  it('handles several endogenous regressors', async () => {
    const card = await loadData('card.csv');
    const data = withColumn(card, numericColumn('educ2', (card.columns.find((c) => c.name === 'educ') as { values: Float64Array }).values.map((v) => v * v)));
    const r = runFeols(data, feolsSpec.parse({ model: 'feols', data: 'card.csv', formula: 'lwage ~ exper | educ + educ2 ~ nearc4 + nearc2 + black', vcov: 'hetero' }));
    expect(Object.keys(r.coefficients)).toEqual(['(Intercept)', 'fit_educ', 'fit_educ2', 'exper']);
    expect(Object.keys(r.iv!.first_stage)).toEqual(['educ', 'educ2']);
    expect(r.iv!.stats.ivf2.df1).toBe(2);
    expect(r.iv!.stats.wh.df1).toBe(2);
  });

  it('weights like replicated rows', async () => {
    const card = await loadData('card.csv');
    const pick = (nm: string) => (card.columns.find((c) => c.name === nm) as { values: Float64Array }).values;
    const names = ['lwage', 'educ', 'nearc4', 'exper', 'black'];
    const wts = Float64Array.from({ length: card.nrow }, (_, i) => 1 + (i % 3));
    const weighted = runFeols(withColumn(card, numericColumn('w', wts)), feolsSpec.parse({ model: 'feols', data: 'card.csv', formula: 'lwage ~ exper + black | educ ~ nearc4', vcov: 'iid', weights: 'w' }));
    const rep: Record<string, number[]> = Object.fromEntries(names.map((nm) => [nm, []]));
    for (let i = 0; i < card.nrow; i++) for (let k = 0; k < wts[i]; k++) for (const nm of names) rep[nm].push(pick(nm)[i]);
    const frame = { nrow: rep.lwage.length, columns: names.map((nm) => numericColumn(nm, rep[nm])) };
    const replicated = runFeols(frame, feolsSpec.parse({ model: 'feols', data: 'card.csv', formula: 'lwage ~ exper + black | educ ~ nearc4', vcov: 'iid' }));
    for (const nm of ['(Intercept)', 'fit_educ', 'exper', 'black']) expect(weighted.coefficients[nm].estimate).toBeCloseTo(replicated.coefficients[nm].estimate!, 10);
    expect(weighted.ssr).toBeCloseTo(replicated.ssr, 6);
  });
});
