/**
 * Small statistics helpers that reproduce R's definitions exactly, because rdrobust's
 * bandwidths and rdplot's bins are built from them: sample variance (n - 1), quantile types 2
 * and 7 (R's quantile.default), seq(from, to, by) with R's fuzz, and findInterval.
 */

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance with denominator n - 1 (R's var); NaN for fewer than two values. */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
  }
  return s / (n - 1);
}

export function sd(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x));
}

/** Median of a small array (R's median: mean of the two middle values for even n). */
export function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const n = s.length;
  const h = n >> 1;
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const FUZZ = 4 * Number.EPSILON;

/**
 * R's quantile(x, probs, type = 2) on an ascending-sorted array: the inverse empirical cdf
 * with averaging at discontinuities (Hyndman & Fan 1996, definition 2).
 */
export function quantileType2Sorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const nppm = n * p;
  const j = Math.floor(nppm + FUZZ);
  const h = nppm > j ? 1 : 0.5;
  // R pads the sorted sample as x[1], x[1], x..., x[n], x[n]; index j + 2 (1-based) is x_j.
  const at = (k: number): number => sorted[Math.min(Math.max(k, 1), n) - 1];
  const a = at(j);
  const b = at(j + 1);
  if (h === 1) return b;
  return a === b ? a : 0.5 * a + 0.5 * b;
}

/** R's quantile(x, probs, type = 7) on an ascending-sorted array (linear interpolation). */
export function quantileType7Sorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1];
  const xh = sorted[hi - 1];
  if (index > lo && xh !== qs) {
    const h = index - lo;
    return (1 - h) * qs + h * xh;
  }
  return qs;
}

/**
 * R's seq(from, to, by) for to > from, by > 0: from + (0:n) * by with n = floor((to - from)/by
 * + 1e-10), the overshoot clamped to `to`.
 */
export function seqBy(from: number, to: number, by: number): number[] {
  const n = Math.floor((to - from) / by + 1e-10);
  const out = new Array<number>(n + 1);
  for (let k = 0; k <= n; k++) out[k] = Math.min(from + k * by, to);
  return out;
}

/** R's seq(from, to, length.out = m). */
export function seqLength(from: number, to: number, m: number): number[] {
  if (m === 1) return [from];
  const by = (to - from) / (m - 1);
  const out = new Array<number>(m);
  for (let k = 0; k < m; k++) out[k] = from + k * by;
  out[m - 1] = to;
  return out;
}

/**
 * R's findInterval(x, breaks, rightmost.closed = TRUE) for ascending breaks: the number of
 * breaks <= x, except that x equal to the last break falls in the last interval.
 */
export function findInterval(x: number, breaks: ArrayLike<number>): number {
  const nb = breaks.length;
  if (x === breaks[nb - 1]) return nb - 1;
  let lo = 0;
  let hi = nb;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
