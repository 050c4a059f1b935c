/**
 * The mechanism builders' forms: the fixed-effects model they share (outcome, policy variable,
 * controls, fixed effects, clustering — shared/specs/mech-model.ts) and the fields of
 * mediation, moderation and heterogeneity. Each spec is validated by its zod schema; every issue
 * is mapped back to the field that caused it.
 */
import type { z } from 'zod';
import { heterogeneitySpec, type HeterogeneitySpec, type SplitSpec } from '../../../../shared/specs/heterogeneity';
import { SOBEL_VARIANTS, mediationSpec, type MediationSpec } from '../../../../shared/specs/mediation';
import { moderationSpec, type ModerationSpec } from '../../../../shared/specs/moderation';
import { compact, issuesToFields, parseNameList, parseNumber, parseNumberList, type Built, type FieldErrors } from '../analysis-kit/formKit';

export type ClusterMode = 'default' | 'none' | 'column';

/** The linear fixed-effects model of every mechanism builder. */
export interface ModelForm {
  dataset: string;
  subset: string;
  outcome: string;
  treatment: string;
  controls: string[];
  /** More control terms in feols syntax: factor(edu), log(gdp), … */
  extraControls: string;
  fixedEffects: string[];
  /** Interactions such as province^year. */
  extraFixedEffects: string;
  /** default: fixest's (the first fixed effect); none: no clustering; column: `cluster`. */
  clusterMode: ClusterMode;
  cluster: string;
  /** Variance without clusters. */
  vcov: 'iid' | 'hetero';
  /** Confidence level in percent. */
  level: string;
}

export function initialModelForm(dataset: string): ModelForm {
  return {
    dataset,
    subset: '',
    outcome: '',
    treatment: '',
    controls: [],
    extraControls: '',
    fixedEffects: [],
    extraFixedEffects: '',
    clusterMode: 'default',
    cluster: '',
    vcov: 'iid',
    level: '95',
  };
}

/** Model fields of a saved spec, back into the form. */
export function modelFormFromSpec(spec: Pick<MediationSpec, 'data' | 'subset' | 'outcome' | 'treatment' | 'controls' | 'fixed_effects' | 'cluster' | 'vcov' | 'level'>, columns: readonly string[]): ModelForm {
  const known = new Set(columns);
  return {
    ...initialModelForm(spec.data),
    subset: spec.subset ?? '',
    outcome: spec.outcome,
    treatment: spec.treatment,
    controls: spec.controls.filter((c) => known.has(c)),
    extraControls: spec.controls.filter((c) => !known.has(c)).join(', '),
    fixedEffects: spec.fixed_effects.filter((c) => known.has(c)),
    extraFixedEffects: spec.fixed_effects.filter((c) => !known.has(c)).join(', '),
    clusterMode: spec.cluster === undefined ? 'default' : spec.cluster.length === 0 ? 'none' : 'column',
    cluster: spec.cluster?.[0] ?? '',
    vcov: spec.vcov ?? 'iid',
    level: String(Number((spec.level * 100).toPrecision(6))),
  };
}

export type MechField = string;

/** Spec path → field key: the head of the path, with list items of splits and indicators kept apart. */
export function mechFieldOf(path: readonly PropertyKey[]): MechField | null {
  const [head, index, sub] = path;
  if (typeof head !== 'string') return null;
  switch (head) {
    case 'data':
      return 'dataset';
    case 'fixed_effects':
      return 'fixedEffects';
    case 'grid_points':
      return 'gridPoints';
    case 'bootstrap':
      return index === 'draws' ? 'draws' : index === 'seed' ? 'seed' : 'bootstrap';
    case 'permutation':
      return index === 'draws' ? 'permDraws' : index === 'seed' ? 'permSeed' : index === 'unit' ? 'permUnit' : 'permutation';
    case 'splits':
    case 'indicators':
      return typeof index === 'number' ? `${head}.${index}.${typeof sub === 'string' ? sub : 'column'}` : head;
    default:
      return head;
  }
}

interface ModelFields {
  data: string;
  subset?: string;
  outcome: string;
  treatment: string;
  controls: string[];
  fixed_effects: string[];
  cluster?: string[];
  vcov?: 'iid' | 'hetero';
  level?: number;
}

