/**
 * Pieces the policy-evaluation models share: the treatment indicator built from a DID spec,
 * fixest formulas and variances from the builder's fields, and the feols run that also
 * returns the estimation rows.
 */
import type { TreatmentSpec, TreatmentSummary } from '../../../shared/specs/did';
import type { FeolsSpec } from '../../../shared/specs/feols';
import type { VcovSpec } from '../../../shared/specs/common';
import { buildTreatment, unitIndex } from '../../data/panel';
import type { RunContext } from '../context';
import { buildDesign } from '../design';
import { UserError } from '../errors';
import { clusterColumns, designClusters, estimateFeols, resolveSsc, type FeolsEstimate } from '../feols';
import { deparseName } from '../formula/parser';
import type { Frame } from '../frame';
import { getColumnOrUserError, numericColumnOrError } from '../did/panel';

/** Marks a never-treated unit in first-treatment arrays (0 can be a genuine period). */
export const NEVER = Number.POSITIVE_INFINITY;

/** Checks that the columns a spec names exist, naming the field that names them. */
export function requireColumns(frame: Frame, fields: ReadonlyArray<[field: string, column: string | undefined]>): void {
  for (const [field, column] of fields) if (column !== undefined) getColumnOrUserError(frame, column, field);
}

/** A context reporting progress into [from, to] of the caller's bar. */
export function subContext(ctx: RunContext, from: number, to: number): RunContext {
  return { checkCancelled: () => ctx.checkCancelled(), progress: (f, m) => ctx.progress(from + (to - from) * f, m) };
}

/** `base`, or `base_2`, `base_3`, … : a column name the spec does not already use. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

/** A fixed effect as written in a formula: each part of `a^b` quoted when needed. */
export function fixefTerm(fe: string): string {
  return fe
    .split('^')
    .map((p) => deparseName(p.trim()))
    .join('^');
}

/** `y ~ rhs | fe1 + fe2` with column names quoted as R deparses them. */
export function formulaOf(outcome: string, rhs: string[], fixedEffects: string[]): string {
  const right = rhs.length ? rhs.join(' + ') : '1';
  return `${deparseName(outcome)} ~ ${right}${fixedEffects.length ? ` | ${fixedEffects.map(fixefTerm).join(' + ')}` : ''}`;
}

/** The builder's variance: clustered by the unit unless `cluster` says otherwise. */
export function builderVcov(spec: { unit: string; cluster?: string[]; vcov?: 'iid' | 'hetero' }): VcovSpec {
  if (spec.cluster === undefined) return { cluster: [spec.unit] };
  if (spec.cluster.length === 0) return spec.vcov ?? 'hetero';
  return { cluster: spec.cluster };
}

/** The columns of each fixed effect (`a^b` → a, b). */
export function fixefColumns(fes: ReadonlyArray<string>): string[] {
  return fes.flatMap((f) => f.split('^').map((p) => p.trim()));
}

/** feols on a spec, keeping the estimation rows (runFeols returns only the JSON result). */
export function fitFeols(frame: Frame, spec: Omit<FeolsSpec, 'model' | 'data'>, ctx: RunContext): FeolsEstimate {
  const design = buildDesign(frame, spec.formula, { weights: spec.weights, alsoRequire: clusterColumns(spec.vcov) });
  return estimateFeols(design, { vcov: spec.vcov, clusters: designClusters(frame, design, spec.vcov), ssc: resolveSsc(spec.ssc), fixefRm: spec.fixef_rm, level: spec.level }, ctx);
}

export interface ResolvedTreatment {
  /** treated × post per row (NaN where the unit or time is missing). */
  treatPost: Float64Array;
  /** The unit's first treated period per row; NEVER for never-treated units, NaN if unknown. */
  firstTreat: Float64Array;
  /** 1 for rows of ever-treated units. */
  treated: Float64Array;
  /** Calendar post-policy indicator for a common policy date, the unit's own post otherwise. */
  post: Float64Array;
  summary: Omit<TreatmentSummary, 'term'>;
  notes: string[];
}

function timeRange(time: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const t of time) {
    if (Number.isNaN(t)) continue;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { min, max };
}

/** 0/1 check of a column, naming the first offending row. */
export function checkBinary(values: Float64Array, column: string, field: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && v !== 0 && v !== 1)
      throw new UserError('did.treatment_not_binary', `The ${field} column "${column}" must hold 0/1 values, but row ${i + 1} holds ${v}. Recode it to 0 (untreated) and 1 (treated).`, { field, column, row: i + 1, value: v });
  }
}

/**
 * The DID regressor and each unit's first treated period from a builder treatment spec.
 * An existing 0/1 column gives each unit's first period with a 1; the other kinds go through
 * buildTreatment (main/data/panel.ts). Policy times outside the observed periods, unknown
 * unit ids, non-binary columns and treatments without treated or control observations are
 * UserErrors naming the `treatment` field.
 */
