/**
 * Sensitivity and falsification checks for an RD design, each row an rdrobust fit (Cattaneo,
 * Idrobo & Titiunik 2020, sections 5.2–5.5):
 * - bandwidth grid: the estimate and robust CI for a range of fixed bandwidths;
 * - placebo cutoffs: the design re-estimated at false cutoffs using only the observations on
 *   the same side of the true cutoff, so the true jump cannot contaminate the placebo;
 * - donut hole: observations with |x - c| below a radius are dropped (sorting or heaping right
 *   at the cutoff);
 * - covariate balance: each predetermined covariate as the outcome should show no jump.
 * A row that cannot be estimated carries the reason instead of numbers.
 */
import { isUserError, UserError } from '../errors';
import type { RunContext } from '../context';
import { filterRows, numericColumn as makeNumericColumn, withColumn, type Frame } from '../frame';
import type { RdrobustResult, RdrobustSpec } from '../../../shared/specs/rdrobust';
import type { RdSensitivityRow, RdsensitivityResult, RdsensitivitySpec } from '../../../shared/specs/rdsensitivity';
import { numericColumn } from './data';
import { timeRunningVariable } from './in-time';
import { runRdrobust } from './rdrobust';
import { quantileType7Sorted } from './rstats';

const X_TIME = '.rd_time';

/** The frame with the running variable as a column (built from `time` when needed). */
function withRunningVariable(frame: Frame, spec: RdsensitivitySpec): { frame: Frame; x: string; notes: string[] } {
  if (spec.x) return { frame, x: spec.x, notes: [] };
  if (!spec.time) throw new UserError('rd_no_running_variable', 'Choose the running variable (x) or build it from a date column (time).', {});
  const tr = timeRunningVariable(frame, spec.time);
  return { frame: withColumn(frame, makeNumericColumn(X_TIME, tr.values)), x: X_TIME, notes: tr.notes };
}

function emptyRow(label: string, value: number | null, error: string | null): RdSensitivityRow {
  return { value, label, estimate: null, se_robust: null, ci_lower: null, ci_upper: null, p_robust: null, h_left: null, h_right: null, N_h_left: null, N_h_right: null, n_excluded: null, error };
}

function rowOf(r: RdrobustResult, label: string, value: number | null): RdSensitivityRow {
  const rb = r.coefficients.Robust;
  return {
    value,
    label,
    estimate: rb.estimate,
    se_robust: rb.se,
    ci_lower: rb.ci_lower,
    ci_upper: rb.ci_upper,
    p_robust: rb.p,
    h_left: r.h.left,
    h_right: r.h.right,
    N_h_left: r.N_h.left,
    N_h_right: r.N_h.right,
    n_excluded: null,
    error: null,
  };
}

