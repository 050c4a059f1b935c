/**
 * fixest's i(factor_var, var, ref, keep, bin, ref2, keep2, bin2): one dummy per value of
 * `factor_var` (optionally times a numeric `var`, or crossed with a factor `var`), named
 * `f::value`, `f::value:var` or `f::value:var::value2` exactly as fixest names them.
 *
 * Rules taken from fixest's documentation and behaviour:
 * - the second positional argument is a reference, not a variable, when it is a constant of
 *   length <= 2 and `ref` is not named (`i(period, treat, 5)` vs `i(period, 5)`);
 * - a name prefixed with `i.` is crossed as a factor (`i(Month, i.week)`);
 * - without ref/keep, in a model with an intercept or fixed effects, the first value is
 *   dropped to avoid collinearity, unless the dummies are multiplied by a numeric variable;
 * - rows with `factor_var` (or `var`) missing are missing; rows of reference values are 0.
 */
import type { Expr } from './parser';
import { deparse, unparen } from './parser';
import { Evaluator, literalValues, logicalAsFactor, matchArgs, type SpecialFunction, type Value } from './evaluate';
import { combineFactors, factorizeNumbers, type Factorized } from './factorize';
import { formatRNumber } from './rformat';

export interface IMeta {
  kind: 'i';
  /** Deparsed factor variable (`period`), the prefix of every coefficient name. */
  factorName: string;
  /** Deparsed interacted variable, null when there is none. */
  varName: string | null;
  /** Values of factor_var that got a column, in column order (for event-study plots). */
  values: string[];
  /** Values of factor_var used as references (no column). */
  references: string[];
}

type Literal = number | string | boolean;

function asFactor(v: Value, at: Expr, ev: Evaluator): Factorized {
  if (v.kind === 'factor') return { codes: v.codes, labels: v.labels, numericLevels: v.numericLevels };
  if (v.kind === 'number') return factorizeNumbers(v.values, null, v.integer);
  if (v.kind === 'logical') {
    const f = logicalAsFactor(v.values);
    return { codes: f.codes, labels: f.labels, numericLevels: null };
  }
  throw ev.fail('formula.bad_term', `i() needs a column as its factor, got ${deparse(at)}.`, at);
}

/** Item indices whose value matches one of `wanted` (numbers numerically, text by label). */
function matchItems(f: Factorized, wanted: Literal[]): { ids: Set<number>; missing: Literal[] } {
  const ids = new Set<number>();
  const missing: Literal[] = [];
  for (const w of wanted) {
    let found = false;
    f.labels.forEach((label, j) => {
      const hit = typeof w === 'number' && f.numericLevels ? f.numericLevels[j] === w : label === (typeof w === 'number' ? formatRNumber(w, Number.isInteger(w)) : String(w));
      if (hit) {
        ids.add(j);
        found = true;
      }
    });
    if (!found) missing.push(w);
  }
  return { ids, missing };
}

