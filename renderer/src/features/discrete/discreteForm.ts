/**
 * The discrete-outcome builders' form: a binary logit/probit (glm) or an ordered logit/probit
 * (polr). Regressors are columns (quoted in the formula when needed) plus free terms in fixest
 * syntax (factor(edu), I(age^2)); fixed effects enter as dummies. The ordered outcome's
 * category order goes to the spec's `levels`, as R's factor(levels = …).
 */
import { glmSpec, type GlmSpec } from '../../../../shared/specs/glm';
import { polrSpec, type PolrSpec } from '../../../../shared/specs/polr';
import { compact, issuesToFields, parseNameList, parseNumber, type Built, type FieldErrors } from '../analysis-kit/formKit';
import { formulaName, parseSimpleFormula } from '../didkit/formula';

export type DiscreteModel = 'glm' | 'polr';

export interface DiscreteForm {
  model: DiscreteModel;
  dataset: string;
  subset: string;
  /** glm: logit/probit; polr: logistic/probit. */
  link: 'logit' | 'probit';
  outcome: string;
  /** Text outcome of an ordered model: its categories, lowest first. */
  levelOrder: string[];
  regressors: string[];
  extraTerms: string;
  fixedEffects: string[];
  vcov: 'iid' | 'HC1' | 'HC3' | 'cluster';
  cluster: string;
  weights: string;
  ame: boolean;
  /** Confidence level in percent. */
  level: string;
}

export function initialDiscreteForm(dataset: string, model: DiscreteModel): DiscreteForm {
  return {
    model,
    dataset,
    subset: '',
    link: 'logit',
    outcome: '',
    levelOrder: [],
    regressors: [],
    extraTerms: '',
    fixedEffects: [],
    vcov: 'iid',
    cluster: '',
    weights: '',
    ame: true,
    level: '95',
  };
}

/** Moves category `i` one place up (−1) or down (+1). */
export function moveLevel(order: readonly string[], i: number, by: -1 | 1): string[] {
  const j = i + by;
  if (j < 0 || j >= order.length) return [...order];
  const out = [...order];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

export function discreteFormula(f: DiscreteForm): string {
  const rhs = [...f.regressors.map(formulaName), ...parseNameList(f.extraTerms)];
  const fe = f.fixedEffects.length > 0 ? ` | ${f.fixedEffects.map(formulaName).join(' + ')}` : '';
  return `${formulaName(f.outcome)} ~ ${rhs.length > 0 ? rhs.join(' + ') : '1'}${fe}`;
}

export function discreteFieldOf(path: readonly PropertyKey[]): string | null {
  const head = path[0];
  if (head === 'data') return 'dataset';
  if (head === 'formula') return 'regressors';
  if (head === 'conf_level') return 'level';
  if (head === 'levels') return 'levelOrder';
  if (head === 'family' || head === 'method') return 'link';
  return typeof head === 'string' ? head : null;
}

export function buildDiscreteSpec(f: DiscreteForm): Built<GlmSpec | PolrSpec, string> {
  const errors: FieldErrors<string> = {};
  if (!f.outcome) errors.outcome = { key: 'required' };
  if (f.regressors.length === 0 && parseNameList(f.extraTerms).length === 0) errors.regressors = { key: 'chooseOne' };
  if (f.regressors.includes(f.outcome)) errors.regressors = { key: 'outcomeAsRegressor' };
  if (f.vcov === 'cluster' && !f.cluster) errors.cluster = { key: 'required' };
  const level = parseNumber(f.level);
  if (level !== null && (Number.isNaN(level) || level <= 0 || level >= 100)) errors.level = { key: 'levelPercent' };
  const common = compact({
    data: f.dataset,
    subset: f.subset.trim(),
    formula: discreteFormula(f),
    weights: f.weights || undefined,
    conf_level: level !== null && !Number.isNaN(level) ? level / 100 : undefined,
  });
  const parsed =
    f.model === 'glm'
      ? glmSpec.safeParse({ model: 'glm', ...common, family: f.link, vcov: f.vcov === 'cluster' ? { cluster: [f.cluster] } : f.vcov, ame: f.ame })
      : polrSpec.safeParse({
          model: 'polr',
          ...common,
          method: f.link === 'logit' ? 'logistic' : 'probit',
          ...(f.levelOrder.length > 0 ? { levels: { [f.outcome]: f.levelOrder } } : {}),
        });
  const all = parsed.success ? {} : issuesToFields(parsed.error.issues, discreteFieldOf, 'form');
  Object.assign(all, errors);
  return { spec: parsed.success && Object.keys(all).length === 0 ? parsed.data : null, errors: all };
}

/** A saved glm/polr spec back into the form; null when its formula is not one the form writes. */
export function discreteFormFromSpec(spec: GlmSpec | PolrSpec, columns: readonly string[]): DiscreteForm | null {
  const formula = parseSimpleFormula(spec.formula);
  if (!formula) return null;
  const known = new Set(columns);
  const base = initialDiscreteForm(spec.data, spec.model);
  const form: DiscreteForm = {
    ...base,
    subset: spec.subset ?? '',
    outcome: formula.outcome,
    regressors: formula.regressors.filter((r) => known.has(r)),
    extraTerms: formula.regressors.filter((r) => !known.has(r)).join(', '),
    fixedEffects: formula.fixedEffects,
    weights: spec.weights ?? '',
    level: String(Number((spec.conf_level * 100).toPrecision(6))),
  };
  if (spec.model === 'glm') {
    const v = spec.vcov;
    return { ...form, link: spec.family, vcov: typeof v === 'object' ? 'cluster' : v === 'hetero' ? 'HC1' : v, cluster: typeof v === 'object' ? (v.cluster[0] ?? '') : '', ame: spec.ame };
  }
  return { ...form, link: spec.method === 'logistic' ? 'logit' : 'probit', levelOrder: spec.levels?.[formula.outcome] ?? [] };
}
