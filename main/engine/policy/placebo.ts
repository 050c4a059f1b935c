/**
 * Placebo and permutation tests of a DID regression (issue 5, point 2). The base feols model
 * is re-estimated with its 0/1 treatment replaced by pseudo treatments:
 *
 * - in_space: draw as many units as are really treated (R's sample() on the units in data
 *   order), sort them by id, and give the k-th the first treated period of the k-th real
 *   treated unit in id order, so cohort sizes and timing are kept; pseudo treat_post =
 *   1[t ≥ pseudo first period];
 * - mixed: the same units, each with an adoption period drawn uniformly from the observed
 *   periods after the first (R's sample.int(L, m, replace = TRUE));
 * - in_time: the real treated units with the policy moved k observed periods earlier, on the
 *   pre-policy observations only (before each treated unit's real adoption; before the last
 *   adoption for never-treated units); one refit per shift.
 *
 * Random draws re-estimate only the treatment's coefficient by Frisch–Waugh–Lovell (fwl.ts):
 * outcome and controls are projected on the fixed effects once; with two unweighted fixed
 * effects the exact two-way projection of fwl-twoway.ts makes a draw cost O(treated units)
 * when the placebo's units are the unit fixed effect and the variance is iid or clustered by
 * units or groups of them (else O(treated rows), plus one pass over the rows for a robust or
 * other clustered variance); draws go to it 128 at a time so that it can read its per-unit
 * tables once for a batch. The randomization-inference p-value is the share of draws
 * with |placebo| ≥ |actual|, the randomization test of the sharp null of no effect (Fisher
 * 1935; Young 2019, "Channeling Fisher", QJE). Draws are R's: `set.seed(seed); sort(sample(unique(unit), m))` is the first
 * in_space draw, so a run can be reproduced in R.
 */
import type { FeolsResult } from '../../../shared/specs/feols';
import { placeboSpec, type PlaceboDraw, type PlaceboResult, type PlaceboSpec, type PlaceboSpecInput } from '../../../shared/specs/placebo';
import { unitIndex } from '../../data/panel';
import type { RunContext } from '../context';
import { buildDesign, type Design } from '../design';
import { UserError, isUserError } from '../errors';
import { clusterColumns, designClusters, resolveSsc, runFeols } from '../feols';
import { prepareFixef, resolveVcovRequest } from '../fitcore';
import { deparseName } from '../formula/parser';
import { factorizeColumn, factorizeNumbers } from '../formula/factorize';
import { filterRows, findColumn, numericColumn, withColumn, type Frame } from '../frame';
import { prepareFwl, type FwlModel, type FwlOptions } from '../fwl';
import type { CoefficientRow } from '../ols';
import { computeVcov, FIXEST_SSC } from '../vcov';
import { numericColumnOrError } from '../did/panel';
import { NEVER, requireColumns } from './common';
import { kernelDensity, sturgesHistogram, summarizeDraws } from './distribution';
import { prepareTwoWayFwl, type SparseFwlModel } from './fwl-twoway';
import { rStream, sampleWithoutReplacement, sampleWithReplacement } from './rng';

export const RNG_DESCRIPTION = 'R: set.seed(seed) with RNGkind("Mersenne-Twister", "Inversion", "Rejection"); units by sample(), adoption periods (mixed) by sample.int(replace = TRUE)';

type Row = CoefficientRow & { df_t: number };

/** The estimation sample as a panel: units in data order, their rows, times and real timing. */
interface Panel {
  rows: Int32Array;
  /** Local unit code of each estimation row (0 … N − 1, in order of first appearance). */
  unitOf: Int32Array;
  unitValues: (string | number)[];
  time: Float64Array;
  /** Rows (positions in `rows`) of each unit, CSR. */
  start: Int32Array;
  members: Int32Array;
  /** Each unit's real first treated period (NEVER if never treated). */
  realFirst: Float64Array;
  /** Distinct periods, ascending. */
  periods: number[];
}

