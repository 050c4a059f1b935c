/**
 * Callaway & Sant'Anna (2021, J. Econometrics 225(2)) group-time average treatment effects
 * ATT(g,t) with panel data, as did::att_gt 2.5.1 computes them (compute.att_gt): for each cohort
 * g and period t a 2×2 DiD between cohort g and its comparison units (never treated, or not yet
 * treated by max(t, base) + anticipation) over the base period and t; the base period is t - 1
 * before treatment ("varying") or g - 1 - anticipation throughout ("universal"). Each cell's
 * influence function is scaled by n / n_cell and stacked over all n units, so the analytic
 * variance is IF'IF / n² (clustered at the unit).
 */
import type { AttGtResult, AttGtRow, AttGtSpec, AttGtSpecInput } from '../../../shared/specs/att-gt';
import { attGtSpec } from '../../../shared/specs/att-gt';
import type { RunContext } from '../context';
import { normalQuantile } from '../dist';
import type { Frame } from '../frame';
import { aggregateAttGt } from './aggte';
import { bootstrapCells, formDraws, mbootSummary, type BootstrapDraws } from './bootstrap';
import { covariateDid, unconditionalDid, type EstMethod } from './drdid';
import { buildBalancedPanel, parseCovariateFormula, type BalancedPanel } from './panel';
import { waldPretest } from './pretest';

/** did replaces standard errors at or below this by NA (degenerate influence function). */
export const SE_ZERO = Math.sqrt(Number.EPSILON) * 10;

export interface AttGtCell {
  group: number;
  time: number;
  /** Base period of the comparison. */
  baseTime: number;
  /** NaN when the cell could not be estimated (`reason`). */
  att: number;
  post: 0 | 1;
  /** Influence function over all n units (zero outside the cell's units). */
  inf: Float64Array;
  /** Unit index ranges [start, end) outside which `inf` is zero. */
  ranges: Int32Array;
  /** The universal base period's normalised cell (att = 0 by construction). */
  normalised: boolean;
  reason?: string;
}

export interface AttGtOptions {
  controlGroup: 'nevertreated' | 'notyettreated';
  estMethod: EstMethod;
  anticipation: number;
  basePeriod: 'varying' | 'universal';
}

/** Start index of each cohort's block of units (units are sorted by cohort, never treated last). */
function cohortBlocks(unitG: Float64Array): Map<number, [number, number]> {
  const blocks = new Map<number, [number, number]>();
  for (let u = 0; u < unitG.length; u++) {
    const b = blocks.get(unitG[u]);
    if (b) b[1] = u + 1;
    else blocks.set(unitG[u], [u, u + 1]);
  }
  return blocks;
}

/**
 * Unit ranges of the comparison group: never treated, or (not yet treated) every cohort first
 * treated after `threshold`, excluding cohort g itself.
 */
function controlRanges(panel: BalancedPanel, blocks: Map<number, [number, number]>, g: number, threshold: number | null): [number, number][] {
  const never = blocks.get(0);
  if (threshold === null) return never ? [never] : [];
  // Treated cohorts sorted ascending come first, never treated last: the comparison units
  // form a suffix of the ordering, less cohort g's block.
  const n = panel.n;
  let start = n;
  for (let u = 0; u < n; u++) {
    const gu = panel.unitG[u];
    if (gu === 0 || gu > threshold) {
      start = u;
      break;
    }
  }
  const own = blocks.get(g);
  if (own && own[0] >= start) return [[start, own[0]], [own[1], n]].filter(([a, b]) => b > a) as [number, number][];
  return start < n ? [[start, n]] : [];
}

