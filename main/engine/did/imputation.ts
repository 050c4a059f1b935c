/**
 * Imputation DiD estimator of Borusyak, Jaravel & Spiess (2024, REStud 91(6)), as
 * didimputation::did_imputation 0.5.0 with its default first stage y ~ 0 | unit + period:
 * 1. fit unit and period effects by OLS on the untreated observations (never treated and not
 *    yet treated), impute Y(0) for the treated ones and take τ_it = y_it - Ŷ_it(0) (Thm. 2);
 * 2. an estimand is a weighted sum Σ w_it τ_it over treated observations (equal weights over
 *    all treated observations, or over those at event time e for horizon e);
 * 3. its conservative variance (eq. 8/10): Σ_clusters (Σ_it v_it ε_it)² with v = w on treated and
 *    v = -Z0 (Z0'Z0)⁻ Z1'w on untreated observations (eq. 6), ε the Y(0) residual on untreated
 *    observations and τ_it - τ̄_{g,e} on treated ones, τ̄_{g,e} = Σ v² τ / Σ v² by cohort and
 *    event time.
 * Pre-trend coefficients come from a separate regression on the untreated observations,
 * y ~ i(event_time, keep = pretrends) | unit + period, clustered as fixest does by default.
 * The fixed effects are solved exactly (twoway.ts), so results match R's estimator run with a
 * tight fixest tolerance (the fixtures' *_tight cases).
 */
import type { DidImputationResult, DidImputationSpec, DidImputationTerm } from '../../../shared/specs/did-imputation';
import { didImputationSpec } from '../../../shared/specs/did-imputation';
import type { RunContext } from '../context';
import { fUpper } from '../dist';
import { UserError } from '../errors';
import type { Column, Frame } from '../frame';
import { invertSPD } from '../linalg';
import { getColumnOrUserError, numericColumnOrError as numeric, rowCodes as codesOf } from './panel';
import { buildTwoWay, feRegression, solveTwoWay, type TwoWaySystem } from './twoway';

const Z = 1.96;

function isMissing(col: Column, i: number): boolean {
  return col.type === 'number' ? Number.isNaN(col.values[i]) : col.codes[i] < 0;
}

function term(name: string, kind: DidImputationTerm['kind'], estimate: number, se: number | null, n: number): DidImputationTerm {
  const ok = Number.isFinite(estimate);
  const s = se !== null && Number.isFinite(se) ? se : null;
  return {
    term: name,
    estimate: ok ? estimate : null,
    se: s,
    conf_low: ok && s !== null ? estimate - Z * s : null,
    conf_high: ok && s !== null ? estimate + Z * s : null,
    n,
    kind,
  };
}

