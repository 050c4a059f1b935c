/**
 * The linear fixed-effects model the mechanism builders share (shared/specs/mech-model.ts):
 * column checks, the feols formula, the common estimation sample, and one feols fit with the
 * spec's variance. Everything is estimated by the estimation core (feols.ts), so coefficients,
 * standard errors and small-sample rules are fixest's.
 */
import type { RunContext } from '../context';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { filterRows } from '../frame';
import { buildDesign, type Design } from '../design';
import { clusterColumns, designClusters, estimateFeols, resolveSsc, type FeolsEstimate } from '../feols';
import { getColumnOrUserError } from '../did/panel';
import type { CoefficientRow } from '../ols';
import { quantileType2Sorted } from '../rd/rstats';
import type { VcovSpec } from '../../../shared/specs/common';
import { feolsFit, type FeolsFit, type SscSpec } from '../../../shared/specs/feols';

/** The model fields of a mechanism spec (after defaults). */
export interface LinearModelSpec {
  outcome: string;
  treatment: string;
  controls: string[];
  fixed_effects: string[];
  cluster?: string[];
  vcov?: 'iid' | 'hetero';
  ssc?: SscSpec;
  level: number;
}

/** A column as a formula term, named as R and fixest name its coefficient (backticks when not syntactic). */
export function termName(name: string): string {
  return /^(?:[\p{L}]|\.(?![0-9]))[\p{L}\p{N}._]*$/u.test(name) ? name : `\`${name.replace(/`/g, '')}\``;
}

/** The numeric values of a column, or a UserError naming its role. */
export function numericValues(frame: Frame, name: string, role: string): Float64Array {
  const col = getColumnOrUserError(frame, name, role);
  if (col.type !== 'number') throw new UserError('mech.not_numeric', `The ${role} column "${name}" holds text; it must be numeric. Recode it (e.g. to 0/1) in data management first.`, { column: name, role });
  return col.values;
}

/**
 * Checks the model's role columns (present, numeric, each in one role and not a control) and
 * returns their formula terms, named as their coefficients will be.
 */
export function roleTerms<R extends Record<string, string>>(frame: Frame, roles: R, controls: string[]): { [K in keyof R]: string } {
  const seen = new Map<string, string>();
  const terms: Record<string, string> = {};
  for (const [role, column] of Object.entries(roles)) {
    numericValues(frame, column, role);
    const other = seen.get(column);
    if (other) throw new UserError('mech.same_column', `"${column}" is both the ${other} and the ${role}; choose different columns.`, { column, roles: [other, role] });
    seen.set(column, role);
    terms[role] = termName(column);
  }
  for (const c of controls) {
    const role = seen.get(c);
    if (role) throw new UserError('mech.control_in_role', `"${c}" is the ${role} and cannot also be a control; remove it from the controls.`, { column: c, role });
  }
  return terms as { [K in keyof R]: string };
}

/** `controls` entry as a formula term: a plain column name is quoted if needed, anything else is a feols term. */
function controlTerm(frame: Frame, control: string): string {
  return frame.columns.some((c) => c.name === control) ? termName(control) : control;
}

/** One fixed effect as written in the formula (interactions `a^b` are left to the parser). */
function fixefTerm(frame: Frame, fe: string): string {
  return frame.columns.some((c) => c.name === fe) ? termName(fe) : fe;
}

/** `y ~ rhs + controls | fe1 + fe2`; the right-hand side terms are already formula terms. */
export function modelFormula(frame: Frame, spec: LinearModelSpec, y: string, rhs: string[]): string {
  const terms = [...rhs, ...spec.controls.map((c) => controlTerm(frame, c))];
  const fe = spec.fixed_effects.map((f) => fixefTerm(frame, f));
  return `${y} ~ ${terms.length ? terms.join(' + ') : '1'}${fe.length ? ` | ${fe.join(' + ')}` : ''}`;
}

/** The spec's variance: clusters when listed, else `vcov`, else fixest's default (first fixed effect). */
export function vcovOf(spec: LinearModelSpec): VcovSpec | undefined {
  if (spec.cluster && spec.cluster.length) return { cluster: spec.cluster };
  if (spec.cluster) return spec.vcov ?? 'iid';
  return spec.vcov;
}

/** Columns behind the spec's variance that must be non-missing (cluster variables). */
export function varianceColumns(spec: LinearModelSpec): string[] {
  return clusterColumns(vcovOf(spec));
}

export interface Sample {
  /** The rows complete for every variable of the model (and `also`). */
  frame: Frame;
  nobsOriginal: number;
  /** Rows dropped because a variable was missing, per variable (first missing one). */
  missingBy: Record<string, number>;
}

