/**
 * The `index` model: a composite index over indicator columns by entropy weights, TOPSIS or
 * principal components (entropy.ts, topsis.ts, pca.ts), pooled or within each value of `by`.
 *
 * Rows missing any indicator (or `by`) get no index. The result carries the new column, the
 * weights table, the standardisation constants, and `generate` recipe steps (shared/recipe.ts)
 * with every constant written out, so the column can be recreated from the dataset's recipe
 * and audited; with `by`, one step per group restricted to that group.
 */
import type { RunContext } from '../context';
import { silentContext } from '../context';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { factorizeColumn } from '../formula/factorize';
import { getColumnOrUserError } from '../did/panel';
import { mean, sd } from '../rd/rstats';
import type { IndexResult, IndexSpec, IndexWeight } from '../../../shared/specs/composite-index';
import type { RecipeStep } from '../../../shared/recipe';
import { affineFor, applyAffine, type Affine } from './standardize';
import { entropyWeights } from './entropy';
import { topsis } from './topsis';
import { componentCount, principalComponents, scoreCoefficients } from './pca';

interface Group {
  /** The `by` value (null when pooled) and how to select it in an expression. */
  label: string | null;
  condition: string | null;
  rows: number[];
}

/** A number as expression text that parses back to the same double. */
function num(x: number): string {
  return x < 0 ? `(${String(x)})` : String(x);
}

/** A column reference in the expression language (backticks quote any name). */
function ref(name: string): string {
  return `\`${name.replace(/`/g, '')}\``;
}

/** z as an expression: sign·(x − center)/scale + shift. */
function affineExpr(column: string, a: Affine): string {
  const core = a.center === 0 && a.sign === 1 ? `${ref(column)} / ${num(a.scale)}` : a.sign === 1 ? `(${ref(column)} - ${num(a.center)}) / ${num(a.scale)}` : `(${num(a.center)} - ${ref(column)}) / ${num(a.scale)}`;
  return a.shift ? `(${core} + ${num(a.shift)})` : `(${core})`;
}

function groupsOf(frame: Frame, spec: IndexSpec, complete: Uint8Array): Group[] {
  const all: number[] = [];
  for (let i = 0; i < frame.nrow; i++) if (complete[i]) all.push(i);
  if (!spec.by) return [{ label: null, condition: null, rows: all }];
  const col = getColumnOrUserError(frame, spec.by, 'by');
  const f = factorizeColumn(col, Int32Array.from(all));
  const out: Group[] = f.labels.map((label) => {
    const literal = col.type === 'number' ? label : JSON.stringify(label);
    return { label, condition: `${ref(spec.by as string)} == ${literal}`, rows: [] };
  });
  all.forEach((i, k) => out[f.codes[k]].rows.push(i));
  return out;
}

interface GroupIndex {
  scores: Float64Array;
  /** Affine map of every indicator in this group. */
  affine: Affine[];
  weights: number[];
  entropy: { entropy: number; divergence: number }[] | null;
  /** The index as an expression of the raw columns. */
  expression: string;
  best?: number[];
  worst?: number[];
}

