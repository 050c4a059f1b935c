/**
 * Triple differences (e.g. Olden & Møen 2022, "The triple difference estimator"):
 *
 *   y_it = β₃ · D_it · G_it + β₁ · D_it + [post_t · G_it] + [treated_i · G_it] + [G_it]
 *          + controls + fixed effects + ε_it,
 *
 * D = treated × post, G the 0/1 subgroup the policy targets. β₃ is the effect. Every
 * two-way interaction is estimated or absorbed: treated × post is D; post × G is a regressor
 * in the "twfe" design (unit and time FE) and absorbed by time × G fixed effects in the
 * "group_time" design, which also absorbs G-specific shocks and works for staggered adoption
 * (where a calendar post does not exist); treated × G and G are absorbed by the unit FE when
 * G is fixed within units and are regressors otherwise (G only in "twfe"; time × G absorbs it).
 * Without controls, the group_time β₃ equals DID(G = 1) − DID(G = 0).
 */
import { dddSpec, type DddResult, type DddSpec, type DddSpecInput } from '../../../shared/specs/ddd';
import { unitIndex } from '../../data/panel';
import type { RunContext } from '../context';
import { UserError } from '../errors';
import { deparseName } from '../formula/parser';
import { numericColumn, withColumn } from '../frame';
import type { Frame } from '../frame';
import { numericColumnOrError } from '../did/panel';
import { checkBinary, fitFeols, formulaOf, freeName } from './common';
import { prepareDidData } from './did';

export function runDdd(frame: Frame, specInput: DddSpec | DddSpecInput, ctx: RunContext): DddResult {
  const spec = dddSpec.parse(specInput);
  const prepared = prepareDidData(frame, spec, [['group', spec.group]]);
  const { term, taken, treatment: tr } = prepared;
  let data = prepared.data;
  const g = numericColumnOrError(data, spec.group, 'group');
  checkBinary(g, spec.group, 'group');
  if (spec.design === 'twfe' && tr.summary.staggered)
    throw new UserError('ddd.twfe_staggered', 'The "twfe" design needs one common policy date (post × group is a calendar interaction); with staggered adoption use the "group_time" design.', { field: 'design' });

  // Does G change within a unit?
  const { ids } = unitIndex(data, spec.unit);
  const first = new Map<number, number>();
  let varies = false;
  for (let i = 0; i < data.nrow && !varies; i++) {
    if (ids[i] < 0 || Number.isNaN(g[i])) continue;
    const seen = first.get(ids[i]);
    if (seen === undefined) first.set(ids[i], g[i]);
    else if (seen !== g[i]) varies = true;
  }

  const d = tr.treatPost;
  const n = data.nrow;
  const add = (base: string, values: Float64Array, label: string): string => {
    const name = freeName(base, taken);
    taken.add(name);
    data = withColumn(data, numericColumn(name, values, { label }));
    return name;
  };
  const product = (a: Float64Array, b: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, i) => a[i] * b[i]);
  const ddd = add(`${term}_x_${spec.group}`, product(d, g), `treated × post × ${spec.group}`);
  const postGroup = spec.design === 'twfe' ? add(`post_x_${spec.group}`, product(tr.post, g), `post × ${spec.group}`) : null;
  const treatGroup = varies ? add(`treated_x_${spec.group}`, product(tr.treated, g), `treated × ${spec.group}`) : null;
  const groupTerm = varies && spec.design === 'twfe' ? spec.group : null;
  const fixedEffects = spec.fixed_effects ?? (spec.design === 'group_time' ? [spec.unit, `${spec.time}^${spec.group}`] : [spec.unit, spec.time]);
  const rhs = [ddd, term, postGroup, treatGroup, groupTerm].filter((x): x is string => x !== null).map(deparseName);
  const formula = formulaOf(spec.outcome, [...rhs, ...spec.controls.map(deparseName)], fixedEffects);
  const est = fitFeols(data, { formula, vcov: prepared.vcov, weights: spec.weights, level: spec.level }, ctx);
  const res = est.result;
  const row = res.coefficients[deparseName(ddd)];
  if (!row) throw new UserError('ddd.not_identified', `The triple interaction is collinear with the fixed effects: check that "${spec.group}" varies among treated and control units.`, { field: 'group' });

  const counts = new Map<string, number>();
  for (const i of est.rows) {
    const key = `${tr.treated[i]}|${g[i]}|${tr.post[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const cells = [...counts.entries()]
    .map(([k, c]) => {
      const [treated, group, post] = k.split('|').map(Number);
      return { treated, group, post, n_obs: c };
    })
    .sort((a, b) => a.treated - b.treated || a.group - b.group || a.post - b.post);
  const notes = [...prepared.notes];
  if (!varies) notes.push(`"${spec.group}" is fixed within units: treated × ${spec.group} and ${spec.group} are absorbed by the unit fixed effects.`);
  return {
    ...res,
    model: 'ddd',
    notes: [...notes, ...res.notes],
    design: spec.design,
    estimate: row,
    terms: { ddd, did: term, post_group: postGroup, treat_group: treatGroup, group: groupTerm },
    group_varies_within_unit: varies,
    treatment: { ...tr.summary, term },
    cells,
  };
}