function compareUnits(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function buildPanel(frame: Frame, rows: Int32Array, unit: string, timeName: string, d: Float64Array): Panel {
  const unitColumn = findColumn(frame, unit);
  if (!unitColumn) throw new UserError('placebo.unknown_column', `Column "${unit}" is not in the data.`, { field: 'unit', column: unit });
  // Units numbered by first appearance among the estimation rows (R's unique()).
  const f = factorizeColumn(unitColumn, rows);
  const t = numericColumnOrError(frame, timeName, 'time');
  const local = new Int32Array(f.labels.length).fill(-1);
  const unitValues: (string | number)[] = [];
  const unitOf = new Int32Array(rows.length);
  const time = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const c = f.codes[k];
    if (local[c] < 0) {
      local[c] = unitValues.length;
      unitValues.push(f.numericLevels ? f.numericLevels[c] : f.labels[c]);
    }
    unitOf[k] = local[c];
    time[k] = t[rows[k]];
  }
  const N = unitValues.length;
  const start = new Int32Array(N + 1);
  for (let k = 0; k < rows.length; k++) start[unitOf[k] + 1]++;
  for (let u = 0; u < N; u++) start[u + 1] += start[u];
  const members = new Int32Array(rows.length);
  const fill = start.slice(0, N);
  for (let k = 0; k < rows.length; k++) members[fill[unitOf[k]]++] = k;
  const realFirst = new Float64Array(N).fill(NEVER);
  for (let k = 0; k < rows.length; k++) if (d[k] === 1 && time[k] < realFirst[unitOf[k]]) realFirst[unitOf[k]] = time[k];
  const periods = factorizeNumbers(time, null, false).numericLevels ?? [];
  return { rows, unitOf, unitValues, time, start, members, realFirst, periods };
}

/** log C(n, k), for the "enough distinct draws" check. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

interface Prepared {
  model: FwlModel;
  method: PlaceboResult['method'];
  panel: Panel;
  actualColumn: Float64Array;
  vcovType: string;
  notes: string[];
}

function prepare(frame: Frame, spec: PlaceboSpec, ctx: RunContext): Prepared {
  const base = spec.base;
  const full = buildDesign(frame, base.formula, { weights: base.weights, alsoRequire: [...clusterColumns(base.vcov), spec.unit, spec.time] });
  if (full.iv) throw new UserError('placebo.iv', 'Placebo re-estimation needs an OLS base model, not IV.', { field: 'base.formula' });
  if (full.specials.some((s) => s.meta.kind === 'sunab')) throw new UserError('placebo.sunab', 'The base model must have the 0/1 treatment as a plain term, not sunab().', { field: 'base.formula' });
  const term = deparseName(spec.treatment);
  const j = full.names.indexOf(term);
  if (j < 0 || full.columnTerms[j] !== term)
    throw new UserError('placebo.treatment_not_in_formula', `The treatment "${spec.treatment}" is not a term of the base formula "${base.formula}"; write it as a regressor, e.g. "y ~ ${term} + controls | unit + time".`, { field: 'treatment', formula: base.formula });
  if (full.columnTerms.some((t, k) => k !== j && t.split(':').includes(term)))
    throw new UserError('placebo.treatment_interacted', `The treatment "${spec.treatment}" also appears in an interaction of the base formula; placebo draws replace a plain 0/1 regressor only.`, { field: 'treatment', formula: base.formula });
  const drop = <T>(a: T[]): T[] => a.filter((_, k) => k !== j);
  const controls: Design = { ...full, columns: drop(full.columns), names: drop(full.names), columnTerms: drop(full.columnTerms) };
  const { fx, clusters: cl } = prepareFixef(controls, designClusters(frame, full, base.vcov), base.fixef_rm);
  const design = fx.design;
  const treat = numericColumnOrError(frame, spec.treatment, 'treatment');
  const actualColumn = new Float64Array(design.rows.length);
  for (let k = 0; k < actualColumn.length; k++) actualColumn[k] = treat[design.rows[k]];
  const bad = actualColumn.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0)
    throw new UserError('placebo.treatment_not_binary', `The treatment "${spec.treatment}" must be 0/1, but row ${design.rows[bad] + 1} holds ${actualColumn[bad]}.`, { field: 'treatment', column: spec.treatment, row: design.rows[bad] + 1 });
  const opts: FwlOptions = { vcov: base.vcov, clusters: cl, ssc: resolveSsc(base.ssc), fixefTol: base.fixef_tol, fixefIter: base.fixef_iter, collinTol: base.collin_tol, level: base.level, pDist: base.p_dist };
  const notes: string[] = [...design.notes];
  let model: FwlModel | null = prepareTwoWayFwl(design, opts, ctx);
  let method: PlaceboResult['method'] = 'fwl_two_way';
  if (!model) {
    method = 'fwl_demean';
    try {
      model = prepareFwl(design, opts, ctx);
    } catch (e) {
      if (!(isUserError(e) && e.code === 'feols.all_collinear')) throw e;
      notes.push('Every control is collinear with the fixed effects and was left out.');
      model = prepareFwl({ ...design, columns: [], names: [], columnTerms: [] }, opts, ctx);
    }
  }
  // The variance's name as feols reports it (the request does not depend on the column; one
  // score is enough to get it).
  const zero = new Float64Array(1);
  const vcovType = computeVcov({ bread: [[1]], scores: { columns: [zero], weightedResiduals: zero }, ssr: 1, n: design.rows.length, nparams: 1, fixedEffects: [] }, resolveVcovRequest(base.vcov, design, cl), opts.ssc ?? FIXEST_SSC).type;
  return { model, method, panel: buildPanel(frame, design.rows, spec.unit, spec.time, actualColumn), actualColumn, vcovType, notes };
}

/** One pseudo assignment: units (local codes) with their adoption periods. */
interface Assignment {
  units: Int32Array;
  first: Float64Array;
}

