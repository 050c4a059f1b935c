/**
 * Moderation: does the policy's effect change with a moderator X?
 *
 *   Y = β_D·D + β_X·(X − x₀) + β_DX·D·(X − x₀) + controls + FE + e
 *
 * so the marginal effect of D at X = x is ME(x) = β_D + β_DX·(x − x₀) with
 * Var = V_DD + (x − x₀)²·V_XX' + 2(x − x₀)·V_D,DX (delta method, exact for a linear form), using
 * the model's clustered variance; x₀ is the centre (the mean by default), so β_D is the effect
 * at the centre and the curve itself does not depend on it. Also:
 * - Johnson–Neyman (1936): the x where |ME(x)| / se(x) equals the critical value solve
 *   (β_D + β_DX u)² = q²(V_DD + u²V_XX + 2uV_DX) for u = x − x₀, a quadratic;
 * - the binning estimator of Hainmueller, Mummolo & Xu (2019, Political Analysis 27(2), eq. 6):
 *   with bins G_j of X (quantile groups) and x_j the bin medians,
 *   Y = Σ_j G_j·[μ_j + α_j·D + η_j·(X − x_j) + β_j·(X − x_j)·D] + controls + FE,
 *   α_j being the effect at x_j. The linear model is the special case with equal η_j, equal β_j,
 *   and α_j − β_j·x_j and μ_j − η_j·x_j equal across bins; their Wald test is the linearity test.
 */
import type { RunContext } from '../context';
import { silentContext } from '../context';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { numericColumn, withColumn } from '../frame';
import { mean, quantileType7Sorted, sd } from '../rd/rstats';
import { tQuantileFn, normalQuantile } from '../dist';
import type { FeolsFit } from '../../../shared/specs/feols';
import type { MarginalEffect, ModerationResult, ModerationSpec } from '../../../shared/specs/moderation';
import type { FTest } from '../../../shared/specs/mech-model';
import { subContext, roleTerms, coefficientOf, commonSample, fitModel, fitOf, freshName, modelFormula, numericValues, quantileGroups, termName } from './common';
import { linearCombination, waldRestrictions, type Combination } from './hypothesis';
import { histogram } from './resample';

/** The marginal effect of the treatment at moderator value x. */
function effectAt(fit: FeolsFit, terms: { d: string; dx: string }, center: number, x: number, level: number, label?: string): MarginalEffect {
  const row = linearCombination(fit, { [terms.d]: 1, [terms.dx]: x - center }, level);
  return { ...row, moderator: x, ...(label ? { label } : {}) };
}

/**
 * Moderator values (in [lo, hi]) where the effect's significance changes, and the parts of
 * [lo, hi] where it is significant.
 */
export function johnsonNeyman(
  b: { d: number; dx: number },
  v: { dd: number; xx: number; dx: number },
  q: number,
  center: number,
  lo: number,
  hi: number,
): ModerationResult['johnson_neyman'] {
  // f(u) = (b_d + b_dx u)² − q²·var(u) = A u² + 2B u + C; significant where f > 0.
  const A = b.dx * b.dx - q * q * v.xx;
  const B = b.d * b.dx - q * q * v.dx;
  const C = b.d * b.d - q * q * v.dd;
  const f = (u: number): number => A * u * u + 2 * B * u + C;
  let roots: number[] = [];
  const scale = Math.max(Math.abs(A), Math.abs(B), Math.abs(C));
  if (Math.abs(A) > 1e-14 * scale) {
    const disc = B * B - A * C;
    if (disc >= 0) {
      const s = Math.sqrt(disc);
      // The numerically stable pair: one root from −B ∓ s, the other from C / (A·root).
      const r1 = (-B - Math.sign(B || 1) * s) / A;
      roots = r1 !== 0 ? [r1, C / (A * r1)] : [r1, (-2 * B) / A];
    }
  } else if (B !== 0) roots = [-C / (2 * B)];
  const bounds = roots.map((u) => u + center).sort((x, y) => x - y);
  const cuts = [lo, ...bounds.filter((x) => x > lo && x < hi), hi];
  const intervals: [number, number][] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const mid = (cuts[k] + cuts[k + 1]) / 2;
    if (f(mid - center) > 0) {
      const last = intervals.at(-1);
      if (last && last[1] === cuts[k]) last[1] = cuts[k + 1];
      else intervals.push([cuts[k], cuts[k + 1]]);
    }
  }
  if (lo === hi && f(lo - center) > 0) intervals.push([lo, hi]);
  return { critical_value: q, bounds, significant_intervals: intervals };
}

