/**
 * The table builder's form state and its translation into a table spec (shared/specs/table.ts),
 * validated by that spec's zod schema. Each issue lands on the field that caused it; the form
 * adds what the schema cannot know (numbers typed as text, a table without rows).
 */
import {
  DEFAULT_STARS,
  balanceStat,
  descriptiveStat,
  regressionStat,
  tableSpec,
  type BalanceStat,
  type DescriptiveStat,
  type RegressionStat,
  type TableLanguage,
  type TableSpec,
} from '../../../../shared/specs/table';

export type TableKind = TableSpec['kind'];
export const TABLE_KINDS: readonly TableKind[] = ['regression', 'descriptives', 'correlation', 'balance'];
export const REGRESSION_STATS: readonly RegressionStat[] = regressionStat.options;
export const DESCRIPTIVE_STATS: readonly DescriptiveStat[] = descriptiveStat.options;
export const BALANCE_STATS: readonly BalanceStat[] = balanceStat.options;

/** One coefficient row of a regression table: shown, hidden, or folded into the controls row. */
export interface RowChoice {
  term: string;
  show: boolean;
  /** Display label; empty = the variable label or the term. */
  label: string;
  /** Hidden and summarised by the "Controls: Yes/No" row. */
  control: boolean;
}

export interface StarChoice {
  symbol: string;
  p: string;
}

export interface TableForm {
  kind: TableKind;
  title: string;
  language: TableLanguage;
  digits: string;
  /** Extra note lines, one per line. */
  notes: string;
  autoNotes: boolean;
  /** Regression: one saved analysis per column, in order, with an optional column title. */
  columns: { source: string; title: string }[];
  /**
   * Row choices in display order. `terms` is what the sources offer (from the last preview of
   * these columns), null until known: then every term is shown in first-seen order.
   */
  rows: RowChoice[];
  terms: string[] | null;
  /** A saved table listed only some terms: the first preview adds the others as hidden rows. */
  hideNewTerms: boolean;
  parentheses: 'se' | 't' | 'ci';
  stars: StarChoice[];
  stats: RegressionStat[];
  fixedEffects: boolean;
  modelNumbers: boolean;
  controlsLabel: string;
  /** Descriptives: a saved describe analysis. */
  describeSource: string;
  descStats: DescriptiveStat[];
  byGroups: boolean;
  difference: boolean;
  /** "0 = Control; 1 = Treated". */
  groupLabels: string;
  /** Correlation: a dataset of the project. */
  data: string;
  subset: string;
  variables: string[];
  triangle: 'lower' | 'full';
  /** Balance: a saved matching analysis. */
  balanceSource: string;
  balanceStats: BalanceStat[];
  distance: boolean;
}

const starsText = (stars: { symbol: string; p: number }[]): StarChoice[] => stars.map((s) => ({ symbol: s.symbol, p: String(s.p) }));

export function emptyTableForm(language: TableLanguage): TableForm {
  return {
    kind: 'regression',
    title: '',
    language,
    digits: '3',
    notes: '',
    autoNotes: true,
    columns: [],
    rows: [],
    terms: null,
    hideNewTerms: false,
    parentheses: 'se',
    stars: starsText(DEFAULT_STARS),
    stats: ['nobs', 'r2', 'r2_within', 'n_clusters'],
    fixedEffects: true,
    modelNumbers: true,
    controlsLabel: '',
    describeSource: '',
    descStats: ['n', 'mean', 'sd', 'min', 'median', 'max'],
    byGroups: true,
    difference: false,
    groupLabels: '',
    data: '',
    subset: '',
    variables: [],
    triangle: 'lower',
    balanceSource: '',
    balanceStats: ['Means Treated', 'Means Control', 'Std. Mean Diff.'],
    distance: true,
  };
}

/** The default label of the controls row in the table's language. */
export function defaultControlsLabel(language: TableLanguage): string {
  return language === 'zh' ? '控制变量' : 'Controls';
}

/**
 * The form after a preview told which rows the sources offer: known rows keep their place and
 * settings, rows no source has any more go, new ones are appended (shown, unless a saved table
 * being reopened listed only some).
 */
