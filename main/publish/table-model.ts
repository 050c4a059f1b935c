/**
 * The table model every exporter reads: a stub column of row labels, header rows whose cells
 * may span data columns, body sections, and notes. Builders (regression here; descriptives,
 * correlation and balance in their own modules) turn results into it; exporters (docx, tex,
 * xlsx, csv, html, clipboard) never look at results.
 */
import type { RegressionTableSpec, TableLanguage } from '../../shared/specs/table';
import { UserError } from '../engine/errors';
import { describeVcov, formatCount, formatNumber, fullStop, starsFor, starsLegend, words } from './format';
import type { CoefEntry, ModelSummary } from './results';
import { dependentVariable, summarizeResult } from './results';

export interface HeaderCell {
  text: string;
  /** Number of data columns the cell covers. */
  span: number;
}

export interface HeaderRow {
  /** Text of the stub (label) column in this header row. */
  stub: string;
  cells: HeaderCell[];
}

/**
 * estimate: a coefficient with stars; paren: its SE / t / CI line; indicator: Yes/No rows
 * (fixed effects, controls); stat: N, R² …; data: any other number row.
 */
export type RowKind = 'estimate' | 'paren' | 'indicator' | 'stat' | 'data';

export interface TableRow {
  kind: RowKind;
  label: string;
  /** Cell texts without significance marks. */
  cells: string[];
  /** Significance marks per cell ("***"), kept apart so exporters can superscript them. */
  marks?: string[];
}

/** A cell's text with its significance mark appended, for plain-text formats. */
export function cellText(row: TableRow, j: number): string {
  return row.cells[j] + (row.marks?.[j] ?? '');
}

export interface TableModel {
  title: string | null;
  language: TableLanguage;
  style: 'three-line' | 'grid';
  /** Number of data columns (the stub column is not counted). */
  ncol: number;
  header: HeaderRow[];
  /** Body sections; a thin rule may separate them (grid style) — three-line tables draw none. */
  sections: TableRow[][];
  notes: string[];
}

/** A table column as resolved by the caller: the stored spec (if any) and result. */
export interface ResolvedColumn {
  spec?: unknown;
  result: unknown;
}

/** Display label of a variable: the spec's labels, then the data's variable labels, then the name. */
export function labelFor(name: string, labels: Record<string, string>, variableLabels: Record<string, string> = {}): string {
  return labels[name] ?? variableLabels[name] ?? name;
}

/**
 * Display label of a coefficient term. Interactions `a:b` become "a × b"; fixest factor terms
 * `var::level` become "var = level" (so `rel_time::-2` reads "rel_time = -2"), each part
 * labelled on its own.
 */
export function termLabel(term: string, labels: Record<string, string>, variableLabels: Record<string, string> = {}): string {
  if (labels[term] !== undefined) return labels[term];
  if (variableLabels[term] !== undefined) return variableLabels[term];
  const parts = term.split(/(?<!:):(?!:)/);
  return parts
    .map((part) => {
      const i = part.indexOf('::');
      if (i < 0) return labelFor(part, labels, variableLabels);
      return `${labelFor(part.slice(0, i), labels, variableLabels)} = ${part.slice(i + 2)}`;
    })
    .join(' × ');
}

/** Fixed-effect name for display: fixest's interacted FE `a^b` reads "a × b". */
function feLabel(fe: string, labels: Record<string, string>, variableLabels: Record<string, string>): string {
  if (labels[fe] !== undefined) return labels[fe];
  return fe
    .split('^')
    .map((p) => labelFor(p, labels, variableLabels))
    .join(' × ');
}

/** Merges adjacent equal texts into spanning cells (e.g. one dependent variable over 3 models). */
export function mergeAdjacent(texts: string[]): HeaderCell[] {
  const out: HeaderCell[] = [];
  for (const t of texts) {
    const last = out[out.length - 1];
    if (last && last.text === t && t !== '') last.span++;
    else out.push({ text: t, span: 1 });
  }
  return out;
}

function unionInOrder(lists: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of lists) for (const x of l) if (!seen.has(x)) (seen.add(x), out.push(x));
  return out;
}

