/**
 * Variable transforms: rename, label, change type, recode, generate, keep/drop columns and
 * filter rows. Each takes a frame and returns a new frame (columns it does not touch are
 * shared, never mutated) plus a short report for the recipe log.
 */
import { UserError } from '../engine/errors';
import type { Column, Frame, NumericColumn, StringColumn, ValueLabels } from '../engine/frame';
import { filterRows, stringColumn, withColumn } from '../engine/frame';
import { evaluateDetailed, filterMask } from './expr';

export interface StepReport {
  /** One line for the recipe log, e.g. "generated lny: 12 rows missing (log of a value ≤ 0)". */
  message: string;
  /** Rows changed, created or dropped, where that is meaningful. */
  rows?: number;
}

export interface TransformResult {
  frame: Frame;
  report: StepReport;
}

function column(frame: Frame, name: string): Column {
  const c = frame.columns.find((x) => x.name === name);
  if (!c) throw new UserError('unknown_column', `There is no column "${name}". Available columns: ${frame.columns.map((x) => x.name).slice(0, 30).join(', ')}.`, { column: name });
  return c;
}

function checkNewName(frame: Frame, name: string, allowExisting = false): void {
  if (name.trim() === '' || name !== name.trim()) throw new UserError('bad_name', `"${name}" is not a usable column name (empty, or blanks at either end).`, { column: name });
  if (!allowExisting && frame.columns.some((c) => c.name === name)) throw new UserError('name_taken', `A column named "${name}" already exists; choose another name or replace it.`, { column: name });
}

export function renameColumn(frame: Frame, from: string, to: string): TransformResult {
  const col = column(frame, from);
  if (from === to) return { frame, report: { message: `renamed ${from} (unchanged)` } };
  checkNewName(frame, to);
  return { frame: { nrow: frame.nrow, columns: frame.columns.map((c) => (c === col ? { ...c, name: to } : c)) }, report: { message: `renamed ${from} to ${to}` } };
}

/** Sets (or with null removes) a column's variable label and/or value labels. */
export function labelColumn(frame: Frame, name: string, label: string | null | undefined, valueLabels: ValueLabels | null | undefined): TransformResult {
  const col = column(frame, name);
  const next: Column = { ...col };
  if (label !== undefined) {
    if (label === null || label === '') delete next.label;
    else next.label = label;
  }
  if (valueLabels !== undefined) {
    if (valueLabels === null || Object.keys(valueLabels).length === 0) delete next.valueLabels;
    else {
      for (const k of Object.keys(valueLabels))
        if (col.type === 'number' && !/^\.[a-z]?$/.test(k) && !Number.isFinite(Number(k))) throw new UserError('bad_value_label', `Value label key "${k}" of numeric column "${name}" is not a number (or .a–.z).`, { column: name, key: k });
      next.valueLabels = { ...valueLabels };
    }
  }
  return { frame: withColumn(frame, next), report: { message: `labelled ${name}` } };
}

/**
 * Changes a column's type. number → string writes the shortest decimal (dates as
 * YYYY-MM-DD; with `useValueLabels`, the label); string → number parses numbers (and
 * "YYYY-MM-DD" for date) and fails listing the values that do not parse unless `force`,
 * which makes them missing (Stata's destring, force).
 */
