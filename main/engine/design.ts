/**
 * The model matrix: formula + frame -> response, regressor columns with R/fixest names, fixed
 * effects as integer codes, instruments, weights, and the rows used after listwise deletion.
 *
 * Semantics follow R's model.frame/model.matrix as fixest uses them:
 * - every variable is evaluated on all rows, then a row is dropped when any variable it needs
 *   (response, regressors, fixed effects, instruments, weights, `alsoRequire`) is missing or
 *   not finite; rows with zero weight are dropped too (fixest);
 * - factor regressors use treatment contrasts, decided per term with R's rule (Chambers &
 *   Hastie 1992, p. 38; R's TermCode): a factor is coded by contrasts when the term without
 *   it is empty or appears earlier, else by a full set of dummies; without an intercept the
 *   first factor of the first term with a factor gets full dummies. With fixed effects the
 *   coding is done as if the intercept were present and the intercept column is then
 *   dropped, as fixest does;
 * - factor levels come from the whole (subset) data, so a level seen only on dropped rows
 *   yields an all-zero column that the estimator reports as collinear (fixest), unless
 *   `dropUnusedLevels` asks for R's lm() behaviour.
 */
import type { Column, Frame, NumericColumn, StringColumn } from './frame';
import { findColumn } from './frame';
import { UserError } from './errors';
import { formulaError, pointAt } from './formula/lexer';
import { deparse, parseFormula, unparen, type Expr, type ParsedFormula } from './formula/parser';
import { expandTerms, type TermList } from './formula/terms';
import { Evaluator, logicalAsFactor, type Value } from './formula/evaluate';
import { makeIFunction, type IMeta } from './formula/ifactor';
import { combineFactors, factorizeColumn, type Factorized } from './formula/factorize';
import { makeSunabFunction, type SunabMeta } from './sunab';

export interface DesignOptions {
  /** Column name of analytic weights. */
  weights?: string;
  /** Columns that must be non-missing too (cluster variables, ...). */
  alsoRequire?: string[];
  /** Default: true unless the formula has fixed effects or "0"/"-1". */
  intercept?: boolean;
  /**
   * Drop factor levels that do not occur in the estimation rows (R's lm, glm) instead of
   * keeping an all-zero column for them (fixest). Default false.
   */
  dropUnusedLevels?: boolean;
}

export interface FixedEffectInfo {
  /** `id`, or `Origin^Product` for an interaction. */
  name: string;
  /** Level code (0..nlevels-1) per used row. */
  codes: Int32Array;
  nlevels: number;
  levels: string[];
  /** Source column names (one, or several for `a^b`). */
  columns: string[];
}

/** Columns created by i() or sunab(): their names and the builder's metadata. */
export interface SpecialTerm {
  label: string;
  names: string[];
  meta: IMeta | SunabMeta;
}

export interface Design {
  /** Numeric LHS (null if none or not numeric). */
  response: { name: string; values: Float64Array } | null;
  /** The raw LHS column restricted to `rows` (a factor for polr). */
  responseColumn: Column | null;
  /**
   * RHS regressors, each of length rows.length. Read-only: when no row is dropped, numeric
   * columns (and the response and weights) are the frame's own arrays, not copies.
   */
  columns: Float64Array[];
  /** Coefficient names exactly as fixest/R name them. */
  names: string[];
  /** Term label of each column ("(Intercept)" for the intercept). */
  columnTerms: string[];
  hasIntercept: boolean;
  fixedEffects: FixedEffectInfo[];
  iv: null | {
    endogenous: { names: string[]; columns: Float64Array[] };
    instruments: { names: string[]; columns: Float64Array[] };
  };
  /** Indices (into the input frame) of the rows used. */
  rows: Int32Array;
  nobsOriginal: number;
  weights: Float64Array | null;
  /** Rows dropped by listwise deletion (missing or non-finite values). */
  removedMissing: number;
  /** Rows dropped because their weight is 0. */
  removedZeroWeight: number;
  /** Rows dropped per variable (each row counted once, for its first missing variable). */
  missingBy: Record<string, number>;
  specials: SpecialTerm[];
  /** Messages for the user (dropped rows, unused reference values, ...). */
  notes: string[];
  formula: ParsedFormula;
}