/** The model's spec fields; roles a schema cannot check (a column in two roles) go to `errors`. */
export function modelFields(f: ModelForm, errors: FieldErrors<MechField>, otherRoles: string[] = []): ModelFields {
  const level = parseNumber(f.level);
  if (level !== null && (Number.isNaN(level) || level <= 0 || level >= 100)) errors.level = { key: 'levelPercent' };
  if (f.treatment && f.treatment === f.outcome) errors.treatment = { key: 'sameAsOutcome' };
  const roles = new Set([f.outcome, f.treatment, ...otherRoles].filter((x) => x !== ''));
  if (f.controls.some((c) => roles.has(c))) errors.controls = { key: 'roleAsControl' };
  if (f.clusterMode === 'column' && !f.cluster) errors.cluster = { key: 'required' };
  return {
    data: f.dataset,
    ...compact({ subset: f.subset.trim() }),
    outcome: f.outcome,
    treatment: f.treatment,
    controls: [...f.controls, ...parseNameList(f.extraControls)],
    fixed_effects: [...f.fixedEffects, ...parseNameList(f.extraFixedEffects)],
    ...(f.clusterMode === 'default' ? {} : { cluster: f.clusterMode === 'none' ? [] : [f.cluster] }),
    // iid is the schema's default; a clustered variance ignores vcov.
    ...(f.clusterMode === 'column' || f.vcov === 'iid' ? {} : { vcov: f.vcov }),
    ...(level !== null && !Number.isNaN(level) ? { level: level / 100 } : {}),
  };
}

function finish<S>(schema: z.ZodType<S>, input: Record<string, unknown>, errors: FieldErrors<MechField>): Built<S, MechField> {
  const parsed = schema.safeParse(input);
  const all: FieldErrors<MechField> = parsed.success ? {} : issuesToFields(parsed.error.issues, mechFieldOf, 'form');
  Object.assign(all, errors);
  return { spec: parsed.success && Object.keys(all).length === 0 ? (parsed.data as S) : null, errors: all };
}

function count(text: string, field: string, errors: FieldErrors<MechField>): number | undefined {
  const v = parseNumber(text);
  if (v === null) return undefined;
  if (Number.isNaN(v)) errors[field] = { key: 'number' };
  else if (!Number.isInteger(v)) errors[field] = { key: 'integer' };
  return v;
}

// ---- mediation ---------------------------------------------------------------------------------

export interface MediationForm extends ModelForm {
  mediator: string;
  sobel: (typeof SOBEL_VARIANTS)[number][];
  bootstrap: boolean;
  draws: string;
  seed: string;
}

export function initialMediationForm(dataset: string): MediationForm {
  return { ...initialModelForm(dataset), mediator: '', sobel: ['sobel'], bootstrap: true, draws: '1000', seed: '20240601' };
}

export function buildMediationSpec(f: MediationForm): Built<MediationSpec, MechField> {
  const errors: FieldErrors<MechField> = {};
  const model = modelFields(f, errors, [f.mediator]);
  if (f.mediator && (f.mediator === f.outcome || f.mediator === f.treatment)) errors.mediator = { key: 'mediatorRole' };
  const bootstrap = f.bootstrap ? compact({ draws: count(f.draws, 'draws', errors), seed: count(f.seed, 'seed', errors) }) : null;
  return finish(mediationSpec, { model: 'mediation', ...model, mediator: f.mediator, sobel: f.sobel, bootstrap }, errors);
}

export function mediationFormFromSpec(spec: MediationSpec, columns: readonly string[]): MediationForm {
  return {
    ...modelFormFromSpec(spec, columns),
    mediator: spec.mediator,
    sobel: [...spec.sobel],
    bootstrap: !!spec.bootstrap,
    draws: String(spec.bootstrap?.draws ?? 1000),
    seed: String(spec.bootstrap?.seed ?? 20240601),
  };
}

// ---- moderation --------------------------------------------------------------------------------

export interface ModerationForm extends ModelForm {
  moderator: string;
  center: 'mean' | 'none' | 'value';
  centerValue: string;
  gridPoints: string;
  at: string;
  bins: string;
}

export function initialModerationForm(dataset: string): ModerationForm {
  return { ...initialModelForm(dataset), moderator: '', center: 'mean', centerValue: '', gridPoints: '50', at: '', bins: '3' };
}