/**
 * How assignments translate to the two-way model's adoption draws: when the placebo's units
 * are exactly the levels of its unit fixed effect and its periods those of the period fixed
 * effect (in time order), a draw is given as (level, first period level) per unit and costs
 * O(units) instead of O(treated rows). Null otherwise.
 */
function adoptionMap(panel: Panel, model: SparseFwlModel): { levelOfUnit: Int32Array; fromPeriod: (g: number) => number } | null {
  const N = panel.unitValues.length;
  const { unitCodes, periodCodes } = model;
  const levelOfUnit = new Int32Array(N).fill(-1);
  let nLevels = 0;
  for (let k = 0; k < panel.rows.length; k++) {
    const u = panel.unitOf[k];
    if (levelOfUnit[u] < 0) levelOfUnit[u] = unitCodes[k];
    else if (levelOfUnit[u] !== unitCodes[k]) return null;
    nLevels = Math.max(nLevels, unitCodes[k] + 1, periodCodes[k] + 1);
  }
  const owner = new Int32Array(nLevels).fill(-1);
  for (let u = 0; u < N; u++) {
    if (owner[levelOfUnit[u]] >= 0) return null;
    owner[levelOfUnit[u]] = u;
  }
  const timeOfLevel: number[] = [];
  for (let k = 0; k < panel.rows.length; k++) {
    const t = periodCodes[k];
    if (timeOfLevel[t] === undefined) timeOfLevel[t] = panel.time[k];
    else if (timeOfLevel[t] !== panel.time[k]) return null;
  }
  for (let t = 1; t < timeOfLevel.length; t++) if (!(timeOfLevel[t] > timeOfLevel[t - 1])) return null;
  // First period level at or after g (timeOfLevel.length when none).
  const fromPeriod = (g: number): number => {
    let lo = 0;
    let hi = timeOfLevel.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (timeOfLevel[mid] >= g) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return { levelOfUnit, fromPeriod };
}

/**
 * Re-estimates with the pseudo treatment of each assignment (null estimate when not
 * identified). Two-way models with adoption draws take them as a batch
 * (SparseFwlModel.estimateAdoptions), which reads the per-unit tables once for many draws.
 */
function makeEstimator(p: Prepared): (as: Assignment[]) => PlaceboDraw[] {
  const { panel, model } = p;
  const n = panel.rows.length;
  const sparse = 'estimateOnes' in model ? (model as SparseFwlModel) : null;
  const adoption = sparse ? adoptionMap(panel, sparse) : null;
  const ones = adoption ? new Int32Array(0) : new Int32Array(n);
  const dense = sparse ? null : new Float64Array(n);
  const reallyTreated = Uint8Array.from(panel.realFirst, (g) => (g !== NEVER ? 1 : 0));
  const overlapOf = (a: Assignment): number => {
    let overlap = 0;
    for (let k = 0; k < a.units.length; k++) overlap += reallyTreated[a.units[k]];
    return overlap;
  };
  const draw = (a: Assignment, row: Row | null, count: number): PlaceboDraw => ({ estimate: row?.estimate ?? null, se: row?.se ?? null, t: row?.t ?? null, p: row?.p ?? null, n_treated_units: a.units.length, n_treated_obs: count, n_overlap: overlapOf(a), shift: null });
  if (sparse && adoption) {
    // The first treated period's level, per distinct period; in-space draws all hand over the
    // real timing (one array), whose levels are found once.
    const fromOf = new Map<number, number>();
    let lastFirst: Float64Array | null = null;
    let lastFrom = new Int32Array(0);
    // Units numbered as the levels of the unit fixed effect (a sorted panel) need no lookup.
    const sameNumbers = adoption.levelOfUnit.every((level, u) => level === u);
    const levelsOf = (a: Assignment, slot: Int32Array): Int32Array => {
      if (sameNumbers) return a.units;
      for (let k = 0; k < a.units.length; k++) slot[k] = adoption.levelOfUnit[a.units[k]];
      return slot;
    };
    const fromLevels = (first: Float64Array): Int32Array => {
      if (first === lastFirst) return lastFrom;
      const from = new Int32Array(first.length);
      for (let k = 0; k < first.length; k++) {
        let f = fromOf.get(first[k]);
        if (f === undefined) fromOf.set(first[k], (f = adoption.fromPeriod(first[k])));
        from[k] = f;
      }
      lastFirst = first;
      lastFrom = from;
      return from;
    };
    // One levels buffer per place in a batch, reused from batch to batch.
    const slots: Int32Array[] = [];
    return (as) => {
      const requests = as.map((a, i) => {
        if (!slots[i] || slots[i].length < a.units.length) slots[i] = new Int32Array(a.units.length);
        return { units: levelsOf(a, slots[i]), from: fromLevels(a.first), count: a.units.length };
      });
      return sparse.estimateAdoptions(requests).map((r, i) => draw(as[i], r.row, r.treatedRows));
    };
  }
  return (as) =>
    as.map((a) => {
      const { start, members, time } = panel;
      let count = 0;
      for (let k = 0; k < a.units.length; k++) {
        const u = a.units[k];
        const g = a.first[k];
        for (let q = start[u]; q < start[u + 1]; q++) if (time[members[q]] >= g) ones[count++] = members[q];
      }
      let row: Row | null = null;
      try {
        if (sparse) row = sparse.estimateOnes(ones, count);
        else if (dense) {
          dense.fill(0);
          for (let q = 0; q < count; q++) dense[ones[q]] = 1;
          row = model.estimate(dense);
        }
      } catch (e) {
        if (!(isUserError(e) && e.code === 'fwl.collinear')) throw e;
      }
      return draw(a, row, count);
    });
}

/** Units sorted by id with the real treated units' periods handed over position by position. */
function realTiming(panel: Panel): { sortedTreated: number[]; periods: Float64Array } {
  const treated: number[] = [];
  panel.realFirst.forEach((g, u) => {
    if (g !== NEVER) treated.push(u);
  });
  treated.sort((a, b) => compareUnits(panel.unitValues[a], panel.unitValues[b]));
  return { sortedTreated: treated, periods: Float64Array.from(treated, (u) => panel.realFirst[u]) };
}

/**
 * Sorts unit codes by unit id in O(m + N/32): each unit's rank among all ids is marked in a
 * bitset, which is then read in rank order.
 */
function unitSorter(panel: Panel): (units: Int32Array, out?: Int32Array) => Int32Array {
  const N = panel.unitValues.length;
  const byValue = Int32Array.from({ length: N }, (_, u) => u).sort((a, b) => compareUnits(panel.unitValues[a], panel.unitValues[b]));
  // Units that appear in id order (a sorted panel) are their own ranks: no lookups.
  const inOrder = byValue.every((u, r) => u === r);
  const rankOf = new Int32Array(N);
  for (let r = 0; r < N; r++) rankOf[byValue[r]] = r;
  const bits = new Int32Array((N + 31) >>> 5);
  return (units, out = new Int32Array(units.length)) => {
    for (let e = 0; e < units.length; e++) {
      const r = inOrder ? units[e] : rankOf[units[e]];
      bits[r >>> 5] |= 1 << (r & 31);
    }
    let k = 0;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w];
      if (word === 0) continue;
      bits[w] = 0;
      while (word !== 0) {
        const low = word & -word;
        const r = (w << 5) + 31 - Math.clz32(low);
        out[k++] = inOrder ? r : byValue[r];
        word ^= low;
      }
    }
    return out;
  };
}

