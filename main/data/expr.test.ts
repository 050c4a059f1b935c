import { describe, expect, it } from 'vitest';
import { userErrorOf } from './testing';
import type { Frame, NumericColumn, StringColumn } from '../engine/frame';
import { numericColumn, stringColumn } from '../engine/frame';
import { evaluate, evaluateDetailed, filterMask, parseExpression, referencedColumns, roundR } from './expr';

const NA = Number.NaN;

function frame(): Frame {
  return {
    nrow: 5,
    columns: [
      numericColumn('x', [1, 2, NA, 4, 5]),
      numericColumn('year', [2003, 2004, 2005, 2006, 2007]),
      numericColumn('first.treat', [0, 2004, 2006, 0, 2007]),
      stringColumn('city', ['Beijing', 'Shanghai', null, 'Beijing', 'Wuhan']),
      numericColumn('hukou', [1, 2, 1, NA, 2], { valueLabels: { '1': '城镇', '2': '农村' } }),
      numericColumn('收入', [10, 20, 30, 40, 50]),
      numericColumn('d', [18262, 18263, 18264, 18265, 18266], { format: 'date' }),
    ],
  };
}

function nums(src: string, f = frame()): number[] {
  const c = evaluate(f, src);
  if (c.type !== 'number') throw new Error('expected numeric');
  return Array.from(c.values);
}

function strs(src: string, f = frame()): (string | null)[] {
  const c = evaluate(f, src) as StringColumn;
  expect(c.type).toBe('string');
  return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]));
}


describe('parseExpression', () => {
  it('follows R precedence: unary minus below ^, ! below comparison, & above |', () => {
    const f = frame();
    expect(nums('-2^2', f)[0]).toBe(-4);
    expect(nums('2^-1', f)[0]).toBe(0.5);
    expect(nums('2^3^2', f)[0]).toBe(512);
    expect(nums('1 + 2 * 3 - 4 / 2', f)[0]).toBe(5);
    expect(nums('!x == 1', f)).toEqual([0, 1, NA, 1, 1]);
    expect(nums('1 | 0 & 0', f)[0]).toBe(1);
    expect(nums('(1 | 0) & 0', f)[0]).toBe(0);
  });

  it('reports the position of syntax errors', () => {
    expect(userErrorOf(() => parseExpression('ky == 1 & year +')).message).toBe("position 17: expected a value after '+'");
    expect(userErrorOf(() => parseExpression('a + * b')).message).toMatch(/^position 5: expected a value/);
    expect(userErrorOf(() => parseExpression('(a + b')).message).toMatch(/^position 7: expected '\)' to close the '\(' opened at position 1/);
    expect(userErrorOf(() => parseExpression('a = 1')).message).toMatch(/^position 3: use '=='/);
    expect(userErrorOf(() => parseExpression('"abc')).message).toMatch(/^position 1: the string starting here is never closed/);
    expect(userErrorOf(() => parseExpression('foo(1)')).message).toMatch(/^position 1: unknown function 'foo'/);
    expect(userErrorOf(() => parseExpression('log(1, 2, 3)')).message).toMatch(/log\(\) takes 1 or 2 arguments but got 3/);
    expect(userErrorOf(() => parseExpression('1 < x < 3')).message).toMatch(/^position 7: comparisons cannot be chained/);
    expect(userErrorOf(() => parseExpression('')).message).toMatch(/empty/);
    expect(userErrorOf(() => parseExpression('x $ 1')).message).toBe("position 3: unexpected character '$'");
    expect(userErrorOf(() => parseExpression('x )')).message).toBe("position 3: unmatched ')'");
    expect(userErrorOf(() => parseExpression('2x')).message).toMatch(/^position 2:/);
  });

  it('counts positions in characters, not UTF-16 units or bytes', () => {
    expect(userErrorOf(() => parseExpression('收入 > ')).message).toBe("position 6: expected a value after '>'");
  });

  it('lists referenced columns, including backticked and dotted names', () => {
    expect(referencedColumns('`first.treat` > 0 & first.treat < year | is.na(`a b`)').sort()).toEqual(['a b', 'first.treat', 'year']);
  });
});

