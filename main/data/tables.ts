/**
 * Summary and frequency tables for the data view. Quartiles use R's default quantile
 * (type 7, as summary() prints); sd uses n − 1. Frequencies show value labels next to the
 * codes and list each kind of missing (., .a–.z, SPSS user-missing) on its own row.
 */
import { UserError } from '../engine/errors';
import type { Column, Frame } from '../engine/frame';

export interface SummaryRow {
  name: string;
  label: string | null;
  type: 'number' | 'date' | 'string';
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
  /** Distinct non-missing values. */
  distinct: number;
}

/** R's quantile type 7 on sorted data. */
export function quantile7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function pick(frame: Frame, columns?: string[]): Column[] {
  if (!columns) return frame.columns;
  return columns.map((n) => {
    const c = frame.columns.find((x) => x.name === n);
    if (!c) throw new UserError('unknown_column', `There is no column "${n}".`, { column: n });
    return c;
  });
}

export function summaryTable(frame: Frame, columns?: string[]): SummaryRow[] {
  return pick(frame, columns).map((c) => {
    const base = { name: c.name, label: c.label ?? null };
    if (c.type === 'string') {
      let missing = 0;
      const seen = new Set<number>();
      for (let i = 0; i < frame.nrow; i++) {
        if (c.codes[i] < 0) missing++;
        else seen.add(c.codes[i]);
      }
      return { ...base, type: 'string', n: frame.nrow - missing, missing, mean: null, sd: null, min: null, p25: null, median: null, p75: null, max: null, distinct: seen.size };
    }
    const obs = Float64Array.from(Array.from(c.values).filter((v) => !Number.isNaN(v))).sort();
    const n = obs.length;
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = obs[i] - mean;
      mean += d / (i + 1);
      m2 += d * (obs[i] - mean);
    }
    let distinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || obs[i] !== obs[i - 1]) distinct++;
    const q = (p: number): number | null => (n ? quantile7(obs, p) : null);
    return {
      ...base,
      type: c.format === 'date' ? 'date' : 'number',
      n,
      missing: frame.nrow - n,
      mean: n ? mean : null,
      sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : null,
      min: n ? obs[0] : null,
      p25: q(0.25),
      median: q(0.5),
      p75: q(0.75),
      max: n ? obs[n - 1] : null,
      distinct,
    };
  });
}

export interface FrequencyRow {
  /** The code or text; null for a missing row. */
  value: number | string | null;
  /** Value label, or the missing kind (".", ".a", "user-missing"). */
  label: string | null;
  missing: boolean;
  count: number;
  percent: number;
  /** Percent of non-missing rows (null for missing rows). */
  validPercent: number | null;
  cumulativePercent: number | null;
}

/** Frequency table of one column, values sorted (numbers ascending, text by code point). */
export function frequencyTable(frame: Frame, column: string, opts: { maxRows?: number } = {}): { rows: FrequencyRow[]; truncated: boolean } {
  const c = pick(frame, [column])[0];
  const counts = new Map<number | string, number>();
  const missCounts = new Map<string, number>();
  for (let i = 0; i < frame.nrow; i++) {
    if (c.type === 'number') {
      const v = c.values[i];
      if (Number.isNaN(v)) {
        const k = c.missingKind?.[i] ?? 0;
        const key = k === 27 ? 'user-missing' : k > 0 ? `.${String.fromCharCode(96 + k)}` : '.';
        missCounts.set(key, (missCounts.get(key) ?? 0) + 1);
      } else counts.set(v, (counts.get(v) ?? 0) + 1);
    } else if (c.codes[i] < 0) missCounts.set('.', (missCounts.get('.') ?? 0) + 1);
    else counts.set(c.levels[c.codes[i]], (counts.get(c.levels[c.codes[i]]) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const valid = frame.nrow - [...missCounts.values()].reduce((s, x) => s + x, 0);
  const maxRows = opts.maxRows ?? 1000;
  let cum = 0;
  const rows: FrequencyRow[] = keys.slice(0, maxRows).map((k) => {
    const count = counts.get(k) as number;
    cum += count;
    return {
      value: k,
      label: c.valueLabels?.[String(k)] ?? null,
      missing: false,
      count,
      percent: (100 * count) / frame.nrow,
      validPercent: (100 * count) / valid,
      cumulativePercent: (100 * cum) / valid,
    };
  });
  const order = (k: string): number => (k === '.' ? 0 : k === 'user-missing' ? 27 : k.charCodeAt(1) - 96);
  for (const k of [...missCounts.keys()].sort((a, b) => order(a) - order(b))) {
    const count = missCounts.get(k) as number;
    rows.push({ value: null, label: c.valueLabels?.[k] ? `${k} ${c.valueLabels[k]}` : k, missing: true, count, percent: (100 * count) / frame.nrow, validPercent: null, cumulativePercent: null });
  }
  return { rows, truncated: keys.length > maxRows };
}