function explicitAssignments(spec: PlaceboSpec, panel: Panel, timing: Float64Array, sortByValue: (units: Int32Array, out?: Int32Array) => Int32Array): Assignment[] {
  const byKey = new Map(panel.unitValues.map((v, u) => [String(v), u]));
  const numeric = typeof panel.unitValues[0] === 'number';
  return (spec.pseudo_treated ?? []).map((set, s) => {
    const field = `pseudo_treated[${s}]`;
    const codes = set.units.map((id) => {
      const u = byKey.get(numeric ? String(Number(id)) : String(id));
      if (u === undefined) throw new UserError('placebo.unknown_units', `${field}: unit ${id} is not in the estimation sample of "${spec.unit}".`, { field: `${field}.units`, unit: id });
      return u;
    });
    if (new Set(codes).size !== codes.length) throw new UserError('placebo.duplicate_units', `${field} lists a unit twice.`, { field: `${field}.units` });
    if (set.first_treat) {
      if (set.first_treat.length !== codes.length) throw new UserError('placebo.first_treat_length', `${field}: first_treat needs one period per unit (${codes.length}), got ${set.first_treat.length}.`, { field: `${field}.first_treat` });
      return { units: Int32Array.from(codes), first: Float64Array.from(set.first_treat) };
    }
    if (codes.length !== timing.length)
      throw new UserError('placebo.set_size', `${field} has ${codes.length} units but ${timing.length} are really treated; the real timing is handed over unit by unit, so give as many units or their first_treat.`, { field: `${field}.units` });
    return { units: sortByValue(Int32Array.from(codes)), first: Float64Array.from(timing) };
  });
}

