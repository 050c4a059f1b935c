/**
 * The data-management forms as plain state → a recipe step (shared/recipe.ts) or field
 * errors. Pure, so every rule is tested without a DOM. Errors carry an i18n key under
 * `dataTools.errors` and its parameters; the components translate them beside the field.
 */
import { recipeStep } from '../../../../shared/recipe';
import type { RecipeStep } from '../../../../shared/recipe';
import type { ColumnInfo } from '../../../../shared/contract';
import type { PanelDeclaration } from '../../../../shared/contract-data';
import { parseIdList } from '../did/didForm';

export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

export interface Built {
  step: RecipeStep | null;
  errors: FieldErrors;
}

const err = (key: string, params?: Record<string, string | number>): FieldError => (params ? { key, params } : { key });

function number(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
}

/** Numbers separated by commas, spaces or Chinese punctuation; null if any token is not a number. */
export function parseNumbers(text: string): number[] | null {
  const tokens = parseIdList(text);
  const out = tokens.map((t) => number(t));
  return out.every((x): x is number => x !== null) ? out : null;
}

/**
 * Checks a step with the recipe schema (what the Node side will check too) and finishes:
 * an issue the form did not foresee lands on the field named by its path's first key.
 */
function finish(candidate: unknown, errors: FieldErrors): Built {
  if (Object.keys(errors).length > 0) return { step: null, errors };
  const parsed = recipeStep.safeParse(candidate);
  if (parsed.success) return { step: parsed.data, errors };
  const out: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (!out[field]) out[field] = err('invalid', { message: issue.message });
  }
  return { step: null, errors: out };
}

/** Column names as typed: blanks at either end or an empty name are refused, as the engine does. */
function nameError(name: string, taken: readonly string[], allowExisting = false): FieldError | null {
  if (name.trim() === '') return err('nameRequired');
  if (name !== name.trim()) return err('nameBlanks');
  if (!allowExisting && taken.includes(name)) return err('nameTaken', { name });
  return null;
}

const names = (columns: readonly ColumnInfo[]): string[] => columns.map((c) => c.name);

// ---- variables ------------------------------------------------------------------------------

export function buildRename(column: string, to: string, columns: readonly ColumnInfo[]): Built {
  const e = nameError(to, names(columns).filter((n) => n !== column));
  return finish({ op: 'rename', from: column, to }, e ? { to: e } : {});
}

/**
 * Value labels typed one per line as `code = label` (also `code: label` or `code label`),
 * e.g. "1 = 城镇". Codes must be numbers. An empty text means no value labels.
 */
export function parseValueLabels(text: string): { labels: Record<string, string> | null; badLine: number | null } {
  const labels: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line === '') continue;
    const m = /^(-?\d+(?:\.\d+)?)\s*(?:=|:|：|\s)\s*(.+)$/u.exec(line);
    if (!m) return { labels: null, badLine: k + 1 };
    labels[String(Number(m[1]))] = m[2].trim();
  }
  return { labels: Object.keys(labels).length ? labels : null, badLine: null };
}

export function formatValueLabels(labels: Record<string, string> | null): string {
  if (!labels) return '';
  return Object.entries(labels)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, label]) => `${code} = ${label}`)
    .join('\n');
}

export function buildLabel(column: ColumnInfo, label: string, valueLabelsText: string): Built {
  const step: Record<string, unknown> = { op: 'label', column: column.name, label: label.trim() === '' ? null : label.trim() };
  const errors: FieldErrors = {};
  if (column.type === 'number') {
    const { labels, badLine } = parseValueLabels(valueLabelsText);
    if (badLine !== null) errors.valueLabels = err('valueLabelLine', { line: badLine });
    step.valueLabels = labels;
  }
  return finish(step, errors);
}

export type TypeTarget = 'number' | 'string' | 'date';

