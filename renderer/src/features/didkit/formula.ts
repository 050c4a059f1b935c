/**
 * fixest formulas written by the builders: `y ~ x1 + x2 | fe1 + fe2`. A column name that is
 * not a plain R name (letters — Chinese too —, digits, '.', '_') is quoted with backticks, as
 * the engine's formula lexer reads them.
 */

const PLAIN = /^(?:[\p{L}_]|\.(?!\d))[\p{L}\p{N}_.]*$/u;

export function formulaName(name: string): string {
  return PLAIN.test(name) ? name : `\`${name}\``;
}

/** A fixed effect as typed: a column, or an interaction "province^year" of columns. */
function fixedEffectTerm(fe: string): string {
  return fe.split('^').map((part) => formulaName(part.trim())).join('^');
}

export function buildFormula(outcome: string, regressors: readonly string[], fixedEffects: readonly string[] = []): string {
  const rhs = regressors.length > 0 ? regressors.map(formulaName).join(' + ') : '1';
  const fe = fixedEffects.length > 0 ? ` | ${fixedEffects.map(fixedEffectTerm).join(' + ')}` : '';
  return `${formulaName(outcome)} ~ ${rhs}${fe}`;
}

export interface SimpleFormula {
  outcome: string;
  regressors: string[];
  fixedEffects: string[];
}

function unquote(term: string): string {
  const t = term.trim();
  return t.startsWith('`') && t.endsWith('`') && t.length > 2 ? t.slice(1, -1) : t;
}

function splitTerms(text: string): string[] {
  return text
    .split('+')
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s !== '1');
}

/**
 * Reads back a formula of the shape buildFormula writes (to edit a saved spec); null for
 * anything else (IV parts, several outcomes), which the builder then cannot edit.
 */
export function parseSimpleFormula(formula: string): SimpleFormula | null {
  const tilde = formula.split('~');
  if (tilde.length !== 2) return null;
  const parts = tilde[1].split('|');
  if (parts.length > 2) return null;
  const outcome = unquote(tilde[0]);
  if (!outcome || outcome.includes('+')) return null;
  return {
    outcome,
    regressors: splitTerms(parts[0]).map(unquote),
    fixedEffects: parts.length === 2 ? splitTerms(parts[1]).map((fe) => fe.split('^').map(unquote).join('^')) : [],
  };
}
