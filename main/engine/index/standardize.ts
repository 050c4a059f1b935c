/**
 * Standardisation of composite-index indicators. Every method is the affine map
 *
 *   z = sign · (x − center) / scale + shift
 *
 * with constants per indicator (and per group when the index is built by year):
 * - minmax: center = min (max for a negative indicator, sign −1), scale = max − min, so z runs
 *   from shift to 1 + shift with the better end high;
 * - zscore: (x − mean) / sd (sd with n − 1), sign-flipped for a negative indicator and moved to
 *   start at 0, which is (x − min) / sd (or (max − x) / sd): the z-score's ordering and spacing
 *   with the non-negativity the entropy method needs;
 * - vector: x / √Σx² (TOPSIS's classical normalisation; direction is handled by the ideal
 *   solutions, no shift).
 * The shift (0.0001 by default, the usual choice in entropy-weight studies) keeps every value
 * above 0 so that p·ln p is defined; it does not change TOPSIS distances.
 */
import { UserError } from '../errors';
import { sd } from '../rd/rstats';

export type Standardization = 'minmax' | 'zscore' | 'vector';
export type Direction = 'positive' | 'negative';

export interface Affine {
  center: number;
  scale: number;
  sign: 1 | -1;
  shift: number;
}

/** The constants for one indicator over the given values (all finite). */
export function affineFor(values: Float64Array, method: Standardization, direction: Direction, shift: number, what: { indicator: string; group: string | null }): Affine {
  let min = Infinity;
  let max = -Infinity;
  let ssq = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    ssq += v * v;
  }
  if (!(max > min)) {
    throw new UserError('index.constant_indicator', `Indicator "${what.indicator}" takes a single value${what.group !== null ? ` in group ${what.group}` : ''}, so it carries no information for the index. Remove it${what.group !== null ? ' or build the index pooled' : ''}.`, what);
  }
  const negative = direction === 'negative';
  if (method === 'vector') return { center: 0, scale: Math.sqrt(ssq), sign: 1, shift: 0 };
  const scale = method === 'minmax' ? max - min : sd(values);
  return { center: negative ? max : min, scale, sign: negative ? -1 : 1, shift };
}

export function applyAffine(values: Float64Array, a: Affine): Float64Array {
  return Float64Array.from(values, (v) => (a.sign * (v - a.center)) / a.scale + a.shift);
}