export function withTerms(form: TableForm, terms: string[]): TableForm {
  const available = new Set(terms);
  const kept = form.rows.filter((r) => available.has(r.term));
  const known = new Set(kept.map((r) => r.term));
  const added = terms.filter((t) => !known.has(t)).map((term) => ({ term, show: !form.hideNewTerms, label: '', control: false }));
  return { ...form, terms, rows: [...kept, ...added], hideNewTerms: false };
}

/** Moves item `from` by `by` places (−1 up, +1 down), clamped to the list. */
export function move<T>(list: T[], from: number, by: number): T[] {
  const to = Math.min(list.length - 1, Math.max(0, from + by));
  if (to === from) return list;
  const out = list.slice();
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}

/** "0 = Control; 1 = Treated" → {"0": "Control", "1": "Treated"}; null when a part has no "=". */
export function parseGroupLabels(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of text.split(/[;\n；]/)) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at < 0) return null;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === '' || value === '') return null;
    out[key] = value;
  }
  return out;
}

export type FieldErrors = Partial<Record<string, string>>;

/** Translation keys of the form's own checks (publish.errors.*). */
export type FormErrorKey = 'noColumns' | 'noRows' | 'digits' | 'stars' | 'groupLabels' | 'noSource' | 'noData' | 'fewVariables';

export type BuildResult = { ok: true; spec: TableSpec } | { ok: false; errors: FieldErrors };

/** The form field an issue path of the table spec belongs to. */
export function fieldOfPath(path: readonly (string | number)[]): string {
  const [head] = path;
  switch (head) {
    case 'columns':
      return 'columns';
    case 'keep':
    case 'drop':
    case 'rename':
      return 'rows';
    case 'controls':
      return 'controlsLabel';
    case 'source':
      return 'source';
    case 'variables':
      return 'variables';
    case 'group_labels':
      return 'groupLabels';
    case undefined:
      return 'form';
    default:
      return String(head);
  }
}

function common(form: TableForm, errors: FieldErrors, t: (key: FormErrorKey) => string): Record<string, unknown> {
  const digits = Number(form.digits.trim());
  if (form.digits.trim() === '' || !Number.isInteger(digits) || digits < 0 || digits > 10) errors.digits = t('digits');
  const labels: Record<string, string> = {};
  for (const r of form.rows) if (r.label.trim() !== '') labels[r.term] = r.label.trim();
  return {
    ...(form.title.trim() ? { title: form.title.trim() } : {}),
    language: form.language,
    digits,
    labels,
    notes: form.notes
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    auto_notes: form.autoNotes,
  };
}

function stars(form: TableForm, errors: FieldErrors, t: (key: FormErrorKey) => string): { symbol: string; p: number }[] {
  const out = form.stars.map((s) => ({ symbol: s.symbol.trim(), p: Number(s.p.trim()) }));
  if (out.some((s) => s.symbol === '' || !(s.p > 0 && s.p < 1))) errors.stars = t('stars');
  return out;
}

