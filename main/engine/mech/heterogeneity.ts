/**
 * Heterogeneity: the same fixed-effects model estimated by subgroup, with three tests that the
 * treatment coefficient β_g differs between groups (group 1 is the reference):
 *
 * - interaction (Chow-type) test: the pooled model with D × 1[g] and 1[g] for g ≥ 2 added,
 *   controls and fixed effects common to all groups; joint Wald test of the D × 1[g] terms;
 * - seemingly-unrelated test: the subgroup models stacked into one fully interacted model (every
 *   regressor × 1[g], every fixed effect × group), whose coefficients are exactly the subgroup
 *   estimates, with one variance clustered on the common cluster variable: groups that share
 *   clusters (urban and rural respondents of one city) get the covariance of their coefficients
 *   from the shared cluster sums, as Stata's suest with vce(cluster) computes it (up to fixest's
 *   small-sample factor); Wald test of β_g − β_1 = 0 for all g;
 * - Fisher permutation test (Efron & Tibshirani 1993, ch. 15; Stata's bdiff): group labels are
 *   shuffled across units (the rows of one unit keep one label), the subgroup models re-estimated
 *   by weighted demeaning (resample.ts), and the observed β_g − β_1 compared with the draws.
 */
import type { RunContext } from '../context';
import { silentContext } from '../context';
import { UserError, isUserError } from '../errors';
import type { Column, Frame } from '../frame';
import { filterRows, numericColumn, withColumn } from '../frame';
import { buildDesign, type Design } from '../design';
import { clusterFactors, estimateFeols, resolveSsc } from '../feols';
import { intersectCodes, type ClusterFactor } from '../vcov';
import { getColumnOrUserError } from '../did/panel';
import { factorizeColumn } from '../formula/factorize';
import { formatRNumber } from '../formula/rformat';
import { seededUniform } from '../psm/nearest';
import type { HeterogeneityGroup, HeterogeneityResult, HeterogeneitySpec, HeterogeneitySplit, SplitSpec } from '../../../shared/specs/heterogeneity';
import { roleTerms, coefficientOf, commonSample, fitModel, fitOf, freshName, modelFormula, numericValues, quantileGroups, subContext, termName, vcovOf, type LinearModelSpec } from './common';
import { linearCombination, waldRestrictions } from './hypothesis';
import { refit, shuffleInPlace, type RefitModel } from './resample';

interface Grouping {
  /** Group of each row of the split sample (0-based; -1 = not in any listed group). */
  codes: Int32Array;
  groups: { key: string; label: string; rule: string }[];
  cutPoints: number[];
}

/** One group per value, in R's factor order (numbers numerically, text by collation or the analyst's order). */
function categoricalGroups(col: Column, split: Extract<SplitSpec, { kind: 'categorical' }>): Grouping {
  const f = factorizeColumn(col, null);
  // Listed values select and order the groups: numbers match numeric levels, text the labels.
  const picked = split.values ? split.values.map((v) => (typeof v === 'number' && f.numericLevels ? f.numericLevels.indexOf(v) : f.labels.indexOf(String(v)))) : f.labels.map((_, k) => k);
  const absent = (split.values ?? []).filter((_, k) => picked[k] < 0);
  if (absent.length) throw new UserError('heterogeneity.value_not_found', `The split column "${col.name}" has no row with the value${absent.length > 1 ? 's' : ''} ${absent.map((a) => `"${a}"`).join(', ')} in the estimation sample.`, { column: col.name, values: absent });
  const keys = picked.map((k) => f.labels[k]);
  const remap = f.labels.map((_, k) => picked.indexOf(k));
  const codes = Int32Array.from(f.codes, (c) => (c < 0 ? -1 : remap[c]));
  const labels = col.type === 'number' ? col.valueLabels ?? {} : {};
  return {
    codes,
    groups: keys.map((k) => ({ key: k, label: labels[k] ?? k, rule: `${col.name} = ${k}${labels[k] ? ` (${labels[k]})` : ''}` })),
    cutPoints: [],
  };
}

