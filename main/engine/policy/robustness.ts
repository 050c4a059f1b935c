/**
 * Robustness variants of a base DID, as reviewers ask for them: winsorized outcome, samples
 * without some units, a region or some years, concurrent-policy controls, unit-specific
 * trends or group × time fixed effects, another outcome. Each variant becomes a full did spec
 * (variantSpec) that the app saves as its own analysis linked to the base; runRobustness runs
 * the base and the variants and lays them out side by side (robustnessTable).
 */
import type { DidResult, DidSpec } from '../../../shared/specs/did';
import { robustnessSpec, type RobustnessColumn, type RobustnessResult, type RobustnessSpec, type RobustnessSpecInput, type RobustnessVariant } from '../../../shared/specs/robustness';
import type { RunContext } from '../context';
import { isUserError } from '../errors';
import type { Frame } from '../frame';
import { subContext } from './common';
import { runDid } from './did';

const list = (values: ReadonlyArray<string | number>, max = 5): string => `${values.slice(0, max).join(', ')}${values.length > max ? ', …' : ''}`;

function defaultLabel(v: RobustnessVariant, base: DidSpec): string {
  switch (v.kind) {
    case 'winsorize':
      return `Winsorized ${v.lower}/${v.upper}${v.by_time ? ' by period' : ''}`;
    case 'drop_units':
      return `Without ${v.ids.length === 1 ? `${base.unit} ${v.ids[0]}` : `${v.ids.length} units`}`;
    case 'drop_values':
      return `Without ${v.column} = ${list(v.values)}`;
    case 'drop_times':
      return `Without ${base.time} ${list(v.times)}`;
    case 'concurrent_policies':
      return `Controls for ${list(v.columns)}`;
    case 'unit_trends':
      return 'Unit-specific trends';
    case 'group_time_fe':
      return `${v.column} × ${base.time} FE`;
    case 'alt_outcome':
      return `Outcome: ${v.outcome}`;
  }
}

/** The full did spec of one variant: the base with the variant's change, linked by base_id. */
export function variantSpec(base: DidSpec, v: RobustnessVariant, baseId?: string): DidSpec {
  const out: DidSpec = { ...base, label: v.label ?? defaultLabel(v, base), ...(baseId ? { base_id: baseId } : {}) };
  const exclude = { ...(base.exclude ?? {}) };
  switch (v.kind) {
    case 'winsorize':
      out.winsorize = { ...(v.columns ? { columns: v.columns } : {}), lower: v.lower, upper: v.upper, by_time: v.by_time };
      break;
    case 'drop_units':
      out.exclude = { ...exclude, units: [...(exclude.units ?? []), ...v.ids] };
      break;
    case 'drop_values':
      out.exclude = { ...exclude, values: [...(exclude.values ?? []), { column: v.column, values: v.values }] };
      break;
    case 'drop_times':
      out.exclude = { ...exclude, times: [...(exclude.times ?? []), ...v.times] };
      break;
    case 'concurrent_policies':
      out.controls = [...base.controls, ...v.columns.filter((c) => !base.controls.includes(c))];
      break;
    case 'unit_trends':
      out.unit_trends = true;
      break;
    case 'group_time_fe': {
      const fes = base.fixed_effects ?? [base.unit, base.time];
      const fe = `${v.column}^${base.time}`;
      out.fixed_effects = fes.includes(fe) ? fes : [...fes, fe];
      break;
    }
    case 'alt_outcome':
      out.outcome = v.outcome;
      break;
  }
  return out;
}

export interface RobustnessRun {
  label: string;
  kind: RobustnessColumn['kind'];
  spec: DidSpec;
}

/** The base (when asked) and every variant as did specs, with the robustness spec's data. */
export function robustnessRuns(spec: RobustnessSpec): RobustnessRun[] {
  const base: DidSpec = { ...spec.base, data: spec.data, subset: spec.subset, levels: spec.levels };
  const runs: RobustnessRun[] = spec.include_base ? [{ label: base.label ?? 'Baseline', kind: 'base', spec: base }] : [];
  for (const v of spec.variants) {
    const s = variantSpec(base, v, spec.base_id);
    runs.push({ label: s.label as string, kind: v.kind, spec: s });
  }
  return runs;
}

/** Side-by-side columns from the runs and their results (or error messages). */
export function robustnessTable(runs: ReadonlyArray<RobustnessRun & { result: DidResult | null; error: string | null }>): RobustnessColumn[] {
  return runs.map(({ label, kind, spec, result, error }) => ({
    label,
    kind,
    spec,
    estimate: result ? (result.coefficients[result.treatment.term] ?? null) : null,
    outcome: spec.outcome,
    nobs: result?.nobs ?? null,
    r2: result?.r2 ?? null,
    r2_within: result?.r2_within ?? null,
    n_clusters: result?.n_clusters ?? null,
    fixed_effects: spec.fixed_effects ?? [spec.unit, spec.time],
    controls: spec.controls,
    unit_trends: spec.unit_trends === true,
    excluded_obs: result?.excluded_obs ?? 0,
    winsorized: result?.winsorized ?? [],
    error,
  }));
}

/** A variant that ran: its full did spec (linked by base_id) and its result. */
export interface RobustnessVariantRun {
  label: string;
  spec: DidSpec;
  result: DidResult;
  /** Time spent estimating this variant. */
  seconds: number;
}

export function runRobustness(frame: Frame, specInput: RobustnessSpec | RobustnessSpecInput, ctx: RunContext): RobustnessResult {
  return runRobustnessWithVariants(frame, specInput, ctx).result;
}

/**
 * The side-by-side result and every variant's own did result, so that the app can store each
 * variant as its own analysis without estimating it again.
 */
export function runRobustnessWithVariants(frame: Frame, specInput: RobustnessSpec | RobustnessSpecInput, ctx: RunContext): { result: RobustnessResult; variants: RobustnessVariantRun[] } {
  const spec = robustnessSpec.parse(specInput);
  const runs = robustnessRuns(spec);
  const notes: string[] = [];
  const done = runs.map((run, k) => {
    ctx.checkCancelled();
    const t0 = performance.now();
    try {
      const result = runDid(frame, run.spec, subContext(ctx, k / runs.length, (k + 1) / runs.length));
      return { ...run, result, error: null, seconds: (performance.now() - t0) / 1000 };
    } catch (e) {
      if (!isUserError(e)) throw e;
      notes.push(`${run.label}: ${e.message}`);
      return { ...run, result: null, error: e.message, seconds: (performance.now() - t0) / 1000 };
    }
  });
  const first = done.find((d) => d.result);
  ctx.progress(1, 'robustness');
  const variants = done.flatMap((d) => (d.kind !== 'base' && d.result ? [{ label: d.label, spec: d.spec, result: d.result, seconds: d.seconds }] : []));
  return { result: { model: 'did_robustness', term: first?.result?.treatment.term ?? '', columns: robustnessTable(done), notes }, variants };
}
