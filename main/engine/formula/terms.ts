/**
 * Formula term algebra as R's terms.formula() does it (Chambers & Hastie 1992, ch. 2):
 * `a + b` unites term lists, `a:b` forms all products, `a*b` = a + b + a:b,
 * `a/b` = a + a:b, `(a + b)^k` all interactions up to order k, `-` deletes terms, `0`/`-1`
 * remove and `1` restores the intercept. Terms are then ordered by their number of variables
 * (stable), and a term's variables are listed in order of first appearance in the formula,
 * which is what makes R (and fixest) call the column `treat:post` rather than `post:treat`.
 */
import { formulaError } from './lexer';
import { deparse, unparen, type Expr } from './parser';

export interface TermVariable {
  /** Canonical label (R deparse), e.g. `log(x)`, `I(x^2)`, `i(period, treat, 5)`. */
  label: string;
  expr: Expr;
}

export interface Term {
  /** Indices into `variables`, ascending (= order of first appearance). */
  vars: number[];
  label: string;
}

export interface TermList {
  variables: TermVariable[];
  terms: Term[];
  /** Intercept after `0`, `1`, `-1` have been applied (R's default is TRUE). */
  intercept: boolean;
}

type RawTerm = number[];

interface Encoded {
  terms: RawTerm[];
}

const key = (t: RawTerm): string => t.join(',');

function union(a: RawTerm, b: RawTerm): RawTerm {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function dedupe(terms: RawTerm[]): RawTerm[] {
  const seen = new Set<string>();
  const out: RawTerm[] = [];
  for (const t of terms) {
    const k = key(t);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

function interact(a: RawTerm[], b: RawTerm[]): RawTerm[] {
  const out: RawTerm[] = [];
  for (const ta of a) for (const tb of b) out.push(union(ta, tb));
  return dedupe(out);
}

/** Variables in order of first appearance, walking the formula left to right as R does. */
function collectVariables(e: Expr, into: Map<string, TermVariable>): void {
  const inner = unparen(e);
  if (inner.kind === 'binary' && ['+', '-', '*', '/', ':', '^'].includes(inner.op)) {
    collectVariables(inner.left, into);
    if (inner.op !== '^') collectVariables(inner.right, into);
    return;
  }
  if (inner.kind === 'unary' && (inner.op === '-' || inner.op === '+')) {
    collectVariables(inner.operand, into);
    return;
  }
  if (inner.kind === 'number') return;
  const label = deparse(inner);
  if (!into.has(label)) into.set(label, { label, expr: inner });
}

class Encoder {
  intercept = true;

  constructor(
    private readonly text: string,
    private readonly index: Map<string, number>,
  ) {}

  encode(e: Expr): Encoded {
    const inner = unparen(e);
    switch (inner.kind) {
      case 'number':
        if (inner.value === 1) this.intercept = true;
        else if (inner.value === 0) this.intercept = false;
        else throw formulaError('formula.bad_term', `The number ${deparse(inner)} is not a term; only 0 and 1 (intercept) may appear as numbers.`, this.text, inner.start, inner.end);
        return { terms: [] };
      case 'unary': {
        if (inner.op === '+') return this.encode(inner.operand);
        if (inner.op === '-') {
          const op = unparen(inner.operand);
          if (op.kind === 'number' && (op.value === 1 || op.value === 0)) {
            this.intercept = op.value === 0;
            return { terms: [] };
          }
          throw formulaError('formula.bad_term', 'A term cannot start with "-"; write "a - b" to remove b, or "-1" to remove the intercept.', this.text, inner.start, inner.end);
        }
        break;
      }
      case 'binary':
        switch (inner.op) {
          case '+': {
            const l = this.encode(inner.left);
            const r = this.encode(inner.right);
            return { terms: dedupe([...l.terms, ...r.terms]) };
          }
          case ':': {
            const l = this.encode(inner.left);
            const r = this.encode(inner.right);
            return { terms: interact(l.terms, r.terms) };
          }
          case '*': {
            const l = this.encode(inner.left);
            const r = this.encode(inner.right);
            return { terms: dedupe([...l.terms, ...r.terms, ...interact(l.terms, r.terms)]) };
          }
          case '/': {
            const l = this.encode(inner.left);
            const r = this.encode(inner.right);
            const all = l.terms.reduce<RawTerm>((acc, t) => union(acc, t), []);
            return { terms: dedupe([...l.terms, ...interact([all], r.terms)]) };
          }
          case '^': {
            const power = unparen(inner.right);
            if (power.kind !== 'number' || !Number.isInteger(power.value) || power.value < 1) {
              throw formulaError('formula.bad_term', 'In a formula, "^" raises a group of terms to an interaction order, e.g. (a + b + c)^2; to square a variable write I(x^2).', this.text, inner.start, inner.end);
            }
            const base = this.encode(inner.left);
            if (power.value > 1 && base.terms.length === 1 && base.terms[0].length === 1) {
              // R silently reads x^2 as x; that is never what is meant, so say so.
              throw formulaError('formula.bad_term', `${deparse(inner)} in a formula means the interactions of a group of terms, which for a single variable is just the variable; to square it write I(${deparse(inner)}).`, this.text, inner.start, inner.end);
            }
            let acc = base.terms;
            for (let p = 1; p < power.value; p++) acc = dedupe([...acc, ...interact(acc, base.terms)]);
            return { terms: acc };
          }
          case '-': {
            const l = this.encode(inner.left);
            const right = unparen(inner.right);
            if (right.kind === 'number' && (right.value === 1 || right.value === 0)) {
              this.intercept = right.value === 0;
              return l;
            }
            const saved = this.intercept;
            const r = this.encode(inner.right);
            this.intercept = saved;
            const drop = new Set(r.terms.map(key));
            return { terms: l.terms.filter((t) => !drop.has(key(t))) };
          }
          default:
            break;
        }
        break;
      default:
        break;
    }
    const label = deparse(inner);
    const idx = this.index.get(label);
    if (idx === undefined) throw new Error(`internal: variable ${label} not collected`);
    return { terms: [[idx]] };
  }
}

/**
 * Expands one formula part into R terms. `lhs` (if any) is registered first so the variable
 * order matches R's, where the response is variable 1.
 */
export function expandTerms(part: Expr, text: string, lhs: Expr | null = null): TermList {
  const vars = new Map<string, TermVariable>();
  if (lhs) collectVariables(lhs, vars);
  const lhsLabels = new Set(vars.keys());
  collectVariables(part, vars);
  const variables = [...vars.values()];
  const index = new Map(variables.map((v, i) => [v.label, i]));
  const enc = new Encoder(text, index);
  const encoded = enc.encode(part);
  const order = encoded.terms.map((t, i) => ({ t, i })).sort((a, b) => a.t.length - b.t.length || a.i - b.i);
  const terms: Term[] = [];
  for (const { t } of order) {
    for (const v of t) {
      if (lhsLabels.has(variables[v].label)) {
        const ex = variables[v].expr;
        throw formulaError('formula.response_on_rhs', `The dependent variable ${variables[v].label} also appears on the right-hand side.`, text, ex.start, ex.end);
      }
    }
    terms.push({ vars: t, label: t.map((v) => variables[v].label).join(':') });
  }
  return { variables, terms, intercept: enc.intercept };
}
