/**
 * Tail probabilities and quantiles of the normal, t, F and chi-squared distributions to
 * double precision. Upper tails are computed directly from the regularized incomplete beta /
 * gamma functions (never as 1 - cdf) so that p-values like 1e-80 keep their digits, as R's
 * pt(lower.tail = FALSE) does. Invalid input gives NaN (stdlib-js convention); callers that
 * face user input validate before calling.
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import fQuantile from '@stdlib/stats-base-dists-f-quantile';
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/** P(Z > z) for a standard normal Z. */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(Z < z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Two-sided p-value P(|Z| > |z|). */
export function normalTwoSided(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Normal quantile: the z with P(Z < z) = p. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  return -Math.SQRT2 * erfcinv(2 * p);
}

/** Two-sided p-value P(|T| > |t|) for Student's t with df degrees of freedom (df = Infinity: normal). */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(df)) return normalTwoSided(t);
  const x = df / (df + t * t);
  return betainc(x, df / 2, 0.5, true, false);
}

/** P(T > t). */
export function tUpper(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(df)) return normalUpper(t);
  const half = 0.5 * tTwoSided(t, df);
  return t >= 0 ? half : 1 - half;
}

/** Quantile of Student's t (df = Infinity: normal). */
export function tQuantileFn(p: number, df: number): number {
  if (!Number.isFinite(df)) return normalQuantile(p);
  return tQuantile(p, df);
}

/** P(F > f) for F(d1, d2). */
export function fUpper(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (f <= 0) return 1;
  if (!Number.isFinite(d2)) return chisqUpper(f * d1, d1);
  return betainc(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, true, false);
}

export function fQuantileFn(p: number, d1: number, d2: number): number {
  return fQuantile(p, d1, d2);
}

/** P(X > x) for chi-squared with k degrees of freedom. */
export function chisqUpper(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, k / 2, true, true);
}

export function chisqQuantileFn(p: number, k: number): number {
  return chisqQuantile(p, k);
}

/** Logistic cdf and density (plogis, dlogis). */
export function logisticCdf(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function logisticPdf(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}
