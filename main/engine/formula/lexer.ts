/**
 * Tokenizer for model formulas in R/fixest syntax. Names follow R's rules (letters, digits,
 * '.' and '_', not starting with a digit or with '.' followed by a digit) and accept any
 * Unicode letter so that column names such as 工资 work unquoted; backticks quote any other
 * name. Every token keeps its character offset so errors can point at the term.
 */
import { UserError } from '../errors';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** Name (without backticks), operator text, or the string's content. */
  text: string;
  /** Numeric value of a number token. */
  value?: number;
  /** True for a backtick-quoted name. */
  quoted?: boolean;
  /** Offsets into the formula text: [start, end). */
  start: number;
  end: number;
}

const TWO_CHAR_OPS = ['==', '!=', '<=', '>=', '&&', '||'];
const ONE_CHAR_OPS = '~|+-*/:^(),=<>&!';

const isNameStart = (ch: string): boolean => /[\p{L}_.]/u.test(ch);
const isNameChar = (ch: string): boolean => /[\p{L}\p{N}_.]/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/** The formula with a caret line under [start, end), for error messages. */
export function pointAt(formula: string, start: number, end = start + 1): string {
  return `${formula}\n${' '.repeat(Math.max(0, start))}${'^'.repeat(Math.max(1, end - start))}`;
}

export function formulaError(code: string, message: string, formula: string, start: number, end = start + 1): UserError {
  return new UserError(code, `${message}\n${pointAt(formula, start, end)}`, { formula, position: start, end });
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw formulaError('formula.syntax', 'A backtick-quoted name is never closed.', text, start, text.length);
      if (close === i + 1) throw formulaError('formula.syntax', 'Empty backtick-quoted name.', text, start, close + 1);
      tokens.push({ kind: 'name', text: text.slice(i + 1, close), quoted: true, start, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== ch) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const e = text[j + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else {
          s += text[j];
          j++;
        }
      }
      if (j >= text.length) throw formulaError('formula.syntax', 'A quoted string is never closed.', text, start, text.length);
      tokens.push({ kind: 'string', text: s, start, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(text[i + 1]))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?L?/.exec(text.slice(i));
      const lit = m ? m[0] : ch;
      const numText = lit.endsWith('L') ? lit.slice(0, -1) : lit;
      if (i + lit.length < text.length && isNameChar(text[i + lit.length]) && text[i + lit.length] !== '.') {
        throw formulaError('formula.syntax', `"${text.slice(i, i + lit.length + 1)}" is not a valid name or number; quote odd column names with backticks.`, text, start, i + lit.length + 1);
      }
      tokens.push({ kind: 'number', text: numText, value: Number(numText), start, end: i + lit.length });
      i += lit.length;
      continue;
    }
    if (isNameStart(ch)) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j])) j++;
      tokens.push({ kind: 'name', text: text.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      tokens.push({ kind: 'op', text: two === '&&' ? '&' : two === '||' ? '|' : two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(ch)) {
      tokens.push({ kind: 'op', text: ch, start, end: i + 1 });
      i++;
      continue;
    }
    if (ch === '[') throw formulaError('formula.unsupported', 'Varying slopes (fe[x]) are not supported; interact the variable with i() instead.', text, start);
    throw formulaError('formula.syntax', `Unexpected character "${ch}" in the formula.`, text, start);
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}
