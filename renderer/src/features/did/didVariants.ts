/**
 * The DID builder's other models: triple differences (`ddd`) and policy-lag effects
 * (`did_lags`) take every DID choice (shared/specs/did.ts didCoreFields) plus a few of their
 * own, so the builder builds the DID part with didForm and adds these here.
 */
import { dddSpec, type DddSpec } from '../../../../shared/specs/ddd';
import { didLagsSpec, type DidLagsSpec } from '../../../../shared/specs/did-lags';
import type { DidSpec } from '../../../../shared/specs/did';
import { addIssues, numberField, type FieldErrors } from '../didkit/formErrors';

export type DidVariant = 'did' | 'ddd' | 'did_lags';
export type VariantSpec = DidSpec | DddSpec | DidLagsSpec;

export interface VariantExtras {
  /** DDD: the 0/1 subgroup column the policy targets. */
  group: string;
  design: DddSpec['design'];
  maxLag: string;
  includeCurrent: boolean;
  timeStep: string;
}

export type ExtraField = 'group' | 'maxLag' | 'timeStep';

/** The specs' defaults: group × time fixed effects; lags 0…3 one period apart. */
export function initialExtras(): VariantExtras {
  return { group: '', design: 'group_time', maxLag: '3', includeCurrent: true, timeStep: '1' };
}

/** Fields of a did spec that the DID builder's form does not show, kept when it is edited. */
const CARRIED = ['exclude', 'winsorize', 'unit_trends', 'weights', 'level', 'base_id', 'label'] as const;
export type CarriedField = (typeof CARRIED)[number];

export function carriedFields(spec: DidSpec | null): Partial<Pick<DidSpec, CarriedField>> {
  const out: Partial<Pick<DidSpec, CarriedField>> = {};
  if (!spec) return out;
  for (const key of CARRIED) if (spec[key] !== undefined) Object.assign(out, { [key]: spec[key] });
  return out;
}

/** A saved DDD or lag spec as the DID part (for the form) and its own choices. */
export function variantSeed(spec: DddSpec | DidLagsSpec): { did: DidSpec; extras: VariantExtras } {
  const did: DidSpec = { model: 'did', ...coreOf({ ...spec, model: 'did' }), event_study: null };
  const extras = initialExtras();
  if (spec.model === 'ddd') return { did, extras: { ...extras, group: spec.group, design: spec.design } };
  return { did, extras: { ...extras, maxLag: String(spec.max_lag), includeCurrent: spec.include_current, timeStep: String(spec.time_step) } };
}

/** The DID fields DDD and lag specs share (didCoreFields). */
function coreOf(did: DidSpec): Omit<DidSpec, 'model' | 'event_study' | CarriedField> & Pick<DidSpec, 'weights' | 'level'> {
  const { data, subset, levels, outcome, treatment, unit, time, controls, fixed_effects, cluster, vcov, weights, level } = did;
  return { data, subset, levels, outcome, treatment, unit, time, controls, fixed_effects, cluster, vcov, weights, level };
}

export function extraFieldOfPath(path: readonly PropertyKey[]): ExtraField | null {
  const [head] = path;
  if (head === 'group') return 'group';
  if (head === 'max_lag') return 'maxLag';
  if (head === 'time_step') return 'timeStep';
  return null;
}

/**
 * The spec of the variant from the DID part (null when the DID part is invalid) and the extras;
 * errors of the extras go to their fields.
 */
export function buildVariantSpec(variant: DidVariant, did: DidSpec | null, extras: VariantExtras): { spec: VariantSpec | null; errors: FieldErrors<ExtraField> } {
  const errors: FieldErrors<ExtraField> = {};
  if (variant === 'did') return { spec: did, errors };
  const core = did ? coreOf(did) : null;
  if (variant === 'ddd') {
    if (!extras.group) errors.group = { key: 'did.errors.required' };
    if (did && extras.group && [did.outcome, did.unit, did.time, ...did.controls].includes(extras.group)) errors.group = { key: 'policy.errors.groupInModel' };
    const parsed = dddSpec.safeParse({ model: 'ddd', ...(core ?? {}), group: extras.group, design: extras.design });
    if (!parsed.success) addIssues(errors, parsed.error.issues, extraFieldOfPath);
    return { spec: core && parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
  }
  const maxLag = numberField(errors, 'maxLag', extras.maxLag, { integer: true });
  const timeStep = numberField(errors, 'timeStep', extras.timeStep);
  const parsed = didLagsSpec.safeParse({ model: 'did_lags', ...(core ?? {}), max_lag: maxLag, include_current: extras.includeCurrent, time_step: timeStep });
  if (!parsed.success) addIssues(errors, parsed.error.issues, extraFieldOfPath);
  return { spec: core && parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
}