/** in_time: refits on pre-policy data with the policy moved `shift` periods earlier. */
function inTimeDraws(frame: Frame, spec: PlaceboSpec, p: Prepared, ctx: RunContext): { draws: PlaceboDraw[]; notes: string[] } {
  const { panel } = p;
  const periods = panel.periods;
  const pos = (g: number): number => {
    const k = periods.findIndex((t) => t >= g);
    return k < 0 ? periods.length : k;
  };
  let lastAdoption = -Infinity;
  let maxShift = 0;
  panel.realFirst.forEach((g) => {
    if (g === NEVER) return;
    lastAdoption = Math.max(lastAdoption, g);
    maxShift = Math.max(maxShift, pos(g) - 1);
  });
  if (maxShift < 1)
    throw new UserError('placebo.no_pre_periods', 'An in-time placebo needs at least two periods before the policy (one to move the policy to, one before it).', { field: 'kind' });
  const shifts = spec.shifts ?? Array.from({ length: Math.min(3, maxShift) }, (_, k) => k + 1);
  const bad = shifts.filter((s) => s > maxShift);
  if (bad.length) throw new UserError('placebo.shift_too_large', `Shift${bad.length > 1 ? 's' : ''} ${bad.join(', ')} would move the policy to or before the first period; at most ${maxShift} ${maxShift === 1 ? 'period is' : 'periods are'} possible.`, { field: 'shifts', max: maxShift });
  const { ids } = unitIndex(frame, spec.unit);
  const firstOfFrameUnit = new Map<number, number>();
  panel.rows.forEach((i, k) => firstOfFrameUnit.set(ids[i], panel.realFirst[panel.unitOf[k]]));
  const t = numericColumnOrError(frame, spec.time, 'time');
  const keep = new Uint8Array(frame.nrow);
  for (let i = 0; i < frame.nrow; i++) {
    const g = firstOfFrameUnit.get(ids[i]);
    if (g === undefined || Number.isNaN(t[i])) continue;
    keep[i] = t[i] < (g === NEVER ? lastAdoption : g) ? 1 : 0;
  }
  const term = deparseName(spec.treatment);
  const notes: string[] = [];
  const draws = shifts.map((shift, s) => {
    ctx.checkCancelled();
    const pseudo = new Float64Array(frame.nrow);
    let count = 0;
    const units = new Set<number>();
    for (let i = 0; i < frame.nrow; i++) {
      const g = firstOfFrameUnit.get(ids[i]);
      if (!keep[i] || g === undefined || g === NEVER) continue;
      const moved = periods[Math.max(pos(g) - shift, 0)];
      if (t[i] >= moved) {
        pseudo[i] = 1;
        count++;
        units.add(ids[i]);
      }
    }
    let row: FeolsResult['coefficients'][string] | null = null;
    try {
      const sub = filterRows(withColumn(frame, numericColumn(spec.treatment, pseudo)), keep);
      const { model: _m, data: _d, ...base } = spec.base;
      row = runFeols(sub, { ...base, model: 'feols', data: spec.data }).coefficients[term] ?? null;
      if (!row) notes.push(`Shift ${shift}: the pseudo treatment is collinear with the fixed effects.`);
    } catch (e) {
      if (!isUserError(e)) throw e;
      notes.push(`Shift ${shift}: ${e.message}`);
    }
    ctx.progress(0.1 + (0.85 * (s + 1)) / shifts.length, 'draws');
    return { estimate: row?.estimate ?? null, se: row?.se ?? null, t: row?.t ?? null, p: row?.p ?? null, n_treated_units: units.size, n_treated_obs: count, n_overlap: units.size, shift };
  });
  let kept = 0;
  for (const k of keep) kept += k;
  notes.push(`In-time placebo on the ${kept} pre-policy observations.`);
  return { draws, notes };
}

