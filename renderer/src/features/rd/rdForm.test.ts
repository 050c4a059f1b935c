import { describe, expect, it } from 'vitest';
import { rdrobustSpec } from '../../../../shared/specs/rdrobust';
import { column } from '../../testing/fixtures';
import { buildRdSpec, companionSpec, initialRdForm, rdFieldOf, rdFormFromSpec, rdRunName, updateRdForm, type RdFormState } from './rdForm';

const columns = [column('vote'), column('margin'), column('state'), column('class'), { ...column('date'), format: 'date' as const }, column('year')];

function form(patch: Partial<RdFormState> = {}): RdFormState {
  return { ...initialRdForm('senate'), y: 'vote', x: 'margin', ...patch };
}

describe('buildRdSpec', () => {
  it('leaves rdrobust’s defaults to the schema: sharp, p = 1, triangular, mserd, nn', () => {
    const { spec, errors } = buildRdSpec(form(), columns);
    expect(errors).toEqual({});
    expect(spec).toMatchObject({ model: 'rdrobust', data: 'senate', y: 'vote', x: 'margin', c: 0, p: 1, kernel: 'triangular', bwselect: 'mserd', vce: 'nn', masspoints: 'adjust', level: 95, covs: [] });
    expect(spec && 'h' in spec ? spec.h : undefined).toBeUndefined();
  });

  it('names every missing choice beside its field', () => {
    const { spec, errors } = buildRdSpec(form({ y: '', x: '' }), columns);
    expect(spec).toBeNull();
    expect(errors.y?.key).toBe('required');
    expect(errors.x?.key).toBe('required');
  });

  it('says q must exceed p in the form’s words, and checks numbers typed as text', () => {
    expect(buildRdSpec(form({ p: '2', q: '2' }), columns).errors.q?.key).toBe('qAboveP');
    expect(buildRdSpec(form({ p: '1.5' }), columns).errors.p?.key).toBe('integer');
    expect(buildRdSpec(form({ c: 'abc' }), columns).errors.c?.key).toBe('number');
    expect(buildRdSpec(form({ p: '9' }), columns).errors.p).toMatchObject({ key: 'max', values: { max: 4 } });
    expect(buildRdSpec(form({ level: '100' }), columns).errors.level).toMatchObject({ key: 'less', values: { max: 100 } });
  });

  it('takes a fixed bandwidth as one number or a left, right pair', () => {
    expect(buildRdSpec(form({ bwMode: 'fixed', h: '10' }), columns).spec).toMatchObject({ h: 10 });
    expect(buildRdSpec(form({ bwMode: 'fixed', h: '8, 12', b: '20；25' }), columns).spec).toMatchObject({ h: [8, 12], b: [20, 25] });
    expect(buildRdSpec(form({ bwMode: 'fixed', h: '' }), columns).errors.h?.key).toBe('required');
    expect(buildRdSpec(form({ bwMode: 'fixed', h: '1, 2, 3' }), columns).errors.h?.key).toBe('pair');
    expect(buildRdSpec(form({ bwMode: 'fixed', h: '-1' }), columns).errors.h?.key).toBe('greater');
  });

  it('uses the cluster-robust CR1 variance whenever a cluster is chosen (rdrobust 4)', () => {
    expect(buildRdSpec(form({ cluster: 'state', vce: 'hc3' }), columns).spec).toMatchObject({ cluster: 'state', vce: 'cr1' });
  });

  it('does not accept the running variable as the outcome or the fuzzy treatment', () => {
    expect(buildRdSpec(form({ x: 'vote' }), columns).errors.x?.key).toBe('runningIsOutcome');
    expect(buildRdSpec(form({ fuzzy: 'vote' }), columns).errors.fuzzy?.key).toBe('fuzzyIsOutcome');
  });

  it('builds RD in time from a date column and a policy date, or a numeric period', () => {
    const dated = buildRdSpec(form({ runMode: 'time', x: '', timeColumn: 'date', timeUnit: 'month', policy: '2015-07-01' }), columns);
    expect(dated.spec).toMatchObject({ time: { column: 'date', policy: '2015-07-01', unit: 'month' } });
    expect(dated.spec && 'x' in dated.spec ? dated.spec.x : undefined).toBeUndefined();
    expect(buildRdSpec(form({ runMode: 'time', timeColumn: 'date', policy: '1.7.2015' }), columns).errors.policy?.key).toBe('date');
    const period = buildRdSpec(form({ runMode: 'time', timeColumn: 'year', timeUnit: 'period', policy: '2014' }), columns);
    expect(period.spec).toMatchObject({ time: { column: 'year', policy: 2014, unit: 'period' } });
    expect(buildRdSpec(form({ runMode: 'time', timeColumn: 'year', policyMode: 'column' }), columns).errors.policyColumn?.key).toBe('required');
  });

  it('switches a numeric time column to periods and a date column back to days', () => {
    const numeric = updateRdForm(form({ timeUnit: 'month' }), { timeColumn: 'year' }, columns);
    expect(numeric.timeUnit).toBe('period');
    expect(updateRdForm(numeric, { timeColumn: 'date' }, columns).timeUnit).toBe('day');
  });

  it('builds the other RD analyses from the same design with their own defaults', () => {
    expect(buildRdSpec(form({ model: 'rdplot', nbins: '20, 30' }), columns).spec).toMatchObject({ model: 'rdplot', p: 4, kernel: 'uniform', binselect: 'esmv', nbins: [20, 30], ci: 95 });
    expect(buildRdSpec(form({ model: 'rddensity', y: '' }), columns).spec).toMatchObject({ model: 'rddensity', x: 'margin', p: 2, bwselect: 'comb', vce: 'jackknife', massPoints: true });
    expect(buildRdSpec(form({ model: 'rdbwselect' }), columns).spec).toMatchObject({ model: 'rdbwselect', all: true });
    const sens = buildRdSpec(form({ model: 'rdsensitivity', checks: ['placebo', 'donut'], placeboCutoffs: '-10, 10', donutRadii: '0.5', balanceCovs: ['class'] }), columns);
    expect(sens.spec).toMatchObject({ model: 'rdsensitivity', checks: ['placebo', 'donut'], placebo_cutoffs: [-10, 10], donut_radii: [0.5], balance_covs: ['class'] });
    expect(buildRdSpec(form({ model: 'rdsensitivity', hGrid: '5, x' }), columns).errors.hGrid?.key).toBe('numberList');
  });
});

