import { describe, expect, it } from 'vitest';
import { robustnessRuns, runRobustness, variantSpec } from './robustness';
import { runDid } from './did';
import { didSpec, type DidSpecInput } from '../../../shared/specs/did';
import { robustnessResult, robustnessSpec, type RobustnessSpecInput } from '../../../shared/specs/robustness';
import { runFeols } from '../feols';
import { silentContext } from '../context';
import { numericColumn, withColumn } from '../frame';
import { expectClose } from '../../testing/fixtures';
import { generateDemoPanel } from '../../demo/generate';

const base: DidSpecInput = { model: 'did', data: 'demo', outcome: 'sgi', treatment: { kind: 'group', column: 'pilot', policy_time: 2014 }, unit: 'city_id', time: 'year', controls: ['lgdp_pc'] };

const spec: RobustnessSpecInput = {
  model: 'did_robustness',
  data: 'demo',
  base,
  base_id: 'analysis-7',
  variants: [
    { kind: 'winsorize', lower: 5, upper: 95, by_time: true },
    { kind: 'drop_units', ids: [1, 2, 3] },
    { kind: 'drop_values', column: 'province_en', values: ['Hebei'] },
    { kind: 'drop_times', times: [2020] },
    { kind: 'concurrent_policies', columns: ['internet'] },
    { kind: 'unit_trends' },
    { kind: 'group_time_fe', column: 'province_en', label: 'Province-year FE' },
    { kind: 'alt_outcome', outcome: 'fiscal_spending' },
    { kind: 'drop_values', column: 'province_en', values: ['Atlantis'] },
  ],
};

describe('did_robustness', () => {
  const demo = generateDemoPanel();

  it('turns each variant into a full did spec linked to its base', () => {
    const runs = robustnessRuns(robustnessSpec.parse(spec));
    expect(runs.map((r) => r.kind)).toEqual(['base', 'winsorize', 'drop_units', 'drop_values', 'drop_times', 'concurrent_policies', 'unit_trends', 'group_time_fe', 'alt_outcome', 'drop_values']);
    for (const r of runs) expect(didSpec.safeParse(r.spec).success).toBe(true);
    expect(runs.slice(1).every((r) => r.spec.base_id === 'analysis-7')).toBe(true);
    expect(runs[0].spec.base_id).toBeUndefined();
    expect(runs.map((r) => r.label)).toEqual(['Baseline', 'Winsorized 5/95 by period', 'Without 3 units', 'Without province_en = Hebei', 'Without year 2020', 'Controls for internet', 'Unit-specific trends', 'Province-year FE', 'Outcome: fiscal_spending', 'Without province_en = Atlantis']);
    expect(runs[7].spec.fixed_effects).toEqual(['city_id', 'year', 'province_en^year']);
    expect(runs[5].spec.controls).toEqual(['lgdp_pc', 'internet']);
    const twice = variantSpec(runs[2].spec, { kind: 'drop_units', ids: [4] });
    expect(twice.exclude?.units).toEqual([1, 2, 3, 4]);
  });

  it('runs the base and every variant, side by side; a failing variant keeps its column with the error', () => {
    const r = runRobustness(demo, spec, silentContext);
    expect(robustnessResult.safeParse(r).success).toBe(true);
    expect(r.term).toBe('treat_post');
    expect(r.columns.length).toBe(10);
    r.columns.slice(0, 9).forEach((c) => {
      const alone = runDid(demo, c.spec, silentContext);
      expect(c.error, c.label).toBeNull();
      expect(c.estimate, c.label).toEqual(alone.coefficients.treat_post);
      expect(c.nobs).toBe(alone.nobs);
    });
    const failed = r.columns[9];
    expect(failed.estimate).toBeNull();
    expect(failed.error).toMatch(/Atlantis/);
    expect(r.notes.length).toBe(1);
    expect(r.columns[2].excluded_obs).toBe(3 * 13);
    expect(r.columns[1].winsorized).toEqual(['sgi']);
    expect(r.columns[6].unit_trends).toBe(true);
    // Province × year FE by hand.
    const pilot = (demo.columns.find((c) => c.name === 'pilot') as { values: Float64Array }).values;
    const year = (demo.columns.find((c) => c.name === 'year') as { values: Float64Array }).values;
    const hand = withColumn(demo, numericColumn('tp', Float64Array.from(pilot, (p, i) => (p === 1 && year[i] >= 2014 ? 1 : 0))));
    const want = runFeols(hand, { model: 'feols', data: 'x', formula: 'sgi ~ tp + lgdp_pc | city_id + year + province_en^year', vcov: { cluster: ['city_id'] } });
    expectClose(r.columns[7].estimate?.estimate, want.coefficients.tp.estimate, 1e-10, 'province-year FE');
    expectClose(r.columns[7].estimate?.se, want.coefficients.tp.se, 1e-10, 'province-year FE se');
  });
});