/** A run's parsed spec, prepared model and real timing. */
interface Setup {
  spec: PlaceboSpec;
  p: Prepared;
  timing: { sortedTreated: number[]; periods: Float64Array };
  notes: string[];
}

function setUp(frame: Frame, specInput: PlaceboSpec | PlaceboSpecInput, ctx: RunContext): Setup {
  const spec = placeboSpec.parse(specInput);
  requireColumns(frame, [
    ['treatment', spec.treatment],
    ['unit', spec.unit],
    ['time', spec.time],
  ]);
  ctx.progress(0, 'prepare');
  const p = prepare(frame, spec, ctx);
  const timing = realTiming(p.panel);
  const N = p.panel.unitValues.length;
  const m = timing.sortedTreated.length;
  if (m === 0) throw new UserError('placebo.no_treated', `No unit has "${spec.treatment}" = 1 in the estimation sample.`, { field: 'treatment' });
  if (m >= N && spec.kind !== 'in_time') throw new UserError('placebo.no_controls', 'Every unit is treated, so pseudo-treated units cannot be drawn from the others.', { field: 'treatment' });
  return { spec, p, timing, notes: [...p.notes] };
}

/** Draws estimated together (SparseFwlModel.estimateAdoptions); a batch's numbers are those of one draw at a time. */
const DRAW_BATCH = 128;
/** At most this many pseudo-treated units are held for a batch (fewer draws per batch on very large panels: memory). */
const BATCH_UNITS = 4_000_000;

