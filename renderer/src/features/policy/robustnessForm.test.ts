import { describe, expect, it } from 'vitest';
import { didSpec } from '../../../../shared/specs/did';
import { mpdtaTwfeSpec } from '../../testing/fixtures';
import { buildRobustnessSpec, initialRobustnessForm, robustnessFormFromSpec, type RobustnessFormState, type VariantKind, type VariantState } from './robustnessForm';

const base = { id: 'an-1', spec: didSpec.parse(mpdtaTwfeSpec) };
const columns = [
  { name: 'countyreal', type: 'number' as const },
  { name: 'year', type: 'number' as const },
  { name: 'region', type: 'string' as const },
];

function withVariants(variants: Partial<Record<VariantKind, Partial<VariantState>>>): RobustnessFormState {
  const form = initialRobustnessForm('an-1');
  for (const [k, v] of Object.entries(variants)) form.variants[k as VariantKind] = { ...form.variants[k as VariantKind], on: true, ...v };
  return form;
}

describe('robustness form', () => {
  it('sends the base with its saved id and each ticked variant, in the menu order', () => {
    const { spec, errors } = buildRobustnessSpec(
      withVariants({ unit_trends: {}, winsorize: { lower: '5', upper: '95', byTime: true }, drop_units: { list: '8001, 8019' }, drop_values: { column: 'region', list: 'east west' } }),
      base,
      columns,
    );
    expect(errors).toEqual({});
    expect(spec).toMatchObject({ model: 'did_robustness', data: 'mpdta', base_id: 'an-1', base: { outcome: 'lemp' } });
    expect(spec?.variants).toEqual([
      { kind: 'winsorize', lower: 5, upper: 95, by_time: true },
      { kind: 'drop_units', ids: [8001, 8019] },
      { kind: 'drop_values', column: 'region', values: ['east', 'west'] },
      { kind: 'unit_trends' },
    ]);
  });

  it('keeps a typed column label', () => {
    expect(buildRobustnessSpec(withVariants({ drop_times: { list: '2007', label: ' Without the crisis ' } }), base, columns).spec?.variants).toEqual([
      { kind: 'drop_times', times: [2007], label: 'Without the crisis' },
    ]);
  });

  it('needs a base, a ticked variant and each variant’s own choices', () => {
    expect(buildRobustnessSpec(withVariants({ unit_trends: {} }), null, columns).errors.base).toEqual({ key: 'did.errors.required' });
    expect(buildRobustnessSpec(initialRobustnessForm('an-1'), base, columns).errors.variants).toEqual({ key: 'policy.errors.chooseVariant' });
    expect(buildRobustnessSpec(withVariants({ group_time_fe: {} }), base, columns).errors['group_time_fe.column']).toEqual({ key: 'did.errors.required' });
    expect(buildRobustnessSpec(withVariants({ drop_units: { list: '' } }), base, columns).errors['drop_units.list']).toEqual({ key: 'policy.errors.chooseOne' });
    expect(buildRobustnessSpec(withVariants({ drop_units: { list: 'Beijing' } }), base, columns).errors['drop_units.list']).toEqual({ key: 'did.errors.idNotNumber', values: { id: 'Beijing' } });
    expect(buildRobustnessSpec(withVariants({ winsorize: { upper: '40' } }), base, columns).errors['winsorize.upper']).toEqual({ key: 'did.errors.min', values: { min: '50' } });
    expect(buildRobustnessSpec(withVariants({ alt_outcome: { column: 'lemp' } }), base, columns).errors['alt_outcome.column']).toEqual({ key: 'policy.errors.sameOutcome' });
  });

  it('reads back a spec it wrote', () => {
    const form = withVariants({ winsorize: { label: 'W' }, drop_times: { list: '2004 2005' }, concurrent_policies: { columns: ['lpop'] }, group_time_fe: { column: 'region' }, alt_outcome: { column: 'lpop' } });
    const spec = buildRobustnessSpec(form, base, columns).spec;
    expect(spec && robustnessFormFromSpec(spec)).toEqual(form);
  });
});