export function buildModerationSpec(f: ModerationForm): Built<ModerationSpec, MechField> {
  const errors: FieldErrors<MechField> = {};
  const model = modelFields(f, errors, [f.moderator]);
  if (f.moderator && (f.moderator === f.outcome || f.moderator === f.treatment)) errors.moderator = { key: 'moderatorRole' };
  let center: number | 'mean' | 'none' = f.center === 'value' ? Number.NaN : f.center;
  if (f.center === 'value') {
    const v = parseNumber(f.centerValue);
    if (v === null || Number.isNaN(v)) errors.center = { key: 'number' };
    else center = v;
  }
  const at = f.at.trim() === '' ? [] : parseNumberList(f.at);
  if (at === null) errors.at = { key: 'numberList' };
  return finish(
    moderationSpec,
    compact({ model: 'moderation', ...model, moderator: f.moderator, center, grid_points: count(f.gridPoints, 'gridPoints', errors), at: at ?? [], bins: count(f.bins, 'bins', errors) }),
    errors,
  );
}

export function moderationFormFromSpec(spec: ModerationSpec, columns: readonly string[]): ModerationForm {
  return {
    ...modelFormFromSpec(spec, columns),
    moderator: spec.moderator,
    center: typeof spec.center === 'number' ? 'value' : spec.center,
    centerValue: typeof spec.center === 'number' ? String(spec.center) : '',
    gridPoints: String(spec.grid_points),
    at: spec.at.join(', '),
    bins: String(spec.bins),
  };
}

// ---- heterogeneity -----------------------------------------------------------------------------

export interface SplitForm {
  kind: 'categorical' | 'quantiles';
  column: string;
  /** Categorical: the values to compare, in order (all values when empty). */
  values: string;
  /** Quantiles: the number of groups. */
  groups: string;
}

export interface HeterogeneityForm extends ModelForm {
  splits: SplitForm[];
  permutation: boolean;
  permDraws: string;
  permSeed: string;
  /** '' = the engine's choice (the first cluster or fixed effect within which the split is constant). */
  permUnit: string;
}

export function emptySplit(): SplitForm {
  return { kind: 'categorical', column: '', values: '', groups: '2' };
}

export function initialHeterogeneityForm(dataset: string): HeterogeneityForm {
  return { ...initialModelForm(dataset), splits: [emptySplit()], permutation: true, permDraws: '500', permSeed: '20240601', permUnit: '' };
}

/** Listed group values: numbers stay numbers when the column is numeric. */
function splitValues(text: string, numeric: boolean): (string | number)[] | undefined {
  const parts = parseNameList(text);
  if (parts.length === 0) return undefined;
  return numeric ? parts.map((p) => (Number.isFinite(Number(p)) ? Number(p) : p)) : parts;
}

export function buildHeterogeneitySpec(f: HeterogeneityForm, numericColumns: ReadonlySet<string>): Built<HeterogeneitySpec, MechField> {
  const errors: FieldErrors<MechField> = {};
  const model = modelFields(f, errors);
  const splits: SplitSpec[] = f.splits.map((s, i) => {
    if (s.column && (s.column === f.outcome || s.column === f.treatment)) errors[`splits.${i}.column`] = { key: 'splitRole' };
    if (s.kind === 'quantiles') {
      if (s.column && !numericColumns.has(s.column)) errors[`splits.${i}.column`] = { key: 'quantilesNumeric' };
      return { kind: 'quantiles', column: s.column, groups: count(s.groups, `splits.${i}.groups`, errors) ?? 2 };
    }
    const values = splitValues(s.values, numericColumns.has(s.column));
    return values ? { kind: 'categorical', column: s.column, values } : { kind: 'categorical', column: s.column };
  });
  const permutation = f.permutation
    ? compact({ draws: count(f.permDraws, 'permDraws', errors), seed: count(f.permSeed, 'permSeed', errors), unit: f.permUnit || undefined })
    : null;
  return finish(heterogeneitySpec, { model: 'heterogeneity', ...model, splits, permutation }, errors);
}

export function heterogeneityFormFromSpec(spec: HeterogeneitySpec, columns: readonly string[]): HeterogeneityForm {
  return {
    ...modelFormFromSpec(spec, columns),
    splits: spec.splits.map((s) =>
      s.kind === 'quantiles'
        ? { ...emptySplit(), kind: 'quantiles', column: s.column, groups: String(s.groups) }
        : { ...emptySplit(), column: s.column, values: (s.values ?? []).join(', ') },
    ),
    permutation: !!spec.permutation,
    permDraws: String(spec.permutation?.draws ?? 500),
    permSeed: String(spec.permutation?.seed ?? 20240601),
    permUnit: spec.permutation?.unit ?? '',
  };
}
