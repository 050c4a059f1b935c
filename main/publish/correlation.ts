/**
 * Pairwise Pearson correlation matrix with significance stars, as R's cor.test computes each
 * entry: r over the rows where both variables are present, t = r·sqrt((n − 2) / (1 − r²)) with
 * n − 2 degrees of freedom, two-sided p.
 */
import type { CorrelationTableSpec } from '../../shared/specs/table';
import type { RunContext } from '../engine/context';
import { silentContext } from '../engine/context';
import { tTwoSided } from '../engine/dist';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import { getColumn } from '../engine/frame';
import { formatNumber, fullStop, starsFor, starsLegend, words } from './format';
import type { TableModel, TableRow } from './table-model';
import { labelFor } from './table-model';

export interface CorrelationResult {
  variables: string[];
  /** Variable labels from the data (null where none). */
  labels: (string | null)[];
  /** r[i][j]; null where fewer than 3 complete pairs or a variable is constant on them. */
  r: (number | null)[][];
  p: (number | null)[][];
  n: number[][];
}

/** Correlation of x and y over rows where both are present; two-pass centring for accuracy. */
export function pearsonPair(x: Float64Array, y: Float64Array): { r: number | null; p: number | null; n: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    n++;
    sx += x[i];
    sy += y[i];
  }
  if (n < 3) return { r: null, p: null, n };
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return { r: null, p: null, n };
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const df = n - 2;
  // |r| = 1: t is infinite and the p-value is 0, as cor.test prints.
  const p = Math.abs(r) === 1 ? 0 : tTwoSided(r * Math.sqrt(df / (1 - r * r)), df);
  return { r, p, n };
}

export function correlationMatrix(frame: Frame, variables: string[], ctx: RunContext = silentContext): CorrelationResult {
  if (variables.length < 2) throw new UserError('correlation_variables', 'A correlation matrix needs at least two variables.', { variables });
  const cols = variables.map((name) => {
    const c = getColumn(frame, name);
    if (c.type !== 'number') {
      throw new UserError('correlation_not_numeric', `Column "${name}" holds text, so it has no Pearson correlation. Remove it from the variables or recode it as numbers.`, { column: name });
    }
    return c;
  });
  const k = cols.length;
  const r: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const p: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const n: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    ctx.checkCancelled();
    for (let j = 0; j <= i; j++) {
      const res = pearsonPair(cols[i].values, cols[j].values);
      const rr = i === j && res.r !== null ? 1 : res.r;
      r[i][j] = r[j][i] = rr;
      p[i][j] = p[j][i] = i === j ? null : res.p;
      n[i][j] = n[j][i] = res.n;
    }
    ctx.progress((i + 1) / k);
  }
  return { variables: variables.slice(), labels: cols.map((c) => c.label ?? null), r, p, n };
}

/** Correlation table: rows "(i) label", columns (1) … (k); lower triangle or full. */
export function buildCorrelationTable(spec: CorrelationTableSpec, result: CorrelationResult): TableModel {
  const w = words(spec.language);
  const k = result.variables.length;
  const rows: TableRow[] = result.variables.map((name, i) => {
    const label = spec.labels[name] ?? result.labels[i] ?? labelFor(name, spec.labels);
    const shown = (j: number): boolean => !(spec.triangle === 'lower' && j > i);
    const cells = result.variables.map((_, j) => (shown(j) ? formatNumber(result.r[i][j], spec.digits) : ''));
    const marks = result.variables.map((_, j) => (shown(j) && i !== j ? starsFor(result.p[i][j], spec.stars) : ''));
    return { kind: 'data', label: `(${i + 1}) ${label}`, cells, marks };
  });
  const notes = spec.auto_notes ? [w.corr_note, starsLegend(spec.stars, spec.language) + fullStop(spec.language)] : [];
  notes.push(...spec.notes);
  return {
    title: spec.title ?? null,
    language: spec.language,
    style: spec.style,
    ncol: k,
    header: [{ stub: w.variable, cells: result.variables.map((_, j) => ({ text: `(${j + 1})`, span: 1 })) }],
    sections: [rows],
    notes,
  };
}