export function computeAttGtCells(panel: BalancedPanel, o: AttGtOptions, ctx: RunContext): AttGtCell[] {
  const { n, tlist, glist, y } = panel;
  const nT = tlist.length;
  const varying = o.basePeriod === 'varying';
  const blocks = cohortBlocks(panel.unitG);
  const cells: AttGtCell[] = [];
  const total = glist.length * (varying ? nT - 1 : nT);
  for (const g of glist) {
    const lastPre = (() => {
      let idx = -1;
      for (let i = 0; i < nT; i++) if (tlist[i] + o.anticipation < g) idx = i;
      return idx;
    })();
    const own = blocks.get(g) as [number, number];
    for (let ti = 0; ti < (varying ? nT - 1 : nT); ti++) {
      ctx.checkCancelled();
      const cur = varying ? ti + 1 : ti;
      let base = varying ? ti : lastPre;
      // Not-yet-treated comparison units are untreated by max(current, base) + anticipation
      // (did evaluates this before moving the base of post periods to g - 1).
      const threshold = o.controlGroup === 'nevertreated' ? null : tlist[varying ? cur : Math.max(cur, base)] + o.anticipation;
      const post: 0 | 1 = g <= tlist[cur] ? 1 : 0;
      if (post) base = lastPre;
      const ranges = [own, ...controlRanges(panel, blocks, g, threshold)];
      const rangeArr = Int32Array.from(ranges.flat());
      const cellBase = { group: g, time: tlist[cur], baseTime: tlist[base], post, ranges: rangeArr, normalised: false };
      if (!varying && base === cur) {
        cells.push({ ...cellBase, att: 0, post: 0, inf: new Float64Array(n), normalised: true });
        continue;
      }
      let m = 0;
      for (const [a, b] of ranges) m += b - a;
      const dy = new Float64Array(m);
      const d = new Float64Array(m);
      const xp = Math.min(cur, base);
      const xs = panel.x.map(() => new Float64Array(m));
      let k = 0;
      for (const [a, b] of ranges)
        for (let u = a; u < b; u++, k++) {
          dy[k] = y[cur * n + u] - y[base * n + u];
          d[k] = panel.unitG[u] === g ? 1 : 0;
          for (let j = 0; j < xs.length; j++) xs[j][k] = panel.x[j][xp * n + u];
        }
      const est = xs.length === 0 ? unconditionalDid(dy, d, o.estMethod) : covariateDid(dy, d, [new Float64Array(m).fill(1), ...xs], o.estMethod);
      const inf = new Float64Array(n);
      if (Number.isFinite(est.att)) {
        const scale = n / m;
        k = 0;
        for (const [a, b] of ranges) for (let u = a; u < b; u++, k++) inf[u] = est.inf[k] * scale;
      }
      cells.push({ ...cellBase, att: est.att, inf, ...(est.reason ? { reason: est.reason } : {}) });
      ctx.progress((0.7 * cells.length) / total, 'att_gt');
    }
  }
  return cells;
}

/** sqrt(Σ IF²) / n, or null at or below did's zero threshold. */
export function analyticSe(inf: Float64Array, n: number): number | null {
  let s = 0;
  for (let i = 0; i < inf.length; i++) s += inf[i] * inf[i];
  const se = Math.sqrt(s) / n;
  return se > SE_ZERO && Number.isFinite(se) ? se : null;
}

