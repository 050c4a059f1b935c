/**
 * Panel-aware transforms (lag/lead/difference within unit, winsorize/trim, standardize,
 * dummies, relative event time, treatment indicators) and panel diagnostics (balance, gaps,
 * duplicate unit-time pairs, singletons, the observed unit × time matrix).
 *
 * A panel is declared by a unit column (numeric or text) and a numeric time column. Time
 * steps are `delta` apart (default 1; 2 for biennial survey waves), and lags follow Stata's
 * L. operator: the lag of x at (i, t) is x at (i, t − delta), missing when that period is
 * not observed — a gap is never bridged by the previous row.
 */
import { UserError } from '../engine/errors';
import type { Column, Frame, NumericColumn } from '../engine/frame';
import { withColumn } from '../engine/frame';
import type { TransformResult } from './transforms';

function col(frame: Frame, name: string): Column {
  const c = frame.columns.find((x) => x.name === name);
  if (!c) throw new UserError('unknown_column', `There is no column "${name}". Available columns: ${frame.columns.map((x) => x.name).slice(0, 30).join(', ')}.`, { column: name });
  return c;
}

function numCol(frame: Frame, name: string, role: string): NumericColumn {
  const c = col(frame, name);
  if (c.type !== 'number') throw new UserError('not_numeric', `The ${role} column "${name}" holds text; it must be numeric (change its type first).`, { column: name });
  return c;
}

function newName(frame: Frame, name: string): void {
  if (frame.columns.some((c) => c.name === name)) throw new UserError('name_taken', `A column named "${name}" already exists; choose another name.`, { column: name });
}