describe('evaluate', () => {
  it('propagates missing through arithmetic and comparisons', () => {
    expect(nums('x * 2 + 1')).toEqual([3, 5, NA, 9, 11]);
    expect(nums('x >= 2')).toEqual([0, 1, NA, 1, 1]);
  });

  it('uses three-valued logic for & and |', () => {
    expect(nums('x > 10 & x > 0')).toEqual([0, 0, NA, 0, 0]);
    expect(nums('x > 10 & year > 0')).toEqual([0, 0, NA, 0, 0]);
    expect(nums('x > 10 & year < 0')).toEqual([0, 0, 0, 0, 0]);
    expect(nums('x > 0 | year > 0')).toEqual([1, 1, 1, 1, 1]);
    expect(nums('x > 0 & year > 0')).toEqual([1, 1, NA, 1, 1]);
    expect(nums('x > 10 or year > 2006')).toEqual([0, 0, NA, 0, 1]);
    expect(nums('not (x > 1) and TRUE')).toEqual([1, 0, NA, 0, 0]);
  });

  it('reads dotted, backticked and Chinese column names', () => {
    expect(nums('first.treat > 0')).toEqual([0, 1, 1, 0, 1]);
    expect(nums('`first.treat` == year')).toEqual([0, 1, 0, 0, 1]);
    expect(nums('收入 / 10')).toEqual([1, 2, 3, 4, 5]);
  });

  it('names an unknown column and suggests a close one', () => {
    const e = userErrorOf(() => evaluate(frame(), 'year > 1 & yeer < 3'));
    expect(e.code).toBe('unknown_column');
    expect(e.message).toMatch(/^position 12: unknown column 'yeer'\. Did you mean 'year'\?/);
    expect(e.details.column).toBe('yeer');
  });

  it('compares strings with strings and rejects text arithmetic', () => {
    expect(nums('city == "Beijing"')).toEqual([1, 0, NA, 1, 0]);
    expect(nums("city != 'Beijing'")).toEqual([0, 1, NA, 0, 1]);
    expect(nums('city < "C"')).toEqual([1, 0, NA, 1, 0]);
    expect(userErrorOf(() => evaluate(frame(), 'city + 1')).message).toMatch(/^position 1: '\+' needs numbers.*string column/);
    expect(userErrorOf(() => evaluate(frame(), 'x == "a"')).message).toMatch(/no value labels/);
  });

  it('compares a labelled numeric column with its value labels', () => {
    expect(nums('hukou == "农村"')).toEqual([0, 1, 0, NA, 1]);
    expect(nums('hukou in ("城镇")')).toEqual([1, 0, 1, NA, 0]);
    const e = userErrorOf(() => evaluate(frame(), 'hukou == "city"'));
    expect(e.message).toMatch(/none of the value labels of 'hukou' is "city" \(labels: "城镇", "农村"\)/);
  });

  it('compares a date column with an ISO date string', () => {
    expect(nums('d >= "2020-01-03"')).toEqual([0, 0, 1, 1, 1]);
    expect(userErrorOf(() => evaluate(frame(), 'd >= "2020-02-30"')).message).toMatch(/is not a date/);
  });

  it('supports %in% and in with numbers and strings', () => {
    expect(nums('year %in% c(2004, 2006)')).toEqual([0, 1, 0, 1, 0]);
    expect(nums('year in (2004, 2006)')).toEqual([0, 1, 0, 1, 0]);
    expect(nums('x in c(1, -4, 5)')).toEqual([1, 0, NA, 0, 1]);
    expect(nums('city %in% c("Wuhan", "Shanghai")')).toEqual([0, 1, NA, 0, 1]);
    expect(userErrorOf(() => evaluate(frame(), 'x in (year)')).message).toMatch(/must hold constants/);
  });

  it('implements the functions', () => {
    expect(nums('log(exp(x))').map((v) => (Number.isNaN(v) ? v : roundR(v, 12)))).toEqual([1, 2, NA, 4, 5]);
    expect(nums('sqrt(x^2) + abs(-x)')).toEqual([2, 4, NA, 8, 10]);
    expect(nums('floor(x / 2) + ceil(x / 2) * 10 + ceiling(0.1)')).toEqual([11, 12, NA, 23, 33]);
    expect(nums('log(8, 2)')[0]).toBeCloseTo(3, 14);
    expect(nums('log10(1000)')[0]).toBeCloseTo(3, 14);
    expect(nums('inrange(x, 2, 4)')).toEqual([0, 1, NA, 1, 0]);
    expect(nums('min(x, 3) + max(x, 3, 4)')).toEqual([5, 6, NA, 7, 8]);
    expect(nums('is.na(x) + missing(city) * 10')).toEqual([0, 0, 11, 0, 0]);
    expect(nums('ifelse(x > 2, 1, 0)')).toEqual([0, 0, NA, 1, 1]);
    expect(strs('ifelse(x > 2, "big", city)')).toEqual(['Beijing', 'Shanghai', null, 'big', 'big']);
    expect(userErrorOf(() => evaluate(frame(), 'ifelse(x > 2, "big", 0)')).message).toMatch(/same kind/);
  });

  it('rounds like R (half to even on exact ties)', () => {
    expect(roundR(0.5)).toBe(0);
    expect(roundR(1.5)).toBe(2);
    expect(roundR(2.5)).toBe(2);
    expect(roundR(-2.5)).toBe(-2);
    expect(roundR(0.125, 2)).toBe(0.12);
    expect(roundR(0.15, 1)).toBe(0.1);
    expect(roundR(2.675, 2)).toBe(2.67);
    expect(roundR(1234.5678, -2)).toBe(1200);
    expect(nums('round(x / 3, 2)')).toEqual([0.33, 0.67, NA, 1.33, 1.67]);
  });

  it('turns undefined arithmetic into missing and counts it', () => {
    const f: Frame = { nrow: 4, columns: [numericColumn('v', [1, 0, -1, NA]), numericColumn('w', [0, 1, 2, 3])] };
    const r = evaluateDetailed(f, 'log(v) + 1 / w');
    expect(Array.from((r.column as NumericColumn).values)).toEqual([NA, NA, NA, NA]);
    expect(r.undefinedCount).toBe(3);
    expect(r.firstUndefinedRow).toBe(0);
    const s = evaluateDetailed(f, 'sqrt(v)');
    expect(s.undefinedCount).toBe(1);
    expect(s.firstUndefinedRow).toBe(2);
  });

  it('applies a trailing if condition (generate … if …)', () => {
    expect(nums('x * 10 if year >= 2005')).toEqual([NA, NA, NA, 40, 50]);
    expect(strs('city if x > 1')).toEqual([null, 'Shanghai', null, 'Beijing', 'Wuhan']);
  });

  it('broadcasts constants and keeps a referenced column’s labels without sharing its array', () => {
    const f = frame();
    expect(nums('3', f)).toEqual([3, 3, 3, 3, 3]);
    expect(strs('"a"', f)).toEqual(['a', 'a', 'a', 'a', 'a']);
    const c = evaluate(f, 'hukou') as NumericColumn;
    expect(c.valueLabels).toEqual({ '1': '城镇', '2': '农村' });
    c.values[0] = 99;
    expect((f.columns[4] as NumericColumn).values[0]).toBe(1);
    expect(nums('NA + 1', f).every(Number.isNaN)).toBe(true);
  });
});

describe('filterMask', () => {
  it('keeps true rows and drops false and missing', () => {
    expect(Array.from(filterMask(frame(), 'x >= 2 & first.treat > 0'))).toEqual([0, 1, 0, 0, 1]);
  });

  it('rejects a text-valued filter', () => {
    expect(userErrorOf(() => filterMask(frame(), 'city')).code).toBe('expression_type');
  });
});
