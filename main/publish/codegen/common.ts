/**
 * Pieces shared by the R and Stata generators: the generated-code shape, the name a data set
 * gets in a script, and the spec fields every analysis has (data, subset, levels).
 */
import { UserError } from '../../engine/errors';

export interface GeneratedCode {
  language: 'r' | 'stata';
  /** The whole script: packages, data loading, row filter, derived columns, the estimation. */
  script: string;
  /** The estimation statements alone (what is compared with a reference call). */
  call: string;
  /** The name the data set has in the script. */
  dataName: string;
  /** Where the script cannot reproduce Causeway exactly (different defaults, RNG, tie rules). */
  notes: string[];
}

/** The spec as the generators read it: a model name and its fields. */
export type AnySpec = { model: string } & Record<string, unknown>;

export function asSpec(spec: unknown): AnySpec {
  if (!spec || typeof spec !== 'object' || typeof (spec as { model?: unknown }).model !== 'string') {
    throw new UserError('codegen_spec', 'Code can be generated only for an analysis spec (an object with a "model" field).', {});
  }
  return spec as AnySpec;
}

export function unsupported(language: 'R' | 'Stata', model: string, why: string): UserError {
  return new UserError('codegen_unsupported', `No ${language} code is generated for ${model}: ${why}`, { model, language });
}

/** The file name without folder and extension, as a script variable name ("mpdta.csv" → "mpdta"). */
export function dataNameFor(dataRef: unknown): string {
  const ref = typeof dataRef === 'string' ? dataRef : 'data';
  const base = ref.split(/[\\/]/).pop() ?? ref;
  const stem = base.replace(/\.[A-Za-z0-9]+$/, '');
  const clean = stem.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (!clean) return 'df';
  return /^[A-Za-z]/.test(clean) ? clean : `d_${clean}`;
}

export function fileExtension(dataRef: unknown): string {
  const ref = typeof dataRef === 'string' ? dataRef : '';
  return (/\.([A-Za-z0-9]+)$/.exec(ref)?.[1] ?? '').toLowerCase();
}

export function str(spec: AnySpec, key: string): string | undefined {
  const v = spec[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(spec: AnySpec, key: string): number | undefined {
  const v = spec[key];
  return typeof v === 'number' ? v : undefined;
}

export function strs(spec: AnySpec, key: string): string[] {
  const v = spec[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function requireStr(spec: AnySpec, key: string): string {
  const v = str(spec, key);
  if (v === undefined) throw new UserError('codegen_spec', `The ${spec.model} spec has no "${key}", so no code can be generated for it.`, { model: spec.model, field: key });
  return v;
}

/** Left- and right-hand sides of "y ~ a + b" (the right side trimmed, the left side a single name). */
export function splitFormula(formula: string): { lhs: string; rhs: string } {
  const i = formula.indexOf('~');
  if (i < 0) throw new UserError('codegen_spec', `"${formula}" is not a formula (it has no ~).`, { formula });
  return { lhs: formula.slice(0, i).trim(), rhs: formula.slice(i + 1).trim() };
}

/** A spec's variance choice as the common vcovSpec writes it ("iid", "hetero", "HC1", "HC3" or {cluster}). */
export type Vcov = string | { cluster: string[] } | undefined;

export function vcovOf(v: unknown): Vcov {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && Array.isArray((v as { cluster?: unknown }).cluster)) return { cluster: (v as { cluster: string[] }).cluster };
  return undefined;
}

/** rdrobust's kernel names, long form (the specs also accept tri / epa / uni). */
export const RD_KERNELS: Record<string, string> = { tri: 'triangular', triangular: 'triangular', epa: 'epanechnikov', epanechnikov: 'epanechnikov', uni: 'uniform', uniform: 'uniform' };