/** Unit ids as dense integers (-1 = missing) and their display values. */
export function unitIndex(frame: Frame, unit: string): { ids: Int32Array; values: (string | number)[] } {
  const c = col(frame, unit);
  const ids = new Int32Array(frame.nrow);
  const values: (string | number)[] = [];
  if (c.type === 'string') {
    const remap = new Int32Array(c.levels.length).fill(-1);
    for (let i = 0; i < frame.nrow; i++) {
      const k = c.codes[i];
      if (k < 0) {
        ids[i] = -1;
        continue;
      }
      if (remap[k] < 0) {
        remap[k] = values.length;
        values.push(c.levels[k]);
      }
      ids[i] = remap[k];
    }
    return { ids, values };
  }
  const index = new Map<number, number>();
  for (let i = 0; i < frame.nrow; i++) {
    const v = c.values[i];
    if (Number.isNaN(v)) {
      ids[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = values.length;
      values.push(v);
      index.set(v, k);
    }
    ids[i] = k;
  }
  return { ids, values };
}

/** (unit, time) → row, failing with the repeated pairs listed (as Stata's tsset does). */
function cellIndex(frame: Frame, unit: string, time: string): { ids: Int32Array; units: (string | number)[]; times: Float64Array; rowOf: Map<string, number> } {
  const { ids, values } = unitIndex(frame, unit);
  const times = numCol(frame, time, 'time').values;
  const rowOf = new Map<string, number>();
  const dups: string[] = [];
  for (let i = 0; i < frame.nrow; i++) {
    if (ids[i] < 0 || Number.isNaN(times[i])) continue;
    const key = `${ids[i]}|${times[i]}`;
    if (rowOf.has(key)) {
      if (dups.length < 10) dups.push(`${unit}=${values[ids[i]]}, ${time}=${times[i]} (rows ${(rowOf.get(key) as number) + 1} and ${i + 1})`);
      continue;
    }
    rowOf.set(key, i);
  }
  if (dups.length)
    throw new UserError('duplicate_unit_time', `The panel has repeated ${unit}–${time} pairs, so lags are not defined: ${dups.join('; ')}. Remove or aggregate the duplicates (see panel diagnostics).`, { unit, time, examples: dups });
  return { ids, units: values, times, rowOf };
}

export interface LagOptions {
  unit: string;
  time: string;
  /** Periods back (lag, > 0) or ahead (lead, < 0). */
  periods: number;
  delta?: number;
  into?: string;
  /** 'level' = x(t − k); 'diff' = x(t) − x(t − k) (Stata's D. for k = 1). */
  kind?: 'level' | 'diff';
}

export function lagColumn(frame: Frame, column: string, opts: LagOptions): TransformResult {
  const x = numCol(frame, column, 'lagged');
  const k = opts.periods;
  if (!Number.isInteger(k) || k === 0) throw new UserError('bad_option', 'The number of periods must be a non-zero whole number (negative for a lead).', { periods: k });
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new UserError('bad_option', 'The time step (delta) must be positive.', { delta });
  const kind = opts.kind ?? 'level';
  const into = opts.into ?? `${kind === 'diff' ? 'D' : k > 0 ? 'L' : 'F'}${Math.abs(k) === 1 ? '' : Math.abs(k)}_${column}`;
  newName(frame, into);
  const { ids, times, rowOf } = cellIndex(frame, opts.unit, opts.time);
  const out = new Float64Array(frame.nrow);
  let found = 0;
  for (let i = 0; i < frame.nrow; i++) {
    out[i] = Number.NaN;
    if (ids[i] < 0 || Number.isNaN(times[i])) continue;
    const j = rowOf.get(`${ids[i]}|${times[i] - k * delta}`);
    if (j === undefined) continue;
    out[i] = kind === 'diff' ? x.values[i] - x.values[j] : x.values[j];
    if (!Number.isNaN(out[i])) found++;
  }
  const what = kind === 'diff' ? `difference over ${k} period${Math.abs(k) > 1 ? 's' : ''}` : k > 0 ? `lag ${k}` : `lead ${-k}`;
  const c: NumericColumn = { type: 'number', name: into, values: out, integer: !!x.integer, label: `${what} of ${column}` };
  return { frame: withColumn(frame, c), report: { message: `${into} = ${what} of ${column} within ${opts.unit}: ${found} of ${frame.nrow} rows have a value`, rows: found } };
}

/**
 * Stata's default percentile (_pctile, summarize, detail; R's quantile type 2): with
 * n·p an integer, the mean of the n·p-th and next order statistics, else the ⌈n·p⌉-th.
 * winsor2 (the usual tool for cuts(1 99)) uses it.
 */
export function percentileStata(sorted: Float64Array | number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const np = n * p;
  const lo = Math.floor(np + 1e-9 * Math.max(1, np));
  if (Math.abs(np - Math.round(np)) <= 1e-9 * Math.max(1, np)) {
    const r = Math.round(np);
    if (r <= 0) return sorted[0];
    if (r >= n) return sorted[n - 1];
    return (sorted[r - 1] + sorted[r]) / 2;
  }
  return sorted[Math.min(n - 1, Math.max(0, lo))];
}

/** Row groups: one group of all rows, or one per value of `by`. */
function groups(frame: Frame, by: string | undefined): Int32Array[] {
  if (!by) return [Int32Array.from({ length: frame.nrow }, (_, i) => i)];
  const { ids, values } = unitIndex(frame, by);
  const lists: number[][] = values.map(() => []);
  for (let i = 0; i < frame.nrow; i++) if (ids[i] >= 0) lists[ids[i]].push(i);
  return lists.map((l) => Int32Array.from(l));
}

export interface WinsorOptions {
  /** Percentiles in [0, 100], e.g. 1 and 99. */
  lower: number;
  upper: number;
  /** Cut separately within each value of this column (e.g. the year). */
  by?: string;
  /** winsorize = pull to the cutoffs; trim = set to missing. */
  mode?: 'winsorize' | 'trim';
  /** Suffix for new columns; empty = replace in place. Default "_w" / "_tr". */
  suffix?: string;
}

export function winsorize(frame: Frame, columns: string[], opts: WinsorOptions): TransformResult {
  const { lower, upper } = opts;
  if (!(lower >= 0 && upper <= 100 && lower < upper)) throw new UserError('bad_option', `Percentiles must satisfy 0 ≤ lower < upper ≤ 100 (got ${lower} and ${upper}).`, { lower, upper });
  const mode = opts.mode ?? 'winsorize';
  const suffix = opts.suffix ?? (mode === 'trim' ? '_tr' : '_w');
  const gs = groups(frame, opts.by);
  let out = frame;
  let changed = 0;
  for (const name of columns) {
    const x = numCol(out, name, mode === 'trim' ? 'trimmed' : 'winsorized');
    const values = x.values.slice();
    for (const g of gs) {
      const obs = Float64Array.from(Array.from(g, (i) => x.values[i]).filter((v) => !Number.isNaN(v))).sort();
      if (obs.length === 0) continue;
      const lo = percentileStata(obs, lower / 100);
      const hi = percentileStata(obs, upper / 100);
      for (const i of g) {
        const v = x.values[i];
        if (Number.isNaN(v)) continue;
        if (v < lo || v > hi) {
          values[i] = mode === 'trim' ? Number.NaN : v < lo ? lo : hi;
          changed++;
        }
      }
    }
    const target = suffix ? `${name}${suffix}` : name;
    if (suffix) newName(out, target);
    const c: NumericColumn = { type: 'number', name: target, values, integer: x.integer && mode === 'trim', label: `${name}, ${mode === 'trim' ? 'trimmed' : 'winsorized'} at p${lower}/p${upper}${opts.by ? ` by ${opts.by}` : ''}` };
    if (!suffix && x.label) c.label = x.label;
    out = withColumn(out, c);
  }
  return { frame: out, report: { message: `${mode === 'trim' ? 'trimmed' : 'winsorized'} ${columns.join(', ')} at percentiles ${lower} and ${upper}${opts.by ? ` within ${opts.by}` : ' (pooled)'}: ${changed} values changed`, rows: changed } };
}

/** (x − mean) / sd with the n − 1 standard deviation, pooled or within `by`. */
export function standardize(frame: Frame, columns: string[], opts: { by?: string; suffix?: string } = {}): TransformResult {
  const suffix = opts.suffix ?? '_std';
  const gs = groups(frame, opts.by);
  let out = frame;
  const notes: string[] = [];
  for (const name of columns) {
    const x = numCol(out, name, 'standardized');
    const values = new Float64Array(frame.nrow).fill(Number.NaN);
    for (const g of gs) {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      for (const i of g) {
        const v = x.values[i];
        if (Number.isNaN(v)) continue;
        n++;
        const d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
      }
      const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : Number.NaN;
      if (!(sd > 0)) {
        notes.push(`${name}${opts.by ? ' in one group' : ''} has no variation; its standardized values are missing`);
        continue;
      }
      for (const i of g) values[i] = (x.values[i] - mean) / sd;
    }
    const target = suffix ? `${name}${suffix}` : name;
    if (suffix) newName(out, target);
    out = withColumn(out, { type: 'number', name: target, values, integer: false, label: `${name}, standardized${opts.by ? ` within ${opts.by}` : ''}` });
  }
  return { frame: out, report: { message: `standardized ${columns.join(', ')}${notes.length ? `; ${[...new Set(notes)].join('; ')}` : ''}` } };
}

/** One 0/1 column per distinct value (missing stays missing), named prefix_value. */
export function dummies(frame: Frame, column: string, opts: { prefix?: string; dropFirst?: boolean } = {}): TransformResult {
  const c = col(frame, column);
  const prefix = opts.prefix ?? column;
  let levels: { key: string; test: (i: number) => boolean; label: string }[];
  const isMiss = (i: number): boolean => (c.type === 'number' ? Number.isNaN(c.values[i]) : c.codes[i] < 0);
  if (c.type === 'number') {
    const vals = [...new Set(Array.from(c.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    levels = vals.map((v) => ({ key: String(v).replace('-', 'm').replace('.', '_'), test: (i: number) => c.values[i] === v, label: c.valueLabels?.[String(v)] ?? String(v) }));
  } else {
    const present = [...new Set(Array.from(c.codes).filter((k) => k >= 0))];
    const ordered = c.explicitOrder ? present.sort((a, b) => a - b) : present.sort((a, b) => (c.levels[a] < c.levels[b] ? -1 : c.levels[a] > c.levels[b] ? 1 : 0));
    levels = ordered.map((k) => ({ key: c.levels[k].replace(/[^\p{L}\p{N}_]/gu, '_'), test: (i: number) => c.codes[i] === k, label: c.levels[k] }));
  }
  if (levels.length > 1000) throw new UserError('too_many_levels', `"${column}" has ${levels.length} distinct values; dummies would add too many columns. Recode it into fewer groups first.`, { column, levels: levels.length });
  const use = opts.dropFirst ? levels.slice(1) : levels;
  let out = frame;
  const made: string[] = [];
  for (const l of use) {
    const name = `${prefix}_${l.key}`;
    newName(out, name);
    const values = new Float64Array(frame.nrow);
    for (let i = 0; i < frame.nrow; i++) values[i] = isMiss(i) ? Number.NaN : l.test(i) ? 1 : 0;
    out = withColumn(out, { type: 'number', name, values, integer: true, label: `${column} = ${l.label}` });
    made.push(name);
  }
  return { frame: out, report: { message: `created ${made.length} dummies from ${column}${opts.dropFirst ? ` (reference: ${levels[0]?.label})` : ''}: ${made.join(', ')}` } };
}

export interface RelativeTimeOptions {
  time: string;
  /** The event (first treatment) period of each row's unit. */
  event: string;
  into?: string;
  /** Event values meaning "never treated" (default 0); missing also means never. */
  never?: number[];
  /** Bin relative times below `min` into `min` and above `max` into `max` (endpoint binning). */
  min?: number;
  max?: number;
  delta?: number;
}

/** Periods since the event: (time − event) / delta, missing for never-treated units. */
export function relativeTime(frame: Frame, opts: RelativeTimeOptions): TransformResult {
  const t = numCol(frame, opts.time, 'time').values;
  const e = numCol(frame, opts.event, 'event-time').values;
  const into = opts.into ?? 'rel_time';
  newName(frame, into);
  const never = new Set(opts.never ?? [0]);
  const delta = opts.delta ?? 1;
  const values = new Float64Array(frame.nrow);
  let binned = 0;
  for (let i = 0; i < frame.nrow; i++) {
    if (Number.isNaN(t[i]) || Number.isNaN(e[i]) || never.has(e[i])) {
      values[i] = Number.NaN;
      continue;
    }
    let r = (t[i] - e[i]) / delta;
    if (opts.min !== undefined && r < opts.min) {
      r = opts.min;
      binned++;
    }
    if (opts.max !== undefined && r > opts.max) {
      r = opts.max;
      binned++;
    }
    values[i] = r;
  }
  return {
    frame: withColumn(frame, { type: 'number', name: into, values, integer: true, label: `periods relative to ${opts.event}` }),
    report: { message: `${into} = ${opts.time} − ${opts.event}${binned ? `; ${binned} rows binned at the endpoints` : ''}` },
  };
}

export interface TreatmentSpec {
  unit: string;
  time: string;
  /** Units treated (values of the unit column) … */
  treatedIds?: (string | number)[];
  /** … or a 0/1 column marking treated units (a unit is treated if any of its rows is 1). */
  treatedColumn?: string;
  /** The common policy period for treatedIds / treatedColumn. */
  policyTime?: number;
  /** Or: each unit's first treated period (0 or missing = never treated), for staggered adoption. */
  firstTreatColumn?: string;
}

export interface TreatmentResult {
  /** 1 for rows of ever-treated units. */
  treated: Float64Array;
  /** 1 from the unit's first treated period on (time ≥ policy time for the common-timing design). */
  post: Float64Array;
  /** treated × post: the DID regressor. */
  treatPost: Float64Array;
  /** The unit's first treated period, 0 for never-treated units (did's gname convention). */
  firstTreat: Float64Array;
  nTreatedUnits: number;
  nControlUnits: number;
  nTreatedObs: number;
  notes: string[];
}

/**
 * Treatment indicators for DID: from a list of treated unit IDs (or a treated-unit marker
 * column) plus a common policy time, or from a first-treatment column (staggered timing).
 * Used by the data-management step "treatment" and by the DID builder.
 */
export function buildTreatment(frame: Frame, spec: TreatmentSpec): TreatmentResult {
  const sources = [spec.treatedIds !== undefined, spec.treatedColumn !== undefined, spec.firstTreatColumn !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UserError('bad_option', 'Give exactly one of: treated unit IDs, a treated-unit column, or a first-treatment column.', {});
  if (spec.firstTreatColumn === undefined && (spec.policyTime === undefined || !Number.isFinite(spec.policyTime)))
    throw new UserError('bad_option', 'A policy time is needed with treated unit IDs or a treated-unit column.', {});
  const { ids, values: units } = unitIndex(frame, spec.unit);
  const time = numCol(frame, spec.time, 'time').values;
  const n = frame.nrow;
  const unitFirst = new Float64Array(units.length);
  const notes: string[] = [];
  if (spec.treatedIds) {
    const unitCol = col(frame, spec.unit);
    const wanted = new Set(spec.treatedIds.map((v) => (unitCol.type === 'number' ? String(Number(v)) : String(v))));
    const seen = new Set<string>();
    units.forEach((u, k) => {
      const key = String(u);
      if (wanted.has(key)) {
        unitFirst[k] = spec.policyTime as number;
        seen.add(key);
      }
    });
    const absent = [...wanted].filter((w) => !seen.has(w));
    if (absent.length) notes.push(`${absent.length} treated ID${absent.length > 1 ? 's are' : ' is'} not in ${spec.unit}: ${absent.slice(0, 20).join(', ')}${absent.length > 20 ? ', …' : ''}`);
  } else if (spec.treatedColumn) {
    const d = numCol(frame, spec.treatedColumn, 'treated-unit').values;
    for (let i = 0; i < n; i++) {
      if (ids[i] < 0 || Number.isNaN(d[i])) continue;
      if (d[i] !== 0 && d[i] !== 1) throw new UserError('not_binary', `The treated-unit column "${spec.treatedColumn}" must be 0/1, but row ${i + 1} holds ${d[i]}.`, { column: spec.treatedColumn, row: i + 1 });
      if (d[i] === 1) unitFirst[ids[i]] = spec.policyTime as number;
    }
  } else {
    const f = numCol(frame, spec.firstTreatColumn as string, 'first-treatment').values;
    const set = new Uint8Array(units.length);
    for (let i = 0; i < n; i++) {
      const u = ids[i];
      if (u < 0) continue;
      const v = Number.isNaN(f[i]) ? 0 : f[i];
      if (set[u] && unitFirst[u] !== v)
        throw new UserError('not_constant_in_unit', `"${spec.firstTreatColumn}" must be constant within each ${spec.unit}, but ${spec.unit} = ${units[u]} has both ${unitFirst[u]} and ${v} (row ${i + 1}).`, { column: spec.firstTreatColumn, unit: units[u], row: i + 1 });
      unitFirst[u] = v;
      set[u] = 1;
    }
  }
  const treated = new Float64Array(n);
  const post = new Float64Array(n);
  const treatPost = new Float64Array(n);
  const firstTreat = new Float64Array(n);
  let nTreatedObs = 0;
  for (let i = 0; i < n; i++) {
    const u = ids[i];
    if (u < 0 || Number.isNaN(time[i])) {
      treated[i] = post[i] = treatPost[i] = firstTreat[i] = Number.NaN;
      continue;
    }
    const ft = unitFirst[u];
    treated[i] = ft > 0 ? 1 : 0;
    firstTreat[i] = ft;
    // Common timing: post is a calendar indicator for everyone; staggered: the unit's own timing.
    post[i] = spec.firstTreatColumn === undefined ? (time[i] >= (spec.policyTime as number) ? 1 : 0) : ft > 0 && time[i] >= ft ? 1 : 0;
    treatPost[i] = ft > 0 && time[i] >= ft ? 1 : 0;
    nTreatedObs += treatPost[i];
  }
  let nTreatedUnits = 0;
  for (let k = 0; k < units.length; k++) if (unitFirst[k] > 0) nTreatedUnits++;
  if (nTreatedUnits === 0) notes.push('No unit is treated.');
  return { treated, post, treatPost, firstTreat, nTreatedUnits, nControlUnits: units.length - nTreatedUnits, nTreatedObs, notes };
}

/** The recipe step: adds treated / post / treat_post / first_treat columns (names configurable). */
export function addTreatmentColumns(frame: Frame, spec: TreatmentSpec, names: { treated?: string; post?: string; treatPost?: string; firstTreat?: string } = {}): TransformResult {
  const r = buildTreatment(frame, spec);
  const nm = { treated: names.treated ?? 'treated', post: names.post ?? 'post', treatPost: names.treatPost ?? 'treat_post', firstTreat: names.firstTreat ?? 'first_treat' };
  let out = frame;
  for (const [key, values, label] of [
    ['treated', r.treated, 'ever-treated unit'],
    ['post', r.post, 'post-treatment period'],
    ['treatPost', r.treatPost, 'treated × post'],
    ['firstTreat', r.firstTreat, 'first treated period (0 = never)'],
  ] as const) {
    newName(out, nm[key]);
    out = withColumn(out, { type: 'number', name: nm[key], values, integer: true, label });
  }
  return { frame: out, report: { message: `treatment: ${r.nTreatedUnits} treated and ${r.nControlUnits} control units, ${r.nTreatedObs} treated observations${r.notes.length ? `; ${r.notes.join('; ')}` : ''}`, rows: r.nTreatedObs } };
}

export interface PanelDiagnostics {
  nObs: number;
  nUnits: number;
  nPeriods: number;
  /** Every unit observed in every period, once. */
  balanced: boolean;
  /** Rows whose unit or time is missing (left out of everything below). */
  rowsMissingKey: number;
  periods: number[];
  units: (string | number)[];
  duplicates: { unit: string | number; time: number; rows: number[] }[];
  duplicateCount: number;
  /** Units with periods missing between their first and last observed period. */
  gaps: { unit: string | number; missing: number[] }[];
  unitsWithGaps: number;
  /** Units observed in only one period. */
  singletons: (string | number)[];
  /** Observations per unit × period (row-major: units × periods) for the heat-map. */
  observed: { units: (string | number)[]; periods: number[]; counts: Uint32Array };
}

/**
 * Balance, gaps, duplicates and singletons. Gaps are judged against the periods observed
 * anywhere in the data (so biennial waves 2010, 2012, … have no gaps between them).
 */
export function panelDiagnostics(frame: Frame, unit: string, time: string, opts: { maxListed?: number } = {}): PanelDiagnostics {
  const maxListed = opts.maxListed ?? 100;
  const { ids, values: units } = unitIndex(frame, unit);
  const t = numCol(frame, time, 'time').values;
  const periods = [...new Set(Array.from(t).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const pIndex = new Map(periods.map((p, k) => [p, k]));
  const P = periods.length;
  const counts = new Uint32Array(units.length * P);
  const firstRow = new Map<number, number[]>();
  let rowsMissingKey = 0;
  let nObs = 0;
  for (let i = 0; i < frame.nrow; i++) {
    if (ids[i] < 0 || Number.isNaN(t[i])) {
      rowsMissingKey++;
      continue;
    }
    nObs++;
    const cell = ids[i] * P + (pIndex.get(t[i]) as number);
    counts[cell]++;
    const list = firstRow.get(cell);
    if (list) list.push(i + 1);
    else firstRow.set(cell, [i + 1]);
  }
  const duplicates: PanelDiagnostics['duplicates'] = [];
  let duplicateCount = 0;
  const gaps: PanelDiagnostics['gaps'] = [];
  let unitsWithGaps = 0;
  const singletons: (string | number)[] = [];
  let balanced = rowsMissingKey === 0;
  for (let u = 0; u < units.length; u++) {
    let first = -1;
    let last = -1;
    let present = 0;
    for (let p = 0; p < P; p++) {
      const c = counts[u * P + p];
      if (c === 0) {
        balanced = false;
        continue;
      }
      if (first < 0) first = p;
      last = p;
      present++;
      if (c > 1) {
        balanced = false;
        duplicateCount++;
        if (duplicates.length < maxListed) duplicates.push({ unit: units[u], time: periods[p], rows: firstRow.get(u * P + p) as number[] });
      }
    }
    if (present === 1) singletons.push(units[u]);
    const missing: number[] = [];
    for (let p = first; p >= 0 && p <= last; p++) if (counts[u * P + p] === 0) missing.push(periods[p]);
    if (missing.length) {
      unitsWithGaps++;
      if (gaps.length < maxListed) gaps.push({ unit: units[u], missing });
    }
  }
  return { nObs, nUnits: units.length, nPeriods: P, balanced: balanced && units.length > 0, rowsMissingKey, periods, units, duplicates, duplicateCount, gaps, unitsWithGaps, singletons, observed: { units, periods, counts } };
}