/** The binning estimator with its linearity test (see the file comment). */
function binning(
  sample: Frame,
  spec: ModerationSpec,
  x: Float64Array,
  d: Float64Array,
  linearFit: FeolsFit,
  linearTerms: { d: string; dx: string },
  center: number,
  ctx: RunContext,
): { result: NonNullable<ModerationResult['binning']>; notes: string[] } | null {
  const groups = quantileGroups(x, spec.bins as number);
  if (groups.count < 2) return null;
  const J = groups.count;
  const medians = Array.from({ length: J }, (_, j) => {
    const inBin = Float64Array.from(x.filter((_, i) => groups.codes[i] === j)).sort();
    return quantileType7Sorted(inBin, 0.5);
  });
  let frame = sample;
  const names = { g: [] as string[], gd: [] as string[], gx: [] as string[], gxd: [] as string[] };
  for (let j = 0; j < J; j++) {
    const g = Float64Array.from(groups.codes, (c) => (c === j ? 1 : 0));
    const add = (base: string, values: Float64Array): string => {
      const name = freshName(frame, base);
      frame = withColumn(frame, numericColumn(name, values));
      return name;
    };
    if (j > 0) names.g.push(add(`bin${j + 1}`, g));
    names.gd.push(add(`bin${j + 1}_d`, Float64Array.from(g, (v, i) => v * d[i])));
    names.gx.push(add(`bin${j + 1}_x`, Float64Array.from(g, (v, i) => v * (x[i] - medians[j]))));
    names.gxd.push(add(`bin${j + 1}_xd`, Float64Array.from(g, (v, i) => v * (x[i] - medians[j]) * d[i])));
  }
  const rhs = [...names.gd, ...names.gx, ...names.gxd, ...names.g].map(termName);
  const est = fitModel(frame, modelFormula(frame, spec, termName(spec.outcome), rhs), spec, ctx);
  const fit = fitOf(est);
  const has = (name: string): boolean => fit.coefficients[termName(name)]?.estimate != null;
  const notes: string[] = [];
  const bins = medians.map((xj, j) => {
    const name = termName(names.gd[j]);
    const lower = j === 0 ? groups.min : groups.cuts[j - 1];
    const upper = j === J - 1 ? groups.max : groups.cuts[j];
    const linear = (linearFit.coefficients[linearTerms.d].estimate as number) + (linearFit.coefficients[linearTerms.dx].estimate as number) * (xj - center);
    const nj = groups.codes.reduce((s, c) => s + (c === j ? 1 : 0), 0);
    if (!has(names.gd[j])) {
      notes.push(`Bin ${j + 1} (${lower} to ${upper}): the treatment effect is not identified there (no treatment variation within the fixed effects).`);
      return { bin: j + 1, lower, upper, moderator: xj, n: nj, linear, estimate: null, se: null, stat: null, p: null, conf_low: null, conf_high: null, dist: fit.p_dist, df: fit.p_dist === 't' ? fit.df_t : null, reason: 'no treatment variation in this bin' };
    }
    return { bin: j + 1, lower, upper, moderator: xj, n: nj, linear, ...linearCombination(fit, { [name]: 1 }, spec.level) };
  });
  // Restrictions under which the binning model is the linear one (bin 1 as the reference).
  const restrictions: Combination[] = [];
  const t = (s: string): string => termName(s);
  for (let j = 1; j < J; j++) {
    if (has(names.gxd[j]) && has(names.gxd[0])) restrictions.push({ [t(names.gxd[j])]: 1, [t(names.gxd[0])]: -1 });
    if (has(names.gd[j]) && has(names.gd[0]) && has(names.gxd[j]) && has(names.gxd[0])) restrictions.push(sumCombination([[t(names.gd[j]), 1], [t(names.gxd[j]), -medians[j]], [t(names.gd[0]), -1], [t(names.gxd[0]), medians[0]]]));
    if (has(names.gx[j]) && has(names.gx[0])) restrictions.push({ [t(names.gx[j])]: 1, [t(names.gx[0])]: -1 });
    if (has(names.g[j - 1]) && has(names.gx[j]) && has(names.gx[0])) restrictions.push(sumCombination([[t(names.g[j - 1]), 1], [t(names.gx[j]), -medians[j]], [t(names.gx[0]), medians[0]]]));
  }
  const test: FTest = waldRestrictions(fit, restrictions);
  return { result: { bins, linearity_test: test }, notes };
}

/** A combination from (name, weight) pairs, adding weights of a repeated name. */
function sumCombination(pairs: [string, number][]): Combination {
  const out: Combination = {};
  for (const [k, w] of pairs) out[k] = (out[k] ?? 0) + w;
  return out;
}

