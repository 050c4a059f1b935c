/**
 * The regression part several builders share (placebo base model, PSM-DID): an outcome, a 0/1
 * treatment column, controls, the panel's unit and time, fixed effects and clustering — the
 * DID builder's choices for a model written as a fixest formula.
 */
import { buildFormula, parseSimpleFormula } from './formula';
import type { FieldErrors } from './formErrors';

export interface PanelModelState {
  outcome: string;
  treatment: string;
  controls: string[];
  unit: string;
  time: string;
  feUnit: boolean;
  feTime: boolean;
  /** Further fixed effects as typed: "province^year, industry". */
  extraFe: string;
  /** Cluster column; '' = heteroskedasticity-robust SEs. */
  cluster: string;
}

export type PanelModelField = 'outcome' | 'treatment' | 'controls' | 'unit' | 'time' | 'fixedEffects' | 'cluster';

export function initialPanelModel(): PanelModelState {
  return { outcome: '', treatment: '', controls: [], unit: '', time: '', feUnit: true, feTime: true, extraFe: '', cluster: '' };
}

/** Clustering follows the unit until the user picks something else (the DID builder's rule). */
export function updatePanelModel<S extends PanelModelState>(state: S, patch: Partial<S>): S {
  const next = { ...state, ...patch };
  if (patch.unit !== undefined && (state.cluster === '' || state.cluster === state.unit)) next.cluster = patch.unit;
  return next;
}

export function fixedEffects(state: PanelModelState): string[] {
  const list: string[] = [];
  if (state.feUnit && state.unit) list.push(state.unit);
  if (state.feTime && state.time) list.push(state.time);
  for (const term of state.extraFe.split(/[,，\s]+/u)) if (term && !list.includes(term)) list.push(term);
  return list;
}

export function panelFormula(state: PanelModelState): string {
  return buildFormula(state.outcome, [state.treatment, ...state.controls], fixedEffects(state));
}

/** The fixest vcov of the choice: clustered by the column, or heteroskedasticity-robust. */
export function panelVcov(state: PanelModelState): 'hetero' | { cluster: string[] } {
  return state.cluster ? { cluster: [state.cluster] } : 'hetero';
}

/** What the form checks before the schema: every role chosen, and no column in two roles. */
export function checkPanelModel(state: PanelModelState, errors: FieldErrors<PanelModelField>): void {
  const required: [PanelModelField, string][] = [
    ['outcome', state.outcome],
    ['treatment', state.treatment],
    ['unit', state.unit],
    ['time', state.time],
  ];
  for (const [field, value] of required) if (!value && !errors[field]) errors[field] = { key: 'did.errors.required' };
  if (state.treatment && state.treatment === state.outcome && !errors.treatment) errors.treatment = { key: 'did.errors.sameAsOutcome' };
  if (state.unit && state.unit === state.time && !errors.time) errors.time = { key: 'did.errors.unitIsTime' };
  if (state.controls.some((c) => c === state.outcome || c === state.treatment) && !errors.controls) {
    errors.controls = { key: 'did.errors.duplicateControl' };
  }
}

/**
 * The form of a saved model: formula, vcov, unit and time. Null when the formula is not of
 * the shape the builder writes (the treatment must be one of its plain terms).
 */
export function panelModelFromFormula(
  formula: string,
  vcov: unknown,
  treatment: string,
  unit: string,
  time: string,
): PanelModelState | null {
  const f = parseSimpleFormula(formula);
  if (!f || !f.regressors.includes(treatment)) return null;
  const cluster =
    typeof vcov === 'object' && vcov !== null && Array.isArray((vcov as { cluster?: unknown }).cluster)
      ? String((vcov as { cluster: unknown[] }).cluster[0] ?? '')
      : vcov === undefined
        ? (f.fixedEffects[0] ?? '')
        : '';
  return {
    outcome: f.outcome,
    treatment,
    controls: f.regressors.filter((r) => r !== treatment),
    unit,
    time,
    feUnit: f.fixedEffects.includes(unit),
    feTime: f.fixedEffects.includes(time),
    extraFe: f.fixedEffects.filter((fe) => fe !== unit && fe !== time).join(', '),
    cluster,
  };
}