function quantileGrouping(x: Float64Array, column: string, groups: number): Grouping {
  const q = quantileGroups(x, groups);
  const keys = Array.from({ length: q.count }, (_, g) => `Q${g + 1}`);
  const rule = (g: number): string => {
    const lo = g > 0 ? formatRNumber(q.cuts[g - 1], false) : null;
    const hi = g < q.cuts.length ? formatRNumber(q.cuts[g], false) : null;
    if (lo === null && hi === null) return `all ${column}`;
    if (lo === null) return `${column} ≤ ${hi}`;
    if (hi === null) return `${column} > ${lo}`;
    return `${lo} < ${column} ≤ ${hi}`;
  };
  return { codes: q.codes, groups: keys.map((k, g) => ({ key: k, label: k, rule: rule(g) })), cutPoints: q.cuts };
}

/** The common cluster variable of the stacked model: the spec's, or fixest's default (first fixed effect). */
function commonClusters(frame: Frame, spec: LinearModelSpec, design: Design): ClusterFactor[] | null {
  const v = vcovOf(spec);
  if (v && typeof v !== 'string') return clusterFactors(frame, v.cluster, design.rows);
  if (v === undefined && design.fixedEffects.length && design.fixedEffects[0].nlevels > 1) {
    const fe = design.fixedEffects[0];
    return [{ name: fe.name, codes: fe.codes, nlevels: fe.nlevels }];
  }
  return null;
}

/**
 * The subgroup models as one design: every regressor times each group indicator, every fixed
 * effect interacted with the group (the group itself when there is none, through the
 * intercept columns).
 */
function stackedDesign(design: Design, codes: Int32Array, keys: string[], split: string): Design {
  const G = keys.length;
  const columns: Float64Array[] = [];
  const names: string[] = [];
  const columnTerms: string[] = [];
  for (let g = 0; g < G; g++) {
    design.columns.forEach((c, j) => {
      columns.push(Float64Array.from(c, (v, i) => (codes[i] === g ? v : 0)));
      names.push(`${design.names[j]}[${split}=${keys[g]}]`);
      columnTerms.push(`${design.columnTerms[j]}[${split}=${keys[g]}]`);
    });
  }
  const fixedEffects = design.fixedEffects.map((fe) => {
    const x = intersectCodes(fe.codes, fe.nlevels, codes, G);
    return { name: `${fe.name}^${split}`, codes: x.codes, nlevels: x.nlevels, levels: Array.from({ length: x.nlevels }, (_, k) => String(k)), columns: [...fe.columns, split] };
  });
  return { ...design, columns, names, columnTerms, fixedEffects, specials: [], notes: [], formula: { ...design.formula, text: `${design.formula.text}, stacked by ${split}` } };
}

interface SplitContext {
  column: string;
  sample: Frame;
  grouping: Grouping;
  notes: string[];
}

/** The split's sample (rows complete for the model and the split column, in a listed group) and its groups. */
function prepareSplit(frame: Frame, spec: HeterogeneitySpec, split: SplitSpec, baseFormula: string): SplitContext {
  const col = getColumnOrUserError(frame, split.column, 'split');
  const s = commonSample(frame, baseFormula, spec, [split.column]);
  const notes: string[] = [];
  const splitCol = getColumnOrUserError(s.frame, split.column, 'split');
  let grouping: Grouping;
  if (split.kind === 'categorical') grouping = categoricalGroups(splitCol, split);
  else {
    if (col.type !== 'number') throw new UserError('heterogeneity.quantiles_of_text', `Quantile groups need a numeric column; "${split.column}" holds text. Use a categorical split instead.`, { column: split.column });
    grouping = quantileGrouping(splitCol.type === 'number' ? splitCol.values : new Float64Array(0), split.column, split.groups);
  }
  if (grouping.groups.length < 2) throw new UserError('heterogeneity.one_group', `The split "${split.column}" forms a single group in the estimation sample; a comparison needs at least two.`, { column: split.column });
  const keep = Uint8Array.from(grouping.codes, (c) => (c >= 0 ? 1 : 0));
  const outside = keep.length - keep.reduce((a, k) => a + k, 0);
  if (outside === 0) return { column: split.column, sample: s.frame, grouping, notes };
  notes.push(`${outside} row${outside > 1 ? 's' : ''} with a value of "${split.column}" outside the listed groups ${outside > 1 ? 'are' : 'is'} left out of this split.`);
  return { column: split.column, sample: filterRows(s.frame, keep), grouping: { ...grouping, codes: grouping.codes.filter((c) => c >= 0) }, notes };
}