export function buildSetType(column: ColumnInfo, to: TypeTarget, force: boolean, useValueLabels: boolean): Built {
  const current: TypeTarget = column.type === 'string' ? 'string' : column.format === 'date' ? 'date' : 'number';
  const errors: FieldErrors = current === to ? { to: err('sameType') } : {};
  const step: Record<string, unknown> = { op: 'setType', column: column.name, to };
  if (column.type === 'string' && to !== 'string' && force) step.force = true;
  if (to === 'string' && column.valueLabels && useValueLabels) step.useValueLabels = true;
  return finish(step, errors);
}

export interface RecodeRuleForm {
  /** "1, 2", a range "3/5", "min/0", "10/max", "missing", or text values. */
  from: string;
  /** A number or text; empty = missing. */
  to: string;
  label: string;
}

export interface RecodeForm {
  rules: RecodeRuleForm[];
  /** New column; empty = replace the column. */
  into: string;
  otherwise: 'keep' | 'missing';
}

type RecodeFrom = number | string | { min?: number; max?: number };

/** One "from" cell as Stata's recode reads it: values separated by commas, `a/b` ranges with min and max. */
export function parseRecodeFrom(text: string, numeric: boolean): RecodeFrom[] | null {
  const tokens = text
    .split(/[,，;；]/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (tokens.length === 0) return null;
  const out: RecodeFrom[] = [];
  for (const t of tokens) {
    if (t.toLowerCase() === 'missing') {
      out.push('missing');
      continue;
    }
    const range = /^(\S+)\s*\/\s*(\S+)$/.exec(t);
    if (numeric && range) {
      const lo = range[1].toLowerCase() === 'min' ? undefined : number(range[1]);
      const hi = range[2].toLowerCase() === 'max' ? undefined : number(range[2]);
      if (lo === null || hi === null) return null;
      out.push({ ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) });
      continue;
    }
    const x = number(t);
    // A numeric column may name a value by its label ("农村"); a text column compares text.
    out.push(numeric && x !== null ? x : t);
  }
  return out;
}

export function buildRecode(column: ColumnInfo, form: RecodeForm, columns: readonly ColumnInfo[]): Built {
  const errors: FieldErrors = {};
  const numeric = column.type === 'number';
  const rules = form.rules
    .map((r, k) => ({ r, k }))
    .filter(({ r }) => r.from.trim() !== '' || r.to.trim() !== '' || r.label.trim() !== '')
    .map(({ r, k }) => {
      const from = parseRecodeFrom(r.from, numeric);
      if (!from) errors[`rule${k}.from`] = err(r.from.trim() === '' ? 'recodeFromRequired' : 'recodeFrom');
      const to = r.to.trim() === '' ? null : (number(r.to) ?? r.to.trim());
      const rule: Record<string, unknown> = { from: from && from.length === 1 ? from[0] : from, to };
      if (r.label.trim() !== '') {
        if (to === null) errors[`rule${k}.label`] = err('labelOfMissing');
        rule.label = r.label.trim();
      }
      return rule;
    });
  if (rules.length === 0) errors.rules = err('rulesRequired');
  const step: Record<string, unknown> = { op: 'recode', column: column.name, rules, otherwise: form.otherwise };
  if (form.into !== '') {
    const e = nameError(form.into, names(columns));
    if (e) errors.into = e;
    step.into = form.into;
  }
  return finish(step, errors);
}

export interface GenerateForm {
  name: string;
  expr: string;
  /** Only where this holds (Stata's `if`); other rows missing (or unchanged when replacing). */
  cond: string;
  label: string;
  replace: boolean;
}

export function buildGenerate(form: GenerateForm, columns: readonly ColumnInfo[]): Built {
  const errors: FieldErrors = {};
  const e = nameError(form.name, names(columns), form.replace);
  if (e) errors.name = e;
  else if (form.replace && !names(columns).includes(form.name)) errors.name = err('replaceMissing', { name: form.name });
  if (form.expr.trim() === '') errors.expr = err('exprRequired');
  const step: Record<string, unknown> = { op: 'generate', name: form.name, expr: form.expr.trim() };
  if (form.cond.trim() !== '') step.if = form.cond.trim();
  if (form.label.trim() !== '') step.label = form.label.trim();
  if (form.replace) step.replace = true;
  return finish(step, errors);
}

