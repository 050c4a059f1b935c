/**
 * Test helper for the policy models: a fit whose coefficient names differ from a fixture's
 * (`treat_post` for fixest's `treat:post`, `rel_time::-1` for `period::5:treat`) is renamed
 * and put in the fixture's order, so expectFixestFit compares it field by field.
 */
import type { FeolsFit } from '../../../shared/specs/feols';

export function alignFit<T extends FeolsFit>(actual: T, rename: Record<string, string>, expected: { coefficients: Record<string, unknown> }): T {
  const back = new Map(Object.entries(rename).map(([ours, theirs]) => [theirs, ours]));
  const order = Object.keys(expected.coefficients);
  const ours = (name: string): string => back.get(name) ?? name;
  const extra = Object.keys(actual.coefficients).filter((a) => !order.includes(rename[a] ?? a));
  if (extra.length) throw new Error(`coefficients not in the fixture: ${extra.join(', ')}`);
  const coefficients = Object.fromEntries(order.filter((nm) => ours(nm) in actual.coefficients).map((nm) => [nm, actual.coefficients[ours(nm)]]));
  const vcov = Object.fromEntries(order.filter((a) => ours(a) in actual.vcov).map((a) => [a, Object.fromEntries(order.filter((b) => ours(b) in actual.vcov).map((b) => [b, actual.vcov[ours(a)][ours(b)]]))]));
  return { ...actual, coefficients, vcov };
}
