/**
 * The composite-index builder's form (shared/specs/composite-index.ts): indicators with their
 * direction, the method (entropy weights, TOPSIS, principal components) and its options, and
 * whether the new column is saved into the dataset.
 */
import { indexSpec, type IndexSpec } from '../../../../shared/specs/composite-index';
import { compact, issuesToFields, parseNumber, type Built, type FieldErrors } from '../analysis-kit/formKit';
import { mechFieldOf } from './mechForm';

export interface IndicatorForm {
  column: string;
  direction: 'positive' | 'negative';
}

export interface IndexForm {
  dataset: string;
  subset: string;
  name: string;
  method: 'entropy' | 'topsis' | 'pca';
  indicators: IndicatorForm[];
  standardization: 'minmax' | 'zscore' | 'vector';
  shift: string;
  /** '' = pooled; else standardise and weight within each value (e.g. year). */
  by: string;
  topsisWeights: 'entropy' | 'equal';
  components: 'kaiser' | 'number' | 'cumulative';
  componentsValue: string;
  /** Append the recipe steps to the dataset once the index is computed. */
  saveColumn: boolean;
}

export function initialIndexForm(dataset: string): IndexForm {
  return {
    dataset,
    subset: '',
    name: 'composite_index',
    method: 'entropy',
    indicators: [
      { column: '', direction: 'positive' },
      { column: '', direction: 'positive' },
    ],
    standardization: 'minmax',
    shift: '',
    by: '',
    topsisWeights: 'entropy',
    components: 'kaiser',
    componentsValue: '',
    saveColumn: true,
  };
}

export function indexFormFromSpec(spec: IndexSpec): IndexForm {
  const comp = spec.components;
  return {
    ...initialIndexForm(spec.data),
    subset: spec.subset ?? '',
    name: spec.name,
    method: spec.method,
    indicators: spec.indicators.map((i) => ({ column: i.column, direction: i.direction })),
    standardization: spec.standardization,
    shift: String(spec.shift),
    by: spec.by ?? '',
    topsisWeights: spec.weights === 'equal' ? 'equal' : 'entropy',
    components: typeof comp === 'number' ? 'number' : comp === 'kaiser' ? 'kaiser' : 'cumulative',
    componentsValue: typeof comp === 'number' ? String(comp) : typeof comp === 'object' ? String(comp.cumulative) : '',
  };
}

/** Column names the expression language and every export accept. */
const COLUMN_NAME = /^[\p{L}_][\p{L}\p{N}_.]*$/u;

export function buildIndexSpec(f: IndexForm): Built<IndexSpec, string> {
  const errors: FieldErrors<string> = {};
  const name = f.name.trim();
  if (name && !COLUMN_NAME.test(name)) errors.name = { key: 'columnName' };
  const seen = new Set<string>();
  f.indicators.forEach((ind, i) => {
    if (!ind.column) errors[`indicators.${i}.column`] = { key: 'required' };
    else if (seen.has(ind.column)) errors[`indicators.${i}.column`] = { key: 'duplicateIndicator' };
    seen.add(ind.column);
  });
  if (f.by && seen.has(f.by)) errors.by = { key: 'byIsIndicator' };
  const shift = parseNumber(f.shift);
  if (shift !== null && Number.isNaN(shift)) errors.shift = { key: 'number' };
  let components: IndexSpec['components'] | undefined;
  if (f.method === 'pca') {
    const v = parseNumber(f.componentsValue);
    if (f.components === 'kaiser') components = 'kaiser';
    else if (v === null || Number.isNaN(v)) errors.components = { key: 'number' };
    else components = f.components === 'number' ? v : { cumulative: v };
  }
  const input = compact({
    model: 'index',
    data: f.dataset,
    subset: f.subset.trim(),
    name,
    method: f.method,
    indicators: f.indicators.map((i) => ({ column: i.column, direction: i.direction })),
    // PCA standardises by z-scores and ignores the other options (docs/spec-mechanisms.md).
    standardization: f.method === 'pca' ? undefined : f.standardization,
    shift: f.method === 'pca' || shift === null || Number.isNaN(shift) ? undefined : shift,
    by: f.method === 'pca' ? undefined : f.by,
    weights: f.method === 'topsis' ? f.topsisWeights : undefined,
    components,
  });
  const parsed = indexSpec.safeParse(input);
  const all = parsed.success ? {} : issuesToFields(parsed.error.issues, mechFieldOf, 'form');
  Object.assign(all, errors);
  return { spec: parsed.success && Object.keys(all).length === 0 ? parsed.data : null, errors: all };
}