export function buildDropKeep(mode: 'drop' | 'keep', selected: readonly string[], columns: readonly ColumnInfo[]): Built {
  const errors: FieldErrors = {};
  if (selected.length === 0) errors.columns = err('columnsRequired');
  else if (mode === 'drop' && selected.length === columns.length) errors.columns = err('dropAll');
  // Keep the dataset's column order, whatever order the boxes were ticked in.
  const ordered = names(columns).filter((n) => selected.includes(n));
  return finish({ op: mode, columns: ordered }, errors);
}

export function buildFilter(expr: string): Built {
  return finish({ op: 'filter', expr: expr.trim() }, expr.trim() === '' ? { expr: err('exprRequired') } : {});
}

// ---- panel tools ----------------------------------------------------------------------------

export type LagKind = 'lag' | 'lead' | 'diff';

export interface LagForm {
  column: string;
  kind: LagKind;
  periods: string;
  /** Time step between periods (2 for biennial waves); empty = 1. */
  delta: string;
  into: string;
}

function requireColumn(errors: FieldErrors, field: string, value: string): void {
  if (value === '') errors[field] = err('columnRequired');
}

export function buildLag(form: LagForm, panel: PanelDeclaration, columns: readonly ColumnInfo[]): Built {
  const errors: FieldErrors = {};
  requireColumn(errors, 'column', form.column);
  const k = number(form.periods);
  if (k === null || !Number.isInteger(k) || k < 1) errors.periods = err('positiveInteger');
  const delta = form.delta.trim() === '' ? undefined : number(form.delta);
  if (delta === null || (delta !== undefined && !(delta > 0))) errors.delta = err('positiveNumber');
  const step: Record<string, unknown> = { op: 'lag', column: form.column, ...panel, periods: form.kind === 'lead' ? -(k ?? 1) : (k ?? 1) };
  if (form.kind === 'diff') step.kind = 'diff';
  if (delta !== undefined && delta !== null) step.delta = delta;
  if (form.into !== '') {
    const e = nameError(form.into, names(columns));
    if (e) errors.into = e;
    step.into = form.into;
  }
  return finish(step, errors);
}

export interface WinsorForm {
  columns: string[];
  lower: string;
  upper: string;
  /** Cut within each period (the declared time) instead of pooled. */
  byPeriod: boolean;
  mode: 'winsorize' | 'trim';
  /** Suffix of the new columns; empty = replace the columns. */
  suffix: string;
}

export function buildWinsorize(form: WinsorForm, panel: PanelDeclaration | null): Built {
  const errors: FieldErrors = {};
  if (form.columns.length === 0) errors.columns = err('columnsRequired');
  const lower = number(form.lower);
  const upper = number(form.upper);
  if (lower === null || lower < 0 || lower >= 100) errors.lower = err('percentile');
  if (upper === null || upper <= 0 || upper > 100) errors.upper = err('percentile');
  if (lower !== null && upper !== null && !errors.lower && !errors.upper && lower >= upper) errors.upper = err('upperAboveLower');
  if (form.byPeriod && !panel) errors.byPeriod = err('declarePanel');
  const step: Record<string, unknown> = { op: 'winsorize', columns: form.columns, lower, upper, mode: form.mode, suffix: form.suffix };
  if (form.byPeriod && panel) step.by = panel.time;
  return finish(step, errors);
}

export function buildStandardize(columnsPicked: string[], byPeriod: boolean, suffix: string, panel: PanelDeclaration | null): Built {
  const errors: FieldErrors = {};
  if (columnsPicked.length === 0) errors.columns = err('columnsRequired');
  if (byPeriod && !panel) errors.byPeriod = err('declarePanel');
  const step: Record<string, unknown> = { op: 'standardize', columns: columnsPicked, suffix };
  if (byPeriod && panel) step.by = panel.time;
  return finish(step, errors);
}

