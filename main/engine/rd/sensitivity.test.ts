import { describe, expect, it } from 'vitest';
import { loadData } from '../../testing/fixtures';
import { silentContext } from '../context';
import { filterRows } from '../frame';
import { rdrobustSpec } from '../../../shared/specs/rdrobust';
import { rdsensitivityResult, rdsensitivitySpec } from '../../../shared/specs/rdsensitivity';
import { runRdrobust } from './rdrobust';
import { runRdsensitivity } from './sensitivity';

describe('RD sensitivity checks', () => {
  it('runs every check; each row is the rdrobust fit it describes', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = runRdsensitivity(
      frame,
      rdsensitivitySpec.parse({
        model: 'rdsensitivity',
        data: 'senate',
        y: 'vote',
        x: 'margin',
        h_grid: [10, 20],
        placebo_cutoffs: [-10, 10, 0],
        donut_radii: [1],
        balance_covs: ['termshouse', 'population'],
      }),
      silentContext,
    );
    const direct = runRdrobust(frame, rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', y: 'vote', x: 'margin', h: 10 }), silentContext);
    expect(rdsensitivityResult.safeParse(r).success).toBe(true);
    expect(r.bandwidth).toHaveLength(2);
    expect(r.bandwidth[0].estimate).toBe(direct.coefficients.Robust.estimate);
    expect(r.bandwidth[0].ci_lower).toBe(direct.coefficients.Robust.ci_lower);
    expect(r.main.estimate).toBe(runRdrobust(frame, rdrobustSpec.parse({ model: 'rdrobust', data: 's', y: 'vote', x: 'margin' }), silentContext).coefficients.Robust.estimate);

    // Placebos use one side only: at -10 only the 595 observations left of 0 remain.
    const [left, right, trueCut] = r.placebo;
    expect(left.label).toBe('left');
    expect(right.label).toBe('right');
    expect(trueCut.error).toMatch(/true cutoff/);
    const margin = frame.columns.find((c) => c.name === 'margin');
    if (margin?.type !== 'number') throw new Error('margin');
    const leftOnly = runRdrobust(
      filterRows(frame, Array.from(margin.values, (v) => v < 0)),
      rdrobustSpec.parse({ model: 'rdrobust', data: 's', y: 'vote', x: 'margin', c: -10 }),
      silentContext,
    );
    expect(left.estimate).toBe(leftOnly.coefficients.Robust.estimate);
    expect(left.N_h_right).toBe(leftOnly.N_h.right);

    expect(r.donut[0].n_excluded).toBeGreaterThan(0);
    expect(r.balance.map((b) => b.label)).toEqual(['termshouse', 'population']);
    expect(r.balance.every((b) => b.estimate !== null)).toBe(true);
  });

  it('the default grid spans 0.5 to 2 times the selected bandwidth and marks it', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = runRdsensitivity(frame, rdsensitivitySpec.parse({ model: 'rdsensitivity', data: 's', y: 'vote', x: 'margin', checks: ['bandwidth'] }), silentContext);
    const h = r.main.h_left as number;
    expect(r.bandwidth.map((b) => b.value)).toEqual([0.5, 0.75, 1, 1.25, 1.5, 1.75, 2].map((k) => k * h));
    expect(r.bandwidth.filter((b) => b.label === 'selected h')).toHaveLength(1);
    expect(r.placebo).toEqual([]);
  });

  it('a check that cannot be estimated reports why instead of failing the analysis', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = runRdsensitivity(
      frame,
      rdsensitivitySpec.parse({ model: 'rdsensitivity', data: 's', y: 'vote', x: 'margin', checks: ['placebo'], placebo_cutoffs: [-99.9] }),
      silentContext,
    );
    expect(r.placebo[0].estimate).toBeNull();
    expect(r.placebo[0].error).toBeTruthy();
    expect(r.notes.some((n) => n.includes('could not be estimated'))).toBe(true);
  });
});
