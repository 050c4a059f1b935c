/**
 * The expression language used by `subset` filters, `generate` and recode conditions.
 *
 * Syntax (docs/data.md has the user-facing description):
 *   numbers 1, 2.5, 1e-3; strings "a" or 'a'; NA, TRUE, FALSE
 *   columns: bare names (letters incl. Chinese, digits, _ and .: `first.treat` or first.treat),
 *            or any name in backticks
 *   ^  (right-assoc.)  unary - +  * /  + -  comparisons == != < <= > >=  x %in% c(...) / x in (...)
 *   ! not   & && and   | || or          functions: log log10 exp sqrt abs round floor ceil
 *   ceiling ifelse is.na missing inrange min max          a trailing `if cond` (generate)
 *
 * Precedence follows R (so `!x == 1` is `!(x == 1)` and `-2^2` is -4). Missing values follow
 * R's NA rules: arithmetic and comparisons with a missing operand are missing, `&`/`|` use
 * three-valued logic (NA & FALSE = FALSE, NA | TRUE = TRUE), and a filter drops rows whose
 * condition is missing, as R's subset() does. Unlike R, an undefined arithmetic result
 * (log of 0 or a negative, division by zero, sqrt of a negative) is missing rather than
 * ±Inf/NaN, as in Stata, and `evaluateDetailed` counts those rows so the caller can say so.
 */
import { UserError } from '../engine/errors';
import type { Column, Frame, NumericColumn, StringColumn } from '../engine/frame';
import { findColumn, stringColumn } from '../engine/frame';

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '|';

export type Expr =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'str'; value: string; pos: number }
  | { kind: 'na'; pos: number }
  | { kind: 'col'; name: string; pos: number }
  | { kind: 'unary'; op: '-' | '+' | '!'; arg: Expr; pos: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { kind: 'call'; fn: string; args: Expr[]; pos: number }
  | { kind: 'in'; arg: Expr; set: Expr[]; pos: number }
  | { kind: 'if'; value: Expr; cond: Expr; pos: number };

/** Every function the language knows, with its accepted argument counts. */
const FUNCTIONS: Record<string, { min: number; max: number }> = {
  log: { min: 1, max: 2 },
  log10: { min: 1, max: 1 },
  exp: { min: 1, max: 1 },
  sqrt: { min: 1, max: 1 },
  abs: { min: 1, max: 1 },
  round: { min: 1, max: 2 },
  floor: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  ceiling: { min: 1, max: 1 },
  ifelse: { min: 3, max: 3 },
  'is.na': { min: 1, max: 1 },
  missing: { min: 1, max: 1 },
  inrange: { min: 3, max: 3 },
  min: { min: 2, max: Infinity },
  max: { min: 2, max: Infinity },
};

export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS);

// ---------------------------------------------------------------------------------------------
// Tokenizer

type TokKind = 'num' | 'str' | 'ident' | 'op' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  /** 1-based character position of the token's first character. */
  pos: number;
  /** Ident came from backticks: never a keyword. */
  quoted?: boolean;
  num?: number;
}

const OPS = ['%in%', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '^', '<', '>', '&', '|', '!', '(', ')', ',', '='];
const IDENT_START = /[\p{L}_.]/u;
const IDENT_PART = /[\p{L}\p{N}_.]/u;

