/**
 * Mediation in a fixed-effects (DID) model, on one common sample with the same controls,
 * fixed effects and clustered variance in every equation:
 *
 *   (1) Y = c·D + Xγ₁ + FE + e₁        total effect c
 *   (2) M = a·D + Xγ₂ + FE + e₂        policy → mechanism
 *   (3) Y = c'·D + b·M + Xγ₃ + FE + e₃ direct effect c', mechanism → outcome b
 *
 * (Baron & Kenny 1986). Because the three least-squares fits share sample, regressors and fixed
 * effects, c = c' + a·b exactly (the omitted-variable identity), so the indirect effect a·b is
 * also c − c'. Its tests:
 * - Sobel (1982): se² = b²·se_a² + a²·se_b²; Aroian (1947) adds se_a²·se_b², Goodman (1960)
 *   subtracts it (MacKinnon, Lockwood et al. 2002, table 1); z against the normal;
 * - a cluster bootstrap (resample.ts): percentile and bias-corrected intervals of a·b from
 *   re-estimating (2) and (3) on each draw of whole clusters (MacKinnon, Lockwood & Williams
 *   2004 recommend the bias-corrected one for a·b).
 * The stepwise reading follows Wen & Ye (2014, Adv. Psych. Sci. 22(5)); the two-step report
 * (effects of the policy on the outcome and on the mechanism) is the one Jiang (2022, China
 * Industrial Economics 5) argues causal designs can defend.
 */
import type { RunContext } from '../context';
import { silentContext } from '../context';
import { normalQuantile, normalTwoSided } from '../dist';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { clusterFactors } from '../feols';
import { seededUniform } from '../psm/nearest';
import type { CoefficientRow } from '../ols';
import type { FeolsEstimate } from '../fitcore';
import type { Design } from '../design';
import type { MediationResult, MediationSpec } from '../../../shared/specs/mediation';
import type { EstimateRow } from '../../../shared/specs/mech-model';
import { coefficientOf, commonSample, fitModel, fitOf, modelFormula, roleTerms, subContext, vcovOf } from './common';
import { biasCorrectedInterval, clusterBootstrapWeights, histogram, percentileInterval, refit, type Equation } from './resample';
import { mean, sd } from '../rd/rstats';

type Variant = MediationSpec['sobel'][number];

/** Sobel-type tests of a·b from the paths' estimates and standard errors. */
export function sobelTests(a: { estimate: number; se: number }, b: { estimate: number; se: number }, variants: Variant[], level: number): (EstimateRow & { variant: Variant })[] {
  const ab = a.estimate * b.estimate;
  const first = b.estimate ** 2 * a.se ** 2 + a.estimate ** 2 * b.se ** 2;
  const second = a.se ** 2 * b.se ** 2;
  const q = normalQuantile(1 - (1 - level) / 2);
  return variants.map((variant) => {
    const v = variant === 'sobel' ? first : variant === 'aroian' ? first + second : first - second;
    if (!(v > 0)) {
      return { variant, estimate: ab, se: null, stat: null, p: null, conf_low: null, conf_high: null, dist: 'normal' as const, df: null, reason: variant === 'goodman' ? "Goodman's variance is not positive here (a and b are both close to 0)" : 'the variance of a·b is 0' };
    }
    const se = Math.sqrt(v);
    const z = ab / se;
    return { variant, estimate: ab, se, stat: z, p: normalTwoSided(z), conf_low: ab - q * se, conf_high: ab + q * se, dist: 'normal' as const, df: null };
  });
}