export function resolveTreatment(frame: Frame, spec: TreatmentSpec, unit: string, time: string): ResolvedTreatment {
  const t = numericColumnOrError(frame, time, 'time');
  const { ids, values: units } = unitIndex(frame, unit);
  const range = timeRange(t);
  if (!Number.isFinite(range.min)) throw new UserError('did.no_time', `The time column "${time}" has no values.`, { field: 'time', column: time });
  const n = frame.nrow;
  const notes: string[] = [];
  let treatPost: Float64Array;
  const unitFirst = new Float64Array(units.length).fill(NEVER);
  const commonPolicy = spec.kind === 'ids' || spec.kind === 'group';
  if (commonPolicy) {
    if (!(spec.policy_time > range.min && spec.policy_time <= range.max))
      throw new UserError(
        'did.policy_time_outside',
        `The policy time ${spec.policy_time} must lie after the first period (${range.min}) and no later than the last (${range.max}) of "${time}", so that there are periods before and after it.`,
        { field: 'treatment.policy_time', value: spec.policy_time, first: range.min, last: range.max },
      );
  }
  if (spec.kind === 'column') {
    const d = numericColumnOrError(frame, spec.column, 'treatment');
    checkBinary(d, spec.column, 'treatment');
    treatPost = d;
    let switchesOff = 0;
    const lastOne = new Float64Array(units.length).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const u = ids[i];
      if (u < 0 || Number.isNaN(t[i]) || d[i] !== 1) continue;
      if (t[i] < unitFirst[u]) unitFirst[u] = t[i];
      if (t[i] > lastOne[u]) lastOne[u] = t[i];
    }
    const off = new Uint8Array(units.length);
    for (let i = 0; i < n; i++) {
      const u = ids[i];
      if (u >= 0 && d[i] === 0 && t[i] > unitFirst[u] && !off[u]) {
        off[u] = 1;
        switchesOff++;
      }
    }
    if (switchesOff) notes.push(`The treatment "${spec.column}" switches back to 0 for ${switchesOff} unit${switchesOff > 1 ? 's' : ''}; first treated periods (event study, cohorts) use each unit's first 1.`);
  } else {
    if (spec.kind === 'ids') {
      const col = getColumnOrUserError(frame, unit, 'unit');
      const have = new Set(units.map((u) => String(u)));
      const missing = spec.ids.filter((v) => !have.has(col.type === 'number' ? String(Number(v)) : String(v)));
      if (missing.length)
        throw new UserError(
          'did.unknown_ids',
          `${missing.length} of the treated unit ids ${missing.length > 1 ? 'are' : 'is'} not values of "${unit}": ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}. Remove ${missing.length > 1 ? 'them' : 'it'} from the list or check the unit column.`,
          { field: 'treatment.ids', missing: missing.slice(0, 100) },
        );
    }
    if (spec.kind === 'group') checkBinary(numericColumnOrError(frame, spec.column, 'treated-group'), spec.column, 'treated-group');
    if (spec.kind === 'first_treat') numericColumnOrError(frame, spec.column, 'first-treatment');
    const built = buildTreatment(frame, {
      unit,
      time,
      treatedIds: spec.kind === 'ids' ? spec.ids : undefined,
      treatedColumn: spec.kind === 'group' ? spec.column : undefined,
      policyTime: commonPolicy ? spec.policy_time : undefined,
      firstTreatColumn: spec.kind === 'first_treat' ? spec.column : undefined,
    });
    treatPost = built.treatPost;
    for (let i = 0; i < n; i++) if (ids[i] >= 0 && built.firstTreat[i] > 0) unitFirst[ids[i]] = built.firstTreat[i];
    if (spec.kind === 'first_treat') {
      let late = 0;
      for (let u = 0; u < units.length; u++) {
        if (unitFirst[u] !== NEVER && unitFirst[u] > range.max) {
          unitFirst[u] = NEVER;
          late++;
        }
      }
      if (late) notes.push(`${late} unit${late > 1 ? 's are' : ' is'} first treated after the last period (${range.max}) and count as never treated.`);
    }
  }

  const firstTreat = new Float64Array(n);
  const treated = new Float64Array(n);
  let nTreatedObs = 0;
  for (let i = 0; i < n; i++) {
    const u = ids[i];
    if (u < 0 || Number.isNaN(t[i])) {
      firstTreat[i] = treated[i] = Number.NaN;
      continue;
    }
    firstTreat[i] = unitFirst[u];
    treated[i] = unitFirst[u] === NEVER ? 0 : 1;
    if (treatPost[i] === 1) nTreatedObs++;
  }
  const cohortCount = new Map<number, number>();
  let nTreated = 0;
  for (let u = 0; u < units.length; u++) {
    if (unitFirst[u] === NEVER) continue;
    nTreated++;
    cohortCount.set(unitFirst[u], (cohortCount.get(unitFirst[u]) ?? 0) + 1);
  }
  const cohorts = [...cohortCount.entries()].sort((a, b) => a[0] - b[0]).map(([c, k]) => ({ time: c, n_units: k }));
  const field = spec.kind === 'column' || spec.kind === 'group' || spec.kind === 'first_treat' ? `treatment.column ("${spec.column}")` : 'treatment.ids';
  if (nTreatedObs === 0) throw new UserError('did.no_treated_obs', `No observation is treated (after the policy time in a treated unit), so there is no effect to estimate. Check ${field}.`, { field: 'treatment' });
  if (nTreated === units.length && cohorts.length === 1)
    throw new UserError('did.no_controls', `Every unit is treated at the same time (${cohorts[0].time}), so there is no comparison group. Check ${field}.`, { field: 'treatment' });
  const staggered = cohorts.length > 1;
  // Common timing: post is a calendar indicator; staggered: the unit's own post period.
  const post = new Float64Array(n);
  const t0 = staggered ? null : cohorts[0].time;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(firstTreat[i])) post[i] = Number.NaN;
    else post[i] = t0 !== null ? (t[i] >= t0 ? 1 : 0) : t[i] >= firstTreat[i] ? 1 : 0;
  }
  return {
    treatPost,
    firstTreat,
    treated,
    post,
    summary: { kind: spec.kind, n_units: units.length, n_treated_units: nTreated, n_never_treated_units: units.length - nTreated, n_treated_obs: nTreatedObs, cohorts, staggered },
    notes,
  };
}
