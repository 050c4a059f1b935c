/**
 * Sun & Abraham (2021, J. Econometrics 225(2)) interaction-weighted event study, as fixest's
 * sunab(cohort, period, ref.c, ref.p, att, no_agg):
 *
 * 1. Relative periods: when `period` already is relative (numeric, contains 0 and both signs)
 *    it is used as is; otherwise rel = period - cohort, and cohorts that never occur among the
 *    periods (e.g. 0 or 10000 for never treated) get rel = -1.
 * 2. Cohorts whose relative periods are all negative are the never-treated controls, cohorts
 *    with only non-negative ones are always treated and dropped (their rows are missing);
 *    neither gets dummies, nor do the reference periods (`ref.p`, default -1) or `ref.c`.
 * 3. One dummy per observed (relative period, cohort) cell, named `period::rel:cohort::c`.
 * 4. After estimation the cohort-specific coefficients are aggregated per relative period
 *    (default), into one ATT over rel >= 0, or per cohort, each weighted by the cell's share
 *    of observations (weighted counts with weights), with the delta-method variance s'Vs —
 *    fixest's aggregate.fixest.
 */
import type { Expr } from './formula/parser';
import { deparse, unparen } from './formula/parser';
import { matchArgs, type Evaluator, type SpecialFunction } from './formula/evaluate';
import { factorizeNumbers } from './formula/factorize';
import { formatRNumber } from './formula/rformat';
import type { Matrix } from './linalg';

export interface SunabCell {
  relPeriod: number;
  cohort: string;
}

export interface SunabMeta {
  kind: 'sunab';
  periodName: string;
  /** sunab(att = TRUE): aggregate into a single ATT by default. */
  att: boolean;
  /** sunab(no_agg = TRUE): report the cohort-level coefficients by default. */
  noAgg: boolean;
  /** Cell of each dummy, in column order. */
  cells: SunabCell[];
  referencePeriods: number[];
  neverTreatedCohorts: string[];
  alwaysTreatedCohorts: string[];
}

/** Evaluates ref.p values: numbers, .F (first relative period), .L (last), + - and c(). */
function refPeriods(e: Expr, first: number, last: number, ev: Evaluator): number[] {
  const inner = unparen(e);
  switch (inner.kind) {
    case 'number':
      return [inner.value];
    case 'name':
      if (inner.name === '.F') return [first];
      if (inner.name === '.L') return [last];
      break;
    case 'unary':
      if (inner.op === '-') return refPeriods(inner.operand, first, last, ev).map((x) => -x);
      break;
    case 'call':
      if (inner.fn === 'c') return inner.args.flatMap((a) => refPeriods(a.value, first, last, ev));
      break;
    case 'binary': {
      const a = refPeriods(inner.left, first, last, ev);
      const b = refPeriods(inner.right, first, last, ev);
      if (inner.op === '+' || inner.op === '-') {
        const sign = inner.op === '+' ? 1 : -1;
        return b.length === 1 ? a.map((x) => x + sign * b[0]) : a.length === 1 ? b.map((y) => a[0] + sign * y) : [];
      }
      if (inner.op === ':' && a.length === 1 && b.length === 1) {
        const out: number[] = [];
        const step = a[0] <= b[0] ? 1 : -1;
        for (let x = a[0]; step > 0 ? x <= b[0] : x >= b[0]; x += step) out.push(x);
        return out;
      }
      break;
    }
    default:
      break;
  }
  throw ev.fail('formula.bad_arguments', 'sunab(ref.p = ...) must be relative periods such as -1, c(-1, .F) or .F + 0:2.', inner);
}

function flag(e: Expr | undefined, name: string, ev: Evaluator): boolean {
  if (!e) return false;
  const inner = unparen(e);
  if (inner.kind === 'name' && (inner.name === 'TRUE' || inner.name === 'FALSE')) return inner.name === 'TRUE';
  throw ev.fail('formula.bad_arguments', `sunab(${name} = ...) must be TRUE or FALSE.`, inner);
}