function syntaxError(src: string, pos: number, message: string): UserError {
  return new UserError('expression_syntax', `position ${pos}: ${message}`, { expression: src, position: pos });
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const chars = Array.from(src);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i];
    const pos = i + 1;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(chars[i + 1] ?? ''))) {
      let j = i;
      while (j < chars.length && /[0-9]/.test(chars[j])) j++;
      if (chars[j] === '.') {
        j++;
        while (j < chars.length && /[0-9]/.test(chars[j])) j++;
      }
      if ((chars[j] === 'e' || chars[j] === 'E') && /[0-9+-]/.test(chars[j + 1] ?? '')) {
        let k = j + 1;
        if (chars[k] === '+' || chars[k] === '-') k++;
        if (!/[0-9]/.test(chars[k] ?? '')) throw syntaxError(src, k + 1, 'expected digits in the exponent of a number');
        while (k < chars.length && /[0-9]/.test(chars[k])) k++;
        j = k;
      }
      const text = chars.slice(i, j).join('');
      if (j < chars.length && IDENT_START.test(chars[j]) && chars[j] !== '.')
        throw syntaxError(src, j + 1, `unexpected '${chars[j]}' after the number ${text}; a column name cannot start with a digit (use backticks: \`${text}${chars[j]}…\`)`);
      out.push({ kind: 'num', text, pos, num: Number(text) });
      i = j;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < chars.length && chars[j] !== ch) {
        if (chars[j] === '\\' && j + 1 < chars.length) {
          const e = chars[j + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
          continue;
        }
        value += chars[j];
        j++;
      }
      if (j >= chars.length) throw syntaxError(src, pos, `the string starting here is never closed (add a closing ${ch})`);
      out.push({ kind: 'str', text: value, pos });
      i = j + 1;
      continue;
    }
    if (ch === '`') {
      const end = chars.indexOf('`', i + 1);
      if (end < 0) throw syntaxError(src, pos, 'the backtick-quoted name starting here is never closed (add a closing `)');
      const name = chars.slice(i + 1, end).join('');
      if (name.length === 0) throw syntaxError(src, pos, 'empty column name between backticks');
      out.push({ kind: 'ident', text: name, pos, quoted: true });
      i = end + 1;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < chars.length && IDENT_PART.test(chars[j])) j++;
      out.push({ kind: 'ident', text: chars.slice(i, j).join(''), pos });
      i = j;
      continue;
    }
    const rest = chars.slice(i, i + 4).join('');
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw syntaxError(src, pos, `unexpected character '${ch}'`);
    out.push({ kind: 'op', text: op, pos });
    i += op.length;
  }
  out.push({ kind: 'eof', text: '', pos: chars.length + 1 });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parser (recursive descent, one function per precedence level)

