/**
 * The propensity score: a binary logit or probit of the treatment on the covariates (MatchIt's
 * distance = "glm", link "logit" or "probit"), and the covariate matrix the balance table
 * reports (factors with every level, as MatchIt's summary shows them).
 */
import type { RunContext } from '../context';
import { buildDesign, type Design } from '../design';
import { UserError } from '../errors';
import { factorizeColumn } from '../formula/factorize';
import { findColumn, type Frame } from '../frame';
import { binaryResponse, EXACT_CONTROL, expandFixedEffects, fitBinomialGlm, R_DEFAULT_CONTROL, type BinomialFit, type BinomialLink } from '../glm';
import type { BalanceColumn } from './balance';

export interface PropensityModel {
  design: Design;
  /** Treatment indicator per used row (0/1). */
  treat: Uint8Array;
  /** Fitted probability per used row. */
  score: Float64Array;
  fit: BinomialFit;
  /** Names of the fitted columns (fixed effects, if any, as dummies after the reported ones). */
  names: string[];
  reported: number;
}

/**
 * Fits the score model. `fit = "glm"` stops by R's default rule (epsilon 1e-8), which is
 * what MatchIt does and what reproduces its matches and balance tables; "exact" converges
 * fully.
 */
export function estimatePropensity(frame: Frame, formula: string, link: BinomialLink, fit: 'glm' | 'exact', ctx: RunContext): PropensityModel {
  const design = buildDesign(frame, formula, { dropUnusedLevels: true });
  const n = design.rows.length;
  const y = binaryResponse(design);
  let nt = 0;
  for (let i = 0; i < n; i++) nt += y[i];
  const treatName = design.responseColumn?.name ?? 'treatment';
  if (nt === 0 || nt === n) {
    throw new UserError('psm_one_group', `The treatment "${treatName}" is ${nt === 0 ? 0 : 1} in every used row; matching needs treated and control units.`, { column: treatName });
  }
  const ex = expandFixedEffects(design, true);
  const model = fitBinomialGlm(ex.columns, y, { link, intercept: ex.hasIntercept, control: fit === 'glm' ? R_DEFAULT_CONTROL : EXACT_CONTROL, names: ex.names, ctx });
  return { design, treat: Uint8Array.from(y), score: model.mu, fit: model, names: ex.names, reported: ex.reported };
}

/**
 * The balance covariates: the score ("distance"), then each design column except the
 * intercept, with a factor that is a term on its own shown with a dummy for every level
 * (MatchIt builds its balance matrix without contrasts).
 */
export function balanceColumns(frame: Frame, pm: PropensityModel): BalanceColumn[] {
  const d = pm.design;
  const out: BalanceColumn[] = [{ name: 'distance', values: pm.score }];
  const done = new Set<string>();
  d.columnTerms.forEach((term, j) => {
    if (term === '(Intercept)') return;
    const factorOf = factorSource(frame, term);
    if (!factorOf) {
      out.push({ name: d.names[j], values: d.columns[j] });
      return;
    }
    if (done.has(term)) return;
    done.add(term);
    const f = factorizeColumn(factorOf.column, d.rows);
    f.labels.forEach((label, l) => {
      out.push({ name: `${factorOf.prefix}${label}`, values: Float64Array.from(f.codes, (c) => (c === l ? 1 : 0)) });
    });
  });
  return out;
}

/** A term that is one factor variable: a text column, or factor(x) / as.factor(x). */
function factorSource(frame: Frame, term: string): { column: NonNullable<ReturnType<typeof findColumn>>; prefix: string } | null {
  const direct = findColumn(frame, term);
  if (direct) return direct.type === 'string' ? { column: direct, prefix: term } : null;
  const m = /^(?:as\.)?factor\(([^()]+)\)$/.exec(term);
  if (!m) return null;
  const col = findColumn(frame, m[1].trim());
  return col ? { column: col, prefix: term } : null;
}
