/**
 * The robustness builder's form: a saved base DID and the variants to run
 * (shared/specs/robustness.ts), each with its own parameters and an optional column label.
 */
import type { DidSpec } from '../../../../shared/specs/did';
import { robustnessSpec, type RobustnessSpec, type RobustnessVariantInput } from '../../../../shared/specs/robustness';
import { addIssues, numberField, valueList, type FieldErrors } from '../didkit/formErrors';

export const VARIANT_KINDS = ['winsorize', 'drop_units', 'drop_values', 'drop_times', 'concurrent_policies', 'unit_trends', 'group_time_fe', 'alt_outcome'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export interface VariantState {
  on: boolean;
  label: string;
  lower: string;
  upper: string;
  byTime: boolean;
  /** Unit ids, values or periods as typed. */
  list: string;
  /** drop_values / group_time_fe column, alt_outcome outcome. */
  column: string;
  /** concurrent_policies dummies. */
  columns: string[];
}

export interface RobustnessFormState {
  /** The saved base analysis. */
  baseId: string;
  variants: Record<VariantKind, VariantState>;
}

/** Error keys: the base, no variant ticked, or `kind.param` of a variant's field. */
export type RobustnessField = 'base' | 'variants' | `${VariantKind}.${'lower' | 'upper' | 'list' | 'column' | 'columns'}`;

function variant(): VariantState {
  return { on: false, label: '', lower: '1', upper: '99', byTime: false, list: '', column: '', columns: [] };
}

export function initialRobustnessForm(baseId = ''): RobustnessFormState {
  return { baseId, variants: Object.fromEntries(VARIANT_KINDS.map((k) => [k, variant()])) as Record<VariantKind, VariantState> };
}

/** A saved robustness spec as the form (the base id, each variant's parameters). */
export function robustnessFormFromSpec(spec: RobustnessSpec): RobustnessFormState {
  const form = initialRobustnessForm(spec.base_id ?? '');
  for (const v of spec.variants) {
    const s: VariantState = { ...form.variants[v.kind], on: true, label: v.label ?? '' };
    if (v.kind === 'winsorize') Object.assign(s, { lower: String(v.lower), upper: String(v.upper), byTime: v.by_time });
    if (v.kind === 'drop_units') s.list = v.ids.join(' ');
    if (v.kind === 'drop_values') Object.assign(s, { column: v.column, list: v.values.join(' ') });
    if (v.kind === 'drop_times') s.list = v.times.join(' ');
    if (v.kind === 'concurrent_policies') s.columns = [...v.columns];
    if (v.kind === 'group_time_fe') s.column = v.column;
    if (v.kind === 'alt_outcome') s.column = v.outcome;
    form.variants[v.kind] = s;
  }
  return form;
}

export interface ColumnKind {
  name: string;
  type: 'number' | 'string';
}

function variantOf(kind: VariantKind, v: VariantState, base: DidSpec, columns: readonly ColumnKind[], errors: FieldErrors<RobustnessField>): RobustnessVariantInput {
  const label = v.label.trim() ? { label: v.label.trim() } : {};
  const numeric = (name: string): boolean => columns.find((c) => c.name === name)?.type === 'number';
  const required = (field: RobustnessField, value: string): void => {
    if (!value && !errors[field]) errors[field] = { key: 'did.errors.required' };
  };
  switch (kind) {
    case 'winsorize':
      return { kind, ...label, lower: numberField(errors, 'winsorize.lower', v.lower), upper: numberField(errors, 'winsorize.upper', v.upper), by_time: v.byTime };
    case 'drop_units':
      return { kind, ...label, ids: valueList(errors, 'drop_units.list', v.list, numeric(base.unit)) };
    case 'drop_values':
      required('drop_values.column', v.column);
      return { kind, ...label, column: v.column, values: valueList(errors, 'drop_values.list', v.list, numeric(v.column)) };
    case 'drop_times':
      return { kind, ...label, times: valueList(errors, 'drop_times.list', v.list, true).map(Number) };
    case 'concurrent_policies':
      return { kind, ...label, columns: v.columns };
    case 'unit_trends':
      return { kind, ...label };
    case 'group_time_fe':
      required('group_time_fe.column', v.column);
      return { kind, ...label, column: v.column };
    case 'alt_outcome':
      required('alt_outcome.column', v.column);
      if (v.column && v.column === base.outcome && !errors['alt_outcome.column']) errors['alt_outcome.column'] = { key: 'policy.errors.sameOutcome' };
      return { kind, ...label, outcome: v.column };
  }
}

/** The field a schema issue of the i-th sent variant belongs to. */
function fieldOfVariantIssue(kinds: VariantKind[], path: readonly PropertyKey[]): RobustnessField | null {
  const [head, index, param] = path;
  if (head === 'base' || head === 'base_id') return 'base';
  if (head !== 'variants') return null;
  const kind = typeof index === 'number' ? kinds[index] : undefined;
  if (!kind) return 'variants';
  const map: Record<string, string> = { lower: 'lower', upper: 'upper', ids: 'list', values: 'list', times: 'list', column: 'column', outcome: 'column', columns: 'columns' };
  const p = map[String(param)];
  return p ? (`${kind}.${p}` as RobustnessField) : 'variants';
}

export function robustnessFieldOfPath(path: readonly PropertyKey[]): RobustnessField | null {
  const [head] = path;
  if (head === 'base' || head === 'base_id') return 'base';
  return head === 'variants' ? 'variants' : null;
}

export function buildRobustnessSpec(
  state: RobustnessFormState,
  base: { id: string; spec: DidSpec } | null,
  columns: readonly ColumnKind[],
): { spec: RobustnessSpec | null; errors: FieldErrors<RobustnessField> } {
  const errors: FieldErrors<RobustnessField> = {};
  if (!base) errors.base = { key: 'did.errors.required' };
  const kinds = VARIANT_KINDS.filter((k) => state.variants[k].on);
  if (kinds.length === 0) errors.variants = { key: 'policy.errors.chooseVariant' };
  if (!base) return { spec: null, errors };
  const variants = kinds.map((k) => variantOf(k, state.variants[k], base.spec, columns, errors));
  const parsed = robustnessSpec.safeParse({
    model: 'did_robustness',
    data: base.spec.data,
    ...(base.spec.subset !== undefined ? { subset: base.spec.subset } : {}),
    ...(base.spec.levels !== undefined ? { levels: base.spec.levels } : {}),
    base: base.spec,
    base_id: base.id,
    variants,
  });
  if (!parsed.success) addIssues(errors, parsed.error.issues, (path) => fieldOfVariantIssue(kinds, path));
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