function entropyOrTopsis(spec: IndexSpec, x: Float64Array[], label: string | null): GroupIndex {
  const cols = spec.indicators.map((ind) => ind.column);
  const std = spec.standardization;
  if (spec.method === 'entropy' && std === 'vector') throw new UserError('index.vector_entropy', 'Entropy weights need min–max or z-score standardisation; vector normalisation is for TOPSIS.', { standardization: std });
  const affine = spec.indicators.map((ind, j) => affineFor(x[j], std, ind.direction, spec.shift, { indicator: ind.column, group: label }));
  const z = x.map((v, j) => applyAffine(v, affine[j]));
  // Entropy weights always come from non-negative values: under vector normalisation (whose
  // values may run either way) from the min–max standardisation of the same data.
  const forEntropy = std === 'vector' ? x.map((v, j) => applyAffine(v, affineFor(v, 'minmax', spec.indicators[j].direction, spec.shift, { indicator: cols[j], group: label }))) : z;
  const needEntropy = spec.method === 'entropy' || spec.weights === 'entropy';
  const ent = needEntropy ? entropyWeights(forEntropy) : null;
  let weights: number[];
  if (spec.method === 'entropy' || spec.weights === 'entropy') weights = (ent as { weight: number }[]).map((e) => e.weight);
  else if (spec.weights === 'equal') weights = cols.map(() => 1 / cols.length);
  else {
    const given = spec.weights;
    const unknown = Object.keys(given).filter((k) => !cols.includes(k));
    const missing = cols.filter((c) => !(c in given));
    if (unknown.length || missing.length) throw new UserError('index.weights_mismatch', `Weights must be given for exactly the indicators${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; not indicators: ${unknown.join(', ')}` : ''}.`, { missing, unknown });
    const total = cols.reduce((s, c) => s + given[c], 0);
    weights = cols.map((c) => given[c] / total);
  }
  const terms = cols.map((c, j) => affineExpr(c, affine[j]));
  const entropy = ent ? ent.map((e) => ({ entropy: e.entropy, divergence: e.divergence })) : null;
  if (spec.method === 'entropy') {
    const scores = new Float64Array(x[0].length);
    z.forEach((col, j) => col.forEach((v, i) => (scores[i] += weights[j] * v)));
    return { scores, affine, weights, entropy, expression: terms.map((t, j) => `${num(weights[j])} * ${t}`).join(' + ') };
  }
  const higher = spec.indicators.map((ind) => std !== 'vector' || ind.direction === 'positive');
  const t = topsis(z, weights, higher);
  const dist = (ideal: number[]): string => `sqrt(${terms.map((term, j) => `(${num(weights[j])} * ${term} - ${num(ideal[j])})^2`).join(' + ')})`;
  const dPlus = dist(t.best);
  const dMinus = dist(t.worst);
  return { scores: t.scores, affine, weights, entropy, expression: `${dMinus} / (${dPlus} + ${dMinus})`, best: t.best, worst: t.worst };
}

function summaryOf(values: number[]): IndexResult['summary'] {
  if (!values.length) return { n: 0, mean: null, sd: null, min: null, max: null };
  return { n: values.length, mean: mean(values), sd: values.length > 1 ? sd(values) : null, min: Math.min(...values), max: Math.max(...values) };
}

export function runIndex(frame: Frame, spec: IndexSpec, ctx: RunContext = silentContext): IndexResult {
  const cols = spec.indicators.map((ind) => ind.column);
  const dup = cols.find((c, j) => cols.indexOf(c) !== j);
  if (dup) throw new UserError('index.duplicate_indicator', `Indicator "${dup}" is listed twice.`, { column: dup });
  if (cols.includes(spec.name)) throw new UserError('index.name_is_indicator', `The new column "${spec.name}" is also an indicator; give the index another name.`, { column: spec.name });
  if (spec.method === 'pca' && spec.by) throw new UserError('index.pca_by', 'Principal components are computed on the pooled data; remove "by" or use the entropy or TOPSIS method.', { by: spec.by });
  if (spec.by && cols.includes(spec.by)) throw new UserError('index.by_is_indicator', `"${spec.by}" is both an indicator and the grouping column.`, { column: spec.by });
  const raw = cols.map((c) => {
    const col = getColumnOrUserError(frame, c, 'indicator');
    if (col.type !== 'number') throw new UserError('index.indicator_not_numeric', `Indicator "${c}" holds text; indicators must be numeric.`, { column: c });
    return col.values;
  });
  const byCol = spec.by ? getColumnOrUserError(frame, spec.by, 'by') : null;
  const complete = new Uint8Array(frame.nrow);
  for (let i = 0; i < frame.nrow; i++) {
    complete[i] = raw.every((v) => Number.isFinite(v[i])) && (!byCol || (byCol.type === 'number' ? Number.isFinite(byCol.values[i]) : byCol.codes[i] >= 0)) ? 1 : 0;
  }
  const groups = groupsOf(frame, spec, complete);
  const values = new Float64Array(frame.nrow).fill(Number.NaN);
  const weights: IndexWeight[] = [];
  const constants: IndexResult['standardization_constants'] = [];
  const idealRows = { best: [] as { indicator: string; group: string | null; value: number }[], worst: [] as { indicator: string; group: string | null; value: number }[] };
  const expressions: { condition: string | null; expression: string }[] = [];
  let pca: IndexResult['pca'] = null;
  const notes: string[] = [];

  groups.forEach((g, gi) => {
    ctx.checkCancelled();
    if (g.rows.length < 2) throw new UserError('index.too_few_rows', `${g.label !== null ? `Group ${spec.by} = ${g.label}` : 'The data'} has ${g.rows.length} complete row${g.rows.length === 1 ? '' : 's'}; an index needs at least two.`, { group: g.label, rows: g.rows.length });
    const x = raw.map((v) => Float64Array.from(g.rows, (i) => v[i]));
    let one: GroupIndex;
    if (spec.method === 'pca') {
      const affine = spec.indicators.map((ind, j): Affine => {
        const m = mean(x[j]);
        const s = sd(x[j]);
        if (!(s > 0)) throw new UserError('index.constant_indicator', `Indicator "${ind.column}" takes a single value, so it carries no information for the index. Remove it.`, { indicator: ind.column, group: null });
        return { center: m, scale: s, sign: ind.direction === 'negative' ? -1 : 1, shift: 0 };
      });
      const z = x.map((v, j) => applyAffine(v, affine[j]));
      const p = principalComponents(z);
      const m = componentCount(p.eigenvalues, spec.components);
      const coef = scoreCoefficients(p, m);
      const total = p.eigenvalues.reduce((a, l) => a + l, 0);
      const sumCoef = coef.reduce((a, c) => a + c, 0);
      const norm = sumCoef > 1e-12 ? sumCoef : coef.reduce((a, c) => a + Math.abs(c), 0);
      if (coef.some((c) => c < 0)) notes.push('Some indicators enter the principal-component index with a negative coefficient: they move against the retained components. Check their directions.');
      let cum = 0;
      pca = {
        eigenvalues: p.eigenvalues,
        variance_share: p.eigenvalues.map((l) => l / total),
        cumulative_share: p.eigenvalues.map((l) => (cum += l) / total),
        components_used: m,
        eigenvectors: p.vectors.slice(0, m),
        loadings: p.vectors.slice(0, m).map((v, k) => v.map((e) => e * Math.sqrt(Math.max(p.eigenvalues[k], 0)))),
        score_coefficients: coef,
      };
      const scores = new Float64Array(x[0].length);
      z.forEach((col, j) => col.forEach((v, i) => (scores[i] += coef[j] * v)));
      const terms = cols.map((c, j) => affineExpr(c, affine[j]));
      one = { scores, affine, weights: coef.map((c) => c / norm), entropy: null, expression: terms.map((t, j) => `${num(coef[j])} * ${t}`).join(' + ') };
    } else one = entropyOrTopsis(spec, x, g.label);
    g.rows.forEach((i, k) => (values[i] = one.scores[k]));
    spec.indicators.forEach((ind, j) => {
      weights.push({ indicator: ind.column, direction: ind.direction, group: g.label, weight: one.weights[j], entropy: one.entropy ? one.entropy[j].entropy : null, divergence: one.entropy ? one.entropy[j].divergence : null });
      constants.push({ indicator: ind.column, group: g.label, center: one.affine[j].center, scale: one.affine[j].scale });
      if (one.best && one.worst) {
        idealRows.best.push({ indicator: ind.column, group: g.label, value: one.best[j] });
        idealRows.worst.push({ indicator: ind.column, group: g.label, value: one.worst[j] });
      }
    });
    expressions.push({ condition: g.condition, expression: one.expression });
    ctx.progress((gi + 1) / groups.length, 'index');
  });

  const out: (number | null)[] = Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  const present = out.filter((v): v is number => v !== null);
  const label = `${{ entropy: 'Entropy-weight', topsis: 'TOPSIS', pca: 'Principal-component' }[spec.method]} index of ${cols.join(', ')}`;
  const steps: RecipeStep[] = [];
  if (frame.columns.some((c) => c.name === spec.name)) {
    steps.push({ op: 'drop', columns: [spec.name] });
    notes.push(`The recipe replaces the existing column "${spec.name}".`);
  }
  expressions.forEach((e, k) => {
    const cond = [spec.subset ? `(${spec.subset})` : null, e.condition].filter((c): c is string => c !== null).join(' & ');
    steps.push({ op: 'generate', name: spec.name, expr: e.expression, ...(cond ? { if: cond } : {}), ...(k === 0 ? { label } : { replace: true }) });
  });
  const missing = frame.nrow - present.length;
  if (missing) notes.push(`${missing} row${missing > 1 ? 's have' : ' has'} no index: an indicator${spec.by ? ` or "${spec.by}"` : ''} is missing there.`);
  return {
    model: 'index',
    method: spec.method,
    name: spec.name,
    values: out,
    nobs: present.length,
    n_missing: missing,
    standardization: spec.method === 'pca' ? 'zscore' : spec.standardization,
    shift: spec.method === 'pca' ? 0 : spec.standardization === 'vector' ? 0 : spec.shift,
    by: spec.by ?? null,
    weights,
    standardization_constants: constants,
    topsis: spec.method === 'topsis' ? { ideal_best: idealRows.best, ideal_worst: idealRows.worst } : null,
    pca,
    summary: summaryOf(present),
    by_group: spec.by ? groups.map((g) => ({ group: g.label as string, ...summaryOf(g.rows.map((i) => values[i])) })) : null,
    recipe_steps: steps,
    notes,
  };
}