export function runModeration(frame: Frame, spec: ModerationSpec, ctx: RunContext = silentContext): ModerationResult {
  const { outcome: Y, treatment: D, moderator: X } = roleTerms(frame, { outcome: spec.outcome, treatment: spec.treatment, moderator: spec.moderator }, spec.controls);
  ctx.progress(0, 'sample');
  const sample = commonSample(frame, modelFormula(frame, spec, Y, [D, X]), spec);
  const x = numericValues(sample.frame, spec.moderator, 'moderator');
  const d = numericValues(sample.frame, spec.treatment, 'treatment');
  const sortedX = Float64Array.from(x).sort();
  const xMean = mean(x);
  const xSd = sd(x);
  if (!(sortedX[sortedX.length - 1] > sortedX[0])) throw new UserError('moderation.constant_moderator', `The moderator "${spec.moderator}" takes a single value in the estimation sample, so its interaction with the treatment cannot be estimated.`, { column: spec.moderator });
  const center = spec.center === 'mean' ? xMean : spec.center === 'none' ? 0 : spec.center;

  let work = sample.frame;
  let xName = spec.moderator;
  if (center !== 0) {
    xName = freshName(work, `${spec.moderator}_c`);
    work = withColumn(work, numericColumn(xName, Float64Array.from(x, (v) => v - center)));
  }
  const dxName = freshName(work, `${spec.treatment}_x_${spec.moderator}`);
  work = withColumn(work, numericColumn(dxName, Float64Array.from(x, (v, i) => d[i] * (v - center))));
  const formula = modelFormula(work, spec, Y, [D, termName(xName), termName(dxName)]);
  const est = fitModel(work, formula, spec, subContext(ctx, 0, spec.bins ? 0.5 : 1));
  const terms = { treatment: D, moderator: termName(xName), interaction: termName(dxName) };
  const coefD = coefficientOf(est, terms.treatment, spec.treatment, 'treatment');
  const coefDX = coefficientOf(est, terms.interaction, `${spec.treatment} × ${spec.moderator}`, 'interaction');
  const xRow = est.result.coefficients[terms.moderator];
  const moderatorRow = xRow && xRow.estimate !== null ? coefficientOf(est, terms.moderator, spec.moderator, 'moderator') : null;
  const fit = fitOf(est);
  const lin = { d: terms.treatment, dx: terms.interaction };
  const notes: string[] = [];
  if (!moderatorRow) notes.push(`The moderator "${spec.moderator}" itself is absorbed by the fixed effects (it does not vary within them); its interaction with the treatment is still estimated.`);

  const lo = sortedX[0];
  const hi = sortedX[sortedX.length - 1];
  const grid = Array.from({ length: spec.grid_points }, (_, k) => (k === spec.grid_points - 1 ? hi : lo + ((hi - lo) * k) / (spec.grid_points - 1)));
  const q = fit.p_dist === 't' ? tQuantileFn(1 - (1 - spec.level) / 2, fit.df_t) : normalQuantile(1 - (1 - spec.level) / 2);
  const V = fit.vcov;
  const jn = johnsonNeyman(
    { d: coefD.estimate as number, dx: coefDX.estimate as number },
    { dd: V[lin.d][lin.d], xx: V[lin.dx][lin.dx], dx: V[lin.d][lin.dx] },
    q,
    center,
    lo,
    hi,
  );
  const at = [
    { label: 'mean - sd', x: xMean - xSd },
    { label: 'mean', x: xMean },
    { label: 'mean + sd', x: xMean + xSd },
    { label: 'p25', x: quantileType7Sorted(sortedX, 0.25) },
    { label: 'p50', x: quantileType7Sorted(sortedX, 0.5) },
    { label: 'p75', x: quantileType7Sorted(sortedX, 0.75) },
    ...spec.at.map((v) => ({ label: 'at', x: v })),
  ];
  const hist = histogram(x, 20);
  const treatedHist = histogram(x, 20, (i) => d[i] !== 0);
  const bins = spec.bins ? binning(sample.frame, spec, x, d, fit, lin, center, subContext(ctx, 0.5, 1)) : null;
  if (bins) notes.push(...bins.notes);
  ctx.progress(1, 'done');
  return {
    model: 'moderation',
    outcome: spec.outcome,
    treatment: spec.treatment,
    moderator: spec.moderator,
    center,
    formula: est.result.formula,
    fit,
    terms: { ...terms, moderator: moderatorRow ? terms.moderator : null },
    coefficients: { treatment: coefD, moderator: moderatorRow, interaction: coefDX },
    moderator_summary: {
      n: x.length,
      mean: xMean,
      sd: xSd,
      min: lo,
      max: hi,
      p10: quantileType7Sorted(sortedX, 0.1),
      p25: quantileType7Sorted(sortedX, 0.25),
      p50: quantileType7Sorted(sortedX, 0.5),
      p75: quantileType7Sorted(sortedX, 0.75),
      p90: quantileType7Sorted(sortedX, 0.9),
    },
    marginal_effects: grid.map((v) => effectAt(fit, lin, center, v, spec.level)),
    at: at.map((a) => effectAt(fit, lin, center, a.x, spec.level, a.label)),
    johnson_neyman: jn,
    distribution: { breaks: hist.breaks, counts: hist.counts, treated_counts: treatedHist.counts },
    binning: bins ? bins.result : null,
    level: spec.level,
    notes: [...notes, ...est.result.notes],
  };
}