export function runDidImputation(frame: Frame, specInput: DidImputationSpec, ctx: RunContext): DidImputationResult {
  const spec = didImputationSpec.parse(specInput);
  const notes: string[] = [];
  const y = numeric(frame, spec.yname, 'outcome (yname)');
  const t = numeric(frame, spec.tname, 'time (tname)');
  const g = numeric(frame, spec.gname, 'first-treatment (gname)');
  const idCol = getColumnOrUserError(frame, spec.idname, 'unit id (idname)');
  const clCol = spec.cluster_var ? getColumnOrUserError(frame, spec.cluster_var, 'cluster (cluster_var)') : idCol;

  const rows: number[] = [];
  let dropped = 0;
  for (let i = 0; i < frame.nrow; i++) {
    if (Number.isNaN(y[i]) || Number.isNaN(t[i]) || isMissing(idCol, i) || isMissing(clCol, i)) dropped++;
    else rows.push(i);
  }
  if (dropped > 0) notes.push(`Dropped ${dropped} rows with a missing outcome, time, id or cluster.`);
  const units = codesOf(idCol, rows);
  const times = [...new Set(rows.map((i) => t[i]))].sort((a, b) => a - b);
  const tIndex = new Map(times.map((v, p) => [v, p]));
  const m = rows.length;
  const unit = units.codes;
  const time = Int32Array.from(rows, (i) => tIndex.get(t[i]) as number);
  const treated = new Uint8Array(m);
  const event = new Float64Array(m);
  let gMissing = 0;
  rows.forEach((i, o) => {
    const gi = g[i];
    if (Number.isNaN(gi)) gMissing++;
    const never = Number.isNaN(gi) || gi === 0 || gi === Number.POSITIVE_INFINITY;
    event[o] = never ? Number.NEGATIVE_INFINITY : t[i] - gi;
    treated[o] = !never && gi > 0 && t[i] >= gi ? 1 : 0;
  });
  if (gMissing > 0) notes.push(`${gMissing} rows with a missing "${spec.gname}" are treated as never treated.`);

  // First stage on the untreated observations.
  const s0 = [...Array(m).keys()].filter((o) => !treated[o]);
  if (s0.length === 0) throw new UserError('didimp_no_untreated', 'There are no untreated observations to fit the unit and period effects.', {});
  const sys = buildTwoWay(Int32Array.from(s0, (o) => unit[o]), Int32Array.from(s0, (o) => time[o]), units.count, times.length);
  ctx.checkCancelled();
  const y0 = Float64Array.from(s0, (o) => y[rows[o]]);
  const fit = effects(sys, y0);
  const tau = new Float64Array(m).fill(Number.NaN);
  const s1: number[] = [];
  let notImputable = 0;
  for (let o = 0; o < m; o++) {
    if (!treated[o]) continue;
    const f = fit.alpha[unit[o]] + fit.gamma[time[o]];
    if (Number.isFinite(f)) {
      tau[o] = y[rows[o]] - f;
      s1.push(o);
    } else notImputable++;
  }
  if (notImputable > 0)
    notes.push(`${notImputable} treated observations could not be imputed (their unit or period has no untreated observation) and are dropped.`);
  if (s1.length === 0) throw new UserError('didimp_no_treated', `No treated observation (period >= "${spec.gname}" > 0) can be imputed.`, {});
  const resid0 = Float64Array.from(s0, (o, k) => y0[k] - fit.alpha[unit[o]] - fit.gamma[time[o]]);

  // Estimands: weights over the imputable treated observations.
  const targets: { name: string; kind: DidImputationTerm['kind']; obs: number[] }[] = [];
  if (spec.horizon === undefined) targets.push({ name: 'treat', kind: 'static', obs: s1 });
  else {
    const available = [...new Set(s1.map((o) => event[o]))].sort((a, b) => a - b);
    const hs = spec.horizon === true ? available : spec.horizon;
    for (const h of hs) {
      const obs = s1.filter((o) => event[o] === h);
      if (obs.length === 0) throw new UserError('didimp_no_horizon', `No treated observation at event time ${h}; available horizons: ${available.join(', ')}.`, { horizon: h, available });
      targets.push({ name: String(h), kind: 'horizon', obs });
    }
  }

  const clusters = codesOf(clCol, rows);
  const out: DidImputationTerm[] = [];
  targets.forEach((tg, idx) => {
    ctx.checkCancelled();
    ctx.progress(idx / (targets.length + 1), 'imputation');
    const w = 1 / tg.obs.length;
    const estimate = tg.obs.reduce((s, o) => s + w * tau[o], 0);
    // v on untreated observations: -Z0 (Z0'Z0)⁻ Z1'w (eq. 6).
    const bu = new Float64Array(units.count);
    const bt = new Float64Array(times.length);
    for (const o of tg.obs) {
      bu[unit[o]] += w;
      bt[time[o]] += w;
    }
    const star = solveTwoWay(sys, bu, bt);
    // τ̄ by cohort × event time over the treated observations carrying weight (eq. 10).
    const cellNum = new Map<string, number>();
    const cellDen = new Map<string, number>();
    for (const o of tg.obs) {
      const key = `${g[rows[o]]}|${event[o]}`;
      cellNum.set(key, (cellNum.get(key) ?? 0) + w * w * tau[o]);
      cellDen.set(key, (cellDen.get(key) ?? 0) + w * w);
    }
    const score = new Float64Array(clusters.count);
    for (const o of tg.obs) {
      const key = `${g[rows[o]]}|${event[o]}`;
      score[clusters.codes[o]] += w * (tau[o] - (cellNum.get(key) as number) / (cellDen.get(key) as number));
    }
    s0.forEach((o, k) => {
      const v = -(star.alpha[unit[o]] + star.gamma[time[o]]);
      score[clusters.codes[o]] += v * resid0[k];
    });
    let variance = 0;
    for (let c = 0; c < clusters.count; c++) variance += score[c] * score[c];
    out.push(term(tg.name, tg.kind, estimate, Math.sqrt(variance), tg.obs.length));
  });

  let pretrendTest: DidImputationResult['pretrend_test'] = null;
  if (spec.pretrends !== undefined) {
    const pre = pretrendTerms(spec.pretrends, s0, event, sys, y0, clusters);
    out.unshift(...pre.terms);
    pretrendTest = pre.test;
  }
  ctx.progress(1, 'imputation');
  const usedRows = s0.length + s1.length;
  const usedUnits = new Set([...s0, ...s1].map((o) => unit[o])).size;
  const usedClusters = new Set([...s0, ...s1].map((o) => clusters.codes[o])).size;
  return {
    model: 'did_imputation',
    terms: out,
    n_obs: usedRows,
    n_treated_obs: s1.length,
    n_untreated_obs: s0.length,
    n_units: usedUnits,
    n_clusters: usedClusters,
    conf_int: 'estimate -/+ 1.96 * se (fixed 1.96, as did_imputation computes it)',
    pretrend_test: pretrendTest,
    notes,
  };
}

