/**
 * Regression discontinuity in time (Hausman & Rapson 2018): the running variable is the time
 * of each observation relative to a policy date, for one series or a panel (each row's own
 * policy date may come from a column, e.g. staggered city-level reforms). Cautions — serial
 * correlation, discrete time, anticipation, seasonality — are in docs/spec-rd.md.
 */
import { UserError } from '../errors';
import { getColumn, type Frame } from '../frame';

export type RdTimeUnit = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'period';

export interface RdTimeOptions {
  /** Date column (days since 1970-01-01, format 'date') or a numeric period column. */
  column: string;
  /** Policy date ("2015-07-01") for a date column, or the policy period for a period column. */
  policy?: string | number;
  /** Column with each row's policy date/period (panel with unit-specific dates). */
  policy_column?: string;
  unit: RdTimeUnit;
}

export interface RdTimeResult {
  values: Float64Array;
  /** Rows without a time or policy value (they become missing). */
  missing: number;
  /** Distinct values of the running variable (discrete time means mass points). */
  distinct: number;
  notes: string[];
}

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function parseIsoDate(s: string): number {
  const m = ISO.exec(s.trim());
  if (!m) return NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  if (d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) return NaN;
  return t / DAY_MS;
}

/** Calendar fields of a day count. */
function ymd(days: number): { y: number; m: number } {
  const d = new Date(days * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

/**
 * Time relative to the policy date in whole units; the unit containing the policy date is 0,
 * so it falls on the treated side (x >= 0), as rdrobust splits at x >= c.
 */
export function relativeTime(t: number, policy: number, unit: RdTimeUnit): number {
  switch (unit) {
    case 'day':
    case 'period':
      return t - policy;
    case 'week':
      return Math.floor((t - policy) / 7);
    case 'month':
    case 'quarter':
    case 'year': {
      const a = ymd(t);
      const b = ymd(policy);
      const months = (a.y - b.y) * 12 + (a.m - b.m);
      if (unit === 'month') return months;
      if (unit === 'year') return a.y - b.y;
      return Math.floor(a.m / 3) - Math.floor(b.m / 3) + (a.y - b.y) * 4;
    }
  }
}

export function timeRunningVariable(frame: Frame, opts: RdTimeOptions): RdTimeResult {
  const col = getColumn(frame, opts.column);
  if (col.type !== 'number')
    throw new UserError('rd_time_not_numeric', `Time column "${opts.column}" holds text; it must be a date column or a numeric period (e.g. year or month index).`, {
      column: opts.column,
    });
  const isDate = col.format === 'date';
  if (!isDate && opts.unit !== 'period' && opts.unit !== 'year')
    throw new UserError('rd_time_unit', `Time column "${opts.column}" is not a date column, so the unit "${opts.unit}" cannot be computed; use unit "period" for a numeric period column.`, {
      column: opts.column,
      unit: opts.unit,
    });
  if ((opts.policy === undefined) === (opts.policy_column === undefined))
    throw new UserError('rd_time_policy', 'Give either a single policy date (policy) or a column of policy dates (policy_column), not both or neither.', {});
  const toTime = (v: string | number, where: string): number => {
    if (typeof v === 'number') return v;
    if (!isDate) {
      const num = Number(v);
      if (Number.isFinite(num)) return num;
    }
    const d = parseIsoDate(v);
    if (Number.isNaN(d))
      throw new UserError('rd_time_policy_date', `${where} "${v}" is not a date of the form YYYY-MM-DD.`, { value: v });
    return d;
  };
  const n = frame.nrow;
  const values = new Float64Array(n);
  let policyAt: (i: number) => number;
  if (opts.policy !== undefined) {
    const p = toTime(opts.policy, 'The policy date');
    policyAt = () => p;
  } else {
    const pc = getColumn(frame, opts.policy_column as string);
    if (pc.type === 'number') policyAt = (i) => pc.values[i];
    else {
      const parsed = pc.levels.map((l) => toTime(l, `Policy column "${pc.name}" value`));
      policyAt = (i) => (pc.codes[i] < 0 ? NaN : parsed[pc.codes[i]]);
    }
  }
  // A numeric (non-date) column with unit "year" holds years: compare the numbers directly.
  const unit: RdTimeUnit = !isDate && opts.unit === 'year' ? 'period' : opts.unit;
  let missing = 0;
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) {
    const t = col.values[i];
    const p = policyAt(i);
    if (Number.isNaN(t) || Number.isNaN(p)) {
      values[i] = NaN;
      missing++;
      continue;
    }
    const r = relativeTime(t, p, unit);
    values[i] = r;
    distinct.add(r);
  }
  const notes: string[] = [];
  if (missing > 0) notes.push(`${missing} rows have no time or policy date and are left out.`);
  if (distinct.size < 40)
    notes.push(
      `The running variable takes only ${distinct.size} distinct values: with discrete time the local polynomial extrapolates across gaps; keep masspoints = "adjust" and read the estimate as a comparison of the periods next to the policy date.`,
    );
  return { values, missing, distinct: distinct.size, notes };
}
