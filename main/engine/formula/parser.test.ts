import { describe, expect, it } from 'vitest';
import { deparse, parseFormula } from './parser';
import { expandTerms } from './terms';
import { compareStrings, formatRNumber } from './rformat';
import { userErrorOf } from '../feols.expect';

function labels(f: string): { terms: string[]; intercept: boolean } {
  const p = parseFormula(f);
  const t = expandTerms(p.rhs, p.text, p.lhs);
  return { terms: t.terms.map((x) => x.label), intercept: t.intercept };
}


describe('parseFormula', () => {
  it('splits the fixest parts', () => {
    const p = parseFormula('y ~ x1 + x2 | fe1 + fe1^fe2 | educ ~ nearc4');
    expect(deparse(p.lhs!)).toBe('y');
    expect(deparse(p.rhs)).toBe('x1 + x2');
    expect(deparse(p.fixef!)).toBe('fe1 + fe1^fe2');
    expect(deparse(p.iv!.endo)).toBe('educ');
    expect(deparse(p.iv!.inst)).toBe('nearc4');
  });

  it('reads 0 in the fixed-effects slot as "no fixed effects"', () => {
    const p = parseFormula('lwage ~ exper | 0 | educ ~ nearc4');
    expect(p.fixef).toBeNull();
    expect(p.iv).not.toBeNull();
  });

  it('accepts an IV part right after the linear part', () => {
    const p = parseFormula('y ~ x | d ~ z1 + z2');
    expect(p.fixef).toBeNull();
    expect(deparse(p.iv!.inst)).toBe('z1 + z2');
  });

  it('deparses like R: spaces around + * ==, none around ^ : /', () => {
    const p = parseFormula('y ~ I(x^2) + I(a*b) + log(x+1) + I(a/b) + I(x==2) + `odd name` + first.treat');
    expect(deparse(p.rhs)).toBe('I(x^2) + I(a * b) + log(x + 1) + I(a/b) + I(x == 2) + `odd name` + first.treat');
  });

  it('follows R precedence: unary minus binds tighter than ":" and looser than "^"', () => {
    const p = parseFormula('y ~ I(-x^2) + I(-1:3)');
    const rhs = p.rhs as Extract<typeof p.rhs, { kind: 'binary' }>;
    const left = rhs.left as Extract<typeof p.rhs, { kind: 'call' }>;
    expect(left.args[0].value.kind).toBe('unary');
    const right = rhs.right as Extract<typeof p.rhs, { kind: 'call' }>;
    expect(right.args[0].value.kind).toBe('binary');
  });

  it('reports syntax errors with the position', () => {
    const e = userErrorOf(() => parseFormula('y ~ x1 + + '));
    expect(e.code).toBe('formula.syntax');
    expect(e.details.position).toBe(11);
    expect(e.message).toContain('^');
    const e2 = userErrorOf(() => parseFormula('y ~ log(x'));
    expect(e2.message).toContain('to close log(');
    const e3 = userErrorOf(() => parseFormula('y x'));
    expect(e3.details.position).toBe(2);
    expect(userErrorOf(() => parseFormula('y ~ x | a | b | c')).message).toContain('Too many');
    expect(userErrorOf(() => parseFormula('')).code).toBe('formula.syntax');
    expect(userErrorOf(() => parseFormula('y ~ x | id[t]')).code).toBe('formula.unsupported');
  });
});

describe('expandTerms (R terms.formula)', () => {
  it('expands * and orders terms by degree', () => {
    expect(labels('y ~ x1 + treat * post').terms).toEqual(['x1', 'treat', 'post', 'treat:post']);
    expect(labels('y ~ a:b + c').terms).toEqual(['c', 'a:b']);
  });

  it('names interactions in order of first appearance of the variables', () => {
    expect(labels('y ~ b:a + a').terms).toEqual(['a', 'b:a']);
    expect(labels('y ~ a + b:a').terms).toEqual(['a', 'a:b']);
  });

  it('handles powers, nesting and deletion', () => {
    expect(labels('y ~ (a + b + c)^2').terms).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c']);
    expect(labels('y ~ a/b').terms).toEqual(['a', 'a:b']);
    expect(labels('y ~ a*b - a').terms).toEqual(['b', 'a:b']);
    expect(labels('y ~ a + a + a:a').terms).toEqual(['a']);
  });

  it('tracks the intercept', () => {
    expect(labels('y ~ x').intercept).toBe(true);
    expect(labels('y ~ x - 1').intercept).toBe(false);
    expect(labels('y ~ 0 + x').intercept).toBe(false);
    expect(labels('y ~ -1 + x').intercept).toBe(false);
    expect(labels('y ~ 0 + x + 1').intercept).toBe(true);
  });

  it('rejects the response on the right and numbers other than 0/1', () => {
    expect(userErrorOf(() => labels('y ~ x + y')).code).toBe('formula.response_on_rhs');
    expect(userErrorOf(() => labels('y ~ x + 2')).code).toBe('formula.bad_term');
    expect(userErrorOf(() => labels('y ~ x^2')).message).toContain('I(x^2)');
  });
});

describe('formatRNumber (as.character)', () => {
  it('chooses fixed or scientific notation like R', () => {
    expect(formatRNumber(100000, false)).toBe('1e+05');
    expect(formatRNumber(100000, true)).toBe('100000');
    expect(formatRNumber(123456, false)).toBe('123456');
    expect(formatRNumber(0.0001, false)).toBe('1e-04');
    expect(formatRNumber(0.001, false)).toBe('0.001');
    expect(formatRNumber(-4, true)).toBe('-4');
    expect(formatRNumber(0.1 + 0.2, false)).toBe('0.3');
    expect(formatRNumber(1 / 3, false)).toBe('0.333333333333333');
    expect(formatRNumber(1e-300, false)).toBe('1e-300');
  });

  it('sorts text like an English locale', () => {
    expect(['b', 'B', 'a', 'A', '10', '9'].sort(compareStrings)).toEqual(['10', '9', 'a', 'A', 'b', 'B']);
  });
});
