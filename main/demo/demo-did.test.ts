/**
 * The demo's promise: its DID recovers the true effect. TWFE of the outcome on the pilot
 * policy with the controls, city and year fixed effects, clustered by city (as fixest), run
 * through the same registry the app uses.
 */
import { describe, expect, it } from 'vitest';
import { silentContext } from '../engine/context';
import { runAnalysis } from '../engine/registry';
import { DEMO_DATASET_NAME, TRUE_EFFECT, generateDemoPanel } from './generate';

describe('demo DID', () => {
  it('has the true effect inside the 95% confidence interval of the TWFE estimate', async () => {
    const result = await runAnalysis(
      generateDemoPanel(),
      { model: 'feols', data: DEMO_DATASET_NAME, formula: 'sgi ~ treat_post + lgdp_pc + internet | city_id + year', vcov: { cluster: ['city_id'] } },
      silentContext,
    );
    const row = result.coefficients.treat_post;
    expect(result.nobs).toBe(3640);
    expect(row.conf_low).not.toBeNull();
    expect(row.conf_low as number).toBeLessThan(TRUE_EFFECT);
    expect(row.conf_high as number).toBeGreaterThan(TRUE_EFFECT);
    // A real effect, clearly different from zero.
    expect(row.p as number).toBeLessThan(0.001);
  });

  it('a naive comparison of pilots and others is biased, as the design intends', async () => {
    const result = await runAnalysis(generateDemoPanel(), { model: 'feols', data: DEMO_DATASET_NAME, formula: 'sgi ~ treat_post', vcov: 'hetero' }, silentContext);
    expect(result.coefficients.treat_post.estimate as number).toBeGreaterThan(TRUE_EFFECT + 2);
  });
});