/** How the draws of a run are made. */
interface DrawPlan {
  explicit: Assignment[] | null;
  later: number[];
  total: number;
  estimateDraws: (as: Assignment[]) => PlaceboDraw[];
  sortByValue: (units: Int32Array, out?: Int32Array) => Int32Array;
}

function drawPlan(s: Setup): DrawPlan {
  const { spec, p, timing } = s;
  const N = p.panel.unitValues.length;
  const m = timing.sortedTreated.length;
  const sortByValue = unitSorter(p.panel);
  const explicit = spec.pseudo_treated ? explicitAssignments(spec, p.panel, timing.periods, sortByValue) : null;
  const later = p.panel.periods.slice(1);
  if (!explicit) {
    if (spec.kind === 'mixed' && later.length === 0) throw new UserError('placebo.too_few_periods', 'A mixed placebo draws adoption periods after the first period; the data have a single period.', { field: 'kind' });
    const distinct = logChoose(N, m) + (spec.kind === 'mixed' ? m * Math.log(later.length) : 0);
    if (distinct < Math.log(spec.draws))
      throw new UserError('placebo.too_few_units', `Only ${Math.round(Math.exp(distinct))} distinct pseudo-treated assignments exist with ${N} units of which ${m} treated; ask for at most that many draws.`, { field: 'draws', draws: spec.draws, distinct: Math.round(Math.exp(distinct)) });
  }
  return { explicit, later, total: explicit ? explicit.length : spec.draws, estimateDraws: makeEstimator(s.p), sortByValue };
}

/** The random or explicit draws of a run, in batches of DRAW_BATCH (fewer with many treated units). */
function runDraws(s: Setup, plan: DrawPlan, ctx: RunContext): PlaceboDraw[] {
  const { spec, p, timing } = s;
  const N = p.panel.unitValues.length;
  const m = timing.sortedTreated.length;
  const { explicit, later, estimateDraws, sortByValue, total } = plan;
  const random = rStream(spec.seed);
  const pool = new Int32Array(N);
  const sample = new Int32Array(m);
  // The sorted units of each place in a batch, reused from batch to batch.
  const size = Math.max(1, Math.min(DRAW_BATCH, Math.floor(BATCH_UNITS / m)));
  const slots = explicit ? [] : Array.from({ length: Math.min(size, total) }, () => new Int32Array(m));
  const draws: PlaceboDraw[] = [];
  for (let d = 0; d < total; d += size) {
    ctx.checkCancelled();
    const batch: Assignment[] = [];
    for (let b = d; b < Math.min(total, d + size); b++) {
      if (explicit) batch.push(explicit[b]);
      else {
        const units = sortByValue(sampleWithoutReplacement(random, N, m, pool, sample), slots[b - d]);
        const first = spec.kind === 'in_space' ? timing.periods : Float64Array.from(sampleWithReplacement(random, later.length, m), (k) => later[k]);
        batch.push({ units, first });
      }
    }
    draws.push(...estimateDraws(batch));
    ctx.progress(0.1 + (0.85 * draws.length) / total, 'draws');
  }
  return draws;
}