export function makeIFunction(notes: string[]): SpecialFunction {
  return (call, ev) => {
    const args = matchArgs(call, ['factor_var', 'var', 'ref', 'keep', 'bin', 'ref2', 'keep2', 'bin2'], ev);
    if (!args.factor_var) throw ev.fail('formula.bad_arguments', 'i() needs a factor variable: i(period) or i(period, treat, ref = 5).', call);
    for (const b of ['bin', 'bin2'] as const) if (args[b]) throw ev.fail('formula.unsupported_argument', `i(${b} = ...) is not supported; recode the variable before the estimation.`, args[b]);

    const literal = (name: 'ref' | 'keep' | 'ref2' | 'keep2'): Literal[] | null => {
      const a = args[name];
      if (!a) return null;
      const v = literalValues(a.value);
      if (!v) throw ev.fail('formula.bad_arguments', `i(${name} = ...) must be a value or c(...) of values.`, a);
      return v;
    };

    let ref = literal('ref');
    let varExpr: Expr | null = args.var ? args.var.value : null;
    if (varExpr && !args.ref) {
      const lit = literalValues(varExpr);
      if (lit && lit.length <= 2) {
        ref = lit;
        varExpr = null;
      }
    }
    const keep = literal('keep');
    const ref2 = literal('ref2');
    const keep2 = literal('keep2');

    const fExpr = args.factor_var.value;
    const factorName = deparse(fExpr);
    const f = asFactor(ev.evaluate(fExpr), fExpr, ev);

    let varName: string | null = null;
    let numericVar: Float64Array | null = null;
    let factorVar: Factorized | null = null;
    if (varExpr) {
      const inner = unparen(varExpr);
      if (inner.kind === 'name' && !inner.quoted && inner.name.startsWith('i.') && !ev.frame.columns.some((c) => c.name === inner.name)) {
        const target: Expr = { ...inner, name: inner.name.slice(2) };
        varName = deparse(target);
        factorVar = asFactor(ev.evaluate(target), target, ev);
      } else {
        varName = deparse(varExpr);
        const v = ev.evaluate(varExpr);
        if (v.kind === 'factor') factorVar = { codes: v.codes, labels: v.labels, numericLevels: v.numericLevels };
        else if (v.kind === 'number' || v.kind === 'logical') numericVar = v.values;
        else throw ev.fail('formula.bad_arguments', `The second argument of i() must be a column or a reference value, got ${deparse(varExpr)}.`, varExpr);
      }
    }
    if ((ref2 || keep2) && !factorVar) throw ev.fail('formula.bad_arguments', 'ref2/keep2 need a factor as the second variable of i().', call);

    // Items: the values (or value pairs) of the factor, in sorted order.
    const items = factorVar ? combineFactors([f, factorVar], '\u0000') : f;
    const fItemOf = (j: number): number => (factorVar ? Math.floor(splitPair(items, f, factorVar, j)[0]) : j);
    const nItems = items.labels.length;
    if (nItems === 0) throw ev.fail('formula.no_values', `${factorName} has no non-missing values.`, fExpr);

    const drop = new Set<number>();
    const refItems = new Set<number>();
    if (ref) {
      if (ref.length === 1 && ref[0] === true) {
        drop.add(0);
        refItems.add(0);
      } else {
        const { ids, missing } = matchItems(f, ref);
        if (ids.size === 0) throw ev.fail('formula.bad_reference', `None of the reference values ${ref.join(', ')} occurs in ${factorName}. Its values are: ${f.labels.slice(0, 20).join(', ')}${f.labels.length > 20 ? ', …' : ''}.`, call);
        if (missing.length) notes.push(`i(): reference value${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'do' : 'does'} not occur in ${factorName}.`);
        for (let j = 0; j < nItems; j++) if (ids.has(fItemOf(j))) {
          drop.add(j);
          refItems.add(j);
        }
      }
    }
    if (keep) {
      const { ids } = matchItems(f, keep);
      for (let j = 0; j < nItems; j++) if (!ids.has(fItemOf(j))) drop.add(j);
    }
    if (factorVar && (ref2 || keep2)) {
      const vItemOf = (j: number): number => splitPair(items, f, factorVar as Factorized, j)[1];
      if (ref2) {
        const { ids } = matchItems(factorVar, ref2);
        for (let j = 0; j < nItems; j++) if (ids.has(vItemOf(j))) drop.add(j);
      }
      if (keep2) {
        const { ids } = matchItems(factorVar, keep2);
        for (let j = 0; j < nItems; j++) if (!ids.has(vItemOf(j))) drop.add(j);
      }
    }
    if (!ref && !keep && !ref2 && !keep2 && ev.options.interceptOrFixef && !numericVar) {
      drop.add(0);
      refItems.add(0);
    }
    if (drop.size === nItems) throw ev.fail('formula.no_values', `Every value of ${factorName} was removed by ref/keep, so i() creates no column.`, call);

    const kept: number[] = [];
    for (let j = 0; j < nItems; j++) if (!drop.has(j)) kept.push(j);
    const colOf = new Int32Array(nItems).fill(-1);
    kept.forEach((j, c) => (colOf[j] = c));

    const names = kept.map((j) => {
      if (factorVar) {
        const [a, b] = splitPair(items, f, factorVar, j);
        return `${factorName}::${f.labels[a]}:${varName}::${factorVar.labels[b]}`;
      }
      return numericVar ? `${factorName}::${f.labels[j]}:${varName}` : `${factorName}::${f.labels[j]}`;
    });

    const n = ev.n;
    const columns = kept.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const code = items.codes[i];
      const varMissing = numericVar ? !Number.isFinite(numericVar[i]) : factorVar ? factorVar.codes[i] < 0 : false;
      if (code < 0 || f.codes[i] < 0 || varMissing) {
        for (const col of columns) col[i] = NaN;
        continue;
      }
      const c = colOf[code];
      if (c >= 0) columns[c][i] = numericVar ? numericVar[i] : 1;
    }
    const meta: IMeta = {
      kind: 'i',
      factorName,
      varName,
      values: [...new Set(kept.map((j) => f.labels[fItemOf(j)]))],
      references: [...new Set([...refItems].map((j) => f.labels[fItemOf(j)]))],
    };
    return { kind: 'matrix', columns, names, meta };
  };
}

/** For a combined (f, var) item, the component level indices. */
function splitPair(items: Factorized, f: Factorized, v: Factorized, j: number): [number, number] {
  const [a, b] = items.labels[j].split('\u0000');
  return [f.labels.indexOf(a), v.labels.indexOf(b)];
}