export function runAttGt(frame: Frame, specInput: AttGtSpec | AttGtSpecInput, ctx: RunContext): AttGtResult {
  const spec = attGtSpec.parse(specInput);
  const covariates = parseCovariateFormula(spec.xformla);
  const panel = buildBalancedPanel(frame, {
    yname: spec.yname,
    tname: spec.tname,
    idname: spec.idname,
    gname: spec.gname,
    covariates,
    controlGroup: spec.control_group,
    anticipation: spec.anticipation,
  });
  const notes = [...panel.notes];
  const opts: AttGtOptions = { controlGroup: spec.control_group, estMethod: spec.est_method, anticipation: spec.anticipation, basePeriod: spec.base_period };
  const cells = computeAttGtCells(panel, opts, ctx);
  for (const c of cells) if (c.reason) notes.push(`ATT(${c.group}, ${c.time}) not estimated: ${c.reason}.`);

  const z = normalQuantile(1 - spec.alp / 2);
  const analytic = cells.map((c) => (c.normalised || !Number.isFinite(c.att) ? null : analyticSe(c.inf, panel.n)));
  let se = analytic;
  let critVal = z;
  let draws: BootstrapDraws | null = null;
  const seed = spec.seed ?? 1;
  if (spec.bstrap) {
    draws = bootstrapCells(cells, panel, { biters: spec.biters, seed, weights: spec.boot_weights }, ctx);
    const live = cells.map((_, j) => analytic[j] !== null);
    const cols = cells.map((_, j) => formDraws(draws as BootstrapDraws, { cell: new Map([[j, 1]]), group: new Map() }));
    const summary = mbootSummary(
      cols.filter((_, j) => live[j]),
      panel.n,
      spec.alp,
    );
    let i = 0;
    se = cells.map((_, j) => (live[j] ? summary.se[i++] : null));
    if (spec.cband) {
      if (summary.critVal === null) notes.push('The uniform band could not be computed (no bootstrap variation); pointwise intervals are shown.');
      else critVal = summary.critVal;
      if (critVal >= 7) notes.push('The simultaneous critical value is 7 or more; the band is not reliable (small cohorts or little outcome variation).');
    }
  } else if (spec.cband) notes.push('cband needs bstrap = true; pointwise intervals are shown.');

  const rows: AttGtRow[] = cells.map((c, j) => {
    const att = Number.isFinite(c.att) ? c.att : null;
    const s = se[j];
    return {
      group: c.group,
      time: c.time,
      att,
      se: s,
      conf_low: att !== null && s !== null ? att - critVal * s : null,
      conf_high: att !== null && s !== null ? att + critVal * s : null,
      post: c.post,
    };
  });

  const pre = waldPretest(cells, analytic, panel.n);
  if (pre.note) notes.push(pre.note);
  const aggte = spec.aggte
    ? aggregateAttGt(cells, panel, {
        type: spec.aggte,
        minE: spec.min_e ?? Number.NEGATIVE_INFINITY,
        maxE: spec.max_e ?? Number.POSITIVE_INFINITY,
        balanceE: spec.balance_e ?? null,
        naRm: spec.na_rm,
        alp: spec.alp,
        cband: spec.bstrap && spec.cband,
        draws,
      })
    : null;
  if (aggte) notes.push(...aggte.notes);
  ctx.progress(1, 'att_gt');

  const groupSizes = panel.glist.map((g) => {
    let k = 0;
    for (let u = 0; u < panel.n; u++) if (panel.unitG[u] === g) k++;
    return { group: g, n_units: k };
  });
  let nNever = 0;
  for (let u = 0; u < panel.n; u++) if (panel.unitG[u] === 0) nNever++;
  return {
    model: 'att_gt',
    att_gt: rows,
    aggte: aggte ? aggte.result : null,
    n_units: panel.n,
    n_obs: panel.nObs,
    n_periods: panel.tlist.length,
    groups: groupSizes,
    n_never_treated: nNever,
    crit_val: critVal,
    pretest_W: pre.W,
    pretest_df: pre.df,
    pretest_Wpval: pre.p,
    pretest_Wpval_rounded5: pre.p === null ? null : Math.round(pre.p * 1e5) / 1e5,
    est_method: spec.est_method,
    control_group: spec.control_group,
    base_period: spec.base_period,
    anticipation: spec.anticipation,
    covariates: panel.xNames,
    se_method: spec.bstrap
      ? `multiplier bootstrap (${spec.biters} draws, ${spec.boot_weights} weights, seed ${seed}), clustered at ${spec.idname}`
      : `analytic influence-function SE (bstrap = FALSE), clustered at ${spec.idname}`,
    bootstrap: spec.bstrap ? { biters: spec.biters, seed, weights: spec.boot_weights, cband: spec.cband } : null,
    alp: spec.alp,
    notes,
  };
}
