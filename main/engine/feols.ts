/**
 * feols: OLS with any number of fixed effects, equal to fixest 0.12's feols().
 *
 * Pipeline: design (formula → columns, fixed effects, listwise deletion) → optional singleton
 * removal → demeaning of y and X on the fixed effects (hdfe.ts) → least squares with fixest's
 * collinearity rule (ols.ts) → variance with fixest's small-sample rules (vcov.ts) → fit
 * statistics and, for sunab() terms, the aggregation of cohort effects (sunab.ts). 2SLS
 * models (`| endo ~ inst`) go through iv.ts with the same pieces (fitcore.ts).
 */
import type { Frame } from './frame';
import { findColumn } from './frame';
import type { RunContext } from './context';
import { silentContext } from './context';
import { UserError } from './errors';
import { buildDesign, type Design } from './design';
import { factorizeColumn } from './formula/factorize';
import { demean } from './hdfe';
import { coefficientRow, fitLinear, ssrNull, weightedSsq, type CoefficientRow } from './ols';
import { computeVcov, FIXEST_SSC, REGHDFE_SSC, type ClusterFactor, type Ssc } from './vcov';
import { aggregateSunab, type SunabMeta } from './sunab';
import { checkResidualDf, eventTerms, fixefDof, leverageFn, noteCollinear, prepareFixef, resolveVcovRequest, scoresOf, summarizeFit, type FeolsEstimate, type FitCore, type FitSettings } from './fitcore';
import type { FeolsResult, FeolsSpec, SscSpec } from '../../shared/specs/feols';
import type { VcovSpec } from '../../shared/specs/common';
import { estimateIv } from './iv';

export type { FeolsEstimate } from './fitcore';

export interface FeolsOptions {
  /** Default: clustered by the first fixed effect when there is one, else iid. */
  vcov?: VcovSpec;
  /** Cluster variables aligned with design.rows, required for {cluster: [...]} on a bare design. */
  clusters?: ClusterFactor[];
  ssc?: Ssc;
  fixefTol?: number;
  fixefIter?: number;
  fixefRm?: 'none' | 'singleton';
  collinTol?: number;
  level?: number;
  pDist?: 't' | 'normal';
  /** Sun–Abraham display (see the spec's `agg`). */
  agg?: 'period' | 'ATT' | 'cohort' | false;
}

export function resolveSsc(spec: SscSpec | undefined): Ssc {
  if (!spec || spec === 'fixest') return FIXEST_SSC;
  if (spec === 'reghdfe') return REGHDFE_SSC;
  return {
    adj: spec.adj ?? FIXEST_SSC.adj,
    fixefK: spec.fixef_K ?? FIXEST_SSC.fixefK,
    fixefForceExact: spec.fixef_force_exact ?? FIXEST_SSC.fixefForceExact,
    clusterAdj: spec.cluster_adj ?? FIXEST_SSC.clusterAdj,
    clusterDf: spec.cluster_df ?? FIXEST_SSC.clusterDf,
    tDf: spec.t_df ?? FIXEST_SSC.tDf,
  };
}

/** Cluster columns of the frame (a column name, or `a^b` for an intersection) on `rows`. */
export function clusterFactors(frame: Frame, names: string[], rows: Int32Array): ClusterFactor[] {
  return names.map((name) => {
    const parts = name.split('^').map((p) => p.trim());
    let codes: Int32Array | null = null;
    let nlevels = 0;
    for (const p of parts) {
      const col = findColumn(frame, p);
      if (!col) throw new UserError('vcov.unknown_cluster', `Cluster variable "${p}" is not in the data.`, { column: p });
      const f = factorizeColumn(col, rows);
      if (!codes) {
        codes = f.codes;
        nlevels = f.labels.length;
      } else {
        const combined: Int32Array = new Int32Array(codes.length);
        const map = new Map<number, number>();
        for (let i = 0; i < codes.length; i++) {
          const key = codes[i] * f.labels.length + f.codes[i];
          let c = map.get(key);
          if (c === undefined) {
            c = map.size;
            map.set(key, c);
          }
          combined[i] = c;
        }
        codes = combined;
        nlevels = map.size;
      }
    }
    return { name, codes: codes as Int32Array, nlevels };
  });
}

/** The columns a cluster specification needs, for listwise deletion. */
export function clusterColumns(vcov: VcovSpec | undefined): string[] {
  if (!vcov || typeof vcov === 'string') return [];
  return vcov.cluster.flatMap((c) => c.split('^').map((p) => p.trim()));
}

