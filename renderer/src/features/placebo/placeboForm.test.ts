import { describe, expect, it } from 'vitest';
import { mpdtaTwfeSpec } from '../../testing/fixtures';
import { didSpec } from '../../../../shared/specs/did';
import { buildPlaceboSpec, initialPlaceboForm, placeboFormFromDid, placeboFormFromSpec, type PlaceboFormState } from './placeboForm';

function mpdtaForm(patch: Partial<PlaceboFormState> = {}): PlaceboFormState {
  return { ...initialPlaceboForm('mpdta'), outcome: 'lemp', treatment: 'treat_post', unit: 'countyreal', time: 'year', cluster: 'countyreal', ...patch };
}

describe('buildPlaceboSpec', () => {
  it('writes the base TWFE model and the draws of an in-space placebo (R defaults: 500 draws, seed 1)', () => {
    const { spec, errors } = buildPlaceboSpec(mpdtaForm());
    expect(errors).toEqual({});
    expect(spec).toMatchObject({
      model: 'placebo',
      data: 'mpdta',
      base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } },
      treatment: 'treat_post',
      unit: 'countyreal',
      time: 'year',
      kind: 'in_space',
      draws: 500,
      seed: 1,
    });
    expect(spec?.shifts).toBeUndefined();
  });

  it('quotes odd column names, adds controls and more fixed effects, and drops clustering to robust SEs', () => {
    const { spec } = buildPlaceboSpec(mpdtaForm({ outcome: 'log wage', controls: ['lpop', '人口'], extraFe: 'province^year', cluster: '' }));
    expect(spec?.base).toEqual({ formula: '`log wage` ~ treat_post + lpop + 人口 | countyreal + year + province^year', vcov: 'hetero' });
  });

  it('checks the draws range and whole numbers beside their fields', () => {
    expect(buildPlaceboSpec(mpdtaForm({ draws: '50' })).errors.draws).toEqual({ key: 'did.errors.min', values: { min: '100' } });
    expect(buildPlaceboSpec(mpdtaForm({ draws: '20000' })).errors.draws).toEqual({ key: 'did.errors.max', values: { max: '10000' } });
    expect(buildPlaceboSpec(mpdtaForm({ draws: '2.5' })).errors.draws).toEqual({ key: 'did.errors.integer' });
    expect(buildPlaceboSpec(mpdtaForm({ seed: 'abc' })).errors.seed).toEqual({ key: 'did.errors.number' });
    expect(buildPlaceboSpec(mpdtaForm({ draws: '50' })).spec).toBeNull();
  });

  it('sends the typed shifts of an in-time placebo, and refuses non-integers', () => {
    expect(buildPlaceboSpec(mpdtaForm({ kind: 'in_time', shifts: '1, 2 3' })).spec?.shifts).toEqual([1, 2, 3]);
    expect(buildPlaceboSpec(mpdtaForm({ kind: 'in_time', shifts: '' })).spec?.shifts).toBeUndefined();
    expect(buildPlaceboSpec(mpdtaForm({ kind: 'in_time', shifts: '1 x' })).errors.shifts).toEqual({ key: 'did.errors.integer' });
    // Shifts belong to in-time placebos only.
    expect(buildPlaceboSpec(mpdtaForm({ kind: 'in_space', shifts: '1 x' })).spec?.shifts).toBeUndefined();
  });

  it('names every missing role and a column in two roles', () => {
    const { errors } = buildPlaceboSpec(initialPlaceboForm('mpdta'));
    expect(Object.keys(errors).sort()).toEqual(['outcome', 'time', 'treatment', 'unit']);
    expect(buildPlaceboSpec(mpdtaForm({ treatment: 'lemp' })).errors.treatment).toEqual({ key: 'did.errors.sameAsOutcome' });
    expect(buildPlaceboSpec(mpdtaForm({ time: 'countyreal' })).errors.time).toEqual({ key: 'did.errors.unitIsTime' });
    expect(buildPlaceboSpec(mpdtaForm({ controls: ['treat_post'] })).errors.controls).toEqual({ key: 'did.errors.duplicateControl' });
  });
});

describe('placebo forms from saved specs', () => {
  it('reads back a spec it wrote', () => {
    const form = mpdtaForm({ controls: ['lpop'], extraFe: 'province^year', kind: 'mixed', draws: '1000', seed: '42' });
    const spec = buildPlaceboSpec(form).spec;
    expect(spec).not.toBeNull();
    if (spec) expect(placeboFormFromSpec(spec)).toEqual(form);
  });

  it('starts a placebo test of a saved DID whose treatment is a 0/1 column', () => {
    const did = didSpec.parse(mpdtaTwfeSpec);
    expect(placeboFormFromDid(did)).toEqual(mpdtaForm());
    expect(placeboFormFromDid({ ...did, treatment: { kind: 'first_treat', column: 'first.treat' } })).toBeNull();
  });
});
