/**
 * The placebo builder's form and its translation into a `placeboSpec` (shared/specs/placebo.ts):
 * the base model is a TWFE regression of the outcome on a 0/1 treatment column, and the
 * placebo re-estimates it with pseudo treatments drawn in space, in time, or both.
 */
import type { DidSpec } from '../../../../shared/specs/did';
import { placeboSpec, type PlaceboSpec } from '../../../../shared/specs/placebo';
import { addIssues, numberField, parseList, parseNumber, type FieldErrors } from '../didkit/formErrors';
import {
  checkPanelModel,
  initialPanelModel,
  panelFormula,
  panelModelFromFormula,
  panelVcov,
  type PanelModelField,
  type PanelModelState,
} from '../didkit/panelModel';

export type PlaceboKind = PlaceboSpec['kind'];

export interface PlaceboFormState extends PanelModelState {
  dataset: string;
  kind: PlaceboKind;
  draws: string;
  seed: string;
  /** in_time: periods to move the policy earlier, as typed ("1 2 3"); empty = every feasible shift up to 3. */
  shifts: string;
}

export type PlaceboField = PanelModelField | 'dataset' | 'draws' | 'seed' | 'shifts';

/** R's and Stata's habit: 500 draws, seed 1 (the spec's defaults). */
export function initialPlaceboForm(dataset: string): PlaceboFormState {
  return { ...initialPanelModel(), dataset, kind: 'in_space', draws: '500', seed: '1', shifts: '' };
}

export function placeboFormFromSpec(spec: PlaceboSpec): PlaceboFormState | null {
  const model = panelModelFromFormula(spec.base.formula, spec.base.vcov, spec.treatment, spec.unit, spec.time);
  if (!model) return null;
  return {
    ...model,
    dataset: spec.data,
    kind: spec.kind,
    draws: String(spec.draws),
    seed: String(spec.seed),
    shifts: spec.shifts ? spec.shifts.join(' ') : '',
  };
}

/**
 * A placebo test of a saved DID whose treatment is an existing 0/1 column (a built treatment
 * has no column to permute): same outcome, controls, fixed effects and clustering.
 */
export function placeboFormFromDid(spec: DidSpec): PlaceboFormState | null {
  if (spec.treatment.kind !== 'column') return null;
  const fe = spec.fixed_effects ?? [spec.unit, spec.time];
  const cluster = spec.cluster === undefined ? spec.unit : (spec.cluster[0] ?? '');
  return {
    ...initialPlaceboForm(spec.data),
    outcome: spec.outcome,
    treatment: spec.treatment.column,
    controls: [...spec.controls],
    unit: spec.unit,
    time: spec.time,
    feUnit: fe.includes(spec.unit),
    feTime: fe.includes(spec.time),
    extraFe: fe.filter((f) => f !== spec.unit && f !== spec.time).join(', '),
    cluster,
  };
}

export function fieldOfPath(path: readonly PropertyKey[]): PlaceboField | null {
  const [head, sub] = path;
  switch (head) {
    case 'data':
      return 'dataset';
    case 'treatment':
    case 'unit':
    case 'time':
    case 'draws':
    case 'seed':
    case 'shifts':
      return head;
    case 'base':
      if (sub === 'vcov') return 'cluster';
      return 'outcome';
    default:
      return null;
  }
}

export interface PlaceboFormOutcome {
  spec: PlaceboSpec | null;
  errors: FieldErrors<PlaceboField>;
}

export function buildPlaceboSpec(state: PlaceboFormState): PlaceboFormOutcome {
  const errors: FieldErrors<PlaceboField> = {};
  checkPanelModel(state, errors);
  if (!state.dataset) errors.dataset = { key: 'did.errors.required' };
  const draws = numberField(errors, 'draws', state.draws, { integer: true });
  const seed = numberField(errors, 'seed', state.seed, { integer: true });
  let shifts: number[] | undefined;
  if (state.kind === 'in_time' && state.shifts.trim() !== '') {
    const tokens = parseList(state.shifts);
    const values = tokens.map(parseNumber);
    const bad = tokens.find((_, i) => values[i] === null || !Number.isInteger(values[i]));
    if (bad !== undefined) errors.shifts = { key: 'did.errors.integer' };
    else shifts = values as number[];
  }

  const candidate = {
    model: 'placebo' as const,
    data: state.dataset,
    base: { formula: panelFormula(state), vcov: panelVcov(state) },
    treatment: state.treatment,
    unit: state.unit,
    time: state.time,
    kind: state.kind,
    draws,
    seed,
    ...(shifts ? { shifts } : {}),
  };
  const parsed = placeboSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, fieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}
