/**
 * Evaluates formula variables (`x`, `log(x)`, `I(a * b)`, `factor(g)`, `i(...)`,
 * `sunab(...)`) on every row of a frame, before missing values are removed, as R's
 * model.frame and fixest do. Non-finite results (log(0), 1/0) are kept as NaN/±Inf here and
 * treated as missing by the design builder, like fixest's removal of NA and infinite values.
 */
import { findColumn, type Frame } from '../frame';
import { formulaError } from './lexer';
import { deparse, unparen, type CallArg, type Expr } from './parser';
import { factorizeNumbers, factorizeStrings } from './factorize';
import { formatRNumber } from './rformat';

export type Value =
  | { kind: 'number'; values: Float64Array; integer: boolean }
  | { kind: 'factor'; codes: Int32Array; labels: string[]; numericLevels: number[] | null }
  /** R logical: 1 = TRUE, 0 = FALSE, NaN = NA. */
  | { kind: 'logical'; values: Float64Array }
  | { kind: 'constant'; value: number | string }
  /** Several named columns from one variable (i(), sunab()); `meta` is the builder's. */
  | { kind: 'matrix'; columns: Float64Array[]; names: string[]; meta?: unknown };

export type SpecialFunction = (call: Extract<Expr, { kind: 'call' }>, ev: Evaluator) => Value;

export interface EvaluatorOptions {
  /** True when the model has an intercept or fixed effects (i() then drops its first level). */
  interceptOrFixef: boolean;
  /** Handlers for i(), sunab() and similar multi-column functions. */
  specials: Record<string, SpecialFunction>;
}

const UNARY_MATH: Record<string, (x: number) => number> = {
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  exp: Math.exp,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  ceiling: Math.ceil,
  // R rounds half to even (IEC 60559).
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
};

export class Evaluator {
  readonly n: number;
  private readonly cache = new Map<string, Value>();

  constructor(
    readonly frame: Frame,
    readonly text: string,
    readonly options: EvaluatorOptions,
  ) {
    this.n = frame.nrow;
  }

  fail(code: string, message: string, e: { start: number; end: number }): Error {
    return formulaError(code, message, this.text, e.start, e.end);
  }

  /** Evaluates with caching by canonical label. */
  evaluate(e: Expr): Value {
    const label = deparse(e);
    let v = this.cache.get(label);
    if (!v) {
      v = this.evalExpr(e);
      this.cache.set(label, v);
    }
    return v;
  }