function renamedCoefs(summary: ModelSummary, rename: Record<string, string>, column: number): Map<string, CoefEntry> {
  const out = new Map<string, CoefEntry>();
  for (const c of summary.coefs) {
    const name = rename[c.term] ?? c.term;
    const prev = out.get(name);
    if (prev) {
      throw new UserError(
        'table_rename_collision',
        `In column (${column + 1}), terms "${prev.term}" and "${c.term}" are both renamed to "${name}". Rename only one of them to "${name}".`,
        { column: column + 1, terms: [prev.term, c.term], target: name },
      );
    }
    out.set(name, c);
  }
  return out;
}

function parenCell(c: CoefEntry, what: RegressionTableSpec['parentheses'], digits: number): string {
  if (what === 'ci') {
    if (c.conf_low === null || c.conf_high === null) return '';
    return `[${formatNumber(c.conf_low, digits)}, ${formatNumber(c.conf_high, digits)}]`;
  }
  const x = what === 't' ? c.stat : c.se;
  return x === null ? '' : `(${formatNumber(x, digits)})`;
}

/** The note lines on parentheses, SE type and stars shared by coefficient tables. */
function inferenceNotes(spec: RegressionTableSpec, summaries: ModelSummary[]): string[] {
  const w = words(spec.language);
  const notes: string[] = [];
  const paren = spec.parentheses === 'se' ? w.se_paren : spec.parentheses === 't' ? w.t_paren : w.ci_paren;
  const kinds = summaries.map((s) => (s.vcov_type ? describeVcov(s.vcov_type, spec.language) : null));
  const distinct = [...new Set(kinds.filter((k): k is string => k !== null))];
  const sep = spec.language === 'zh' ? '；' : '; ';
  const end = fullStop(spec.language);
  if (distinct.length === 0) notes.push(paren + end);
  else if (distinct.length === 1 && kinds.every((k) => k !== null)) notes.push(`${paren}${sep}${w.se_kind(distinct[0])}${end}`);
  else {
    // Columns sharing a vcov type are listed together: "(1)(2) clustered by a; (3) robust".
    const groups = new Map<string, number[]>();
    kinds.forEach((k, i) => {
      if (k !== null) groups.set(k, [...(groups.get(k) ?? []), i + 1]);
    });
    const per = [...groups.entries()].map(([k, cols]) => `${cols.map((c) => `(${c})`).join('')} ${k}`);
    notes.push(`${paren}${sep}${w.se_kind(per.join(sep))}${end}`);
  }
  if (spec.stars.length > 0) notes.push(starsLegend(spec.stars, spec.language) + end);
  return notes;
}

/**
 * A regression table (one column per model, rows = terms): estimates with stars and SE / t /
 * CI in parentheses, then Yes/No rows for fixed effects and control groups, then N, R² and
 * the other model statistics, then notes.
 */