interface VariableSlot {
  label: string;
  expr: Expr;
  value: Value;
}

function isFactorLike(v: Value): boolean {
  return v.kind === 'factor' || v.kind === 'logical';
}

function asFactorValue(v: Value): Extract<Value, { kind: 'factor' }> {
  if (v.kind === 'factor') return v;
  if (v.kind === 'logical') return logicalAsFactor(v.values);
  throw new Error('internal: not a factor');
}

/** Rows where a variable is missing or not finite; null when none is. */
function missingMask(v: Value, n: number): Uint8Array | null {
  let mask: Uint8Array | null = null;
  const mark = (i: number): void => {
    if (!mask) mask = new Uint8Array(n);
    mask[i] = 1;
  };
  switch (v.kind) {
    case 'number':
    case 'logical': {
      const x = v.values;
      for (let i = 0; i < n; i++) if (!(x[i] - x[i] === 0)) mark(i);
      break;
    }
    case 'factor': {
      const c = v.codes;
      for (let i = 0; i < n; i++) if (c[i] < 0) mark(i);
      break;
    }
    case 'matrix':
      for (const col of v.columns) for (let i = 0; i < n; i++) if (!(col[i] - col[i] === 0)) mark(i);
      break;
    default:
      break;
  }
  return mask;
}

function columnMissingMask(col: Column): Uint8Array | null {
  if (col.type === 'number') return missingMask({ kind: 'number', values: col.values, integer: false }, col.values.length);
  return missingMask({ kind: 'factor', codes: col.codes, labels: col.levels, numericLevels: null }, col.codes.length);
}