export function changeType(frame: Frame, name: string, to: 'number' | 'string' | 'date', opts: { force?: boolean; useValueLabels?: boolean } = {}): TransformResult {
  const col = column(frame, name);
  const n = frame.nrow;
  if (to === 'string') {
    if (col.type === 'string') return { frame, report: { message: `${name} is already text` } };
    const text: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = col.values[i];
      if (Number.isNaN(v)) text[i] = null;
      else if (col.format === 'date') text[i] = new Date(v * 86_400_000).toISOString().slice(0, 10);
      else text[i] = (opts.useValueLabels && col.valueLabels?.[String(v)]) || String(v);
    }
    const out = stringFrom(name, text, col.label);
    return { frame: withColumn(frame, out), report: { message: `changed ${name} to text` } };
  }
  if (col.type === 'number') {
    if (to === 'date' && col.format !== 'date') {
      return { frame: withColumn(frame, { ...col, format: 'date' }), report: { message: `${name} now shows as dates (days since 1970-01-01)` } };
    }
    if (to === 'number' && col.format === 'date') {
      const next: NumericColumn = { ...col };
      delete next.format;
      return { frame: withColumn(frame, next), report: { message: `${name} now shows as numbers` } };
    }
    return { frame, report: { message: `${name} is already ${to}` } };
  }
  const values = new Float64Array(n);
  const bad = new Map<string, number>();
  const parsed = col.levels.map((l) => {
    const t = l.trim();
    if (to === 'date') {
      const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
      if (!m) return Number.NaN;
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return new Date(ms).getUTCDate() === Number(m[3]) ? ms / 86_400_000 : Number.NaN;
    }
    return /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/.test(t) ? Number(t) : Number.NaN;
  });
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const c = col.codes[i];
    if (c < 0) {
      values[i] = Number.NaN;
      continue;
    }
    const v = parsed[c];
    if (Number.isNaN(v)) {
      bad.set(col.levels[c], (bad.get(col.levels[c]) ?? 0) + 1);
      changed++;
    }
    values[i] = v;
  }
  if (bad.size && !opts.force) {
    const list = [...bad.keys()].slice(0, 10).map((s) => `"${s}"`);
    throw new UserError('not_convertible', `Column "${name}" has ${bad.size} value${bad.size > 1 ? 's' : ''} that ${to === 'date' ? 'are not dates (YYYY-MM-DD)' : 'are not numbers'}: ${list.join(', ')}${bad.size > 10 ? ', …' : ''}. Recode them first, or convert with "force" to make them missing.`, { column: name, values: [...bad.keys()].slice(0, 50) });
  }
  const out: NumericColumn = { type: 'number', name, values, integer: to === 'date' || allInt(values), ...(to === 'date' ? { format: 'date' as const } : {}), ...(col.label ? { label: col.label } : {}) };
  return { frame: withColumn(frame, out), report: { message: `changed ${name} to ${to}${changed ? `; ${changed} rows could not be converted and are missing` : ''}`, rows: changed } };
}

function allInt(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]) && !Number.isInteger(v[i])) return false;
  return true;
}

function stringFrom(name: string, text: (string | null)[], label?: string): StringColumn {
  return stringColumn(name, text, label ? { label } : {});
}

export type RecodeFrom = number | string | { min?: number; max?: number } | 'missing';

export interface RecodeRule {
  /** A value, a range {min, max} (inclusive; either end open), or "missing". */
  from: RecodeFrom | RecodeFrom[];
  /** New value; null = missing. */
  to: number | string | null;
  /** Value label for the new value. */
  label?: string;
}

/**
 * Recodes values by rules, first match wins (Stata's recode). Values no rule matches are kept
 * (`otherwise: 'keep'`) or made missing. The result is numeric when every `to` is a number
 * (or null) and the kept values are numeric, else text. `into` writes a new column.
 */
export function recode(frame: Frame, name: string, rules: RecodeRule[], opts: { into?: string; otherwise?: 'keep' | 'missing' } = {}): TransformResult {
  const col = column(frame, name);
  const target = opts.into ?? name;
  if (opts.into) checkNewName(frame, opts.into);
  const otherwise = opts.otherwise ?? 'keep';
  const numericOut = rules.every((r) => r.to === null || typeof r.to === 'number') && (col.type === 'number' || otherwise === 'missing');
  const matches = (rule: RecodeRule, v: number | string | null): boolean => {
    const froms = Array.isArray(rule.from) ? rule.from : [rule.from];
    return froms.some((f) => {
      if (f === 'missing') return v === null;
      if (v === null) return false;
      if (typeof f === 'object') return typeof v === 'number' && (f.min === undefined || v >= f.min) && (f.max === undefined || v <= f.max);
      if (typeof f === 'string' && typeof v === 'number' && col.type === 'number' && col.valueLabels) {
        // A rule may name a value by its label ("农村").
        const code = Object.entries(col.valueLabels).find(([, l]) => l === f)?.[0];
        return code !== undefined && Number(code) === v;
      }
      return f === v;
    });
  };
  const n = frame.nrow;
  const cache = new Map<string, { value: number | string | null }>();
  const mapValue = (v: number | string | null): { value: number | string | null } => {
    const key = v === null ? '\u0000NA' : `${typeof v}:${v}`;
    let out = cache.get(key);
    if (!out) {
      const rule = rules.find((r) => matches(r, v));
      out = { value: rule ? rule.to : otherwise === 'keep' ? v : null };
      cache.set(key, out);
    }
    return out;
  };
  let changed = 0;
  const read = (i: number): number | string | null => {
    if (col.type === 'number') return Number.isNaN(col.values[i]) ? null : col.values[i];
    return col.codes[i] < 0 ? null : col.levels[col.codes[i]];
  };
  const valueLabels: ValueLabels = {};
  for (const r of rules) if (r.label !== undefined && r.to !== null) valueLabels[String(r.to)] = r.label;
  let out: Column;
  if (numericOut) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = read(i);
      const { value } = mapValue(v);
      if (value !== v) changed++;
      values[i] = value === null ? Number.NaN : (value as number);
    }
    const keepLabels = otherwise === 'keep' && col.valueLabels ? { ...col.valueLabels } : {};
    const labels = { ...keepLabels, ...valueLabels };
    out = { type: 'number', name: target, values, integer: allInt(values), ...(col.label ? { label: col.label } : {}), ...(Object.keys(labels).length ? { valueLabels: labels } : {}) };
  } else {
    const text: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = read(i);
      const { value } = mapValue(v);
      if (value !== v) changed++;
      text[i] = value === null ? null : String(value);
    }
    out = stringFrom(target, text, col.label);
  }
  return { frame: withColumn(frame, out), report: { message: `recoded ${name}${opts.into ? ` into ${opts.into}` : ''}: ${changed} rows changed`, rows: changed } };
}