/** Fits each group's model; a group that cannot be estimated is reported with the reason. */
function groupFits(ctx: SplitContext, spec: HeterogeneitySpec, formula: string, D: string, run: RunContext): HeterogeneityGroup[] {
  return ctx.grouping.groups.map((g, k): HeterogeneityGroup => {
    const keep = Uint8Array.from(ctx.grouping.codes, (c) => (c === k ? 1 : 0));
    const nobs = keep.reduce((a, v) => a + v, 0);
    run.progress(k / ctx.grouping.groups.length, 'groups');
    try {
      const est = fitModel(filterRows(ctx.sample, keep), formula, spec, silentContext);
      const row = coefficientOf(est, D, spec.treatment, 'treatment');
      return { ...g, nobs, estimate: row, fit: fitOf(est) };
    } catch (e) {
      if (!isUserError(e)) throw e;
      return { ...g, nobs, estimate: null, fit: null, reason: e.message };
    }
  });
}

/** Pooled model with treatment × group interactions (common controls and fixed effects). */
function interactionTest(c: SplitContext, spec: HeterogeneitySpec, terms: { Y: string; D: string }, run: RunContext): HeterogeneitySplit['interaction_test'] {
  let frame = c.sample;
  const d = numericValues(frame, spec.treatment, 'treatment');
  const inter: string[] = [];
  const dummies: string[] = [];
  for (let k = 1; k < c.grouping.groups.length; k++) {
    const ind = Float64Array.from(c.grouping.codes, (code) => (code === k ? 1 : 0));
    const dn = freshName(frame, `${spec.treatment}_x_g${k + 1}`);
    frame = withColumn(frame, numericColumn(dn, Float64Array.from(ind, (v, i) => v * d[i])));
    const gn = freshName(frame, `g${k + 1}`);
    frame = withColumn(frame, numericColumn(gn, ind));
    inter.push(termName(dn));
    dummies.push(termName(gn));
  }
  const est = fitModel(frame, modelFormula(frame, spec, terms.Y, [terms.D, ...inter, ...dummies]), spec, run);
  const fit = fitOf(est);
  const rows = inter.flatMap((name, k) => {
    const row = fit.coefficients[name];
    return row && row.estimate !== null ? [{ ...row, group: c.grouping.groups[k + 1].key, term: name }] : [];
  });
  return { test: waldRestrictions(fit, rows.map((t) => ({ [t.term]: 1 }))), terms: rows, nobs: fit.nobs };
}

/** The stacked (seemingly unrelated) model and its tests of β_g − β_1. */
function surTest(c: SplitContext, spec: HeterogeneitySpec, formula: string, D: string, run: RunContext): HeterogeneitySplit['sur_test'] {
  const design = buildDesign(c.sample, formula);
  const keys = c.grouping.groups.map((g) => g.key);
  const stacked = stackedDesign(design, c.grouping.codes, keys, c.column);
  const clusters = commonClusters(c.sample, spec, design);
  const v = vcovOf(spec);
  const est = estimateFeols(stacked, { vcov: clusters ? { cluster: clusters.map((k) => k.name) } : typeof v === 'string' ? v : 'iid', clusters: clusters ?? undefined, ssc: resolveSsc(spec.ssc), level: spec.level }, run);
  const fit = fitOf(est);
  const name = (g: number): string => `${D}[${c.column}=${keys[g]}]`;
  const has = (g: number): boolean => fit.coefficients[name(g)]?.estimate != null;
  const differences = keys.slice(1).map((key, k) => {
    const g = k + 1;
    if (!has(0) || !has(g)) return { group: key, reference: keys[0], estimate: null, se: null, stat: null, p: null, conf_low: null, conf_high: null, dist: fit.p_dist, df: fit.p_dist === 't' ? fit.df_t : null, reason: 'the treatment coefficient is not estimable in one of the two groups' };
    return { group: key, reference: keys[0], ...linearCombination(fit, { [name(g)]: 1, [name(0)]: -1 }, spec.level) };
  });
  const restrictions = differences.flatMap((dd, k) => (dd.estimate === null ? [] : [{ [name(k + 1)]: 1, [name(0)]: -1 }]));
  return { test: waldRestrictions(fit, restrictions), differences, nobs: fit.nobs };
}