/** Refuses text columns that are mostly numbers: almost always a data error, not a factor. */
function checkNumericLookingText(frame: Frame, expr: Expr, text: string): void {
  const inner = unparen(expr);
  if (inner.kind !== 'name') return;
  const col = findColumn(frame, inner.name);
  if (!col || col.type !== 'string' || col.explicitOrder) return;
  const numeric = col.levels.filter((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  if (numeric.length * 2 <= col.levels.length || numeric.length === col.levels.length) return;
  const bad = col.levels.filter((l) => !(l.trim() !== '' && Number.isFinite(Number(l))));
  const row = col.codes.findIndex((c) => c >= 0 && col.levels[c] === bad[0]);
  throw new UserError(
    'design.text_in_numeric_column',
    `Column "${inner.name}" is mostly numbers but holds text such as "${bad[0]}" (row ${row + 1}), so it was read as text. Fix or mark those values as missing; to use it as a categorical variable on purpose write factor(${inner.name}).\n${pointAt(text, expr.start, expr.end)}`,
    { column: inner.name, row: row + 1, value: bad[0], formula: text, position: expr.start },
  );
}

export function buildDesign(frame: Frame, formula: string, opts: DesignOptions = {}): Design {
  const parsed = parseFormula(formula);
  const text = parsed.text;
  const notes: string[] = [];
  const rhsTerms = expandTerms(parsed.rhs, text, parsed.lhs);
  const fixefSpecs = parseFixef(parsed.fixef, text);
  const hasFixef = fixefSpecs.length > 0;
  const hasIntercept = opts.intercept ?? (rhsTerms.intercept && !hasFixef);
  const ev = new Evaluator(frame, text, {
    interceptOrFixef: rhsTerms.intercept || hasFixef,
    specials: { i: makeIFunction(notes), sunab: makeSunabFunction(notes) },
  });
  const n = frame.nrow;

  // Evaluate everything on all rows.
  let lhsValue: Value | null = null;
  if (parsed.lhs) {
    lhsValue = ev.evaluate(parsed.lhs);
    if (lhsValue.kind === 'matrix' || lhsValue.kind === 'constant') throw formulaError('formula.bad_response', 'The dependent variable must be a single column.', text, parsed.lhs.start, parsed.lhs.end);
  }
  const slots = (terms: TermList): VariableSlot[] =>
    terms.variables.map((v) => {
      if (parsed.lhs && deparse(parsed.lhs) === v.label) return { label: v.label, expr: v.expr, value: lhsValue as Value };
      const value = ev.evaluate(v.expr);
      if (value.kind === 'factor') checkNumericLookingText(frame, v.expr, text);
      if (value.kind === 'constant') throw formulaError('formula.bad_term', `${v.label} is a constant, not a variable.`, text, v.expr.start, v.expr.end);
      return { label: v.label, expr: v.expr, value };
    });
  const rhsSlots = slots(rhsTerms);
  let endoTerms: TermList | null = null;
  let instTerms: TermList | null = null;
  let endoSlots: VariableSlot[] = [];
  let instSlots: VariableSlot[] = [];
  if (parsed.iv) {
    endoTerms = expandTerms(parsed.iv.endo, text);
    instTerms = expandTerms(parsed.iv.inst, text);
    endoSlots = slots(endoTerms);
    instSlots = slots(instTerms);
    const exo = new Set(rhsTerms.terms.map((t) => t.label));
    for (const t of endoTerms.terms) {
      if (exo.has(t.label)) throw formulaError('formula.endogenous_exogenous', `${t.label} is both exogenous (first part) and endogenous (IV part); list it only as endogenous.`, text, parsed.iv.endo.start, parsed.iv.endo.end);
    }
    for (const t of instTerms.terms) {
      if (exo.has(t.label)) throw formulaError('formula.instrument_exogenous', `${t.label} is both an exogenous regressor and an excluded instrument; exogenous regressors are already used as instruments.`, text, parsed.iv.inst.start, parsed.iv.inst.end);
    }
  }
  const feColumns = fixefSpecs.map((spec) =>
    spec.columns.map((name, k) => {
      const col = findColumn(frame, name);
      if (!col) throw formulaError('formula.unknown_column', `Fixed-effect column "${name}" is not in the data.`, text, spec.spans[k].start, spec.spans[k].end);
      return col;
    }),
  );
  let weightCol: NumericColumn | null = null;
  if (opts.weights) {
    const col = findColumn(frame, opts.weights);
    if (!col) throw new UserError('design.unknown_column', `Weight column "${opts.weights}" is not in the data.`, { column: opts.weights });
    if (col.type !== 'number') throw new UserError('design.not_numeric', `Weight column "${opts.weights}" holds text; weights must be numbers.`, { column: opts.weights });
    for (let i = 0; i < n; i++) {
      if (col.values[i] < 0) throw new UserError('design.negative_weight', `Weight column "${opts.weights}" has a negative value (${col.values[i]}) at row ${i + 1}; weights must be >= 0.`, { column: opts.weights, row: i + 1 });
    }
    weightCol = col;
  }
  const required = (opts.alsoRequire ?? []).map((name) => {
    const col = findColumn(frame, name);
    if (!col) throw new UserError('design.unknown_column', `Column "${name}" is not in the data.`, { column: name });
    return col;
  });

  // Listwise deletion, attributing each dropped row to its first missing variable.
  const checks: { name: string; mask: Uint8Array | null }[] = [];
  const seen = new Set<string>();
  if (parsed.lhs && lhsValue) {
    checks.push({ name: deparse(parsed.lhs), mask: missingMask(lhsValue, n) });
    seen.add(deparse(parsed.lhs));
  }
  for (const s of [...rhsSlots, ...endoSlots, ...instSlots]) {
    if (seen.has(s.label)) continue;
    seen.add(s.label);
    checks.push({ name: s.label, mask: missingMask(s.value, n) });
  }
  fixefSpecs.forEach((spec, q) =>
    feColumns[q].forEach((col, k) => {
      if (seen.has(spec.columns[k])) return;
      seen.add(spec.columns[k]);
      checks.push({ name: spec.columns[k], mask: columnMissingMask(col) });
    }),
  );
  if (weightCol) checks.push({ name: weightCol.name, mask: columnMissingMask(weightCol) });
  for (const col of required) {
    if (seen.has(col.name)) continue;
    seen.add(col.name);
    checks.push({ name: col.name, mask: columnMissingMask(col) });
  }
  const missingBy: Record<string, number> = {};
  const allMissing: Record<string, number> = {};
  const bad = new Uint8Array(n);
  let removedMissing = 0;
  for (const c of checks) {
    const m = c.mask;
    if (!m) continue;
    let first = 0;
    let all = 0;
    for (let i = 0; i < n; i++) {
      if (m[i]) {
        all++;
        if (!bad[i]) {
          bad[i] = 1;
          first++;
        }
      }
    }
    allMissing[c.name] = all;
    if (first) missingBy[c.name] = first;
    removedMissing += first;
  }
  let removedZeroWeight = 0;
  if (weightCol) {
    const wv = weightCol.values;
    for (let i = 0; i < n; i++) {
      if (!bad[i] && wv[i] === 0) {
        bad[i] = 2;
        removedZeroWeight++;
      }
    }
  }
  const nUsed = n - removedMissing - removedZeroWeight;
  if (nUsed === 0) {
    const worst = Object.entries(allMissing).sort((a, b) => b[1] - a[1]);
    const detail = worst.length ? ` Missing or non-finite values: ${worst.map(([k, v]) => `${k} (${v} of ${n} rows)`).join(', ')}.` : '';
    throw new UserError('design.no_observations', `No observation is left to estimate the model.${detail}${removedZeroWeight ? ` ${removedZeroWeight} rows have weight 0.` : ''}`, { missing: allMissing, nrow: n });
  }
  const rows = new Int32Array(nUsed);
  for (let i = 0, k = 0; i < n; i++) if (!bad[i]) rows[k++] = i;
  // With every row kept, numeric columns are shared with the frame instead of copied.
  const identity = nUsed === n;
  if (removedMissing > 0) {
    const parts = Object.entries(missingBy).map(([k, v]) => `${k}: ${v}`);
    notes.push(`${removedMissing} observation${removedMissing > 1 ? 's' : ''} removed because of missing or non-finite values (${parts.join(', ')}).`);
  }
  if (removedZeroWeight > 0) notes.push(`${removedZeroWeight} observation${removedZeroWeight > 1 ? 's' : ''} removed because of 0 weight.`);

  // Response.
  let response: Design['response'] = null;
  let responseColumn: Column | null = null;
  if (parsed.lhs && lhsValue) {
    const name = deparse(parsed.lhs);
    const lhsInner = unparen(parsed.lhs);
    const src = lhsInner.kind === 'name' ? findColumn(frame, lhsInner.name) : undefined;
    if (lhsValue.kind === 'number' || lhsValue.kind === 'logical') {
      const values = pickRows(lhsValue.values, rows, identity);
      response = { name, values };
      responseColumn = src && src.type === 'number' ? { ...src, values } : { type: 'number', name, values };
    } else if (lhsValue.kind === 'factor') {
      const codes = new Int32Array(nUsed);
      for (let k = 0; k < nUsed; k++) codes[k] = lhsValue.codes[rows[k]];
      const base: Partial<StringColumn> = src ? { label: src.label, valueLabels: src.valueLabels } : {};
      responseColumn = { ...base, type: 'string', name, codes, levels: lhsValue.labels.slice(), explicitOrder: true };
    }
  }

  // Regressors.
  const built = buildTermColumns(rhsTerms, rhsSlots, rows, identity, rhsTerms.intercept, !!opts.dropUnusedLevels, text);
  const columns: Float64Array[] = [];
  const names: string[] = [];
  const columnTerms: string[] = [];
  if (hasIntercept) {
    columns.push(new Float64Array(nUsed).fill(1));
    names.push('(Intercept)');
    columnTerms.push('(Intercept)');
  }
  columns.push(...built.columns);
  names.push(...built.names);
  columnTerms.push(...built.terms);

  let iv: Design['iv'] = null;
  if (endoTerms && instTerms) {
    const endo = buildTermColumns(endoTerms, endoSlots, rows, identity, true, !!opts.dropUnusedLevels, text);
    const inst = buildTermColumns(instTerms, instSlots, rows, identity, true, !!opts.dropUnusedLevels, text);
    if (endo.columns.length === 0) throw formulaError('formula.bad_iv', 'The IV part needs at least one endogenous variable: "endo ~ instrument".', text, parsed.iv?.endo.start ?? 0, parsed.iv?.endo.end);
    if (inst.columns.length < endo.columns.length) throw formulaError('formula.underidentified', `The model is not identified: ${endo.columns.length} endogenous variable(s) but only ${inst.columns.length} excluded instrument(s).`, text, parsed.iv?.inst.start ?? 0, parsed.iv?.inst.end);
    iv = { endogenous: { names: endo.names, columns: endo.columns }, instruments: { names: inst.names, columns: inst.columns } };
  }

  const fixedEffects: FixedEffectInfo[] = fixefSpecs.map((spec, q) => {
    const parts = feColumns[q].map((col) => factorizeColumn(col, identity ? null : rows));
    const f = combineFactors(parts, '_');
    return { name: spec.name, codes: f.codes, nlevels: f.labels.length, levels: f.labels, columns: spec.columns };
  });

  let weights: Float64Array | null = null;
  if (weightCol) weights = pickRows(weightCol.values, rows, identity);

  const specials: SpecialTerm[] = [];
  for (const s of rhsSlots) {
    if (s.value.kind === 'matrix' && s.value.meta) specials.push({ label: s.label, names: s.value.names, meta: s.value.meta as IMeta | SunabMeta });
  }

  return {
    response,
    responseColumn,
    columns,
    names,
    columnTerms,
    hasIntercept,
    fixedEffects,
    iv,
    rows,
    nobsOriginal: n,
    weights,
    removedMissing,
    removedZeroWeight,
    missingBy,
    specials,
    notes,
    formula: parsed,
  };
}

interface FixefSpec {
  name: string;
  columns: string[];
  spans: { start: number; end: number }[];
}

/** The fixed-effects part: `fe1 + fe2 + fe1^fe2` with plain column names. */
function parseFixef(e: Expr | null, text: string): FixefSpec[] {
  if (!e) return [];
  const out: FixefSpec[] = [];
  const walk = (x: Expr): void => {
    const inner = unparen(x);
    if (inner.kind === 'binary' && inner.op === '+') {
      walk(inner.left);
      walk(inner.right);
      return;
    }
    const cols: string[] = [];
    const spans: { start: number; end: number }[] = [];
    const collect = (y: Expr): void => {
      const z = unparen(y);
      if (z.kind === 'binary' && z.op === '^') {
        collect(z.left);
        collect(z.right);
      } else if (z.kind === 'name') {
        cols.push(z.name);
        spans.push({ start: z.start, end: z.end });
      } else {
        throw formulaError('formula.bad_fixef', `Fixed effects must be column names or interactions such as fe1^fe2; "${deparse(z)}" is neither.`, text, z.start, z.end);
      }
    };
    collect(inner);
    const name = cols.join('^');
    if (out.some((o) => o.name === name)) throw formulaError('formula.bad_fixef', `Fixed effect ${name} is listed twice.`, text, inner.start, inner.end);
    out.push({ name, columns: cols, spans });
  };
  walk(e);
  return out;
}

/** values[rows], or the array itself when every row is used (read-only sharing). */
function pickRows(values: Float64Array, rows: Int32Array, identity: boolean): Float64Array {
  if (identity) return values;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

/** One candidate column of a term's variable: numeric values, or a factor level indicator. */
type Piece = { name: string; values: Float64Array } | { name: string; codes: Int32Array; level: number };

/** Columns of every term, with R's contrast rule and column naming. */
function buildTermColumns(
  terms: TermList,
  slots: VariableSlot[],
  rows: Int32Array,
  identity: boolean,
  codingIntercept: boolean,
  dropUnused: boolean,
  text: string,
): { columns: Float64Array[]; names: string[]; terms: string[] } {
  const nUsed = rows.length;
  // Contrast (1) or full dummy (2) coding for each factor variable of each term (R TermCode).
  const codes = terms.terms.map((t, ti) =>
    t.vars.map((v) => {
      if (!isFactorLike(slots[v].value)) return 0;
      const rest = t.vars.filter((x) => x !== v);
      if (rest.length === 0) return 1;
      for (let p = 0; p < ti; p++) {
        const prev = new Set(terms.terms[p].vars);
        if (rest.every((x) => prev.has(x))) return 1;
      }
      return 2;
    }),
  );
  if (!codingIntercept) {
    outer: for (let ti = 0; ti < terms.terms.length; ti++) {
      for (let k = 0; k < terms.terms[ti].vars.length; k++) {
        if (codes[ti][k] > 0) {
          codes[ti][k] = 2;
          break outer;
        }
      }
    }
  }

  // Per-variable factor levels restricted to used rows when asked (R's drop.unused.levels).
  const factorOf = new Map<number, Factorized>();
  const getFactor = (v: number): Factorized => {
    let f = factorOf.get(v);
    if (!f) {
      const fv = asFactorValue(slots[v].value);
      if (dropUnused) {
        const used = new Uint8Array(fv.labels.length);
        for (let k = 0; k < nUsed; k++) used[fv.codes[rows[k]]] = 1;
        const remap = new Int32Array(fv.labels.length).fill(-1);
        const labels: string[] = [];
        fv.labels.forEach((l, j) => {
          if (used[j]) {
            remap[j] = labels.length;
            labels.push(l);
          }
        });
        const c = new Int32Array(fv.codes.length);
        for (let i = 0; i < c.length; i++) c[i] = fv.codes[i] < 0 ? -1 : remap[fv.codes[i]];
        f = { codes: c, labels, numericLevels: null };
      } else f = { codes: fv.codes, labels: fv.labels, numericLevels: fv.numericLevels };
      factorOf.set(v, f);
    }
    return f;
  };

  const columns: Float64Array[] = [];
  const names: string[] = [];
  const termLabels: string[] = [];
  terms.terms.forEach((t, ti) => {
    const pieceSets: Piece[][] = t.vars.map((v, k) => {
      const slot = slots[v];
      const value = slot.value;
      if (value.kind === 'number') return [{ name: slot.label, values: value.values }];
      if (value.kind === 'matrix') return value.columns.map((c, j) => ({ name: value.names[j], values: c }));
      const f = getFactor(v);
      const code = codes[ti][k];
      if (code === 1 && f.labels.length < 2) {
        throw formulaError('formula.single_level_factor', `${slot.label} has a single value (${f.labels[0] ?? 'none'}) in the data, so it cannot be used as a categorical regressor.`, text, slot.expr.start, slot.expr.end);
      }
      const pieces: Piece[] = [];
      for (let lv = code === 1 ? 1 : 0; lv < f.labels.length; lv++) pieces.push({ name: `${slot.label}${f.labels[lv]}`, codes: f.codes, level: lv });
      return pieces;
    });
    // Cartesian product, first variable varying fastest (R's model.matrix order).
    let combos: Piece[][] = [[]];
    for (const set of pieceSets) {
      const next: Piece[][] = [];
      for (const p of set) for (const c of combos) next.push([...c, p]);
      combos = next;
    }
    for (const combo of combos) {
      let col: Float64Array | null = null;
      for (const p of combo) {
        if ('values' in p) {
          const src = p.values;
          if (!col) col = combo.length === 1 ? pickRows(src, rows, identity) : pickRows(src, rows, false);
          else for (let k = 0; k < nUsed; k++) col[k] *= src[rows[k]];
        } else {
          const c = p.codes;
          const lv = p.level;
          if (!col) {
            col = new Float64Array(nUsed);
            for (let k = 0; k < nUsed; k++) col[k] = c[rows[k]] === lv ? 1 : 0;
          } else for (let k = 0; k < nUsed; k++) if (c[rows[k]] !== lv) col[k] = 0;
        }
      }
      columns.push(col as Float64Array);
      names.push(combo.map((p) => p.name).join(':'));
      termLabels.push(t.label);
    }
  });
  return { columns, names, terms: termLabels };
}
