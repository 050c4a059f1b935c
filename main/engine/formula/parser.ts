/**
 * Parser for fixest multipart formulas:
 *
 *   lhs ~ linear terms | fixed effects | endogenous ~ instruments
 *
 * The fixed-effects part is optional and may be `0` (none), so `y ~ x | 0 | d ~ z` is plain
 * 2SLS. Operator precedence follows R's ?Syntax (`^` > unary minus > `:` > `* /` > `+ -` >
 * comparison > `!` > `&` > `|`), so `-1:3`, `a*b:c` and `x^2` parse as in R. A top-level `|`
 * separates formula parts; inside parentheses or a call it is R's logical or.
 */
import { formulaError, tokenize, type Token } from './lexer';
import { formatRNumber } from './rformat';

interface Span {
  start: number;
  end: number;
}

export interface CallArg extends Span {
  name?: string;
  value: Expr;
}

export type Expr =
  | ({ kind: 'name'; name: string; quoted: boolean } & Span)
  | ({ kind: 'number'; value: number } & Span)
  | ({ kind: 'string'; value: string } & Span)
  | ({ kind: 'call'; fn: string; args: CallArg[] } & Span)
  | ({ kind: 'binary'; op: string; left: Expr; right: Expr } & Span)
  | ({ kind: 'unary'; op: string; operand: Expr } & Span)
  | ({ kind: 'paren'; inner: Expr } & Span);

export interface ParsedFormula {
  text: string;
  /** Left-hand side, null for a one-sided formula (`~ x`). */
  lhs: Expr | null;
  /** The linear part (right of `~`, before the first `|`). */
  rhs: Expr;
  /** The fixed-effects part; null when absent or written as `0`. */
  fixef: Expr | null;
  /** The instrumental-variables part `endo ~ inst`. */
  iv: { endo: Expr; inst: Expr } | null;
}

const INFIX_BP: Record<string, number> = {
  '|': 10,
  '&': 20,
  '==': 30,
  '!=': 30,
  '<': 30,
  '>': 30,
  '<=': 30,
  '>=': 30,
  '+': 40,
  '-': 40,
  '*': 50,
  '/': 50,
  ':': 60,
  '^': 70,
};
const UNARY_MINUS_BP = 65;
const NOT_BP = 25;

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  peek(): Token {
    return this.tokens[this.pos];
  }

  next(): Token {
    return this.tokens[this.pos++];
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) throw this.unexpected(t, `Expected "${text}" ${what}`);
    return this.next();
  }

  unexpected(t: Token, expectation?: string): Error {
    const found = t.kind === 'end' ? 'the end of the formula' : `"${this.text.slice(t.start, t.end)}"`;
    const msg = expectation ? `${expectation}, found ${found}.` : `Unexpected ${found}.`;
    return formulaError('formula.syntax', msg, this.text, t.start, Math.max(t.end, t.start + 1));
  }

  parseExpr(minBp: number, inGroup: boolean): Expr {
    let left = this.parsePrefix(inGroup);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') break;
      const bp = INFIX_BP[t.text];
      if (bp === undefined) break;
      if (t.text === '|' && !inGroup) break;
      if (bp < minBp || (bp === minBp && t.text !== '^')) break;
      this.next();
      // `^` is right-associative; everything else associates to the left.
      const right = this.parseExpr(t.text === '^' ? bp : bp + 1, inGroup);
      left = { kind: 'binary', op: t.text, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  parsePrefix(inGroup: boolean): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value ?? Number(t.text), start: t.start, end: t.end };
      case 'string':
        return { kind: 'string', value: t.text, start: t.start, end: t.end };
      case 'name':
        if (!t.quoted && this.isOp('(')) return this.parseCall(t);
        return { kind: 'name', name: t.text, quoted: !!t.quoted, start: t.start, end: t.end };
      case 'op':
        if (t.text === '(') {
          const inner = this.parseExpr(0, true);
          const close = this.expectOp(')', 'to close the parenthesis');
          return { kind: 'paren', inner, start: t.start, end: close.end };
        }
        if (t.text === '-' || t.text === '+') {
          const operand = this.parseExpr(UNARY_MINUS_BP, inGroup);
          return { kind: 'unary', op: t.text, operand, start: t.start, end: operand.end };
        }
        if (t.text === '!') {
          const operand = this.parseExpr(NOT_BP, inGroup);
          return { kind: 'unary', op: '!', operand, start: t.start, end: operand.end };
        }
        throw this.unexpected(t, 'Expected a variable, number or "("');
      default:
        this.pos--;
        throw this.unexpected(t, 'Expected a variable, number or "("');
    }
  }

  parseCall(nameTok: Token): Expr {
    this.expectOp('(', 'after the function name');
    const args: CallArg[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        const first = this.peek();
        let name: string | undefined;
        const after = this.tokens[this.pos + 1];
        if (first.kind === 'name' && after.kind === 'op' && after.text === '=') {
          name = first.text;
          this.pos += 2;
        }
        const value = this.parseExpr(0, true);
        args.push({ name, value, start: first.start, end: value.end });
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        break;
      }
    }
    const close = this.expectOp(')', `to close ${nameTok.text}(`);
    return { kind: 'call', fn: nameTok.text, args, start: nameTok.start, end: close.end };
  }

  parseFormula(): ParsedFormula {
    if (this.text.trim() === '') throw formulaError('formula.syntax', 'The formula is empty; write it as "y ~ x1 + x2".', this.text, 0, 1);
    let lhs: Expr | null = null;
    if (!this.isOp('~')) lhs = this.parseExpr(0, false);
    this.expectOp('~', lhs ? 'after the dependent variable (formulas look like "y ~ x1 + x2")' : 'at the start of a one-sided formula');
    const rhs = this.parseExpr(0, false);
    const parts: Expr[] = [];
    let iv: ParsedFormula['iv'] = null;
    while (this.isOp('|')) {
      const bar = this.next();
      if (iv) throw formulaError('formula.syntax', 'The instrumental-variables part "endo ~ inst" must be the last part of the formula.', this.text, bar.start);
      const part = this.parseExpr(0, false);
      if (this.isOp('~')) {
        this.next();
        const inst = this.parseExpr(0, false);
        iv = { endo: part, inst };
      } else {
        parts.push(part);
      }
    }
    const end = this.peek();
    if (end.kind !== 'end') {
      if (end.kind === 'op' && end.text === '~') throw formulaError('formula.syntax', 'Unexpected "~": only the instrumental-variables part (after a "|") may contain a second "~".', this.text, end.start);
      throw this.unexpected(end, 'Expected an operator such as "+" or the end of the formula');
    }
    if (parts.length > 1) {
      const extra = parts[1];
      throw formulaError('formula.syntax', 'Too many "|" parts: a formula is "y ~ x | fixed effects | endogenous ~ instruments".', this.text, extra.start, extra.end);
    }
    let fixef: Expr | null = parts[0] ?? null;
    if (fixef && fixef.kind === 'number' && fixef.value === 0) fixef = null;
    return { text: this.text, lhs, rhs, fixef, iv };
  }
}