export function runRdsensitivity(frame: Frame, spec: RdsensitivitySpec, ctx: RunContext): RdsensitivityResult {
  const base = withRunningVariable(frame, spec);
  const notes = [...base.notes];
  const c = spec.c;
  // Progress is reported here; the individual fits only check for cancellation.
  const quiet: RunContext = { progress: () => undefined, checkCancelled: () => ctx.checkCancelled() };
  const design: RdrobustSpec = {
    model: 'rdrobust',
    data: spec.data,
    y: spec.y,
    x: base.x,
    c,
    fuzzy: spec.fuzzy,
    p: spec.p,
    q: spec.q,
    kernel: spec.kernel,
    bwselect: spec.bwselect,
    covs: spec.covs,
    covs_drop: spec.covs_drop,
    cluster: spec.cluster,
    vce: spec.vce,
    nnmatch: spec.nnmatch,
    masspoints: spec.masspoints,
    bwcheck: spec.bwcheck,
    bwrestrict: spec.bwrestrict,
    scaleregul: spec.scaleregul,
    sharpbw: spec.sharpbw,
    weights: spec.weights,
    level: spec.level,
  };
  const attempt = (f: Frame, s: RdrobustSpec, label: string, value: number | null): RdSensitivityRow => {
    ctx.checkCancelled();
    try {
      return rowOf(runRdrobust(f, s, quiet), label, value);
    } catch (e) {
      if (isUserError(e)) return emptyRow(label, value, e.message);
      throw e;
    }
  };
  // The main fit must work: every check is relative to it.
  const main = runRdrobust(base.frame, design, quiet);
  const mainRow = rowOf(main, 'selected', main.h.left);
  ctx.progress(0.1, 'sensitivity');
  const want = new Set(spec.checks);
  const total = (want.has('bandwidth') ? 1 : 0) + (want.has('placebo') ? 1 : 0) + (want.has('donut') ? 1 : 0) + (want.has('balance') ? 1 : 0);
  let done = 0;
  const step = (): void => {
    done++;
    ctx.progress(0.1 + (0.9 * done) / total, 'sensitivity');
  };

  const bandwidth: RdSensitivityRow[] = [];
  if (want.has('bandwidth')) {
    // Default grid: 0.5 to 2 times the data-driven h of each side.
    const grid: Array<[number, number]> = spec.h_grid ? spec.h_grid.map((h) => [h, h]) : [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2].map((r) => [r * main.h.left, r * main.h.right]);
    for (const h of grid) {
      const selected = !spec.h_grid && h[0] === main.h.left && h[1] === main.h.right;
      bandwidth.push(attempt(base.frame, { ...design, h, rho: spec.rho }, selected ? 'selected h' : 'h', h[0]));
    }
    step();
  }

  const x = numericColumn(base.frame, base.x, 'running variable');
  const placebo: RdSensitivityRow[] = [];
  if (want.has('placebo')) {
    let cutoffs = spec.placebo_cutoffs;
    if (!cutoffs) {
      const left = Array.from(x.filter((v) => v < c)).sort((a, b) => a - b);
      const right = Array.from(x.filter((v) => v >= c)).sort((a, b) => a - b);
      cutoffs = [
        ...[0.25, 0.5, 0.75].map((pr) => quantileType7Sorted(left, pr)),
        ...[0.25, 0.5, 0.75].map((pr) => quantileType7Sorted(right, pr)),
      ];
    }
    for (const cp of cutoffs) {
      if (cp === c) {
        placebo.push(emptyRow('true cutoff', cp, 'This is the true cutoff, not a placebo.'));
        continue;
      }
      const side = cp < c ? 'left' : 'right';
      const keep = new Uint8Array(base.frame.nrow);
      for (let i = 0; i < keep.length; i++) keep[i] = side === 'left' ? (x[i] < c ? 1 : 0) : x[i] >= c ? 1 : 0;
      placebo.push(attempt(filterRows(base.frame, keep), { ...design, c: cp }, side, cp));
    }
    step();
  }

  const donut: RdSensitivityRow[] = [];
  if (want.has('donut')) {
    let radii = spec.donut_radii;
    if (!radii) {
      const dist = Array.from(x.filter((v) => !Number.isNaN(v)).map((v) => Math.abs(v - c))).sort((a, b) => a - b);
      radii = [...new Set([0.01, 0.025, 0.05, 0.1].map((pr) => quantileType7Sorted(dist, pr)))].filter((r) => r > 0);
    }
    for (const r of radii) {
      const keep = new Uint8Array(base.frame.nrow);
      let excluded = 0;
      for (let i = 0; i < keep.length; i++) {
        const out = Math.abs(x[i] - c) < r;
        keep[i] = out ? 0 : 1;
        if (out) excluded++;
      }
      const row = attempt(filterRows(base.frame, keep), design, 'donut', r);
      donut.push({ ...row, n_excluded: excluded });
    }
    step();
  }

  const balance: RdSensitivityRow[] = [];
  if (want.has('balance')) {
    const covs = spec.balance_covs ?? spec.covs;
    if (covs.length === 0) notes.push('No covariates were given, so there is no balance check.');
    for (const cov of covs) balance.push(attempt(base.frame, { ...design, y: cov, covs: [], fuzzy: undefined }, cov, null));
    step();
  }
  const failed = [...bandwidth, ...placebo, ...donut, ...balance].filter((r) => r.error).length;
  if (failed > 0) notes.push(`${failed} checks could not be estimated; their rows give the reason.`);
  return { model: 'rdsensitivity', main: mainRow, bandwidth, placebo, donut, balance, level: spec.level, notes };
}
