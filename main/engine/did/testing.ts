/**
 * Helpers shared by the did/ tests: the UserError code a call throws, and deterministic noise
 * for toy panels that is not separable in unit and period (a separable term would make the
 * influence functions of different cells collinear).
 */
import { UserError } from '../errors';

/** The code of the UserError thrown by f, or null when it returns; other errors propagate. */
export function userErrorCode(f: () => unknown): string | null {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e.code;
    throw e;
  }
  return null;
}

/** Deterministic pseudo-noise in [-scale/2, scale/2). */
export function panelNoise(u: number, p: number, scale: number): number {
  const v = Math.sin(u * 12.9898 + p * 78.233) * 43758.5453;
  return (v - Math.floor(v) - 0.5) * scale;
}