const COMPARISON = new Set(['==', '!=', '<', '<=', '>', '>=']);

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the expression';
  if (t.kind === 'str') return `the string "${t.text}"`;
  return `'${t.text}'`;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}

  private peek(): Token {
    return this.toks[this.i];
  }
  private next(): Token {
    return this.toks[this.i++];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && !t.quoted && t.text === word;
  }
  private fail(t: Token, message: string): never {
    throw syntaxError(this.src, t.pos, message);
  }
  private expectOp(text: string, context: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) this.fail(t, `expected '${text}' ${context} but found ${describe(t)}`);
    return this.next();
  }

  parseTop(): Expr {
    if (this.peek().kind === 'eof') this.fail(this.peek(), 'the expression is empty');
    const value = this.parseOr();
    if (this.isWord('if')) {
      const ifTok = this.next();
      if (this.peek().kind === 'eof') this.fail(this.peek(), "expected a condition after 'if'");
      const cond = this.parseOr();
      this.expectEnd();
      return { kind: 'if', value, cond, pos: ifTok.pos };
    }
    this.expectEnd();
    return value;
  }

  private expectEnd(): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    if (t.kind === 'op' && t.text === ')') this.fail(t, "unmatched ')'");
    if (t.kind === 'op' && t.text === '=') this.fail(t, "use '==' to compare values ('=' alone is not an operator here)");
    this.fail(t, `expected an operator or the end of the expression but found ${describe(t)}`);
  }

  /** The operand after a binary operator must exist: say which operator lacks it. */
  private operand(opTok: Token, parse: () => Expr): Expr {
    const t = this.peek();
    if (t.kind === 'eof' || (t.kind === 'op' && (t.text === ')' || t.text === ',')))
      this.fail(t, `expected a value after '${opTok.text}'`);
    return parse();
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isOp('|') || this.isOp('||') || this.isWord('or')) {
      const op = this.next();
      const right = this.operand(op, () => this.parseAnd());
      left = { kind: 'binary', op: '|', left, right, pos: op.pos };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isOp('&') || this.isOp('&&') || this.isWord('and')) {
      const op = this.next();
      const right = this.operand(op, () => this.parseNot());
      left = { kind: 'binary', op: '&', left, right, pos: op.pos };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isOp('!') || this.isWord('not')) {
      const op = this.next();
      const arg = this.operand(op, () => this.parseNot());
      return { kind: 'unary', op: '!', arg, pos: op.pos };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISON.has(t.text)) {
      this.next();
      const right = this.operand(t, () => this.parseAdditive());
      const after = this.peek();
      if (after.kind === 'op' && COMPARISON.has(after.text))
        this.fail(after, `comparisons cannot be chained; write e.g. 'a < b & b < c' (or inrange(x, lo, hi))`);
      return { kind: 'binary', op: t.text as BinaryOp, left, right, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '=') this.fail(t, "use '==' to compare values ('=' alone is not an operator here)");
    if ((t.kind === 'op' && t.text === '%in%') || this.isWord('in')) {
      this.next();
      return { kind: 'in', arg: left, set: this.parseSet(t), pos: t.pos };
    }
    return left;
  }

  /** `c(1, 2)` after %in%, or `(1, 2)` / `c(1, 2)` after `in`. */
  private parseSet(opTok: Token): Expr[] {
    const t = this.peek();
    if (t.kind === 'ident' && !t.quoted && t.text === 'c' && this.toks[this.i + 1].kind === 'op' && this.toks[this.i + 1].text === '(') this.next();
    else if (!(t.kind === 'op' && t.text === '(')) this.fail(t, `expected a list such as c(1, 2) after '${opTok.text}' but found ${describe(t)}`);
    this.expectOp('(', `to open the list after '${opTok.text}'`);
    const items: Expr[] = [];
    if (this.isOp(')')) this.fail(this.peek(), `the list after '${opTok.text}' is empty`);
    for (;;) {
      const itemTok = this.peek();
      if (itemTok.kind === 'op' && (itemTok.text === ',' || itemTok.text === ')')) this.fail(itemTok, 'expected a value in the list');
      items.push(this.parseAdditive());
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      this.expectOp(')', 'to close the list');
      return items;
    }
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next();
      const right = this.operand(op, () => this.parseMultiplicative());
      left = { kind: 'binary', op: op.text as BinaryOp, left, right, pos: op.pos };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next();
      const right = this.operand(op, () => this.parseUnary());
      left = { kind: 'binary', op: op.text as BinaryOp, left, right, pos: op.pos };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next();
      const arg = this.operand(op, () => this.parseUnary());
      return { kind: 'unary', op: op.text as '-' | '+', arg, pos: op.pos };
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    if (this.isOp('^')) {
      const op = this.next();
      // Right-associative and binding tighter than unary minus on its left, as in R: 2^-1 = 0.5.
      const exponent = this.operand(op, () => this.parseUnary());
      return { kind: 'binary', op: '^', left: base, right: exponent, pos: op.pos };
    }
    return base;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.next();
      return { kind: 'num', value: t.num as number, pos: t.pos };
    }
    if (t.kind === 'str') {
      this.next();
      return { kind: 'str', value: t.text, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      if (this.isOp(')')) this.fail(this.peek(), "expected a value inside '( )'");
      const inner = this.parseOr();
      this.expectOp(')', "to close the '(' opened at position " + t.pos);
      return inner;
    }
    if (t.kind === 'ident') {
      this.next();
      if (!t.quoted) {
        if (t.text === 'NA') return { kind: 'na', pos: t.pos };
        if (t.text === 'TRUE') return { kind: 'num', value: 1, pos: t.pos };
        if (t.text === 'FALSE') return { kind: 'num', value: 0, pos: t.pos };
        if (['and', 'or', 'not', 'in', 'if'].includes(t.text))
          this.fail(t, `'${t.text}' is a keyword; write a column with this name in backticks: \`${t.text}\``);
      }
      if (!t.quoted && this.isOp('(')) return this.parseCall(t);
      return { kind: 'col', name: t.text, pos: t.pos };
    }
    if (t.kind === 'eof') {
      const prev = this.toks[this.i - 1];
      this.fail(t, prev && prev.kind === 'op' ? `expected a value after '${prev.text}'` : 'expected a value');
    }
    this.fail(t, `expected a value but found ${describe(t)}`);
  }

  private parseCall(name: Token): Expr {
    const spec = FUNCTIONS[name.text];
    if (!spec) {
      const hint = name.text === 'c' ? " (c(…) is only allowed after 'in' / '%in%')" : '';
      this.fail(name, `unknown function '${name.text}'${hint}; available: ${EXPRESSION_FUNCTIONS.join(', ')}`);
    }
    this.next();
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        const at = this.peek();
        if (at.kind === 'eof' || (at.kind === 'op' && (at.text === ',' || at.text === ')')))
          this.fail(at, `expected an argument to ${name.text}()`);
        args.push(this.parseOr());
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expectOp(')', `to close the arguments of ${name.text}()`);
    if (args.length < spec.min || args.length > spec.max) {
      const want = spec.min === spec.max ? `${spec.min}` : spec.max === Infinity ? `at least ${spec.min}` : `${spec.min} or ${spec.max}`;
      this.fail(name, `${name.text}() takes ${want} argument${want === '1' ? '' : 's'} but got ${args.length}`);
    }
    return { kind: 'call', fn: name.text, args, pos: name.pos };
  }
}

