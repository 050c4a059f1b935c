import { describe, expect, it } from 'vitest';
import { normalizeR } from './normalize';

describe('R normaliser', () => {
  it('ignores whitespace, line breaks inside calls, quote style, comments and named-argument order', () => {
    const a = 'feols(y ~ x1 + x2 | id,\n  data = df, cluster = ~id)  # main model';
    const b = "feols(y~x1+x2|id, cluster=~id, data=df)";
    expect(normalizeR(a)).toEqual(normalizeR(b));
    expect(normalizeR("f(a = 'x')")).toEqual(normalizeR('f(a = "x")'));
  });

  it('replaces the data set name wherever it stands as a name, not inside strings or longer names', () => {
    expect(normalizeR('rdrobust(y = senate$vote, x = senate$margin)', ['senate'])).toEqual(['rdrobust(x=DATA$margin,y=DATA$vote)']);
    expect(normalizeR('f(data = d, s = "d", dd = 1)', ['d'])).toEqual(['f(data=DATA,dd=1,s="d")']);
  });

  it('keeps positional order and every value: changed calls stay different', () => {
    expect(normalizeR('f(a, b)')).not.toEqual(normalizeR('f(b, a)'));
    expect(normalizeR('feols(y ~ x, data = d, vcov = "iid")')).not.toEqual(normalizeR('feols(y ~ x, data = d, vcov = "hetero")'));
    expect(normalizeR('f(x, k = 1)')).not.toEqual(normalizeR('f(x)'));
    expect(normalizeR('f(x == 1)')).toEqual(['f(x==1)']);
  });

  it('splits statements on semicolons and top-level line breaks only', () => {
    expect(normalizeR('a <- 1; b <- f(1,\n 2)\nc')).toEqual(['a<-1', 'b<-f(1,2)', 'c']);
  });
});
