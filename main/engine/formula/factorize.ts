/**
 * Turning a column into integer codes 0..L-1 with R's level order (numbers numerically,
 * strings in collation order, or the analyst's explicit order). Used for factor regressors,
 * fixed effects, cluster variables and i() items; all of these are proportional to n, so the
 * common case (whole numbers in a modest range, e.g. ids and years) avoids hashing entirely.
 */
import type { Column } from '../frame';
import { compareStrings, formatRNumber } from './rformat';

export interface Factorized {
  /** Code per input position (or per selected row), -1 when missing. */
  codes: Int32Array;
  /** Level labels in level order. */
  labels: string[];
  /** Numeric value of each level when the source is numeric (null for strings). */
  numericLevels: number[] | null;
}

/**
 * Factorizes `values` at positions `rows` (all positions when null). Non-finite numbers are
 * missing. Levels are the distinct values that occur, sorted numerically.
 */
export function factorizeNumbers(values: Float64Array, rows: Int32Array | null, integerTyped: boolean): Factorized {
  // Gather once so every later loop is a plain pass over a contiguous array.
  let x = values;
  if (rows) {
    x = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) x[k] = values[rows[k]];
  }
  const n = x.length;
  const codes = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  let allInt = true;
  for (let k = 0; k < n; k++) {
    const v = x[k];
    if (!(v - v === 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (allInt && v !== Math.floor(v)) allInt = false;
  }
  if (min > max) {
    codes.fill(-1);
    return { codes, labels: [], numericLevels: [] };
  }
  let numericLevels: number[];
  if (allInt && max - min <= Math.max(1024, 4 * n)) {
    // Dense path: a lookup table over [min, max] replaces sorting and hashing. The offset
    // from min is the code already when every value in the range occurs (ids, years).
    const span = max - min + 1;
    const slot = new Int32Array(span).fill(-1);
    for (let k = 0; k < n; k++) {
      const v = x[k];
      if (v - v === 0) {
        const s = (v - min) | 0;
        codes[k] = s;
        slot[s] = 0;
      } else codes[k] = -1;
    }
    numericLevels = [];
    for (let s = 0; s < span; s++) {
      if (slot[s] === 0) {
        slot[s] = numericLevels.length;
        numericLevels.push(s + min);
      }
    }
    if (numericLevels.length < span) {
      for (let k = 0; k < n; k++) {
        const s = codes[k];
        if (s >= 0) codes[k] = slot[s];
      }
    }
  } else {
    const map = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const v = x[k];
      if (v - v === 0 && !map.has(v)) map.set(v, 0);
    }
    numericLevels = [...map.keys()].sort((a, b) => a - b);
    numericLevels.forEach((v, i) => map.set(v, i));
    for (let k = 0; k < n; k++) {
      const v = x[k];
      codes[k] = v - v === 0 ? (map.get(v) as number) : -1;
    }
  }
  const intLabels = integerTyped && allInt;
  const labels = numericLevels.map((v) => formatRNumber(v, intLabels));
  return { codes, labels, numericLevels };
}

/**
 * Factorizes dictionary-encoded strings. With `explicitOrder` every level of the column is
 * kept in the given order (R's factor(x, levels = ...) keeps empty levels); otherwise only the
 * levels that occur, in R's collation order.
 */
export function factorizeStrings(srcCodes: Int32Array, srcLevels: string[], rows: Int32Array | null, explicitOrder: boolean): Factorized {
  const n = rows ? rows.length : srcCodes.length;
  const used = new Uint8Array(srcLevels.length);
  for (let k = 0; k < n; k++) {
    const c = srcCodes[rows ? rows[k] : k];
    if (c >= 0) used[c] = 1;
  }
  let order: number[];
  if (explicitOrder) order = srcLevels.map((_, i) => i);
  else {
    order = [];
    for (let i = 0; i < srcLevels.length; i++) if (used[i]) order.push(i);
    order.sort((a, b) => compareStrings(srcLevels[a], srcLevels[b]));
  }
  const remap = new Int32Array(srcLevels.length).fill(-1);
  order.forEach((src, i) => (remap[src] = i));
  const codes = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = srcCodes[rows ? rows[k] : k];
    codes[k] = c >= 0 ? remap[c] : -1;
  }
  return { codes, labels: order.map((i) => srcLevels[i]), numericLevels: null };
}

export function factorizeColumn(col: Column, rows: Int32Array | null): Factorized {
  return col.type === 'number' ? factorizeNumbers(col.values, rows, !!col.integer) : factorizeStrings(col.codes, col.levels, rows, !!col.explicitOrder);
}

/**
 * Combines several factors into one (fixest's `a^b`, or the intersection of cluster
 * variables): a level per observed combination, ordered by the components' level order.
 * Missing in any component makes the combination missing. Factors are folded pairwise so a
 * combination key never exceeds (levels so far) x (levels of the next factor) <= n x L.
 */
export function combineFactors(parts: Factorized[], sep = '_'): Factorized {
  let acc = parts[0];
  for (let p = 1; p < parts.length; p++) acc = combineTwo(acc, parts[p], sep);
  return acc;
}

function combineTwo(a: Factorized, b: Factorized, sep: string): Factorized {
  const n = a.codes.length;
  const nb = b.labels.length;
  const total = a.labels.length * nb;
  const codes = new Int32Array(n);
  const keys: number[] = [];
  if (total <= Math.max(1 << 20, 4 * n)) {
    const slot = new Int32Array(total).fill(-1);
    for (let k = 0; k < n; k++) {
      const ca = a.codes[k];
      const cb = b.codes[k];
      if (ca >= 0 && cb >= 0) slot[ca * nb + cb] = 0;
    }
    for (let s = 0; s < total; s++) {
      if (slot[s] === 0) {
        slot[s] = keys.length;
        keys.push(s);
      }
    }
    for (let k = 0; k < n; k++) {
      const ca = a.codes[k];
      const cb = b.codes[k];
      codes[k] = ca >= 0 && cb >= 0 ? slot[ca * nb + cb] : -1;
    }
  } else {
    const map = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const ca = a.codes[k];
      const cb = b.codes[k];
      if (ca >= 0 && cb >= 0) map.set(ca * nb + cb, 0);
    }
    keys.push(...[...map.keys()].sort((x, y) => x - y));
    keys.forEach((key, i) => map.set(key, i));
    for (let k = 0; k < n; k++) {
      const ca = a.codes[k];
      const cb = b.codes[k];
      codes[k] = ca >= 0 && cb >= 0 ? (map.get(ca * nb + cb) as number) : -1;
    }
  }
  const labels = keys.map((key) => `${a.labels[Math.floor(key / nb)]}${sep}${b.labels[key % nb]}`);
  return { codes, labels, numericLevels: null };
}