export function makeSunabFunction(notes: string[]): SpecialFunction {
  return (call, ev) => {
    const args = matchArgs(call, ['cohort', 'period', 'ref.c', 'ref.p', 'att', 'no_agg'], ev);
    if (!args.cohort || !args.period) throw ev.fail('formula.bad_arguments', 'sunab() needs a cohort and a period: sunab(first_treated_year, year).', call);
    const cohortV = ev.evaluate(args.cohort.value);
    const periodV = ev.evaluate(args.period.value);
    if (periodV.kind !== 'number') throw ev.fail('formula.not_numeric', `sunab(): the period ${deparse(args.period.value)} must be numeric.`, args.period.value);
    if (cohortV.kind !== 'number') throw ev.fail('formula.not_numeric', `sunab(): the cohort ${deparse(args.cohort.value)} must be numeric (the period of first treatment).`, args.cohort.value);
    const periodName = deparse(args.period.value);
    const att = flag(args.att?.value, 'att', ev);
    const noAgg = flag(args.no_agg?.value, 'no_agg', ev);
    const n = ev.n;
    const cohort = cohortV.values;
    const period = periodV.values;
    const ok = (i: number): boolean => Number.isFinite(cohort[i]) && Number.isFinite(period[i]);

    const periodSet = new Set<number>();
    let pMin = Infinity;
    let pMax = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!ok(i)) continue;
      periodSet.add(period[i]);
      if (period[i] < pMin) pMin = period[i];
      if (period[i] > pMax) pMax = period[i];
    }
    if (periodSet.size === 0) throw ev.fail('formula.no_values', 'sunab(): cohort and period have no non-missing pair.', call);
    const alreadyRelative = periodSet.has(0) && pMin < 0 && pMax > 0;
    const rel = new Float64Array(n).fill(NaN);
    if (alreadyRelative) {
      for (let i = 0; i < n; i++) if (ok(i)) rel[i] = period[i];
    } else {
      let anyCohortInPeriods = false;
      for (let i = 0; i < n; i++) {
        if (!ok(i)) continue;
        if (periodSet.has(cohort[i])) {
          rel[i] = period[i] - cohort[i];
          anyCohortInPeriods = true;
        } else rel[i] = -1;
      }
      if (!anyCohortInPeriods) throw ev.fail('formula.bad_arguments', `sunab(): no value of the cohort ${deparse(args.cohort.value)} occurs among the periods, so relative periods cannot be built. The cohort must be the period of first treatment.`, call);
    }
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(rel[i])) continue;
      if (rel[i] < first) first = rel[i];
      if (rel[i] > last) last = rel[i];
    }
    const refP = args['ref.p'] ? refPeriods(args['ref.p'].value, first, last, ev) : [-1];
    const refC = new Set<number>();
    if (args['ref.c']) {
      const lit = refPeriods(args['ref.c'].value, first, last, ev);
      lit.forEach((x) => refC.add(x));
    }

    // Never / always treated: cohorts without both negative and non-negative relative periods.
    const cf = factorizeNumbers(cohort, null, cohortV.integer);
    const hasNeg = new Uint8Array(cf.labels.length);
    const hasPos = new Uint8Array(cf.labels.length);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(rel[i])) continue;
      if (rel[i] < 0) hasNeg[cf.codes[i]] = 1;
      else hasPos[cf.codes[i]] = 1;
    }
    const never: string[] = [];
    const always: string[] = [];
    const isRefCohort = new Uint8Array(cf.labels.length);
    cf.labels.forEach((label, c) => {
      if (hasNeg[c] && hasPos[c]) return;
      isRefCohort[c] = 1;
      if (hasPos[c]) always.push(label);
      else never.push(label);
    });
    if (always.length) notes.push(`sunab(): cohort${always.length > 1 ? 's' : ''} ${always.join(', ')} ${always.length > 1 ? 'are' : 'is'} treated in every period (always treated) and removed from the estimation.`);

    const refPSet = new Set(refP);
    const dummy = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(rel[i])) continue;
      const c = cf.codes[i];
      if (!isRefCohort[c] && !refPSet.has(rel[i]) && !refC.has(cohort[i])) dummy[i] = 1;
    }
    // Cells sorted by relative period, then cohort.
    const cellIndex = new Map<string, number>();
    const cells: { rel: number; c: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (!dummy[i]) continue;
      const k = `${rel[i]}|${cf.codes[i]}`;
      if (!cellIndex.has(k)) {
        cellIndex.set(k, 0);
        cells.push({ rel: rel[i], c: cf.codes[i] });
      }
    }
    if (cells.length === 0) throw ev.fail('formula.no_values', 'sunab(): no treated cohort has observations outside the reference periods, so there is nothing to estimate.', call);
    cells.sort((a, b) => a.rel - b.rel || a.c - b.c);
    cells.forEach((cell, j) => cellIndex.set(`${cell.rel}|${cell.c}`, j));
    const columns = cells.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const c = Number.isNaN(rel[i]) ? -1 : cf.codes[i];
      if (c < 0 || (isRefCohort[c] && hasPos[c] && !hasNeg[c])) {
        for (const col of columns) col[i] = NaN;
        continue;
      }
      if (dummy[i]) columns[cellIndex.get(`${rel[i]}|${c}`) as number][i] = 1;
    }
    const relLabel = (r: number): string => formatRNumber(r, Number.isInteger(r));
    const names = cells.map((cell) => `${periodName}::${relLabel(cell.rel)}:cohort::${cf.labels[cell.c]}`);
    const meta: SunabMeta = {
      kind: 'sunab',
      periodName,
      att,
      noAgg,
      cells: cells.map((cell) => ({ relPeriod: cell.rel, cohort: cf.labels[cell.c] })),
      referencePeriods: refP,
      neverTreatedCohorts: never,
      alwaysTreatedCohorts: always,
    };
    return { kind: 'matrix', columns, names, meta };
  };
}

