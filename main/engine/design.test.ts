import { describe, expect, it } from 'vitest';
import { buildDesign } from './design';
import { numericColumn, setLevelOrder, stringColumn, type Frame } from './frame';
import { userErrorOf } from './feols.expect';
import { loadData } from '../testing/fixtures';

function frame(cols: Record<string, (number | null)[] | (string | null)[]>): Frame {
  const columns = Object.entries(cols).map(([name, v]) =>
    typeof v.find((x) => x !== null) === 'string' ? stringColumn(name, v as (string | null)[]) : numericColumn(name, (v as (number | null)[]).map((x) => (x === null ? NaN : x))),
  );
  return { nrow: columns[0].type === 'number' ? columns[0].values.length : columns[0].codes.length, columns };
}


const small = frame({
  y: [1, 2, 3, 4, 5, 6, 7, 8],
  x: [0.5, 1.5, 2, 3, null, 4, 5, 7],
  g: ['b', 'a', 'c', 'a', 'b', 'c', 'a', 'b'],
  t: [1, 2, 1, 2, 1, 2, 1, 2],
  w: [1, 2, 1, 0, 1, 1, 2, 1],
});

describe('buildDesign', () => {
  it('codes a text column with treatment contrasts and R names', () => {
    const d = buildDesign(small, 'y ~ x + g');
    expect(d.names).toEqual(['(Intercept)', 'x', 'gb', 'gc']);
    expect(d.rows.length).toBe(7);
    expect(d.removedMissing).toBe(1);
    expect(d.missingBy).toEqual({ x: 1 });
    expect(Array.from(d.columns[2])).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(d.response!.values)).toEqual([1, 2, 3, 4, 6, 7, 8]);
  });

  it('uses the explicit level order of a column', () => {
    const g = setLevelOrder(small.columns[2] as ReturnType<typeof stringColumn>, ['c', 'b', 'a']).column;
    const f: Frame = { nrow: small.nrow, columns: small.columns.map((c) => (c.name === 'g' ? g : c)) };
    expect(buildDesign(f, 'y ~ g').names).toEqual(['(Intercept)', 'gb', 'ga']);
  });

  it('gives full dummies to the first factor without an intercept, and interacts like model.matrix', () => {
    expect(buildDesign(small, 'y ~ 0 + g + factor(t)').names).toEqual(['ga', 'gb', 'gc', 'factor(t)2']);
    expect(buildDesign(small, 'y ~ g:x').names).toEqual(['(Intercept)', 'ga:x', 'gb:x', 'gc:x']);
    expect(buildDesign(small, 'y ~ g * factor(t)').names).toEqual(['(Intercept)', 'gb', 'gc', 'factor(t)2', 'gb:factor(t)2', 'gc:factor(t)2']);
  });

  it('codes factors as with an intercept when fixed effects absorb it (fixest)', () => {
    const d = buildDesign(small, 'y ~ x + g | t');
    expect(d.hasIntercept).toBe(false);
    expect(d.names).toEqual(['x', 'gb', 'gc']);
    expect(d.fixedEffects[0]).toMatchObject({ name: 't', nlevels: 2, levels: ['1', '2'] });
  });

  it('builds interacted fixed effects', () => {
    const d = buildDesign(small, 'y ~ x | g^t');
    expect(d.fixedEffects[0].name).toBe('g^t');
    expect(d.fixedEffects[0].levels).toEqual(['a_1', 'a_2', 'b_1', 'b_2', 'c_1', 'c_2']);
    expect(Array.from(d.fixedEffects[0].codes)).toEqual([2, 1, 4, 1, 5, 0, 3]);
  });

  it('drops zero weights and refuses negative ones', () => {
    const d = buildDesign(small, 'y ~ x', { weights: 'w' });
    expect(d.rows.length).toBe(6);
    expect(d.removedZeroWeight).toBe(1);
    expect(Array.from(d.weights!)).toEqual([1, 2, 1, 1, 2, 1]);
    const neg = frame({ y: [1, 2, 3], x: [1, 2, 4], w: [1, -1, 1] });
    expect(userErrorOf(() => buildDesign(neg, 'y ~ x', { weights: 'w' })).code).toBe('design.negative_weight');
  });

  it('removes rows missing in alsoRequire columns and non-finite transforms', () => {
    const f = frame({ y: [1, 2, 3, 4], x: [1, 0, 2, 3], c: [1, 1, null, 2] });
    const d = buildDesign(f, 'y ~ log(x)', { alsoRequire: ['c'] });
    expect(Array.from(d.rows)).toEqual([0, 3]);
    expect(d.missingBy).toEqual({ 'log(x)': 1, c: 1 });
  });

  it('evaluates I(), logical terms and arithmetic', () => {
    const d = buildDesign(small, 'y ~ I(x^2) + I(t == 2) + I(x * t)');
    expect(d.names).toEqual(['(Intercept)', 'I(x^2)', 'I(t == 2)TRUE', 'I(x * t)']);
    expect(d.columns[1][0]).toBe(0.25);
    expect(d.columns[3][1]).toBe(3);
  });

  it('builds the IV part', () => {
    const f = frame({ y: [1, 2, 3, 4, 5], x: [1, 3, 2, 5, 4], d: [2, 1, 4, 3, 6], z: [0, 1, 0, 1, 1] });
    const d = buildDesign(f, 'y ~ x | d ~ z');
    expect(d.names).toEqual(['(Intercept)', 'x']);
    expect(d.iv!.endogenous.names).toEqual(['d']);
    expect(d.iv!.instruments.names).toEqual(['z']);
    expect(userErrorOf(() => buildDesign(f, 'y ~ x + d | d ~ z')).code).toBe('formula.endogenous_exogenous');
    expect(userErrorOf(() => buildDesign(f, 'y ~ x | d + x2 ~ z')).code).toBe('formula.unknown_column');
  });

  it('points at unknown columns and text where numbers are needed', () => {
    const e = userErrorOf(() => buildDesign(small, 'y ~ x + xx'));
    expect(e.code).toBe('formula.unknown_column');
    expect(e.details.position).toBe(8);
    const e2 = userErrorOf(() => buildDesign(small, 'y ~ log(g)'));
    expect(e2.code).toBe('formula.not_numeric');
    expect(e2.message).toContain('g is a text');
    const e3 = userErrorOf(() => buildDesign(small, 'y ~ x | g + nope'));
    expect(e3.code).toBe('formula.unknown_column');
  });

  it('refuses a mostly numeric column that holds text', () => {
    const f = frame({ y: [1, 2, 3, 4, 5], x: ['1.5', '2', 'n/a', '4', '3'] });
    const e = userErrorOf(() => buildDesign(f, 'y ~ x'));
    expect(e.code).toBe('design.text_in_numeric_column');
    expect(e.details).toMatchObject({ column: 'x', row: 3, value: 'n/a' });
    expect(buildDesign(f, 'y ~ factor(x)').names).toContain('factor(x)n/a');
  });

  it('reports an all-missing column as the reason for an empty sample', () => {
    const f = frame({ y: [1, 2, 3], x: [1, 2, 3], z: [null, null, null] });
    const e = userErrorOf(() => buildDesign(f, 'y ~ x + z'));
    expect(e.code).toBe('design.no_observations');
    expect(e.message).toContain('z (3 of 3 rows)');
  });

  it('keeps a factor level absent from the sample as a column unless asked to drop it', () => {
    const f = frame({ y: [1, 2, 3, null], g: ['a', 'b', 'a', 'c'] });
    expect(buildDesign(f, 'y ~ g').names).toEqual(['(Intercept)', 'gb', 'gc']);
    expect(buildDesign(f, 'y ~ g', { dropUnusedLevels: true }).names).toEqual(['(Intercept)', 'gb']);
  });

  it('returns a factor response for ordinal models', () => {
    const f = frame({ y: ['low', 'high', 'low', 'mid'], x: [1, 2, 3, 4] });
    const d = buildDesign(f, 'y ~ x');
    expect(d.response).toBeNull();
    expect(d.responseColumn).toMatchObject({ type: 'string', levels: ['high', 'low', 'mid'] });
  });
});