  column(e: Extract<Expr, { kind: 'name' }>): Value {
    const col = findColumn(this.frame, e.name);
    if (!col) {
      const names = this.frame.columns.map((c) => c.name);
      const lower = e.name.toLowerCase();
      const close = names.filter((c) => c.toLowerCase() === lower || c.toLowerCase().replace(/[._]/g, '') === lower.replace(/[._]/g, ''));
      const hint = close.length ? ` Did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ` Available columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}.`;
      throw this.fail('formula.unknown_column', `Column "${e.name}" is not in the data.${hint}`, e);
    }
    if (col.type === 'number') return { kind: 'number', values: col.values, integer: !!col.integer };
    const f = factorizeStrings(col.codes, col.levels, null, !!col.explicitOrder);
    return { kind: 'factor', codes: f.codes, labels: f.labels, numericLevels: null };
  }

  private evalExpr(e: Expr): Value {
    switch (e.kind) {
      case 'name':
        return this.column(e);
      case 'number':
        return { kind: 'constant', value: e.value };
      case 'string':
        return { kind: 'constant', value: e.value };
      case 'paren':
        return this.evaluate(e.inner);
      case 'unary': {
        const v = this.evaluate(e.operand);
        if (e.op === '!') return this.logicalOp(v, null, (a) => (a ? 0 : 1));
        if (e.op === '+') return this.numeric(v, e.operand, 'unary +');
        return this.arith(v, { kind: 'constant', value: -1 }, e, '*');
      }
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e);
    }
  }

  /** A numeric view of a value (logicals as 0/1), or an error naming the term. */
  numeric(v: Value, at: Expr, what: string): Value {
    if (v.kind === 'number' || v.kind === 'constant' || v.kind === 'logical') {
      if (v.kind === 'constant' && typeof v.value === 'string') throw this.fail('formula.not_numeric', `"${v.value}" is text; ${what} needs numbers.`, at);
      return v;
    }
    if (v.kind === 'factor') throw this.fail('formula.not_numeric', `${deparse(at)} is a text (categorical) variable; ${what} needs numbers. Convert the column to numbers first.`, at);
    throw this.fail('formula.not_numeric', `${deparse(at)} creates several columns and cannot be used inside ${what}.`, at);
  }

  private get(v: Value, i: number): number {
    switch (v.kind) {
      case 'number':
      case 'logical':
        return v.values[i];
      case 'constant':
        return v.value as number;
      default:
        return NaN;
    }
  }

  private arith(a: Value, b: Value, at: Extract<Expr, { kind: 'binary' | 'unary' }>, op: string): Value {
    const left = at.kind === 'binary' ? at.left : at.operand;
    const right = at.kind === 'binary' ? at.right : at.operand;
    this.numeric(a, left, `"${op}"`);
    this.numeric(b, right, `"${op}"`);
    const f: (x: number, y: number) => number =
      op === '+' ? (x, y) => x + y : op === '-' ? (x, y) => x - y : op === '*' ? (x, y) => x * y : op === '/' ? (x, y) => x / y : (x, y) => Math.pow(x, y);
    if (a.kind === 'constant' && b.kind === 'constant') return { kind: 'constant', value: f(a.value as number, b.value as number) };
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = f(this.get(a, i), this.get(b, i));
    const integer = (a.kind === 'number' ? a.integer : a.kind === 'constant' && Number.isInteger(a.value)) && (b.kind === 'number' ? b.integer : b.kind === 'constant' && Number.isInteger(b.value)) && op !== '/' && op !== '^';
    return { kind: 'number', values: out, integer };
  }

  private logicalOp(a: Value, b: Value | null, f: (x: number, y: number) => number): Value {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const x = this.get(a, i);
      const y = b ? this.get(b, i) : 0;
      out[i] = Number.isNaN(x) || Number.isNaN(y) ? NaN : f(x, y);
    }
    return { kind: 'logical', values: out };
  }

  private compare(a: Value, b: Value, e: Extract<Expr, { kind: 'binary' }>): Value {
    const op = e.op;
    const cmp = (x: number | string, y: number | string): number => {
      switch (op) {
        case '==':
          return x === y ? 1 : 0;
        case '!=':
          return x !== y ? 1 : 0;
        case '<':
          return x < y ? 1 : 0;
        case '>':
          return x > y ? 1 : 0;
        case '<=':
          return x <= y ? 1 : 0;
        default:
          return x >= y ? 1 : 0;
      }
    };
    const out = new Float64Array(this.n);
    const textual = a.kind === 'factor' || b.kind === 'factor' || (a.kind === 'constant' && typeof a.value === 'string') || (b.kind === 'constant' && typeof b.value === 'string');
    if (textual) {
      // R compares a factor with a number or string through as.character().
      const str = (v: Value, i: number): string | null => {
        if (v.kind === 'factor') return v.codes[i] < 0 ? null : v.labels[v.codes[i]];
        if (v.kind === 'constant') return typeof v.value === 'string' ? v.value : formatRNumber(v.value, Number.isInteger(v.value));
        if (v.kind === 'number') return Number.isNaN(v.values[i]) ? null : formatRNumber(v.values[i], v.integer);
        return null;
      };
      for (let i = 0; i < this.n; i++) {
        const x = str(a, i);
        const y = str(b, i);
        out[i] = x === null || y === null ? NaN : cmp(x, y);
      }
      return { kind: 'logical', values: out };
    }
    this.numeric(a, e.left, `"${op}"`);
    this.numeric(b, e.right, `"${op}"`);
    for (let i = 0; i < this.n; i++) {
      const x = this.get(a, i);
      const y = this.get(b, i);
      out[i] = Number.isNaN(x) || Number.isNaN(y) ? NaN : cmp(x, y);
    }
    return { kind: 'logical', values: out };
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): Value {
    const a = this.evaluate(e.left);
    const b = this.evaluate(e.right);
    switch (e.op) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '^':
        return this.arith(a, b, e, e.op);
      case '&':
        this.numeric(a, e.left, '"&"');
        this.numeric(b, e.right, '"&"');
        return this.logicalOp(a, b, (x, y) => (x !== 0 && y !== 0 ? 1 : 0));
      case '|':
        this.numeric(a, e.left, '"|"');
        this.numeric(b, e.right, '"|"');
        return this.logicalOp(a, b, (x, y) => (x !== 0 || y !== 0 ? 1 : 0));
      case ':':
        throw this.fail('formula.bad_term', 'Use ":" only between terms of the formula, not inside a function; inside I() write a * b.', e);
      default:
        return this.compare(a, b, e);
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Value {
    const special = this.options.specials[e.fn];
    if (special) return special(e, this);
    const math = UNARY_MATH[e.fn];
    if (math) {
      const arg = this.single(e);
      const v = this.numeric(this.evaluate(arg), arg, `${e.fn}()`);
      if (v.kind === 'constant') return { kind: 'constant', value: math(v.value as number) };
      const out = new Float64Array(this.n);
      const src = (v as { values: Float64Array }).values;
      for (let i = 0; i < this.n; i++) out[i] = math(src[i]);
      const integer = (e.fn === 'abs' || e.fn === 'sign' || e.fn === 'floor' || e.fn === 'ceiling' || e.fn === 'round') && (v.kind === 'number' ? v.integer : true);
      return { kind: 'number', values: out, integer };
    }
    switch (e.fn) {
      case 'I': {
        const arg = this.single(e);
        const v = this.evaluate(arg);
        if (v.kind === 'constant') {
          if (typeof v.value === 'string') throw this.fail('formula.not_numeric', 'I() of a text constant is not a regressor.', e);
          return { kind: 'number', values: new Float64Array(this.n).fill(v.value), integer: Number.isInteger(v.value) };
        }
        return v;
      }
      case 'factor':
      case 'as.factor':
        return this.toFactor(this.single(e));
      case 'as.numeric':
      case 'as.double': {
        const arg = this.single(e);
        return this.numeric(this.evaluate(arg), arg, `${e.fn}()`);
      }
      case 'poly':
      case 'ns':
      case 'bs':
        throw this.fail('formula.unsupported_function', `${e.fn}() is not supported; add the powers explicitly, e.g. x + I(x^2).`, e);
      default:
        throw this.fail('formula.unknown_function', `Unknown function ${e.fn}(). Supported: log, log2, log10, log1p, exp, expm1, sqrt, abs, sign, floor, ceiling, round, I, factor, i, sunab.`, e);
    }
  }

  single(e: Extract<Expr, { kind: 'call' }>): Expr {
    if (e.args.length !== 1 || e.args[0].name) throw this.fail('formula.bad_arguments', `${e.fn}() takes exactly one argument.`, e);
    return e.args[0].value;
  }

  /** factor(x): levels sorted numerically for numbers, in collation order for text. */
  toFactor(arg: Expr): Value {
    const v = this.evaluate(arg);
    if (v.kind === 'factor') return v;
    if (v.kind === 'number') {
      const f = factorizeNumbers(v.values, null, v.integer);
      return { kind: 'factor', codes: f.codes, labels: f.labels, numericLevels: f.numericLevels };
    }
    if (v.kind === 'logical') return logicalAsFactor(v.values);
    throw this.fail('formula.bad_term', `factor() needs a column, got ${deparse(arg)}.`, arg);
  }
}

/** An R logical used as a regressor behaves as a factor with levels FALSE < TRUE. */
export function logicalAsFactor(values: Float64Array): Extract<Value, { kind: 'factor' }> {
  let hasF = false;
  let hasT = false;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) hasF = true;
    else if (values[i] === 1) hasT = true;
  }
  const labels = [...(hasF ? ['FALSE'] : []), ...(hasT ? ['TRUE'] : [])];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    codes[i] = Number.isNaN(x) ? -1 : x === 0 ? 0 : hasF ? 1 : 0;
  }
  return { kind: 'factor', codes, labels, numericLevels: null };
}

/** Literal values in i()/sunab() arguments: 5, -1, "a", c(-1, -1000), TRUE. */
export function literalValues(e: Expr): (number | string | boolean)[] | null {
  const inner = unparen(e);
  if (inner.kind === 'number') return [inner.value];
  if (inner.kind === 'string') return [inner.value];
  if (inner.kind === 'unary' && inner.op === '-') {
    const v = literalValues(inner.operand);
    return v && v.length === 1 && typeof v[0] === 'number' ? [-v[0]] : null;
  }
  if (inner.kind === 'name' && (inner.name === 'TRUE' || inner.name === 'FALSE')) return [inner.name === 'TRUE'];
  if (inner.kind === 'call' && inner.fn === 'c') {
    const out: (number | string | boolean)[] = [];
    for (const a of inner.args) {
      const v = literalValues(a.value);
      if (!v) return null;
      out.push(...v);
    }
    return out;
  }
  if (inner.kind === 'binary' && inner.op === ':') {
    const a = literalValues(inner.left);
    const b = literalValues(inner.right);
    if (a && b && a.length === 1 && b.length === 1 && typeof a[0] === 'number' && typeof b[0] === 'number') {
      const out: number[] = [];
      const step = a[0] <= b[0] ? 1 : -1;
      for (let x = a[0]; step > 0 ? x <= b[0] : x >= b[0]; x += step) out.push(x);
      return out;
    }
  }
  return null;
}

/** Matches R argument matching for the functions we support: named first, then by position. */
export function matchArgs(e: Extract<Expr, { kind: 'call' }>, formals: string[], ev: Evaluator): Record<string, CallArg> {
  const out: Record<string, CallArg> = {};
  const positional: CallArg[] = [];
  for (const a of e.args) {
    if (a.name) {
      if (!formals.includes(a.name)) throw ev.fail('formula.bad_arguments', `${e.fn}() has no argument "${a.name}". Its arguments are: ${formals.join(', ')}.`, a);
      if (out[a.name]) throw ev.fail('formula.bad_arguments', `Argument "${a.name}" is given twice in ${e.fn}().`, a);
      out[a.name] = a;
    } else positional.push(a);
  }
  const free = formals.filter((f) => !out[f]);
  positional.forEach((a, k) => {
    if (k >= free.length) throw ev.fail('formula.bad_arguments', `Too many arguments in ${e.fn}().`, a);
    out[free[k]] = a;
  });
  return out;
}