/** Mass of each sunab cell: Σ w·sign(x) over the estimation rows (fixest aggregate()). */
function cellMass(design: Design, names: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const w = design.weights;
  names.forEach((nm) => {
    const j = design.names.indexOf(nm);
    if (j < 0) return;
    const col = design.columns[j];
    let s = 0;
    for (let i = 0; i < col.length; i++) s += (w ? w[i] : 1) * Math.sign(col[i]);
    out.set(nm, s);
  });
  return out;
}

/** Why there is no numeric dependent variable, naming a text value and its row when there is one. */
function badResponse(design: Design): UserError {
  const col = design.responseColumn;
  if (!col || col.type !== 'string') return new UserError('feols.bad_response', 'Cannot estimate: the formula has no dependent variable (write it as "y ~ x").', { formula: design.formula.text });
  const k = col.codes.findIndex((c) => c >= 0 && !Number.isFinite(Number(col.levels[c].trim() || 'x')));
  const example = k >= 0 ? ` It holds text such as "${col.levels[col.codes[k]]}" (row ${design.rows[k] + 1}); fix or mark such values as missing.` : '';
  return new UserError('feols.bad_response', `Cannot estimate: the dependent variable "${col.name}" is text, and feols needs numbers.${example}`, { formula: design.formula.text, column: col.name, ...(k >= 0 ? { row: design.rows[k] + 1, value: col.levels[col.codes[k]] } : {}) });
}

/**
 * feols on a prepared design (no formula string): the hook for estimators built on top.
 * Cluster variables must be passed in `opts.clusters` for {cluster: [...]} variances.
 */
export function estimateFeols(design: Design, opts: FeolsOptions = {}, ctx: RunContext = silentContext): FeolsEstimate {
  if (!design.response) throw badResponse(design);
  const settings: FitSettings = {
    ssc: opts.ssc ?? FIXEST_SSC,
    fixefTol: opts.fixefTol ?? 1e-6,
    fixefIter: opts.fixefIter ?? 10000,
    collinTol: opts.collinTol ?? 1e-10,
    level: opts.level ?? 0.95,
    pDist: opts.pDist ?? 't',
  };
  const prep = prepareFixef(design, opts.clusters, opts.fixefRm);
  const fx = prep.fx;
  const d = fx.design;
  const request = resolveVcovRequest(opts.vcov, d, prep.clusters);
  ctx.checkCancelled();
  if (d.iv) return estimateIv(fx, request, settings, ctx);

  const y = (d.response as { values: Float64Array }).values;
  const w = d.weights;
  let yd = y;
  let X = d.columns;
  if (fx.prepared) {
    const dm = demean(fx.prepared, [y, ...d.columns], { tol: settings.fixefTol, maxIter: settings.fixefIter }, { checkCancelled: () => ctx.checkCancelled(), progress: (f) => ctx.progress(0.1 + 0.8 * f, 'demean') });
    yd = dm.columns[0];
    X = dm.columns.slice(1);
    // fixest lists the regressors first and the dependent variable last.
    fx.iterations = [...dm.iterations.slice(1), dm.iterations[0]];
    fx.converged = dm.converged;
    if (!dm.converged) d.notes.push(`The fixed-effect demeaning did not converge in ${settings.fixefIter} iterations; estimates may be imprecise (increase fixef_iter).`);
  }
  ctx.checkCancelled();
  const fit = fitLinear(yd, X, w, settings.collinTol);
  if (!fit) throw new UserError('feols.all_collinear', `All regressors are collinear${d.fixedEffects.length ? ' with the fixed effects' : ''}: ${d.names.join(', ')}. Nothing can be estimated.`, { names: d.names });
  const n = y.length;
  const names = fit.kept.map((j) => d.names[j]);
  const collinear = fit.excluded.map((j) => d.names[j]);
  noteCollinear(d, collinear);
  const nparams = names.length + fixefDof(d);
  checkResidualDf(n, nparams, names.length, d);
  const ssr = weightedSsq(fit.residuals, w);
  const keptCols = fit.kept.map((j) => X[j]);
  const scores = scoresOf(keptCols, fit.residuals, w);
  const vcovOut = computeVcov(
    {
      bread: fit.inverse,
      scores,
      ssr,
      n,
      nparams,
      fixedEffects: d.fixedEffects.map((f) => ({ name: f.name, columns: f.columns, codes: f.codes, nlevels: f.nlevels })),
      leverage: leverageFn(keptCols, fit.inverse, w, fx.prepared),
    },
    request,
    settings.ssc,
  );
  if (vcovOut.fixedPsd) d.notes.push('The variance matrix had negative values on the diagonal and was made positive semi-definite (Cameron, Gelbach & Miller 2011).');
  const core: FitCore = {
    depvar: d.response?.name ?? '',
    names,
    beta: fit.beta,
    vcovOut,
    ssr,
    ssrNull: ssrNull(y, w),
    ssrFeOnly: fx.prepared ? weightedSsq(yd, w) : null,
    n,
    nparams,
    collinear,
    hasIntercept: d.hasIntercept,
  };
  const sunab = d.specials.find((s) => s.meta.kind === 'sunab');
  let displayed: { names: string[]; rows: CoefficientRow[] } | undefined;
  let sunabInfo: FeolsResult['sunab'] = null;
  if (sunab) {
    const meta = sunab.meta as SunabMeta;
    const agg = opts.agg ?? (meta.att ? 'ATT' : meta.noAgg ? false : 'period');
    const cohortRows = names.map((_, j) => coefficientRow(fit.beta[j], vcovOut.matrix[j][j], vcovOut.dfT, settings.pDist, settings.level));
    const isSunab = new Set(sunab.names);
    let aggregation: { name: string; components: string[]; weights: number[] }[] = [];
    // Without any estimated cohort coefficient (all collinear) there is nothing to aggregate.
    if (agg !== false && names.some((nm) => isSunab.has(nm))) {
      const aggregated = aggregateSunab(meta, agg, names, fit.beta, vcovOut.matrix, cellMass(d, names));
      aggregation = aggregated.map((a) => ({ name: a.name, components: a.components, weights: a.weights }));
      // fixest aggregate(): p-values with G - 1 df when clustered with cluster.df = "min", else n - nparams.
      const g = vcovOut.nClustersMin !== null && settings.ssc.clusterAdj && settings.ssc.clusterDf === 'min' ? vcovOut.nClustersMin : null;
      const dfAgg = g !== null ? Math.max(g - 1, 1) : Math.max(n - nparams, 1);
      const first = names.findIndex((nm) => isSunab.has(nm));
      const before = names.slice(0, first).map((nm, j) => ({ nm, row: cohortRows[j] }));
      const after = names.map((nm, j) => ({ nm, row: cohortRows[j] })).filter((x, j) => j > first && !isSunab.has(x.nm));
      const aggRows = aggregated.map((a) => ({ nm: a.name, row: coefficientRow(a.estimate, a.se * a.se, dfAgg, settings.pDist, settings.level) }));
      const all = [...before, ...aggRows, ...after];
      displayed = { names: all.map((x) => x.nm), rows: all.map((x) => x.row) };
    }
    sunabInfo = {
      agg,
      period_name: meta.periodName,
      never_treated_cohorts: meta.neverTreatedCohorts,
      always_treated_cohorts: meta.alwaysTreatedCohorts,
      reference_periods: meta.referencePeriods,
      cohort_coefficients: Object.fromEntries(names.map((nm, j) => [nm, cohortRows[j]])),
      aggregation,
    };
  }
  const fitSummary = summarizeFit(core, fx, settings, displayed);
  ctx.progress(1, 'done');
  const result: FeolsResult = {
    model: 'feols',
    formula: d.formula.text,
    ...fitSummary,
    notes: d.notes,
    event_terms: eventTerms(d, names),
    iv: null,
    sunab: sunabInfo,
  };
  return { result, names, beta: fit.beta, vcov: vcovOut.matrix, residuals: fit.residuals, rows: d.rows };
}

