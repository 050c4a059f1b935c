/**
 * Test helper: compares a fit with a fixest case of the reference fixtures, field by field.
 * Counts, names, degrees of freedom and labels must be equal; numbers within the given
 * relative tolerances. Every key of the expected object must be checked or explicitly
 * listed as descriptive, so a new fixture field cannot be skipped silently.
 */
import { expect } from 'vitest';
import { expectClose } from '../testing/fixtures';
import { UserError } from './errors';
import type { FeolsFit } from '../../shared/specs/feols';

export interface Tolerances {
  estimate: number;
  se: number;
  stat: number;
  /** p-values (p < 1e-12 are compared to 1e-4: R prints their magnitude only). */
  p?: number;
}

const EXACT = ['nobs', 'nobs_original', 'obs_removed', 'df_t', 'dof_K', 'n_clusters_min', 'n_clusters', 'fixef_sizes', 'singletons_removed', 'singleton_obs_in_sample', 'collinear_dropped', 'vcov_type', 'fixef_demean_iterations', 'fixef_removed', 'fixef_tol', 'ssc'];
const STATS = ['r2', 'adj_r2', 'r2_within', 'adj_r2_within', 'ssr', 'rmse', 'sigma'];

export function expectFixestFit(actual: FeolsFit & Record<string, unknown>, expected: Record<string, unknown>, tol: Tolerances, label: string, descriptive: string[] = []): void {
  const handled = new Set(['coefficients', 'vcov', ...EXACT, ...STATS, ...descriptive]);
  const unknown = Object.keys(expected).filter((k) => !handled.has(k));
  expect(unknown, `${label}: unchecked fixture keys`).toEqual([]);

  const exp = expected.coefficients as Record<string, { estimate: number; se: number; t: number; p: number }>;
  expect(Object.keys(actual.coefficients), `${label}: coefficient names`).toEqual(Object.keys(exp));
  for (const [name, e] of Object.entries(exp)) {
    const a = actual.coefficients[name];
    expectClose(a.estimate, e.estimate, tol.estimate, `${label} ${name} estimate`);
    expectClose(a.se, e.se, tol.se, `${label} ${name} se`);
    expectClose(a.t ?? null, e.t, tol.se, `${label} ${name} t`);
    const pTol = e.p < 1e-12 ? 1e-4 : (tol.p ?? 1e-6);
    expectClose(a.p, e.p, pTol, `${label} ${name} p`);
  }
  for (const key of EXACT) {
    if (key in expected) expect(actual[key], `${label}: ${key}`).toEqual(expected[key]);
  }
  for (const key of STATS) {
    if (key in expected) expectClose(actual[key] as number | null, expected[key] as number | null, tol.stat, `${label} ${key}`);
  }
  if ('vcov' in expected) {
    const ev = expected.vcov as Record<string, Record<string, number>>;
    expect(Object.keys(actual.vcov), `${label}: vcov names`).toEqual(Object.keys(ev));
    for (const [a, row] of Object.entries(ev)) for (const [b, v] of Object.entries(row)) expectClose(actual.vcov[a][b], v, tol.se, `${label} vcov[${a}, ${b}]`, 1e-18);
  }
}

/** The UserError thrown by fn (fails the test when it throws nothing or another error). */
export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}
