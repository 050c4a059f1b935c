/**
 * Descriptive statistics per column (summary() / Stata's summarize): SD with the n - 1
 * denominator, quartiles by R's default quantile definition (type 7: linear interpolation
 * between order statistics, Hyndman & Fan 1996).
 */
import type { DescribeResult, DescribeSpec, VariableSummary } from '../../shared/specs/describe';
import type { RunContext } from './context';
import type { Column, Frame } from './frame';
import { getColumn } from './frame';

const TOP_VALUES = 10;

/** Type-7 quantile of sorted values. */
export function quantileSorted(sorted: Float64Array, prob: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function nullable(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function topValues(counts: Map<string, number>): { value: string; count: number }[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_VALUES)
    .map(([value, count]) => ({ value, count }));
}

/** Summary of one column over the rows where `rows` (if given) is 1. */
export function summarizeColumn(col: Column, rows?: Uint8Array): VariableSummary {
  const base = { name: col.name, label: col.label ?? null };
  const total = col.type === 'number' ? col.values.length : col.codes.length;
  if (col.type === 'string') {
    const counts = new Int32Array(col.levels.length);
    let missing = 0;
    let n = 0;
    for (let i = 0; i < total; i++) {
      if (rows && !rows[i]) continue;
      const c = col.codes[i];
      if (c < 0) missing++;
      else {
        counts[c]++;
        n++;
      }
    }
    const byValue = new Map<string, number>();
    let distinct = 0;
    counts.forEach((k, lvl) => {
      if (k > 0) {
        distinct++;
        byValue.set(col.levels[lvl], k);
      }
    });
    return { ...base, type: 'string', n, missing, distinct, mean: null, sd: null, min: null, p25: null, median: null, p75: null, max: null, top: topValues(byValue) };
  }
  let n = 0;
  for (let i = 0; i < total; i++) if ((!rows || rows[i]) && !Number.isNaN(col.values[i])) n++;
  const vals = new Float64Array(n);
  for (let i = 0, j = 0; i < total; i++) if ((!rows || rows[i]) && !Number.isNaN(col.values[i])) vals[j++] = col.values[i];
  const missing = (rows ? rows.reduce((a, b) => a + b, 0) : total) - n;
  // Two-pass mean and variance: one pass (sum of squares) loses digits when mean >> sd.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += vals[i];
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (vals[i] - mean) * (vals[i] - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
  vals.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || vals[i] !== vals[i - 1]) distinct++;
  const top: { value: string; count: number }[] = [];
  if (col.valueLabels) {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; ) {
      let j = i;
      while (j < n && vals[j] === vals[i]) j++;
      const v = vals[i];
      const lab = col.valueLabels[String(v)];
      counts.set(lab !== undefined ? `${v} = ${lab}` : String(v), j - i);
      i = j;
    }
    top.push(...topValues(counts));
  }
  return {
    ...base,
    type: 'number',
    n,
    missing,
    distinct,
    mean: nullable(mean),
    sd: nullable(sd),
    min: n ? vals[0] : null,
    p25: nullable(quantileSorted(vals, 0.25)),
    median: nullable(quantileSorted(vals, 0.5)),
    p75: nullable(quantileSorted(vals, 0.75)),
    max: n ? vals[n - 1] : null,
    top,
  };
}

export function runDescribe(frame: Frame, spec: DescribeSpec, ctx: RunContext): DescribeResult {
  const cols = (spec.variables ?? frame.columns.map((c) => c.name)).map((v) => getColumn(frame, v));
  const variables: VariableSummary[] = [];
  cols.forEach((c, i) => {
    ctx.checkCancelled();
    variables.push(summarizeColumn(c));
    ctx.progress((i + 1) / cols.length);
  });
  let groups: DescribeResult['groups'] = null;
  if (spec.by) {
    const byCol = getColumn(frame, spec.by);
    const keyOf = (i: number): string | null => {
      if (byCol.type === 'string') return byCol.codes[i] < 0 ? null : byCol.levels[byCol.codes[i]];
      const v = byCol.values[i];
      if (Number.isNaN(v)) return null;
      const lab = byCol.valueLabels?.[String(v)];
      return lab !== undefined ? lab : String(v);
    };
    const masks = new Map<string, Uint8Array>();
    for (let i = 0; i < frame.nrow; i++) {
      const k = keyOf(i);
      if (k === null) continue;
      let m = masks.get(k);
      if (!m) {
        m = new Uint8Array(frame.nrow);
        masks.set(k, m);
      }
      m[i] = 1;
    }
    const keys = [...masks.keys()].sort((a, b) => {
      const na = Number(a);
      const nb = Number(b);
      return Number.isNaN(na) || Number.isNaN(nb) ? (a < b ? -1 : a > b ? 1 : 0) : na - nb;
    });
    groups = keys.map((value) => {
      const m = masks.get(value) as Uint8Array;
      return { by: spec.by as string, value, nobs: m.reduce((a, b) => a + b, 0), variables: cols.map((c) => summarizeColumn(c, m)) };
    });
  }
  return { model: 'describe', nobs: frame.nrow, variables, groups };
}