export type SunabAggregation = 'period' | 'ATT' | 'cohort' | 'none';

export interface AggregatedCoefficient {
  name: string;
  estimate: number;
  se: number;
  /** Names of the cohort-level coefficients combined, and their weights. */
  components: string[];
  weights: number[];
}

/**
 * Aggregates cohort x period coefficients (fixest aggregate.fixest): within each group the
 * weights are the cells' observation shares (sum of weights with weights), the estimate is
 * sum(w b) and the variance w'Vw. Groups appear in order of their first coefficient.
 */
export function aggregateSunab(
  meta: SunabMeta,
  mode: Exclude<SunabAggregation, 'none'>,
  names: string[],
  estimates: number[],
  vcov: Matrix,
  cellMass: Map<string, number>,
): AggregatedCoefficient[] {
  const groups = new Map<string, number[]>();
  names.forEach((name, k) => {
    const j = meta.cells.findIndex((_, idx) => sunabColumnName(meta, idx) === name);
    if (j < 0) return;
    const cell = meta.cells[j];
    let group: string | null;
    if (mode === 'period') group = `${meta.periodName}::${formatRNumber(cell.relPeriod, Number.isInteger(cell.relPeriod))}`;
    else if (mode === 'ATT') group = cell.relPeriod >= 0 ? 'ATT' : null;
    else group = cell.relPeriod >= 0 ? `cohort::${cell.cohort}` : null;
    if (group === null) return;
    const list = groups.get(group) ?? [];
    list.push(k);
    groups.set(group, list);
  });
  const out: AggregatedCoefficient[] = [];
  for (const [name, ks] of groups) {
    const mass = ks.map((k) => cellMass.get(names[k]) ?? 0);
    const total = mass.reduce((a, b) => a + b, 0);
    const w = mass.map((m) => m / total);
    let est = 0;
    let variance = 0;
    ks.forEach((k, a) => {
      est += w[a] * estimates[k];
      ks.forEach((l, b) => (variance += w[a] * w[b] * vcov[k][l]));
    });
    out.push({ name, estimate: est, se: Math.sqrt(variance), components: ks.map((k) => names[k]), weights: w });
  }
  return out;
}

export function sunabColumnName(meta: SunabMeta, j: number): string {
  const cell = meta.cells[j];
  return `${meta.periodName}::${formatRNumber(cell.relPeriod, Number.isInteger(cell.relPeriod))}:cohort::${cell.cohort}`;
}
