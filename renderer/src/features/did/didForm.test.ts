import { describe, expect, it } from 'vitest';
import {
  buildDidSpec,
  didFormFromSpec,
  fixedEffectList,
  initialDidForm,
  parseIdList,
  updateDidForm,
  type ColumnInfo,
  type DidFormState,
} from './didForm';
import { mpdtaTwfeSpec } from '../../testing/fixtures';

const columns: ColumnInfo[] = [
  { name: 'year', type: 'number' },
  { name: 'countyreal', type: 'number' },
  { name: 'lpop', type: 'number' },
  { name: 'lemp', type: 'number' },
  { name: 'first.treat', type: 'number' },
  { name: 'treat', type: 'number' },
  { name: 'treat_post', type: 'number' },
  { name: 'city', type: 'string' },
];

function mpdtaForm(patch: Partial<DidFormState> = {}): DidFormState {
  let s = initialDidForm('mpdta');
  s = updateDidForm(s, { outcome: 'lemp', treatmentColumn: 'treat_post', unit: 'countyreal', time: 'year' });
  return updateDidForm(s, patch);
}

describe('buildDidSpec', () => {
  it('builds the TWFE spec of the first-time user path (county + year FE, clustered by county)', () => {
    const { spec, errors } = buildDidSpec(mpdtaForm({ eventStudy: false }), columns);
    expect(errors).toEqual({});
    expect(spec).toMatchObject({ ...mpdtaTwfeSpec, event_study: null });
  });

  it('includes the event-study window with the schema defaults filled in', () => {
    const { spec } = buildDidSpec(mpdtaForm({ leads: '3', lags: '2', ref: '-1', endpoints: 'trim' }), columns);
    expect(spec?.event_study).toMatchObject({ leads: 3, lags: 2, ref: -1, endpoints: 'trim' });
  });

  it('reports every missing column next to its own field', () => {
    const { spec, errors } = buildDidSpec(initialDidForm('mpdta'), columns);
    expect(spec).toBeNull();
    expect(errors.outcome).toEqual({ key: 'required' });
    expect(errors.treatmentColumn).toEqual({ key: 'required' });
    expect(errors.unit).toEqual({ key: 'required' });
    expect(errors.time).toEqual({ key: 'required' });
  });

  it('builds a treated group from a 0/1 column and a policy year', () => {
    const { spec, errors } = buildDidSpec(
      mpdtaForm({ treatmentMode: 'group', groupSource: 'column', groupColumn: 'treat', policyTime: '2006' }),
      columns,
    );
    expect(errors).toEqual({});
    expect(spec?.treatment).toEqual({ kind: 'group', column: 'treat', policy_time: 2006 });
  });

  it('builds a treated group from pasted numeric IDs of a numeric unit column', () => {
    const { spec } = buildDidSpec(
      mpdtaForm({ treatmentMode: 'group', groupSource: 'ids', groupIds: '8001, 8019\n13001；13005', policyTime: '2004' }),
      columns,
    );
    expect(spec?.treatment).toEqual({ kind: 'ids', ids: [8001, 8019, 13001, 13005], policy_time: 2004 });
  });

  it('keeps IDs as text when the unit column is text', () => {
    const { spec } = buildDidSpec(
      mpdtaForm({ unit: 'city', treatmentMode: 'group', groupSource: 'ids', groupIds: '杭州 宁波', policyTime: '2014' }),
      columns,
    );
    expect(spec?.treatment).toEqual({ kind: 'ids', ids: ['杭州', '宁波'], policy_time: 2014 });
  });

  it('names the pasted ID that is not a number for a numeric unit column', () => {
    const { errors } = buildDidSpec(
      mpdtaForm({ treatmentMode: 'group', groupSource: 'ids', groupIds: '8001 abc', policyTime: '2004' }),
      columns,
    );
    expect(errors.groupIds).toEqual({ key: 'idNotNumber', values: { id: 'abc' } });
  });

  it('asks for IDs and a policy year when they are missing', () => {
    const { errors } = buildDidSpec(
      mpdtaForm({ treatmentMode: 'group', groupSource: 'ids', groupIds: ' , ', policyTime: 'next year' }),
      columns,
    );
    expect(errors.groupIds).toEqual({ key: 'ids' });
    expect(errors.policyTime).toEqual({ key: 'number' });
  });

  it('uses a first-treatment column for staggered adoption', () => {
    const { spec } = buildDidSpec(mpdtaForm({ treatmentMode: 'staggered', firstTreatColumn: 'first.treat' }), columns);
    expect(spec?.treatment).toEqual({ kind: 'first_treat', column: 'first.treat' });
  });

  it('asks for the first-treatment column in staggered mode', () => {
    const { errors } = buildDidSpec(mpdtaForm({ treatmentMode: 'staggered' }), columns);
    expect(errors.firstTreatColumn).toEqual({ key: 'required' });
    expect(errors.treatmentColumn).toBeUndefined();
  });

  it('switches to heteroskedasticity-robust SEs when clustering is turned off', () => {
    const { spec } = buildDidSpec(mpdtaForm({ cluster: '' }), columns);
    expect(spec?.cluster).toEqual([]);
    expect(spec?.vcov).toBe('hetero');
  });

  it('rejects an event-study window outside the schema range, on the field', () => {
    const { errors } = buildDidSpec(mpdtaForm({ leads: '0', lags: '2.5', ref: 'x' }), columns);
    expect(errors.leads).toEqual({ key: 'min', values: { min: '1' } });
    expect(buildDidSpec(mpdtaForm({ lags: '51' }), columns).errors.lags).toEqual({ key: 'max', values: { max: '50' } });
    expect(errors.lags).toEqual({ key: 'integer' });
    expect(errors.ref).toEqual({ key: 'integer' });
  });

  it('ignores the window fields when the event study is off', () => {
    const { errors } = buildDidSpec(mpdtaForm({ eventStudy: false, leads: 'x' }), columns);
    expect(errors).toEqual({});
  });

  it('rejects a column used in two roles', () => {
    expect(buildDidSpec(mpdtaForm({ treatmentColumn: 'lemp' }), columns).errors.treatmentColumn).toEqual({
      key: 'sameAsOutcome',
    });
    expect(buildDidSpec(mpdtaForm({ time: 'countyreal' }), columns).errors.time).toEqual({ key: 'unitIsTime' });
    expect(buildDidSpec(mpdtaForm({ controls: ['lpop', 'treat_post'] }), columns).errors.controls).toEqual({
      key: 'duplicateControl',
    });
  });
});