export function buildDummies(column: string, prefix: string, dropFirst: boolean): Built {
  const errors: FieldErrors = {};
  requireColumn(errors, 'column', column);
  const step: Record<string, unknown> = { op: 'dummies', column, dropFirst };
  if (prefix.trim() !== '') step.prefix = prefix.trim();
  return finish(step, errors);
}

export interface RelativeTimeForm {
  event: string;
  into: string;
  /** Event values that mean "never treated" (default 0). */
  never: string;
  min: string;
  max: string;
}

export function buildRelativeTime(form: RelativeTimeForm, panel: PanelDeclaration, columns: readonly ColumnInfo[]): Built {
  const errors: FieldErrors = {};
  requireColumn(errors, 'event', form.event);
  if (form.event !== '' && form.event === panel.time) errors.event = err('eventIsTime');
  const step: Record<string, unknown> = { op: 'relativeTime', time: panel.time, event: form.event };
  const into = form.into === '' ? 'rel_time' : form.into;
  const e = nameError(into, names(columns));
  if (e) errors.into = e;
  step.into = into;
  const never = parseNumbers(form.never);
  if (never === null) errors.never = err('numbers');
  else if (never.length) step.never = never;
  for (const bound of ['min', 'max'] as const) {
    if (form[bound].trim() === '') continue;
    const x = number(form[bound]);
    if (x === null || !Number.isInteger(x)) errors[bound] = err('integer');
    else step[bound] = x;
  }
  if (typeof step.min === 'number' && typeof step.max === 'number' && step.min >= step.max) errors.max = err('upperAboveLower');
  return finish(step, errors);
}

export interface TreatmentForm {
  source: 'ids' | 'column' | 'firstTreat';
  ids: string;
  treatedColumn: string;
  policyTime: string;
  firstTreatColumn: string;
}

/** The same indicators the DID builder makes: treated, post, treat_post and first_treat. */
export function buildTreatment(form: TreatmentForm, panel: PanelDeclaration, columns: readonly ColumnInfo[]): Built {
  const errors: FieldErrors = {};
  const step: Record<string, unknown> = { op: 'treatment', ...panel };
  const unit = columns.find((c) => c.name === panel.unit);
  if (form.source === 'firstTreat') {
    requireColumn(errors, 'firstTreatColumn', form.firstTreatColumn);
    step.firstTreatColumn = form.firstTreatColumn;
  } else {
    if (form.source === 'ids') {
      const ids = parseIdList(form.ids);
      if (ids.length === 0) errors.ids = err('idsRequired');
      const numeric = unit?.type === 'number';
      const bad = numeric ? ids.find((id) => number(id) === null) : undefined;
      if (bad !== undefined) errors.ids = err('idNotNumber', { id: bad });
      step.treatedIds = numeric ? ids.map((id) => number(id) ?? id) : ids;
    } else {
      requireColumn(errors, 'treatedColumn', form.treatedColumn);
      step.treatedColumn = form.treatedColumn;
    }
    const t = number(form.policyTime);
    if (t === null) errors.policyTime = err('number');
    step.policyTime = t;
  }
  return finish(step, errors);
}

// ---- merge ----------------------------------------------------------------------------------

export interface KeyPair {
  master: string;
  using: string;
}

/** Merge keys as the channel takes them: a plain name where both sides use it, else the pair. */
export function mergeKeys(pairs: readonly KeyPair[]): (string | KeyPair)[] {
  return pairs.map((p) => (p.master === p.using ? p.master : { master: p.master, using: p.using }));
}

/** Column names both datasets have: the likely merge keys. */
export function commonColumns(a: readonly ColumnInfo[], b: readonly ColumnInfo[]): string[] {
  const other = new Set(b.map((c) => c.name));
  return a.filter((c) => other.has(c.name)).map((c) => c.name);
}
