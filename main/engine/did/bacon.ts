/**
 * Goodman-Bacon decomposition (Goodman-Bacon 2021, Theorem 1) of the TWFE coefficient of
 * y ~ D | unit + time on a balanced panel with staggered, absorbing treatment, following
 * bacondecomp::bacon 0.1.1 (uncontrolled case): cohorts are units' first treated periods
 * (99999 = never treated); every ordered pair of cohorts gives a 2×2 comparison on the
 * periods where the comparison cohort's treatment does not change, its estimate is that
 * subsample's TWFE coefficient (the 2×2 DiD of means on a balanced panel) and its weight is
 * the subsample size squared times the variance of the treatment there (eq. 10a-c),
 * normalised to sum to one.
 */
import type { BaconComparison, BaconResult, BaconSpec, BaconType } from '../../../shared/specs/bacon';
import { baconSpec } from '../../../shared/specs/bacon';
import type { RunContext } from '../context';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { getColumnOrUserError, numericColumnOrError as numeric } from './panel';

export const NEVER_TREATED = 99999;

/** "y ~ d" → [y, d]; controls are not supported. */
export function parseBaconFormula(formula: string): { outcome: string; treatment: string } {
  const parts = formula.split('~');
  if (parts.length !== 2) throw new UserError('bacon_bad_formula', `The formula must look like "outcome ~ treatment"; got "${formula}".`, { formula });
  const outcome = parts[0].trim();
  const rhs = parts[1].split('+').map((s) => s.trim()).filter((s) => s !== '');
  if (!outcome || rhs.length === 0) throw new UserError('bacon_bad_formula', `The formula must look like "outcome ~ treatment"; got "${formula}".`, { formula });
  if (rhs.length > 1)
    throw new UserError('bacon_controls_unsupported', `The decomposition with control variables (${rhs.slice(1).join(', ')}) is not available; use "outcome ~ treatment".`, { formula, controls: rhs.slice(1) });
  return { outcome, treatment: rhs[0] };
}

function typeOf(treated: number, untreated: number, firstPeriod: number): BaconType {
  if (untreated === NEVER_TREATED) return 'Treated vs Untreated';
  if (untreated === firstPeriod) return 'Later vs Always Treated';
  return treated > untreated ? 'Later vs Earlier Treated' : 'Earlier vs Later Treated';
}