/** The column whose units carry the permuted labels: the spec's, or the first candidate within which the split is constant. */
function permutationUnit(c: SplitContext, spec: HeterogeneitySpec, design: Design): { name: string; codes: Int32Array; nunits: number } | null {
  const constantWithin = (codes: Int32Array, nlevels: number): boolean => {
    const seen = new Int32Array(nlevels).fill(-1);
    for (let i = 0; i < codes.length; i++) {
      const g = c.grouping.codes[i];
      if (seen[codes[i]] === -1) seen[codes[i]] = g;
      else if (seen[codes[i]] !== g) return false;
    }
    return true;
  };
  const requested = spec.permutation?.unit;
  const v = vcovOf(spec);
  const candidates = requested ? [requested] : [...(v && typeof v !== 'string' ? v.cluster : []), ...spec.fixed_effects];
  for (const name of candidates) {
    const f = clusterFactors(c.sample, [name], design.rows)[0];
    if (constantWithin(f.codes, f.nlevels)) return { name, codes: f.codes, nunits: f.nlevels };
  }
  if (requested) return null;
  return { name: '(rows)', codes: Int32Array.from(c.grouping.codes, (_, i) => i), nunits: c.grouping.codes.length };
}

function permutationTest(c: SplitContext, spec: HeterogeneitySpec, formula: string, D: string, run: RunContext): { result: HeterogeneitySplit['permutation']; notes: string[] } {
  const opts = spec.permutation as { draws: number; seed: number };
  const design = buildDesign(c.sample, formula);
  const model: RefitModel = { columns: [(design.response as { values: Float64Array }).values, ...design.columns], fes: design.fixedEffects, fixefTol: 1e-6, fixefIter: 10000, collinTol: 1e-10 };
  const eq = [{ y: 0, x: design.columns.map((_, j) => j + 1) }];
  const dPos = design.names.indexOf(D);
  const G = c.grouping.groups.length;
  const n = c.grouping.codes.length;
  const w = new Float64Array(n);
  const coefs = (labels: Int32Array): number[] =>
    Array.from({ length: G }, (_, g) => {
      for (let i = 0; i < n; i++) w[i] = labels[i] === g ? 1 : 0;
      return refit(model, w, eq, run)[0][dPos];
    });
  const observed = coefs(c.grouping.codes);
  const diffs = observed.slice(1).map((b) => b - observed[0]);
  if (diffs.some((x) => !Number.isFinite(x))) throw new UserError('heterogeneity.permutation_not_estimable', 'The treatment coefficient is not estimable in every group, so the permutation test cannot compare them.', {});
  const unit = permutationUnit(c, spec, design);
  if (!unit) return { result: null, notes: [`The permutation test is skipped for "${c.column}": it varies within units of "${spec.permutation?.unit}", so whole units cannot carry one label. Permute another unit (or rows) for this split.`] };
  const unitGroup = new Int32Array(unit.nunits);
  for (let i = 0; i < n; i++) unitGroup[unit.codes[i]] = c.grouping.codes[i];
  const uniform = seededUniform(opts.seed);
  const extremeTwo = new Array<number>(G - 1).fill(0);
  const extremeOne = new Array<number>(G - 1).fill(0);
  const labels = new Int32Array(n);
  let failed = 0;
  for (let b = 0; b < opts.draws; b++) {
    run.checkCancelled();
    shuffleInPlace(unitGroup, uniform);
    for (let i = 0; i < n; i++) labels[i] = unitGroup[unit.codes[i]];
    const beta = coefs(labels);
    const draw = beta.slice(1).map((x) => x - beta[0]);
    if (draw.some((x) => !Number.isFinite(x))) failed++;
    else
      draw.forEach((x, k) => {
        const obs = diffs[k];
        // A relative tolerance keeps a draw equal to the observed difference (up to rounding) counted.
        const tol = 1e-10 * Math.abs(obs);
        if (Math.abs(x) >= Math.abs(obs) - tol) extremeTwo[k]++;
        if (obs >= 0 ? x >= obs - tol : x <= obs + tol) extremeOne[k]++;
      });
    run.progress((b + 1) / opts.draws, 'permutations');
  }
  const used = opts.draws - failed;
  if (failed * 2 > opts.draws) throw new UserError('heterogeneity.permutation_failed', `In ${failed} of ${opts.draws} permutations some group had no treatment variation, so the permutation test is not reliable. Permute larger units or use the other tests.`, { draws: opts.draws, failed });
  const notes = failed ? [`${failed} of ${opts.draws} permutations were dropped: some group had no treatment variation.`] : [];
  const keys = c.grouping.groups.map((g) => g.key);
  return {
    result: {
      draws: opts.draws,
      seed: opts.seed,
      unit: unit.name,
      n_units: unit.nunits,
      draws_used: used,
      failed,
      differences: diffs.map((dd, k) => ({ group: keys[k + 1], reference: keys[0], estimate: dd, p_two_sided: (1 + extremeTwo[k]) / (1 + used), p_one_sided: (1 + extremeOne[k]) / (1 + used) })),
    },
    notes,
  };
}

