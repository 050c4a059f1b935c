import { describe, expect, it } from 'vitest';
import { didSpec } from '../../../../shared/specs/did';
import { mpdtaTwfeSpec } from '../../testing/fixtures';
import { buildVariantSpec, carriedFields, initialExtras, variantSeed } from './didVariants';

const did = didSpec.parse(mpdtaTwfeSpec);

describe('DID builder variants', () => {
  it('passes the DID through unchanged', () => {
    expect(buildVariantSpec('did', did, initialExtras()).spec).toBe(did);
  });

  it('builds a DDD from the DID choices, without the event study', () => {
    const { spec, errors } = buildVariantSpec('ddd', did, { ...initialExtras(), group: 'treat', design: 'twfe' });
    expect(errors).toEqual({});
    expect(spec).toMatchObject({ model: 'ddd', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, group: 'treat', design: 'twfe', cluster: ['countyreal'] });
    expect(spec && 'event_study' in spec).toBe(false);
  });

  it('needs a subgroup that plays no other role', () => {
    expect(buildVariantSpec('ddd', did, initialExtras()).errors.group).toEqual({ key: 'did.errors.required' });
    expect(buildVariantSpec('ddd', did, { ...initialExtras(), group: 'year' }).errors.group).toEqual({ key: 'policy.errors.groupInModel' });
  });

  it('builds lag effects 0 … k one period apart by default, and checks the range', () => {
    expect(buildVariantSpec('did_lags', did, initialExtras()).spec).toMatchObject({ model: 'did_lags', max_lag: 3, include_current: true, time_step: 1 });
    expect(buildVariantSpec('did_lags', did, { ...initialExtras(), maxLag: '11' }).errors.maxLag).toEqual({ key: 'did.errors.max', values: { max: '10' } });
    expect(buildVariantSpec('did_lags', did, { ...initialExtras(), timeStep: '0' }).errors.timeStep).toEqual({ key: 'policy.errors.above', values: { min: '0' } });
  });

  it('has no spec while the DID part is invalid', () => {
    expect(buildVariantSpec('did_lags', null, initialExtras()).spec).toBeNull();
  });

  it('reads a saved DDD back into its DID part and its own choices', () => {
    const ddd = buildVariantSpec('ddd', did, { ...initialExtras(), group: 'treat' }).spec;
    if (!ddd || ddd.model !== 'ddd') throw new Error('no ddd spec');
    const seed = variantSeed(ddd);
    expect(seed.extras).toMatchObject({ group: 'treat', design: 'group_time' });
    expect(seed.did).toMatchObject({ model: 'did', outcome: 'lemp', event_study: null });
  });

  it('keeps a robustness variant’s settings the form does not show', () => {
    const variant = didSpec.parse({ ...mpdtaTwfeSpec, winsorize: { lower: 1, upper: 99 }, exclude: { times: [2007] }, base_id: 'an-1', label: 'Without 2007' });
    expect(carriedFields(variant)).toEqual({ winsorize: { lower: 1, upper: 99, by_time: false }, exclude: { times: [2007] }, base_id: 'an-1', label: 'Without 2007' });
    expect(carriedFields(did)).toEqual({});
    expect(carriedFields(null)).toEqual({});
  });
});