/**
 * generate / replace: evaluates an expression (docs/data.md), optionally only where `if`
 * holds (other rows missing for a new column, unchanged for a replaced one).
 */
export function generate(frame: Frame, name: string, expr: string, opts: { if?: string; label?: string; replace?: boolean } = {}): TransformResult {
  checkNewName(frame, name, opts.replace);
  const existing = frame.columns.find((c) => c.name === name);
  if (opts.replace && !existing) throw new UserError('unknown_column', `Cannot replace "${name}": there is no such column (use generate).`, { column: name });
  const { column: col, undefinedCount: allUndefined, undefinedRows } = evaluateDetailed(frame, expr, name);
  let out: Column = col;
  let rows = frame.nrow;
  let undefinedCount = allUndefined;
  if (opts.if !== undefined) {
    const keep = filterMask(frame, opts.if);
    rows = keep.reduce((s, k) => s + k, 0);
    out = mergeWhere(col, keep, existing ?? null);
    undefinedCount = undefinedRows ? keep.reduce((s, k, i) => s + (k && undefinedRows[i] ? 1 : 0), 0) : 0;
  }
  if (existing && existing.type !== out.type) throw new UserError('expression_type', `"${expr}" gives ${out.type === 'number' ? 'numbers' : 'text'} but "${name}" holds ${existing.type === 'number' ? 'numbers' : 'text'}; generate a new column instead.`, { column: name });
  if (opts.label) out = { ...out, label: opts.label };
  else if (existing?.label) out = { ...out, label: existing.label };
  const why = undefinedCount ? `; ${undefinedCount} rows are missing because the expression is undefined there (e.g. log of a value ≤ 0 or division by zero)` : '';
  return { frame: withColumn(frame, out), report: { message: `${opts.replace ? 'replaced' : 'generated'} ${name} = ${expr}${opts.if ? ` if ${opts.if}` : ''} (${rows} rows)${why}`, rows } };
}

/** Takes `col` where keep[i], else the old column's value (or missing). */
function mergeWhere(col: Column, keep: Uint8Array, old: Column | null): Column {
  const n = keep.length;
  if (col.type === 'number') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = keep[i] ? col.values[i] : old && old.type === 'number' ? old.values[i] : Number.NaN;
    return { ...col, values, integer: allInt(values) };
  }
  const text: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (keep[i]) text[i] = col.codes[i] < 0 ? null : col.levels[col.codes[i]];
    else text[i] = old && old.type === 'string' && old.codes[i] >= 0 ? old.levels[old.codes[i]] : null;
  }
  return stringFrom(col.name, text, col.label);
}

export function dropColumns(frame: Frame, names: string[]): TransformResult {
  for (const n of names) column(frame, n);
  const drop = new Set(names);
  return { frame: { nrow: frame.nrow, columns: frame.columns.filter((c) => !drop.has(c.name)) }, report: { message: `dropped ${names.join(', ')}` } };
}

export function keepColumns(frame: Frame, names: string[]): TransformResult {
  return { frame: { nrow: frame.nrow, columns: names.map((n) => column(frame, n)) }, report: { message: `kept ${names.join(', ')}` } };
}

export function filterFrame(frame: Frame, expr: string): TransformResult {
  const keep = filterMask(frame, expr);
  const out = filterRows(frame, keep);
  return { frame: out, report: { message: `kept ${out.nrow} of ${frame.nrow} rows where ${expr}`, rows: frame.nrow - out.nrow } };
}