/**
 * The cluster factors a clustered vcov asks for (undefined otherwise), over the design's rows;
 * a cluster variable that is also a fixed effect reuses the fixed effect's codes.
 */
export function designClusters(frame: Frame, design: Design, vcov: VcovSpec | undefined): ClusterFactor[] | undefined {
  if (!vcov || typeof vcov === 'string') return undefined;
  return vcov.cluster.map((name) => {
    const fe = design.fixedEffects.find((f) => f.name === name);
    return fe ? { name, codes: fe.codes, nlevels: fe.nlevels } : clusterFactors(frame, [name], design.rows)[0];
  });
}

/** Runs a feols spec on a frame (data and subset already applied by the runner). */
export function runFeols(frame: Frame, spec: FeolsSpec, ctx: RunContext = silentContext): FeolsResult {
  ctx.progress(0, 'design');
  const design = buildDesign(frame, spec.formula, { weights: spec.weights, alsoRequire: clusterColumns(spec.vcov) });
  const clusters = designClusters(frame, design, spec.vcov);
  return estimateFeols(
    design,
    {
      vcov: spec.vcov,
      clusters,
      ssc: resolveSsc(spec.ssc),
      fixefTol: spec.fixef_tol,
      fixefIter: spec.fixef_iter,
      fixefRm: spec.fixef_rm,
      collinTol: spec.collin_tol,
      level: spec.level,
      pDist: spec.p_dist,
      agg: spec.agg,
    },
    ctx,
  ).result;
}
