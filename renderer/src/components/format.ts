/**
 * Display formatting for numbers the engine computed. Formatting rounds for the eye only: the
 * full double is always kept next to it (see <Num>), so nothing is lost.
 */

/** Shortest decimal that parses back to the same double (what JSON and R's digits=17 agree on). */
export function fullPrecision(x: number | null): string {
  if (x === null) return '';
  return String(x);
}

/** A coefficient-table number: fixed decimals, scientific when fixed would hide it. */
export function formatEstimate(x: number | null, decimals = 4): string {
  if (x === null) return '';
  if (!Number.isFinite(x)) return String(x);
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 10 ** -decimals || ax >= 1e7)) return x.toExponential(2);
  return x.toFixed(decimals);
}

/** p-values below the display precision are shown as a bound, as statistical packages do. */
export function formatP(p: number | null, decimals = 4): string {
  if (p === null) return '';
  const floor = 10 ** -decimals;
  if (p < floor) return `< ${floor.toFixed(decimals)}`;
  return p.toFixed(decimals);
}

/** Counts with the locale's digit grouping. */
export function formatCount(n: number | null, locale: string): string {
  if (n === null) return '';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** A summary statistic (mean, SD, …): up to 6 significant digits, trailing zeros dropped. */
export function formatStat(x: number | null): string {
  if (x === null) return '';
  if (!Number.isFinite(x)) return String(x);
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-4 || ax >= 1e9)) return x.toExponential(4);
  return String(Number(x.toPrecision(6)));
}