/** The table spec of the form, or the errors to show beside its fields. */
export function buildTableSpec(form: TableForm, t: (key: FormErrorKey) => string): BuildResult {
  const errors: FieldErrors = {};
  const base = common(form, errors, t);
  let input: Record<string, unknown>;
  switch (form.kind) {
    case 'regression': {
      if (form.columns.length === 0) errors.columns = t('noColumns');
      const known = form.terms === null ? null : new Set(form.terms);
      const rows = form.rows.filter((r) => known === null || known.has(r.term));
      const keep = known === null ? undefined : rows.filter((r) => r.show && !r.control).map((r) => r.term);
      if (keep !== undefined && keep.length === 0 && form.columns.length > 0) errors.rows = t('noRows');
      const controlTerms = rows.filter((r) => r.control).map((r) => r.term);
      input = {
        ...base,
        kind: 'regression',
        columns: form.columns.map((c) => ({ source: c.source, ...(c.title.trim() ? { title: c.title.trim() } : {}) })),
        ...(keep !== undefined ? { keep } : {}),
        parentheses: form.parentheses,
        stars: stars(form, errors, t),
        stats: form.stats,
        fixed_effects: form.fixedEffects,
        model_numbers: form.modelNumbers,
        controls: controlTerms.length > 0 ? [{ label: form.controlsLabel.trim() || defaultControlsLabel(form.language), terms: controlTerms }] : [],
      };
      break;
    }
    case 'descriptives': {
      if (!form.describeSource) errors.source = t('noSource');
      const groupLabels = parseGroupLabels(form.groupLabels);
      if (groupLabels === null) errors.groupLabels = t('groupLabels');
      const variables = form.terms === null ? undefined : form.rows.filter((r) => r.show && form.terms?.includes(r.term)).map((r) => r.term);
      if (variables !== undefined && variables.length === 0 && form.describeSource) errors.rows = t('noRows');
      input = {
        ...base,
        kind: 'descriptives',
        source: form.describeSource,
        ...(variables !== undefined ? { variables } : {}),
        stats: form.descStats,
        by_groups: form.byGroups,
        group_labels: groupLabels ?? {},
        difference: form.difference,
        stars: stars(form, errors, t),
      };
      break;
    }
    case 'correlation': {
      if (!form.data) errors.data = t('noData');
      if (form.variables.length < 2) errors.variables = t('fewVariables');
      input = {
        ...base,
        kind: 'correlation',
        data: form.data,
        ...(form.subset.trim() ? { subset: form.subset.trim() } : {}),
        variables: form.variables,
        stars: stars(form, errors, t),
        triangle: form.triangle,
      };
      break;
    }
    case 'balance': {
      if (!form.balanceSource) errors.source = t('noSource');
      input = { ...base, kind: 'balance', source: form.balanceSource, stats: form.balanceStats, distance: form.distance };
      break;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = tableSpec.safeParse(input);
  if (!parsed.success) {
    const out: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path as (string | number)[]);
      out[field] ??= issue.message;
    }
    return { ok: false, errors: out };
  }
  return { ok: true, spec: parsed.data };
}

/** A saved table spec back in the form (to edit a saved table). */
export function formFromSpec(spec: TableSpec): TableForm {
  const form = emptyTableForm(spec.language);
  form.kind = spec.kind;
  form.title = spec.title ?? '';
  form.digits = String(spec.digits);
  form.notes = spec.notes.join('\n');
  form.autoNotes = spec.auto_notes;
  switch (spec.kind) {
    case 'regression': {
      form.columns = spec.columns.map((c) => ({ source: c.source, title: c.title ?? '' }));
      form.parentheses = spec.parentheses;
      form.stars = starsText(spec.stars);
      form.stats = spec.stats;
      form.fixedEffects = spec.fixed_effects;
      form.modelNumbers = spec.model_numbers;
      const controls = spec.controls[0];
      form.controlsLabel = controls?.label ?? '';
      const controlTerms = controls?.terms ?? [];
      // Shown rows in their order, then the controls; the next preview appends the hidden rest.
      const shown = spec.keep ?? [];
      form.rows = [
        ...shown.map((term) => ({ term, show: true, label: spec.labels[term] ?? '', control: false })),
        ...controlTerms.filter((term) => !shown.includes(term)).map((term) => ({ term, show: false, label: spec.labels[term] ?? '', control: true })),
      ];
      form.hideNewTerms = spec.keep !== undefined;
      break;
    }
    case 'descriptives':
      form.describeSource = spec.source;
      form.rows = (spec.variables ?? []).map((term) => ({ term, show: true, label: spec.labels[term] ?? '', control: false }));
      form.hideNewTerms = spec.variables !== undefined;
      form.descStats = spec.stats;
      form.byGroups = spec.by_groups;
      form.difference = spec.difference;
      form.groupLabels = Object.entries(spec.group_labels)
        .map(([k, v]) => `${k} = ${v}`)
        .join('; ');
      form.stars = starsText(spec.stars);
      break;
    case 'correlation':
      form.data = spec.data;
      form.subset = spec.subset ?? '';
      form.variables = spec.variables;
      form.triangle = spec.triangle;
      form.stars = starsText(spec.stars);
      break;
    case 'balance':
      form.balanceSource = spec.source;
      form.balanceStats = spec.stats;
      form.distance = spec.distance;
      break;
  }
  return form;
}