/** The cluster (or observation) bootstrap of a·b and of the share mediated. */
function bootstrap(
  sample: Frame,
  spec: MediationSpec,
  step3: FeolsEstimate & { design: Design },
  terms: { d: string; m: string },
  indirect: number,
  ctx: RunContext,
): { result: NonNullable<MediationResult['bootstrap']>; notes: string[] } {
  const opts = spec.bootstrap as { draws: number; seed: number };
  const design = step3.design;
  const y = design.response?.values as Float64Array;
  const cols = [y, ...design.columns];
  const dIdx = 1 + design.names.indexOf(terms.d);
  const mIdx = 1 + design.names.indexOf(terms.m);
  const all = design.columns.map((_, j) => j + 1);
  const withoutM = all.filter((j) => j !== mIdx);
  const equations: Equation[] = [
    { y: 0, x: withoutM },
    { y: mIdx, x: withoutM },
    { y: 0, x: all },
  ];
  const dPos = withoutM.indexOf(dIdx);
  const model = { columns: cols, fes: design.fixedEffects, fixefTol: step3.result.fixef_tol, fixefIter: 10000, collinTol: 1e-10 };
  const notes: string[] = [];
  const vcov = vcovOf(spec);
  const fixestDefault = vcov === undefined && design.fixedEffects.length > 0 && design.fixedEffects[0].nlevels > 1;
  const clusterName = vcov && typeof vcov !== 'string' ? vcov.cluster[0] : fixestDefault ? design.fixedEffects[0].name : null;
  let codes: Int32Array;
  let nclusters: number;
  if (clusterName !== null) {
    const f = vcov && typeof vcov !== 'string' ? clusterFactors(sample, [clusterName], design.rows)[0] : { codes: design.fixedEffects[0].codes, nlevels: design.fixedEffects[0].nlevels };
    codes = f.codes;
    nclusters = f.nlevels;
    if (vcov && typeof vcov !== 'string' && vcov.cluster.length > 1) notes.push(`The bootstrap resamples clusters of "${clusterName}", the first of the cluster variables.`);
  } else {
    codes = Int32Array.from(design.rows, (_, i) => i);
    nclusters = codes.length;
  }
  const uniform = seededUniform(opts.seed);
  const weights = new Float64Array(codes.length);
  const ab: number[] = [];
  const share: number[] = [];
  let failed = 0;
  for (let b = 0; b < opts.draws; b++) {
    ctx.checkCancelled();
    clusterBootstrapWeights(codes, nclusters, uniform, weights);
    const [total, mech, direct] = refit(model, weights, equations, ctx);
    const a = mech[dPos];
    const bm = direct[all.indexOf(mIdx)];
    const c = total[dPos];
    if (Number.isFinite(a) && Number.isFinite(bm) && Number.isFinite(c)) {
      ab.push(a * bm);
      share.push((a * bm) / c);
    } else failed++;
    ctx.progress((b + 1) / opts.draws, 'bootstrap');
  }
  // A distribution built from a minority of the resamples would be conditional on the few
  // that happen to contain variation, so the bootstrap is refused rather than reported.
  if (failed * 2 > opts.draws) throw new UserError('mediation.bootstrap_failed', `In ${failed} of ${opts.draws} bootstrap draws the treatment or the mediator had no variation left (the resampled clusters lack it), so the bootstrap is not reliable. Use more clusters, cluster at a finer level, or rely on the Sobel test.`, { draws: opts.draws, failed });
  if (failed) notes.push(`${failed} of ${opts.draws} bootstrap draws were dropped: the treatment or the mediator had no variation left in the resample.`);
  const sorted = Float64Array.from(ab).sort();
  let below = 0;
  let above = 0;
  for (const v of sorted) {
    if (v <= 0) below++;
    if (v >= 0) above++;
  }
  const shareSorted = Float64Array.from(share.filter(Number.isFinite)).sort();
  const result: NonNullable<MediationResult['bootstrap']> = {
    draws: opts.draws,
    seed: opts.seed,
    draws_used: sorted.length,
    failed,
    resampled: clusterName !== null ? 'clusters' : 'observations',
    cluster_var: clusterName,
    n_clusters: clusterName !== null ? nclusters : null,
    mean: mean(sorted),
    se: sd(sorted),
    percentile: percentileInterval(sorted, spec.level),
    bias_corrected: biasCorrectedInterval(sorted, indirect, spec.level),
    p: Math.min(1, (2 * Math.min(below, above)) / sorted.length),
    share_mediated: shareSorted.length ? percentileInterval(shareSorted, spec.level) : { conf_low: null, conf_high: null },
    histogram: histogram(sorted, 30),
  };
  return { result, notes };
}

const significant = (row: CoefficientRow, level: number): boolean => row.p !== null && row.p < 1 - level;