/** Parses an expression; a syntax error is a UserError whose message starts "position N:". */
export function parseExpression(src: string): Expr {
  return new Parser(src, tokenize(src)).parseTop();
}

/** The column names an expression reads (for dependency checks and recipe validation). */
export function referencedColumns(src: string | Expr): string[] {
  const expr = typeof src === 'string' ? parseExpression(src) : src;
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'col':
        out.add(e.name);
        break;
      case 'unary':
        walk(e.arg);
        break;
      case 'binary':
        walk(e.left);
        walk(e.right);
        break;
      case 'call':
        e.args.forEach(walk);
        break;
      case 'in':
        walk(e.arg);
        e.set.forEach(walk);
        break;
      case 'if':
        walk(e.value);
        walk(e.cond);
        break;
      default:
        break;
    }
  };
  walk(expr);
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Evaluation: vectorised over rows; constants stay scalars until they meet a column.

type NumVal = { t: 'num'; scalar: number } | { t: 'num'; vec: Float64Array; source?: NumericColumn };
type StrVal = { t: 'str'; scalar: string | null } | { t: 'str'; codes: Int32Array; levels: string[] };
type Val = NumVal | StrVal;

interface EvalState {
  frame: Frame;
  src: string;
  /** Rows where a defined input gave an undefined result (log(0), x/0 …), set to missing. */
  undefinedRows: Uint8Array | null;
}

function evalError(st: EvalState, pos: number, code: string, message: string, extra: Record<string, unknown> = {}): UserError {
  return new UserError(code, `position ${pos}: ${message}`, { expression: st.src, position: pos, ...extra });
}

function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