export function buildRegressionTable(spec: RegressionTableSpec, columns: ResolvedColumn[], variableLabels: Record<string, string> = {}): TableModel {
  if (columns.length !== spec.columns.length) {
    throw new UserError('table_columns', `The table spec lists ${spec.columns.length} columns but ${columns.length} results were given.`, {
      expected: spec.columns.length,
      got: columns.length,
    });
  }
  const w = words(spec.language);
  const d = spec.digits;
  const summaries = columns.map((c, i) => summarizeResult(c.result, spec.columns[i].source));
  const coefMaps = summaries.map((s, i) => renamedCoefs(s, spec.rename, i));
  const hidden = new Set([...spec.drop, ...spec.controls.flatMap((c) => c.terms)]);
  const available = unionInOrder(coefMaps.map((m) => [...m.keys()]));
  if (spec.keep) {
    const missing = spec.keep.filter((t) => !available.includes(t));
    if (missing.length > 0) {
      throw new UserError('table_unknown_term', `Term${missing.length > 1 ? 's' : ''} ${missing.map((t) => `"${t}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} in no column. Terms available: ${available.join(', ')}.`, {
        terms: missing,
        available,
      });
    }
  }
  const terms = (spec.keep ?? available).filter((t) => !hidden.has(t));

  const coefRows: TableRow[] = [];
  for (const term of terms) {
    const est: string[] = [];
    const marks: string[] = [];
    const par: string[] = [];
    for (const m of coefMaps) {
      const c = m.get(term);
      est.push(c ? formatNumber(c.estimate, d) : '');
      marks.push(c ? starsFor(c.p, spec.stars) : '');
      par.push(c ? parenCell(c, spec.parentheses, d) : '');
    }
    coefRows.push({ kind: 'estimate', label: termLabel(term, spec.labels, variableLabels), cells: est, marks });
    coefRows.push({ kind: 'paren', label: '', cells: par });
  }

  const indicatorRows: TableRow[] = [];
  if (spec.fixed_effects) {
    for (const fe of unionInOrder(summaries.map((s) => s.fixed_effects))) {
      indicatorRows.push({
        kind: 'indicator',
        // The variable's label names the FE ("县" → "县固定效应"); "FE:<name>" overrides the whole row label.
        label: spec.labels[`FE:${fe}`] ?? w.fe(feLabel(fe, spec.labels, variableLabels)),
        cells: summaries.map((s) => (s.fixed_effects.includes(fe) ? w.yes : w.no)),
      });
    }
  }
  for (const group of spec.controls) {
    indicatorRows.push({
      kind: 'indicator',
      label: group.label,
      cells: summaries.map((s, i) => {
        const present = group.terms.some((t) => coefMaps[i].has(t) || s.collinear_dropped.includes(t));
        return present ? w.yes : w.no;
      }),
    });
  }

  const statRows: TableRow[] = [];
  for (const stat of spec.stats) {
    if (stat === 'n_clusters') {
      for (const name of unionInOrder(summaries.map((s) => Object.keys(s.n_clusters)))) {
        const label = name === '' ? w.n_clusters : `${w.n_clusters} (${labelFor(name, spec.labels, variableLabels)})`;
        statRows.push({ kind: 'stat', label, cells: summaries.map((s) => formatCount(s.n_clusters[name])) });
      }
      continue;
    }
    const values = summaries.map((s) => s[stat]);
    if (values.every((x) => x === null)) continue;
    const fmt = stat === 'nobs' || stat === 'n_units' ? formatCount : (x: number | null) => formatNumber(x, d);
    statRows.push({ kind: 'stat', label: w[stat], cells: values.map(fmt) });
  }

  const titles = spec.columns.map((c, i) => {
    if (c.title !== undefined) return c.title;
    const dv = dependentVariable(columns[i].spec);
    return dv ? labelFor(dv, spec.labels, variableLabels) : '';
  });
  const header: HeaderRow[] = [];
  if (titles.some((t) => t !== '')) header.push({ stub: '', cells: mergeAdjacent(titles) });
  if (spec.model_numbers) header.push({ stub: '', cells: spec.columns.map((_, i) => ({ text: `(${i + 1})`, span: 1 })) });
  if (header.length === 0) header.push({ stub: '', cells: spec.columns.map(() => ({ text: '', span: 1 })) });

  const notes: string[] = spec.auto_notes ? inferenceNotes(spec, summaries) : [];
  if (spec.auto_notes) {
    summaries.forEach((s, i) => {
      if (s.collinear_dropped.length > 0) notes.push(w.dropped(s.collinear_dropped.map((t) => termLabel(t, spec.labels, variableLabels)).join(', '), `(${i + 1})`));
    });
  }
  notes.push(...spec.notes);

  return {
    title: spec.title ?? null,
    language: spec.language,
    style: spec.style,
    ncol: spec.columns.length,
    header,
    sections: [coefRows, indicatorRows, statRows].filter((s) => s.length > 0),
    notes,
  };
}

/** Checks a model built by any builder: every row and header row covers exactly ncol columns. */
export function assertModelShape(model: TableModel): void {
  for (const h of model.header) {
    const width = h.cells.reduce((a, c) => a + c.span, 0);
    if (width !== model.ncol) throw new Error(`Header row spans ${width} columns, table has ${model.ncol}`);
  }
  for (const s of model.sections) for (const r of s) if (r.cells.length !== model.ncol || (r.marks && r.marks.length !== model.ncol)) throw new Error(`Row "${r.label}" has ${r.cells.length} cells, table has ${model.ncol}`);
}

/** A header row as ncol plain cells: a spanning cell's text in its first column, blanks after. */
export function expandHeader(row: HeaderRow): string[] {
  return row.cells.flatMap((c) => [c.text, ...new Array<string>(c.span - 1).fill('')]);
}

/** The whole table as rows of plain text (stub first), header rows then body rows. */
export function toTextGrid(model: TableModel): string[][] {
  const out: string[][] = model.header.map((h) => [h.stub, ...expandHeader(h)]);
  for (const section of model.sections) for (const r of section) out.push([r.label, ...r.cells.map((_, j) => cellText(r, j))]);
  return out;
}