export function runMediation(frame: Frame, spec: MediationSpec, ctx: RunContext = silentContext): MediationResult {
  const { outcome: Y, treatment: D, mediator: M } = roleTerms(frame, { outcome: spec.outcome, treatment: spec.treatment, mediator: spec.mediator }, spec.controls);
  const formulas = [modelFormula(frame, spec, Y, [D]), modelFormula(frame, spec, M, [D]), modelFormula(frame, spec, Y, [D, M])];

  ctx.progress(0, 'sample');
  const sample = commonSample(frame, formulas[2], spec);
  const boot = spec.bootstrap ?? null;
  const fitShare = boot ? 0.15 : 1;
  const fits = formulas.map((f, k) => fitModel(sample.frame, f, spec, subContext(ctx, (k * fitShare) / 3, ((k + 1) * fitShare) / 3)));
  const c = coefficientOf(fits[0], D, spec.treatment, 'treatment');
  const a = coefficientOf(fits[1], D, spec.treatment, 'treatment');
  const cPrime = coefficientOf(fits[2], D, spec.treatment, 'treatment');
  const b = coefficientOf(fits[2], M, spec.mediator, 'mediator');
  const paths = { a: a.estimate as number, b: b.estimate as number, c: c.estimate as number };
  const indirect = paths.a * paths.b;
  const notes: string[] = [];
  const removed = sample.nobsOriginal - sample.frame.nrow;
  if (removed > 0) {
    const why = Object.entries(sample.missingBy)
      .filter(([, k]) => k > 0)
      .map(([v, k]) => `${v}: ${k}`)
      .join(', ');
    notes.push(`${removed} row${removed > 1 ? 's' : ''} with a missing value were dropped from all three equations so they share one sample${why ? ` (${why})` : ''}.`);
  }

  const sobel = sobelTests({ estimate: paths.a, se: a.se as number }, { estimate: paths.b, se: b.se as number }, spec.sobel, spec.level);
  const bootResult = boot ? bootstrap(sample.frame, spec, fits[2], { d: D, m: M }, indirect, subContext(ctx, fitShare, 1)) : null;
  if (bootResult) notes.push(...bootResult.notes);

  let shareMediated: MediationResult['share_mediated'];
  if (paths.c === 0) shareMediated = { estimate: null, reason: 'the total effect is 0' };
  else if (Math.sign(indirect) !== Math.sign(paths.c)) shareMediated = { estimate: null, reason: 'the indirect and total effects have opposite signs (inconsistent mediation), so a share is not meaningful' };
  else shareMediated = { estimate: indirect / paths.c };

  const aSig = significant(a, spec.level);
  const bSig = significant(b, spec.level);
  const cPrimeSig = significant(cPrime, spec.level);
  let basis: MediationResult['stepwise']['basis'] = 'a_and_b';
  let indirectSig = aSig && bSig;
  if (!indirectSig) {
    if (bootResult) {
      basis = 'bootstrap';
      const ci = bootResult.result.bias_corrected.conf_low !== null ? bootResult.result.bias_corrected : bootResult.result.percentile;
      indirectSig = (ci.conf_low as number) > 0 || (ci.conf_high as number) < 0;
    } else {
      basis = 'sobel';
      const p = sobel[0].p;
      indirectSig = p !== null && p < 1 - spec.level;
    }
  }
  const conclusion: MediationResult['stepwise']['conclusion'] = !indirectSig ? 'none' : !cPrimeSig ? 'full' : Math.sign(indirect) === Math.sign(cPrime.estimate as number) ? 'partial' : 'suppression';

  const stepFits = fits.map(fitOf);
  // Table rows: treatment, mediator, then the controls in the order they first appear.
  const seen: string[] = [];
  for (const f of stepFits) for (const t of Object.keys(f.coefficients)) if (!seen.includes(t)) seen.push(t);
  const termsInOrder = [D, M, ...seen.filter((t) => t !== D && t !== M)];
  const roles = ['total', 'mechanism', 'direct'] as const;
  return {
    model: 'mediation',
    outcome: spec.outcome,
    treatment: spec.treatment,
    mediator: spec.mediator,
    terms: { treatment: D, mediator: M },
    nobs: sample.frame.nrow,
    nobs_original: sample.nobsOriginal,
    obs_removed: removed,
    vcov_type: stepFits[0].vcov_type,
    level: spec.level,
    steps: stepFits.map((fit, k) => ({ step: k + 1, role: roles[k], formula: fits[k].result.formula, fit })),
    paths: { c, a, b, c_prime: cPrime },
    indirect,
    sobel,
    bootstrap: bootResult ? bootResult.result : null,
    share_mediated: shareMediated,
    stepwise: {
      total_significant: significant(c, spec.level),
      a_significant: aSig,
      b_significant: bSig,
      c_prime_significant: cPrimeSig,
      indirect_significant: indirectSig,
      basis,
      conclusion,
    },
    two_step: { policy_outcome: c, policy_mechanism: a },
    table: {
      columns: stepFits.map((f, k) => ({ step: k + 1, depvar: f.depvar })),
      rows: termsInOrder.map((term) => ({ term, cells: stepFits.map((f) => f.coefficients[term] ?? null) })),
    },
    notes: [...notes, ...fits.flatMap((f, k) => f.result.notes.map((n) => `(${k + 1}) ${n}`))],
  };
}