export function runBacon(frame: Frame, specInput: BaconSpec, ctx: RunContext): BaconResult {
  const spec = baconSpec.parse(specInput);
  const { outcome, treatment } = parseBaconFormula(spec.formula);
  const y = numeric(frame, outcome, 'outcome');
  const d = numeric(frame, treatment, 'treatment');
  const t = numeric(frame, spec.time_var, 'time');
  const idCol = getColumnOrUserError(frame, spec.id_var, 'unit id');
  const nrow = frame.nrow;
  for (let i = 0; i < nrow; i++) {
    const idMissing = idCol.type === 'number' ? Number.isNaN(idCol.values[i]) : idCol.codes[i] < 0;
    const bad = Number.isNaN(y[i]) ? outcome : Number.isNaN(d[i]) ? treatment : Number.isNaN(t[i]) ? spec.time_var : idMissing ? spec.id_var : null;
    if (bad) throw new UserError('bacon_missing', `Row ${i + 1} has a missing "${bad}"; the decomposition needs complete data (drop or fill the row).`, { row: i + 1, column: bad });
    if (d[i] !== 0 && d[i] !== 1) throw new UserError('bacon_treatment_not_binary', `The treatment "${treatment}" must be 0 or 1; row ${i + 1} has ${d[i]}.`, { row: i + 1, column: treatment });
  }
  // Units in id order (bacondecomp merges on id, which sorts), then cohort of each unit.
  const keyOf = (i: number): number | string => (idCol.type === 'number' ? idCol.values[i] : idCol.levels[idCol.codes[i]]);
  const unitIndex = new Map<number | string, number>();
  const unitKeys: (number | string)[] = [];
  const rowUnit = new Int32Array(nrow);
  for (let i = 0; i < nrow; i++) {
    const k = keyOf(i);
    let u = unitIndex.get(k);
    if (u === undefined) {
      u = unitKeys.length;
      unitIndex.set(k, u);
      unitKeys.push(k);
    }
    rowUnit[i] = u;
  }
  const periods = [...new Set(t)].sort((a, b) => a - b);
  const nT = periods.length;
  const nU = unitKeys.length;
  const pIndex = new Map(periods.map((v, i) => [v, i]));
  const cell = new Int32Array(nU * nT).fill(-1);
  for (let i = 0; i < nrow; i++) {
    const at = rowUnit[i] * nT + (pIndex.get(t[i]) as number);
    if (cell[at] >= 0) throw new UserError('bacon_duplicate_unit_period', `Unit ${String(keyOf(i))} has two rows for period ${t[i]} (rows ${cell[at] + 1} and ${i + 1}).`, { unit: keyOf(i), time: t[i] });
    cell[at] = i;
  }
  for (let u = 0; u < nU; u++)
    for (let p = 0; p < nT; p++)
      if (cell[u * nT + p] < 0) throw new UserError('bacon_unbalanced', `Unit ${String(unitKeys[u])} has no row for period ${periods[p]}; the decomposition needs a balanced panel.`, { unit: unitKeys[u], time: periods[p] });
  const cohort = new Float64Array(nU).fill(NEVER_TREATED);
  for (let u = 0; u < nU; u++) {
    for (let p = 0; p < nT; p++)
      if (d[cell[u * nT + p]] === 1) {
        cohort[u] = periods[p];
        break;
      }
    for (let p = 0; p < nT; p++) {
      const expected = cohort[u] !== NEVER_TREATED && periods[p] >= cohort[u] ? 1 : 0;
      if (d[cell[u * nT + p]] !== expected)
        throw new UserError('bacon_not_staggered', `The treatment of unit ${String(unitKeys[u])} switches off in period ${periods[p]}; the decomposition needs treatment that stays on once it starts.`, { unit: unitKeys[u], time: periods[p] });
    }
  }
  const order = unitKeys.map((_, u) => u).sort((a, b) => {
    const ka = unitKeys[a];
    const kb = unitKeys[b];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const cohorts: number[] = [];
  for (const u of order) if (!cohorts.includes(cohort[u])) cohorts.push(cohort[u]);
  if (cohorts.length < 2) throw new UserError('bacon_no_variation', 'All units share the same treatment timing; there is nothing to decompose.', {});

  // Cohort × period means and sizes: every 2×2 is a function of them on a balanced panel.
  const size = new Map<number, number>();
  const mean = new Map<number, Float64Array>();
  for (let u = 0; u < nU; u++) {
    const g = cohort[u];
    size.set(g, (size.get(g) ?? 0) + 1);
    let m = mean.get(g);
    if (!m) {
      m = new Float64Array(nT);
      mean.set(g, m);
    }
    for (let p = 0; p < nT; p++) m[p] += y[cell[u * nT + p]];
  }
  for (const [g, m] of mean) for (let p = 0; p < nT; p++) m[p] /= size.get(g) as number;

  const first = periods[0];
  const comparisons: BaconComparison[] = [];
  for (const untreated of cohorts)
    for (const treated of cohorts) {
      if (treated === untreated || treated === NEVER_TREATED || treated === first) continue;
      ctx.checkCancelled();
      // Periods of the subsample: before the later cohort starts, or from the earlier one on.
      const ps = periods.map((v, p) => p).filter((p) => (treated < untreated ? periods[p] < untreated : treated > untreated ? periods[p] >= untreated : true));
      const post = ps.filter((p) => periods[p] >= treated);
      const pre = ps.filter((p) => periods[p] < treated);
      const avg = (g: number, set: number[]): number => set.reduce((s, p) => s + (mean.get(g) as Float64Array)[p], 0) / set.length;
      const estimate = avg(treated, post) - avg(treated, pre) - (avg(untreated, post) - avg(untreated, pre));
      // Weights as bacondecomp's calculate_weights (row counts and treated shares in the subsample).
      const nTr = (size.get(treated) as number) * ps.length;
      const nUn = (size.get(untreated) as number) * ps.length;
      const share = (g: number): number => ps.filter((p) => g !== NEVER_TREATED && periods[p] >= g).length / ps.length;
      let weight: number;
      if (untreated === NEVER_TREATED) {
        const nku = nTr / (nTr + nUn);
        const dk = share(treated);
        weight = (nTr + nUn) ** 2 * nku * (1 - nku) * dk * (1 - dk);
      } else if (treated < untreated) {
        const nkl = nTr / (nTr + nUn);
        const dk = share(treated);
        const dl = share(untreated);
        weight = ((nTr + nUn) * (1 - dl)) ** 2 * (nkl * (1 - nkl) * ((dk - dl) / (1 - dl)) * ((1 - dk) / (1 - dl)));
      } else {
        const nkl = nUn / (nTr + nUn);
        const dk = share(untreated);
        const dl = share(treated);
        weight = ((nTr + nUn) * dk) ** 2 * (nkl * (1 - nkl) * (dl / dk) * ((dk - dl) / dk));
      }
      comparisons.push({ treated, untreated, estimate, weight, type: typeOf(treated, untreated, first) });
    }
  const total = comparisons.reduce((s, c) => s + c.weight, 0);
  if (!(total > 0)) throw new UserError('bacon_no_variation', 'No comparison has treatment variation; there is nothing to decompose.', {});
  for (const c of comparisons) c.weight /= total;
  const weightedSum = comparisons.reduce((s, c) => s + c.estimate * c.weight, 0);

  // TWFE coefficient by the within transformation (exact on a balanced panel).
  const dBarU = new Float64Array(nU);
  const dBarT = new Float64Array(nT);
  let dBar = 0;
  for (let u = 0; u < nU; u++)
    for (let p = 0; p < nT; p++) {
      const v = d[cell[u * nT + p]];
      dBarU[u] += v / nT;
      dBarT[p] += v / nU;
      dBar += v / (nU * nT);
    }
  let sxy = 0;
  let sxx = 0;
  for (let u = 0; u < nU; u++)
    for (let p = 0; p < nT; p++) {
      const i = cell[u * nT + p];
      const dt = d[i] - dBarU[u] - dBarT[p] + dBar;
      sxy += dt * y[i];
      sxx += dt * dt;
    }
  const twfe = sxy / sxx;

  const types = [...new Set(comparisons.map((c) => c.type))].sort();
  const byType = types.map((type) => {
    const cs = comparisons.filter((c) => c.type === type);
    const w = cs.reduce((s, c) => s + c.weight, 0);
    return { type, n_comparisons: cs.length, weight: w, avg_estimate: cs.reduce((s, c) => s + c.estimate * c.weight, 0) / w };
  });
  const label = (g: number): string => (g === NEVER_TREATED ? 'never treated' : String(g));
  return {
    model: 'bacon',
    comparisons,
    n_comparisons: comparisons.length,
    weight_total: comparisons.reduce((s, c) => s + c.weight, 0),
    weighted_sum: weightedSum,
    twfe_coefficient: twfe,
    by_type: byType,
    n_obs: nrow,
    n_units: nU,
    n_periods: nT,
    chart: {
      x: 'weight',
      y: 'estimate',
      series: types.map((type) => ({
        type,
        points: comparisons.filter((c) => c.type === type).map((c) => ({ x: c.weight, y: c.estimate, label: `${label(c.treated)} vs ${label(c.untreated)}` })),
      })),
      reference_y: twfe,
    },
    notes: cohorts.includes(first) ? [`Units treated from the first period (${first}) serve only as comparisons ("Later vs Always Treated").`] : [],
  };
}