function effects(sys: TwoWaySystem, y0: Float64Array): { alpha: Float64Array; gamma: Float64Array } {
  const bu = new Float64Array(sys.nUnits);
  const bt = new Float64Array(sys.nTimes);
  for (let k = 0; k < y0.length; k++) {
    bu[sys.unit[k]] += y0[k];
    bt[sys.time[k]] += y0[k];
  }
  return solveTwoWay(sys, bu, bt);
}

function pretrendTerms(
  setting: true | [number, number],
  s0: number[],
  event: Float64Array,
  sys: TwoWaySystem,
  y0: Float64Array,
  clusters: { codes: Int32Array; count: number },
): { terms: DidImputationTerm[]; test: DidImputationResult['pretrend_test'] } {
  const available = [...new Set(s0.map((o) => event[o]).filter((e) => Number.isFinite(e)))].sort((a, b) => a - b);
  let keep: number[];
  if (setting === true) {
    // All pre-periods but the earliest, which with the never treated is the reference
    // (the event-time dummies of a unit sum to one and are collinear with its effect).
    keep = available.filter((e) => e < 0).slice(1);
  } else {
    const [a, b] = setting;
    if (a > b || b >= 0) throw new UserError('didimp_bad_pretrends', `pretrends must be a range [from, to] of negative event times with from <= to; got [${a}, ${b}].`, { pretrends: setting });
    keep = [];
    for (let e = a; e <= b; e++) keep.push(e);
    const missing = keep.filter((e) => !available.includes(e));
    if (missing.length > 0)
      throw new UserError('didimp_pretrend_not_found', `Pre-trend event times ${missing.join(', ')} do not occur among the untreated observations; available: ${available.join(', ')}.`, { missing, available });
  }
  if (keep.length === 0) return { terms: [], test: null };
  const xs = keep.map((e) => Float64Array.from(s0, (o) => (event[o] === e ? 1 : 0)));
  const fit = feRegression(sys, y0, xs, remap(Int32Array.from(s0, (o) => clusters.codes[o])));
  if (!fit) throw new UserError('didimp_pretrend_collinear', 'The pre-trend dummies are collinear with the fixed effects; choose fewer pre-periods.', { pretrends: keep });
  const { beta, vcov: vc, nClusters: nCl } = fit;
  const terms = keep.map((ev, j) => term(String(ev), 'pretrend', beta[j], Math.sqrt(vc[j][j]), s0.filter((o) => event[o] === ev).length));
  const vinv = invertSPD(vc);
  let test: DidImputationResult['pretrend_test'] = null;
  if (vinv) {
    const q = keep.length;
    const stat = beta.reduce((s, bi, i) => s + bi * beta.reduce((t2, bj, j) => t2 + vinv[i][j] * bj, 0), 0) / q;
    test = { stat, df1: q, df2: nCl - 1, p: fUpper(stat, q, nCl - 1) };
  }
  return { terms, test };
}

function remap(codes: Int32Array): Int32Array {
  const m = new Map<number, number>();
  return Int32Array.from(codes, (c) => {
    let v = m.get(c);
    if (v === undefined) {
      v = m.size;
      m.set(c, v);
    }
    return v;
  });
}