describe('updateDidForm', () => {
  it('lets clustering follow the unit until the user chooses another cluster', () => {
    let s = updateDidForm(initialDidForm('d'), { unit: 'countyreal' });
    expect(s.cluster).toBe('countyreal');
    s = updateDidForm(s, { unit: 'city' });
    expect(s.cluster).toBe('city');
    s = updateDidForm(s, { cluster: 'year' });
    s = updateDidForm(s, { unit: 'countyreal' });
    expect(s.cluster).toBe('year');
  });
});

describe('fixedEffectList', () => {
  it('puts unit and time first and adds typed terms once', () => {
    const s = mpdtaForm({ extraFixedEffects: 'state^year, year  city' });
    expect(fixedEffectList(s)).toEqual(['countyreal', 'year', 'state^year', 'city']);
    expect(fixedEffectList(mpdtaForm({ feUnit: false }))).toEqual(['year']);
  });
});

describe('parseIdList', () => {
  it('splits on ASCII and full-width separators', () => {
    expect(parseIdList('a,b；c、d\te\n f')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(parseIdList('   ')).toEqual([]);
  });
});

describe('didFormFromSpec', () => {
  it('gives back the form that builds the same spec, for every treatment kind', () => {
    const forms: Partial<DidFormState>[] = [
      { eventStudy: false },
      { treatmentMode: 'group', groupSource: 'column', groupColumn: 'treat', policyTime: '2006', cluster: '' },
      { treatmentMode: 'group', groupSource: 'ids', groupIds: '8001\n8019', policyTime: '2004', controls: ['lpop'] },
      { treatmentMode: 'staggered', firstTreatColumn: 'first.treat', extraFixedEffects: 'city', leads: '2', endpoints: 'trim' },
    ];
    for (const patch of forms) {
      const spec = buildDidSpec(mpdtaForm(patch), columns).spec;
      if (!spec) throw new Error(`no spec for ${JSON.stringify(patch)}`);
      expect(buildDidSpec(didFormFromSpec(spec), columns).spec).toEqual(spec);
    }
  });

  it('reads the schema defaults: unit and time FE and clustering by the unit when absent', () => {
    const { fixed_effects: _fe, cluster: _cluster, event_study: _es, ...bare } = mpdtaTwfeSpec;
    const form = didFormFromSpec(bare);
    expect(form).toMatchObject({ feUnit: true, feTime: true, extraFixedEffects: '', cluster: 'countyreal', eventStudy: false });
  });
});