function unknownColumn(st: EvalState, name: string, pos: number): UserError {
  const names = st.frame.columns.map((c) => c.name);
  const lower = name.toLowerCase();
  const close = names
    .map((c) => ({ c, d: c.toLowerCase() === lower ? 0 : levenshtein(lower, c.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.c);
  const hint = close.length ? ` Did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : ` Available columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}.`;
  return evalError(st, pos, 'unknown_column', `unknown column '${name}'.${hint}`, { column: name, suggestions: close });
}

function isVec(v: NumVal): v is { t: 'num'; vec: Float64Array; source?: NumericColumn } {
  return 'vec' in v;
}

function numAt(v: NumVal, i: number): number {
  return 'vec' in v ? v.vec[i] : v.scalar;
}

function markUndefined(st: EvalState, i: number): void {
  if (!st.undefinedRows) st.undefinedRows = new Uint8Array(st.frame.nrow);
  st.undefinedRows[i] = 1;
}

/** Applies f row by row (or once, for two scalars); a non-finite result from finite inputs is missing. */
function mapNum(st: EvalState, args: NumVal[], f: (...x: number[]) => number): NumVal {
  if (args.every((a) => !isVec(a))) {
    const xs = args.map((a) => numAt(a, 0));
    const r = f(...xs);
    return { t: 'num', scalar: Number.isFinite(r) || xs.some((x) => !Number.isFinite(x)) ? r : Number.NaN };
  }
  const n = st.frame.nrow;
  const out = new Float64Array(n);
  const xs = new Array<number>(args.length);
  for (let i = 0; i < n; i++) {
    let allFinite = true;
    for (let k = 0; k < args.length; k++) {
      xs[k] = numAt(args[k], i);
      if (!Number.isFinite(xs[k])) allFinite = false;
    }
    const r = f(...xs);
    if (Number.isFinite(r) || !allFinite) out[i] = r;
    else {
      out[i] = Number.NaN;
      markUndefined(st, i);
    }
  }
  return { t: 'num', vec: out };
}

/** Row-wise logical function (results 1/0/NaN; never counts as undefined). */
function mapLogical(st: EvalState, args: NumVal[], f: (...x: number[]) => number): NumVal {
  if (args.every((a) => !isVec(a))) return { t: 'num', scalar: f(...args.map((a) => numAt(a, 0))) };
  const n = st.frame.nrow;
  const out = new Float64Array(n);
  const xs = new Array<number>(args.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < args.length; k++) xs[k] = numAt(args[k], i);
    out[i] = f(...xs);
  }
  return { t: 'num', vec: out };
}

/**
 * R's round(): half to even when x lies exactly halfway between two decimals with `digits`
 * places (decided in exact arithmetic on the double's binary fraction, so 0.15, stored as
 * 0.1499…, rounds down as R >= 4.0.0 does), else the nearest such decimal.
 */
export function roundR(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const d = Math.trunc(digits);
  if (d < 0) {
    const p = 10 ** -d;
    return roundR(x / p, 0) * p;
  }
  if (d > 100) return x;
  let m = Math.abs(x);
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  // |x| = m / 2^k exactly; twice the scaled value is 2·m·10^d / 2^k.
  const twice = BigInt(m) * 10n ** BigInt(d) * 2n;
  const denom = 1n << BigInt(k);
  if (twice % denom === 0n && (twice / denom) % 2n === 1n) {
    const lower = (twice / denom - 1n) / 2n;
    const even = lower % 2n === 0n ? lower : lower + 1n;
    return (Math.sign(x) * Number(even)) / 10 ** d;
  }
  return Number(x.toFixed(d));
}

function truthAnd(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return 1;
}

function truthOr(a: number, b: number): number {
  if ((!Number.isNaN(a) && a !== 0) || (!Number.isNaN(b) && b !== 0)) return 1;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return 0;
}

function compareNum(op: string): (a: number, b: number) => number {
  switch (op) {
    case '==':
      return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a === b ? 1 : 0);
    case '!=':
      return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a !== b ? 1 : 0);
    case '<':
      return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a < b ? 1 : 0);
    case '<=':
      return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a <= b ? 1 : 0);
    case '>':
      return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a > b ? 1 : 0);
    default:
      return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a >= b ? 1 : 0);
  }
}

function strCompare(op: string, a: string, b: string): number {
  switch (op) {
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    default:
      return a >= b ? 1 : 0;
  }
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * A string literal compared with a numeric column means one of its value labels
 * (`hukou == "农村"`) or, for a date column, a date (`date >= "2020-01-01"`). Returns the codes
 * it stands for.
 */
function literalAsCodes(st: EvalState, col: NumericColumn, literal: string, pos: number): number[] {
  if (col.format === 'date') {
    const m = ISO_DATE.exec(literal);
    const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
    if (!m || new Date(t).getUTCDate() !== Number(m[3]))
      throw evalError(st, pos, 'expression_type', `"${literal}" is not a date; write dates as "YYYY-MM-DD" when comparing with the date column '${col.name}'`, { column: col.name });
    return [t / 86_400_000];
  }
  const labels = col.valueLabels ?? {};
  const codes = Object.entries(labels)
    .filter(([, l]) => l === literal)
    .map(([k]) => Number(k));
  if (codes.length === 0) {
    const known = Object.values(labels);
    const why = known.length
      ? `none of the value labels of '${col.name}' is "${literal}" (labels: ${known.slice(0, 12).map((l) => `"${l}"`).join(', ')}${known.length > 12 ? ', …' : ''})`
      : `'${col.name}' is numeric and has no value labels; compare it with a number`;
    throw evalError(st, pos, 'expression_type', why, { column: col.name, value: literal });
  }
  return codes;
}

function strAt(v: StrVal, i: number): string | null {
  if ('scalar' in v) return v.scalar;
  const c = v.codes[i];
  return c < 0 ? null : v.levels[c];
}

function evalCompareStr(st: EvalState, op: string, a: StrVal, b: StrVal): NumVal {
  if ('scalar' in a && 'scalar' in b) return { t: 'num', scalar: a.scalar === null || b.scalar === null ? Number.NaN : strCompare(op, a.scalar, b.scalar) };
  const n = st.frame.nrow;
  const out = new Float64Array(n);
  // One side a column and the other a constant: decide once per level, then map codes.
  const colSide = 'codes' in a ? a : (b as { t: 'str'; codes: Int32Array; levels: string[] });
  const other = colSide === a ? b : a;
  if ('scalar' in other) {
    const s = other.scalar;
    const perLevel = colSide.levels.map((l) => (s === null ? Number.NaN : colSide === a ? strCompare(op, l, s) : strCompare(op, s, l)));
    for (let i = 0; i < n; i++) {
      const c = colSide.codes[i];
      out[i] = c < 0 ? Number.NaN : perLevel[c];
    }
    return { t: 'num', vec: out };
  }
  for (let i = 0; i < n; i++) {
    const x = strAt(a, i);
    const y = strAt(b, i);
    out[i] = x === null || y === null ? Number.NaN : strCompare(op, x, y);
  }
  return { t: 'num', vec: out };
}

function membership(st: EvalState, v: NumVal, set: Set<number>): NumVal {
  return mapLogical(st, [v], (x) => (Number.isNaN(x) ? Number.NaN : set.has(x) ? 1 : 0));
}

function typeName(v: Val): string {
  return v.t === 'num' ? 'a number' : 'text';
}

function evalNode(st: EvalState, e: Expr): Val {
  switch (e.kind) {
    case 'num':
      return { t: 'num', scalar: e.value };
    case 'str':
      return { t: 'str', scalar: e.value };
    case 'na':
      return { t: 'num', scalar: Number.NaN };
    case 'col': {
      const col = findColumn(st.frame, e.name);
      if (!col) throw unknownColumn(st, e.name, e.pos);
      return col.type === 'number' ? { t: 'num', vec: col.values, source: col } : { t: 'str', codes: col.codes, levels: col.levels };
    }
    case 'unary': {
      const v = evalNode(st, e.arg);
      if (v.t !== 'num') throw evalError(st, e.pos, 'expression_type', `'${e.op}' needs a number but got text`);
      if (e.op === '!') return mapLogical(st, [v], (x) => (Number.isNaN(x) ? Number.NaN : x === 0 ? 1 : 0));
      if (e.op === '-') return mapNum(st, [v], (x) => -x);
      return v;
    }
    case 'binary':
      return evalBinary(st, e);
    case 'in':
      return evalIn(st, e);
    case 'call':
      return evalCall(st, e);
    case 'if': {
      const cond = evalNode(st, e.cond);
      if (cond.t !== 'num') throw evalError(st, e.pos, 'expression_type', "the condition after 'if' must be true/false, not text");
      const value = evalNode(st, e.value);
      return select(st, cond, value, value.t === 'num' ? { t: 'num', scalar: Number.NaN } : { t: 'str', scalar: null }, e.pos);
    }
  }
}

function evalBinary(st: EvalState, e: Extract<Expr, { kind: 'binary' }>): Val {
  const a = evalNode(st, e.left);
  const b = evalNode(st, e.right);
  if (COMPARISON.has(e.op)) {
    if (a.t === 'str' && b.t === 'str') return evalCompareStr(st, e.op, a, b);
    if (a.t === 'num' && b.t === 'num') return mapLogical(st, [a, b], compareNum(e.op));
    // Text literal against a labelled (or date) numeric column: compare with the codes it names.
    const [num, str, strExpr] = a.t === 'num' ? [a, b as StrVal, e.right] : [b as NumVal, a as StrVal, e.left];
    if ('scalar' in str && str.scalar !== null && isVec(num) && num.source) {
      const codes = literalAsCodes(st, num.source, str.scalar, strExpr.pos);
      if (codes.length === 1 || e.op === '==' || e.op === '!=') {
        if (codes.length === 1) {
          const lit: NumVal = { t: 'num', scalar: codes[0] };
          return mapLogical(st, a.t === 'num' ? [num, lit] : [lit, num], compareNum(e.op));
        }
        const m = membership(st, num, new Set(codes));
        return e.op === '==' ? m : mapLogical(st, [m], (x) => (Number.isNaN(x) ? x : 1 - x));
      }
      throw evalError(st, e.pos, 'expression_type', `the label "${str.scalar}" stands for several codes of '${num.source.name}'; compare with '==' or '!=' only`);
    }
    throw evalError(st, e.pos, 'expression_type', `cannot compare ${typeName(a)} with ${typeName(b)} using '${e.op}'`);
  }
  if (a.t !== 'num' || b.t !== 'num') {
    const side = a.t !== 'num' ? e.left : e.right;
    throw evalError(st, side.pos, 'expression_type', `'${e.op}' needs numbers on both sides but got text${side.kind === 'col' ? ` (column '${side.name}' is a string column)` : ''}`);
  }
  switch (e.op) {
    case '&':
      return mapLogical(st, [a, b], truthAnd);
    case '|':
      return mapLogical(st, [a, b], truthOr);
    case '+':
      return mapNum(st, [a, b], (x, y) => x + y);
    case '-':
      return mapNum(st, [a, b], (x, y) => x - y);
    case '*':
      return mapNum(st, [a, b], (x, y) => x * y);
    case '/':
      return mapNum(st, [a, b], (x, y) => x / y);
    default:
      return mapNum(st, [a, b], (x, y) => x ** y);
  }
}

function evalIn(st: EvalState, e: Extract<Expr, { kind: 'in' }>): Val {
  const v = evalNode(st, e.arg);
  const items = e.set.map((s) => {
    const iv = evalNode(st, s);
    if (iv.t === 'num' ? isVec(iv) : !('scalar' in iv)) throw evalError(st, s.pos, 'expression_type', 'the list after in / %in% must hold constants, not columns');
    return { val: iv, pos: s.pos };
  });
  if (v.t === 'str') {
    const wanted = new Set<string>();
    for (const it of items) {
      if (it.val.t !== 'str') throw evalError(st, it.pos, 'expression_type', 'the list holds a number but the value on the left is text; quote it ("1")');
      const s = (it.val as { scalar: string | null }).scalar;
      if (s !== null) wanted.add(s);
    }
    if ('scalar' in v) return { t: 'num', scalar: v.scalar === null ? Number.NaN : wanted.has(v.scalar) ? 1 : 0 };
    const perLevel = v.levels.map((l) => (wanted.has(l) ? 1 : 0));
    const out = new Float64Array(st.frame.nrow);
    for (let i = 0; i < out.length; i++) out[i] = v.codes[i] < 0 ? Number.NaN : perLevel[v.codes[i]];
    return { t: 'num', vec: out };
  }
  const set = new Set<number>();
  for (const it of items) {
    if (it.val.t === 'num') {
      const x = (it.val as { scalar: number }).scalar;
      if (!Number.isNaN(x)) set.add(x);
      continue;
    }
    const s = (it.val as { scalar: string | null }).scalar;
    if (s === null || !isVec(v) || !v.source) throw evalError(st, it.pos, 'expression_type', 'the list holds text but the value on the left is a number');
    for (const c of literalAsCodes(st, v.source, s, it.pos)) set.add(c);
  }
  return membership(st, v, set);
}

/** ifelse / `if`: where cond is true take a, false b, missing → missing. */
function select(st: EvalState, cond: NumVal, a: Val, b: Val, pos: number): Val {
  if (a.t !== b.t) throw evalError(st, pos, 'expression_type', `ifelse() needs both results of the same kind, but one is ${typeName(a)} and the other ${typeName(b)}`);
  if (a.t === 'num') {
    const bn = b as NumVal;
    return mapLogical(st, [cond, a, bn], (c, x, y) => (Number.isNaN(c) ? Number.NaN : c !== 0 ? x : y));
  }
  const bs = b as StrVal;
  const n = st.frame.nrow;
  const allScalar = !isVec(cond) && 'scalar' in a && 'scalar' in bs;
  if (allScalar) {
    const c = numAt(cond, 0);
    return { t: 'str', scalar: Number.isNaN(c) ? null : c !== 0 ? a.scalar : bs.scalar };
  }
  const text: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = numAt(cond, i);
    text[i] = Number.isNaN(c) ? null : c !== 0 ? strAt(a, i) : strAt(bs, i);
  }
  const { codes, levels } = stringColumn('', text);
  return { t: 'str', codes, levels };
}

function evalCall(st: EvalState, e: Extract<Expr, { kind: 'call' }>): Val {
  const args = e.args.map((a) => evalNode(st, a));
  if (e.fn === 'is.na' || e.fn === 'missing') {
    const v = args[0];
    if (v.t === 'num') return mapLogical(st, [v], (x) => (Number.isNaN(x) ? 1 : 0));
    if ('scalar' in v) return { t: 'num', scalar: v.scalar === null ? 1 : 0 };
    const out = new Float64Array(st.frame.nrow);
    for (let i = 0; i < out.length; i++) out[i] = v.codes[i] < 0 ? 1 : 0;
    return { t: 'num', vec: out };
  }
  if (e.fn === 'ifelse') {
    const cond = args[0];
    if (cond.t !== 'num') throw evalError(st, e.args[0].pos, 'expression_type', 'the first argument of ifelse() must be a condition, not text');
    return select(st, cond, args[1], args[2], e.pos);
  }
  args.forEach((a, k) => {
    if (a.t !== 'num') throw evalError(st, e.args[k].pos, 'expression_type', `${e.fn}() needs numbers but argument ${k + 1} is text`);
  });
  const nums = args as NumVal[];
  switch (e.fn) {
    case 'log':
      if (nums.length === 2) return mapNum(st, nums, (x, base) => (x > 0 && base > 0 ? Math.log(x) / Math.log(base) : Number.NaN));
      return mapNum(st, nums, (x) => (x > 0 ? Math.log(x) : Number.NaN));
    case 'log10':
      return mapNum(st, nums, (x) => (x > 0 ? Math.log10(x) : Number.NaN));
    case 'exp':
      return mapNum(st, nums, Math.exp);
    case 'sqrt':
      return mapNum(st, nums, Math.sqrt);
    case 'abs':
      return mapNum(st, nums, Math.abs);
    case 'floor':
      return mapNum(st, nums, Math.floor);
    case 'ceil':
    case 'ceiling':
      return mapNum(st, nums, Math.ceil);
    case 'round':
      return mapNum(st, nums, (x, d) => roundR(x, d ?? 0));
    case 'inrange':
      // Stata's inrange(x, lo, hi): lo <= x <= hi; missing x (or bound) gives missing here.
      return mapLogical(st, nums, (x, lo, hi) => (Number.isNaN(x) || Number.isNaN(lo) || Number.isNaN(hi) ? Number.NaN : x >= lo && x <= hi ? 1 : 0));
    case 'min':
      return mapLogical(st, nums, (...xs) => (xs.some(Number.isNaN) ? Number.NaN : Math.min(...xs)));
    default:
      return mapLogical(st, nums, (...xs) => (xs.some(Number.isNaN) ? Number.NaN : Math.max(...xs)));
  }
}

function toColumn(st: EvalState, v: Val, name: string): Column {
  const n = st.frame.nrow;
  if (v.t === 'num') {
    let values: Float64Array;
    if (isVec(v)) values = v.source ? v.vec.slice() : v.vec;
    else values = new Float64Array(n).fill(v.scalar);
    let integer = true;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (!Number.isNaN(x) && !Number.isInteger(x)) {
        integer = false;
        break;
      }
    }
    const col: NumericColumn = { type: 'number', name, values, integer };
    // A bare column reference keeps its labels and display format.
    if (isVec(v) && v.source) {
      if (v.source.valueLabels) col.valueLabels = { ...v.source.valueLabels };
      if (v.source.format) col.format = v.source.format;
    }
    return col;
  }
  if ('scalar' in v) {
    const codes = new Int32Array(n).fill(v.scalar === null ? -1 : 0);
    return { type: 'string', name, codes, levels: v.scalar === null ? [] : [v.scalar] } satisfies StringColumn;
  }
  return { type: 'string', name, codes: v.codes.slice(), levels: v.levels.slice() };
}

export interface EvaluateResult {
  column: Column;
  /** Rows set to missing because an operation was undefined there (log of ≤ 0, x/0, sqrt of < 0). */
  undefinedCount: number;
  /** First such row (0-based), for the message. */
  firstUndefinedRow: number | null;
  /** 1 where the row was set to missing for that reason (null when none). */
  undefinedRows: Uint8Array | null;
}

/** Evaluates an expression over every row, reporting rows with undefined arithmetic. */
export function evaluateDetailed(frame: Frame, src: string | Expr, name = 'value'): EvaluateResult {
  const expr = typeof src === 'string' ? parseExpression(src) : src;
  const st: EvalState = { frame, src: typeof src === 'string' ? src : '', undefinedRows: null };
  const column = toColumn(st, evalNode(st, expr), name);
  let undefinedCount = 0;
  let firstUndefinedRow: number | null = null;
  if (st.undefinedRows) {
    for (let i = 0; i < frame.nrow; i++) {
      if (!st.undefinedRows[i]) continue;
      if (firstUndefinedRow === null) firstUndefinedRow = i;
      undefinedCount++;
    }
  }
  return { column, undefinedCount, firstUndefinedRow, undefinedRows: st.undefinedRows };
}

/** Evaluates an expression over every row: a numeric column (conditions are 1/0/NaN) or a string column. */
export function evaluate(frame: Frame, src: string | Expr): Column {
  return evaluateDetailed(frame, src).column;
}

/** 1 = keep the row; a false or missing condition drops it (as R's subset()). */
export function filterMask(frame: Frame, src: string): Uint8Array {
  const col = evaluate(frame, src);
  if (col.type !== 'number')
    throw new UserError('expression_type', `The filter "${src}" gives text, not a condition; write a comparison such as x == "a".`, { expression: src });
  const keep = new Uint8Array(frame.nrow);
  for (let i = 0; i < frame.nrow; i++) {
    const v = col.values[i];
    keep[i] = !Number.isNaN(v) && v !== 0 ? 1 : 0;
  }
  return keep;
}
