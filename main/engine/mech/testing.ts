/** Test helpers of the mechanism builders: fixture data with derived columns, contexts, checks. */
import { expect } from 'vitest';
import type { RunContext } from '../context';
import { CancelledError } from '../errors';
import type { Frame } from '../frame';
import { getColumn, numericColumn, withColumn } from '../frame';
import { expectClose, loadData } from '../../testing/fixtures';
import type { FeolsFit } from '../../../shared/specs/feols';

export function values(frame: Frame, name: string): Float64Array {
  const c = getColumn(frame, name);
  if (c.type !== 'number') throw new Error(`${name} is not numeric`);
  return c.values;
}

/** base_did.csv with tp = treat × post (the fixtures' treat:post regressor). */
export async function baseDid(): Promise<Frame> {
  const f = await loadData('base_did.csv');
  const treat = values(f, 'treat');
  const post = values(f, 'post');
  return withColumn(f, numericColumn('tp', treat.map((t, i) => t * post[i])));
}

/** Records progress and cancels at the n-th checkCancelled call (never when n is absent). */
export function recordingContext(cancelAt?: number): RunContext & { fractions: number[]; checks: number } {
  const ctx = {
    fractions: [] as number[],
    checks: 0,
    progress(f: number) {
      ctx.fractions.push(f);
    },
    checkCancelled() {
      ctx.checks++;
      if (cancelAt !== undefined && ctx.checks >= cancelAt) throw new CancelledError();
    },
  };
  return ctx;
}

/**
 * A fit against a fixest fixture case whose regressors are named differently here
 * (`rename`: fixture name → our name): coefficients, vcov and the fit statistics.
 */
export function expectFitMatches(fit: FeolsFit, expected: Record<string, unknown>, rename: Record<string, string>, tol: number, label: string): void {
  const name = (k: string): string => rename[k] ?? k;
  const coefs = expected.coefficients as Record<string, { estimate: number; se: number; t: number; p: number }>;
  expect(Object.keys(fit.coefficients).sort(), `${label}: terms`).toEqual(Object.keys(coefs).map(name).sort());
  for (const [k, e] of Object.entries(coefs)) {
    const a = fit.coefficients[name(k)];
    expectClose(a.estimate, e.estimate, tol, `${label} ${k} estimate`);
    expectClose(a.se, e.se, tol, `${label} ${k} se`);
    expectClose(a.p, e.p, e.p < 1e-12 ? 1e-4 : tol * 100, `${label} ${k} p`);
  }
  const vc = expected.vcov as Record<string, Record<string, number>>;
  for (const [a, row] of Object.entries(vc)) for (const [b, v] of Object.entries(row)) expectClose(fit.vcov[name(a)][name(b)], v, tol, `${label} vcov[${a}, ${b}]`, 1e-18);
  for (const key of ['nobs', 'df_t', 'dof_K', 'n_clusters', 'vcov_type'] as const) if (key in expected) expect(fit[key], `${label} ${key}`).toEqual(expected[key]);
  for (const key of ['r2', 'adj_r2', 'r2_within', 'ssr', 'sigma'] as const) if (key in expected) expectClose(fit[key], expected[key] as number, tol, `${label} ${key}`);
}