type Actual = Row & { estimate: number };

/** The actual estimate, which every draw is compared with. */
function actualEstimate(s: Setup): Actual {
  const actual = s.p.model.estimate(s.p.actualColumn);
  const estimate = actual.estimate;
  if (estimate === null) throw new UserError('placebo.actual_not_identified', `The coefficient of "${s.spec.treatment}" in the base model is not identified.`, { field: 'treatment' });
  return { ...actual, estimate };
}

export function runPlacebo(frame: Frame, specInput: PlaceboSpec | PlaceboSpecInput, ctx: RunContext): PlaceboResult {
  const s = setUp(frame, specInput, ctx);
  const actual = actualEstimate(s);
  ctx.progress(0.1, 'draws');
  if (s.spec.kind === 'in_time') {
    const r = inTimeDraws(frame, s.spec, s.p, ctx);
    return finish(s, actual, r.draws, r.notes, ctx);
  }
  return finish(s, actual, runDraws(s, drawPlan(s), ctx), [], ctx);
}

function finish(s: Setup, actual: Actual, draws: PlaceboDraw[], extraNotes: string[], ctx: RunContext): PlaceboResult {
  const { spec, p, timing } = s;
  const { panel } = p;
  const notes = [...s.notes, ...extraNotes];
  const seed = spec.kind === 'in_time' || spec.pseudo_treated ? null : spec.seed;
  const ok = draws.filter((d) => d.estimate !== null && d.p !== null);
  const failed = draws.length - ok.length;
  if (failed) notes.push(`${failed} draw${failed > 1 ? 's' : ''} had a pseudo treatment collinear with the fixed effects (no estimate).`);
  const estimates = ok.map((d) => d.estimate as number);
  const pValues = ok.map((d) => d.p as number);
  const b = actual.estimate;
  let pRi: number | null = null;
  let pRiReason: string | null = null;
  let nExtreme: number | null = null;
  if (spec.kind === 'in_time') pRiReason = 'in-time placebos are a few fixed shifts of the policy date, not a randomization distribution';
  else if (ok.length === 0) pRiReason = 'no draw could be estimated';
  else {
    nExtreme = estimates.filter((e) => Math.abs(e) >= Math.abs(b)).length;
    pRi = nExtreme / ok.length;
  }
  const distinctValues = new Set(estimates).size;
  const cohortSizes: Record<string, number> = {};
  for (const g of timing.periods) cohortSizes[String(g)] = (cohortSizes[String(g)] ?? 0) + 1;
  ctx.progress(1, 'done');
  return {
    model: 'placebo',
    kind: spec.kind,
    treatment: spec.treatment,
    method: spec.kind === 'in_time' ? 'refit' : p.method,
    estimate: b,
    actual: { estimate: actual.estimate, se: actual.se, t: actual.t, p: actual.p, conf_low: actual.conf_low, conf_high: actual.conf_high },
    nobs: panel.rows.length,
    n_units: panel.unitValues.length,
    n_treated_units: timing.sortedTreated.length,
    cohort_sizes: cohortSizes,
    draws,
    draws_requested: spec.kind === 'in_time' ? draws.length : spec.pseudo_treated ? spec.pseudo_treated.length : spec.draws,
    draws_failed: failed,
    seed,
    rng: seed === null ? 'none (fixed assignments)' : RNG_DESCRIPTION,
    p_value_ri: pRi,
    p_value_ri_reason: pRiReason,
    n_extreme: nExtreme,
    summary: ok.length ? summarizeDraws(estimates, pValues) : null,
    charts: {
      actual: b,
      density: distinctValues >= 2 ? kernelDensity(estimates, spec.density_points) : null,
      histogram: ok.length ? sturgesHistogram(estimates) : null,
      p_values: { estimate: estimates, p: pValues },
    },
    vcov_type: p.vcovType,
    df_t: actual.df_t,
    notes,
  };
}