export function parseFormula(text: string): ParsedFormula {
  return new Parser(text).parseFormula();
}

/** Parses a single expression (no `~`), e.g. a cluster or weight specification. */
export function parseExpression(text: string): Expr {
  const p = new Parser(text);
  const e = p.parseExpr(0, true);
  const t = p.peek();
  if (t.kind !== 'end') throw p.unexpected(t, 'Expected the end of the expression');
  return e;
}

const SYNTACTIC_NAME = /^(?:[\p{L}]|\.(?![0-9]))[\p{L}\p{N}._]*$|^\.$/u;
const RESERVED = new Set(['if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'TRUE', 'FALSE', 'NULL', 'Inf', 'NaN', 'NA', 'in']);

/** A variable name as R deparses it: backtick-quoted when it is not a syntactic name. */
export function deparseName(name: string): string {
  return SYNTACTIC_NAME.test(name) && !RESERVED.has(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

// R's deparser writes these operators without surrounding spaces (PP_BINARY2 in deparse.c).
const TIGHT_OPS = new Set(['^', ':', '/']);

/**
 * The expression as R's deparse() prints it; R uses this text for term labels and
 * coefficient names (`log(x)`, `I(x^2)`, `I(a * b)`), so ours must be identical.
 */
export function deparse(e: Expr): string {
  switch (e.kind) {
    case 'name':
      return deparseName(e.name);
    case 'number':
      return formatRNumber(e.value, false);
    case 'string':
      return JSON.stringify(e.value);
    case 'call':
      return `${e.fn}(${e.args.map((a) => (a.name ? `${a.name} = ${deparse(a.value)}` : deparse(a.value))).join(', ')})`;
    case 'binary':
      return TIGHT_OPS.has(e.op) ? `${deparse(e.left)}${e.op}${deparse(e.right)}` : `${deparse(e.left)} ${e.op} ${deparse(e.right)}`;
    case 'unary':
      return `${e.op}${deparse(e.operand)}`;
    case 'paren':
      return `(${deparse(e.inner)})`;
  }
}

/** Strips redundant outer parentheses. */
export function unparen(e: Expr): Expr {
  let cur = e;
  while (cur.kind === 'paren') cur = cur.inner;
  return cur;
}