describe('companionSpec', () => {
  const estimate = rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', subset: 'year > 1950', y: 'vote', x: 'margin', c: 1, p: 2, covs: ['class'], cluster: 'state', h: 10, masspoints: 'off' });

  it('draws the RD plot and tests the density on the same sample, running variable and cutoff', () => {
    expect(companionSpec(estimate, 'rdplot')).toMatchObject({ model: 'rdplot', data: 'senate', subset: 'year > 1950', y: 'vote', x: 'margin', c: 1, p: 4, masspoints: 'off' });
    expect(companionSpec(estimate, 'rddensity')).toMatchObject({ model: 'rddensity', x: 'margin', c: 1, p: 2, massPoints: false });
  });

  it('runs the sensitivity checks on the whole design but with their own bandwidth grid', () => {
    const sens = companionSpec(estimate, 'rdsensitivity');
    expect(sens).toMatchObject({ model: 'rdsensitivity', p: 2, covs: ['class'], cluster: 'state', level: 95 });
    expect('h' in sens && sens.h).toBeFalsy();
  });
});

describe('rdFormFromSpec', () => {
  it('gives back a form that builds the same spec', () => {
    const specs = [
      rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', y: 'vote', x: 'margin', h: [8, 12], kernel: 'epanechnikov', covs: ['class'] }),
      rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', y: 'vote', time: { column: 'date', policy: '2015-07-01', unit: 'week' } }),
    ];
    for (const spec of specs) expect(buildRdSpec(rdFormFromSpec(spec), columns).spec).toEqual(spec);
    // rdrobust's short kernel names open as the full ones.
    expect(rdFormFromSpec(rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', y: 'vote', x: 'margin', kernel: 'epa' })).kernel).toBe('epanechnikov');
    for (const model of ['rdplot', 'rddensity', 'rdsensitivity'] as const) {
      const spec = companionSpec(specs[0], model);
      expect(buildRdSpec(rdFormFromSpec(spec), columns).spec).toEqual(spec);
    }
  });
});

describe('rdFieldOf and rdRunName', () => {
  it('maps spec paths to fields', () => {
    expect(rdFieldOf(['time', 'policy'])).toBe('policy');
    expect(rdFieldOf(['covs', 2])).toBe('covs');
    expect(rdFieldOf(['ci'])).toBe('level');
    expect(rdFieldOf(['model'])).toBeNull();
  });

  it('names an analysis by its outcome and running variable', () => {
    expect(rdRunName(rdrobustSpec.parse({ model: 'rdrobust', data: 'd', y: 'vote', x: 'margin' }), 'RD estimate')).toBe('vote ~ margin · RD estimate');
  });
});