export function runHeterogeneity(frame: Frame, spec: HeterogeneitySpec, ctx: RunContext = silentContext): HeterogeneityResult {
  const { outcome: Y, treatment: D } = roleTerms(frame, { outcome: spec.outcome, treatment: spec.treatment }, spec.controls);
  for (const s of spec.splits) {
    getColumnOrUserError(frame, s.column, 'split');
    if (s.column === spec.treatment || s.column === spec.outcome) throw new UserError('heterogeneity.split_is_model_variable', `The split column "${s.column}" is the ${s.column === spec.treatment ? 'treatment' : 'outcome'}; split by another variable.`, { column: s.column });
  }
  const formula = modelFormula(frame, spec, Y, [D]);
  const share = 1 / (spec.splits.length + 1);
  const pooledSample = commonSample(frame, formula, spec);
  const pooled = fitModel(pooledSample.frame, formula, spec, subContext(ctx, 0, share));
  coefficientOf(pooled, D, spec.treatment, 'treatment');

  const splits = spec.splits.map((split, s): HeterogeneitySplit => {
    const from = share * (s + 1);
    const c = prepareSplit(frame, spec, split, formula);
    const permute = spec.permutation ? 0.7 : 0;
    const fitsEnd = from + share * (1 - permute) * 0.5;
    const groups = groupFits(c, spec, formula, D, subContext(ctx, from, fitsEnd));
    const interaction = interactionTest(c, spec, { Y, D }, subContext(ctx, fitsEnd, fitsEnd + share * (1 - permute) * 0.25));
    const sur = surTest(c, spec, formula, D, subContext(ctx, fitsEnd + share * (1 - permute) * 0.25, from + share * (1 - permute)));
    const notes = [...c.notes];
    const failedGroups = groups.filter((g) => g.estimate === null);
    for (const g of failedGroups) notes.push(`Group ${g.label}: ${g.reason}`);
    let permutation: HeterogeneitySplit['permutation'] = null;
    if (spec.permutation) {
      if (failedGroups.length) notes.push('The permutation test is skipped: the treatment is not estimable in every group.');
      else {
        const p = permutationTest(c, spec, formula, D, subContext(ctx, from + share * (1 - permute), from + share));
        permutation = p.result;
        notes.push(...p.notes);
      }
    }
    return {
      column: split.column,
      kind: split.kind,
      cut_points: c.grouping.cutPoints,
      groups,
      interaction_test: interaction,
      sur_test: sur,
      permutation,
      notes,
    };
  });
  ctx.progress(1, 'done');
  return {
    model: 'heterogeneity',
    outcome: spec.outcome,
    treatment: spec.treatment,
    term: D,
    level: spec.level,
    pooled: fitOf(pooled),
    splits,
    notes: pooled.result.notes,
  };
}