describe('i() terms', () => {
  it('names fixest event-study dummies and drops the reference', async () => {
    const bd = await loadData('base_did.csv');
    const d = buildDesign(bd, 'y ~ x1 + i(period, treat, 5) | id + period');
    expect(d.names).toEqual(['x1', ...[1, 2, 3, 4, 6, 7, 8, 9, 10].map((p) => `period::${p}:treat`)]);
    expect(d.specials[0].meta).toMatchObject({ kind: 'i', factorName: 'period', varName: 'treat', references: ['5'] });
  });

  it('supports ref = c(...), keep and the automatic first-level reference', async () => {
    const mp = await loadData('mpdta.csv');
    expect(buildDesign(mp, 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year').names).toEqual(['rel_time::-4', 'rel_time::-3', 'rel_time::-2', 'rel_time::0', 'rel_time::1', 'rel_time::2', 'rel_time::3']);
    expect(buildDesign(mp, 'lemp ~ i(rel_time, keep = c(-3, -2, 0))').names).toEqual(['(Intercept)', 'rel_time::-3', 'rel_time::-2', 'rel_time::0']);
    expect(buildDesign(mp, 'lemp ~ i(year)').names).toEqual(['(Intercept)', 'year::2004', 'year::2005', 'year::2006', 'year::2007']);
    expect(buildDesign(mp, 'lemp ~ 0 + i(year)').names).toEqual(['year::2003', 'year::2004', 'year::2005', 'year::2006', 'year::2007']);
  });

  it('crosses two factors with the i. prefix', () => {
    const d = buildDesign(small, 'y ~ i(t, i.g, ref = 1)');
    expect(d.names).toEqual(['(Intercept)', 't::2:g::a', 't::2:g::b', 't::2:g::c']);
  });

  it('errors when no reference value exists and notes partial misses', async () => {
    const mp = await loadData('mpdta.csv');
    expect(userErrorOf(() => buildDesign(mp, 'lemp ~ i(year, ref = 1999)')).code).toBe('formula.bad_reference');
    const d = buildDesign(mp, 'lemp ~ i(year, ref = c(2003, 1999))');
    expect(d.notes.join(' ')).toContain('1999');
  });
});