/**
 * The common estimation sample: rows where every variable of `formula` (the largest equation),
 * the cluster variables and `also` are present. Equations fitted on it keep the same rows, so
 * their coefficients can be combined (c = c' + a·b holds exactly).
 */
export function commonSample(frame: Frame, formula: string, spec: LinearModelSpec, also: string[] = []): Sample {
  const design = buildDesign(frame, formula, { alsoRequire: [...varianceColumns(spec), ...also] });
  if (design.rows.length === 0) throw new UserError('mech.empty_sample', 'No row has every variable of the model present; check the columns for missing values.', { formula });
  const keep = new Uint8Array(frame.nrow);
  for (const r of design.rows) keep[r] = 1;
  return { frame: design.rows.length === frame.nrow ? frame : filterRows(frame, keep), nobsOriginal: frame.nrow, missingBy: design.missingBy };
}

/** feols of `formula` on `frame` with the spec's variance and small-sample rules. */
export function fitModel(frame: Frame, formula: string, spec: LinearModelSpec, ctx: RunContext): FeolsEstimate & { design: Design } {
  const vcov = vcovOf(spec);
  const design = buildDesign(frame, formula, { alsoRequire: varianceColumns(spec) });
  const est = estimateFeols(design, { vcov, clusters: designClusters(frame, design, vcov), ssc: resolveSsc(spec.ssc), level: spec.level }, ctx);
  return { ...est, design };
}

/** The coefficient row of `term`, or a UserError when it was dropped (collinear or absorbed). */
export function coefficientOf(est: FeolsEstimate, term: string, column: string, role: string): CoefficientRow {
  const row = est.result.coefficients[term];
  if (!row || row.estimate === null || row.se === null) {
    const fe = est.result.fixef_vars;
    throw new UserError(
      'mech.term_not_estimable',
      `The ${role} "${column}" could not be estimated in ${est.result.formula}: it is collinear with the controls${fe.length ? ` or absorbed by the fixed effects (${fe.join(', ')})` : ''}. Use a variable that varies within the fixed effects.`,
      { column, role, formula: est.result.formula },
    );
  }
  return { estimate: row.estimate, se: row.se, t: row.t ?? null, p: row.p, conf_low: row.conf_low ?? null, conf_high: row.conf_high ?? null };
}

/** The statistics of one equation (the FeolsFit part of a feols result). */
export function fitOf(est: FeolsEstimate): FeolsFit {
  const r = est.result;
  return Object.fromEntries(Object.keys(feolsFit.shape).map((k) => [k, r[k as keyof FeolsFit]])) as FeolsFit;
}

/** A context whose progress maps [0, 1] onto [from, to] of the parent's. */
export function subContext(ctx: RunContext, from: number, to: number): RunContext {
  return { checkCancelled: () => ctx.checkCancelled(), progress: (f, m) => ctx.progress(from + (to - from) * f, m) };
}

/** A column name not yet in the frame: `base`, else `base2`, `base3`, … */
export function freshName(frame: Frame, base: string): string {
  let name = base;
  for (let k = 2; frame.columns.some((c) => c.name === name); k++) name = `${base}${k}`;
  return name;
}

export interface QuantileGroups {
  /** Group of each value, 0-based; -1 for a missing value. */
  codes: Int32Array;
  count: number;
  /** Upper cut point of every group but the last (a value ≤ cut belongs to that group or an earlier one). */
  cuts: number[];
  min: number;
  max: number;
}

/**
 * Stata's xtile: cut points are the k/groups percentiles by Stata's default definition (R's
 * quantile type 2), and a value belongs to the first group whose cut point it does not exceed.
 * Tied cut points, or a group left empty by them, merge with the next group.
 */
export function quantileGroups(x: Float64Array, groups: number): QuantileGroups {
  const sorted = Float64Array.from(x.filter((v) => !Number.isNaN(v))).sort();
  const raw = Array.from({ length: groups - 1 }, (_, k) => quantileType2Sorted(sorted, (k + 1) / groups));
  const codes = new Int32Array(x.length).fill(-1);
  const used = new Array<boolean>(groups).fill(false);
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) continue;
    let g = 0;
    while (g < raw.length && x[i] > raw[g]) g++;
    codes[i] = g;
    used[g] = true;
  }
  const remap = new Int32Array(groups).fill(-1);
  const cuts: number[] = [];
  let count = 0;
  used.forEach((u, g) => {
    if (!u) return;
    remap[g] = count++;
    if (g < raw.length) cuts.push(raw[g]);
  });
  // A cut above the last non-empty group bounds no value: drop it.
  if (cuts.length >= count) cuts.length = count - 1;
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  return { codes, count, cuts, min: sorted[0], max: sorted[sorted.length - 1] };
}
