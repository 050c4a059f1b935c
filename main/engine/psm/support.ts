/**
 * Common support (MatchIt's `discard`): units whose score lies outside the range of the other
 * group are dropped before matching.
 * - "both": outside [max(min_t, min_c), min(max_t, max_c)];
 * - "control": controls outside [min_t, max_t];
 * - "treated": treated outside [min_c, max_c].
 */
export type DiscardRule = 'none' | 'both' | 'treated' | 'control';

export function discardUnits(score: Float64Array, treat: Uint8Array, rule: DiscardRule): Uint8Array {
  const n = score.length;
  const out = new Uint8Array(n);
  if (rule === 'none') return out;
  let min1 = Infinity;
  let max1 = -Infinity;
  let min0 = Infinity;
  let max0 = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = score[i];
    if (treat[i] === 1) {
      if (s < min1) min1 = s;
      if (s > max1) max1 = s;
    } else {
      if (s < min0) min0 = s;
      if (s > max0) max0 = s;
    }
  }
  const lo = rule === 'both' ? Math.max(min0, min1) : rule === 'control' ? min1 : min0;
  const hi = rule === 'both' ? Math.min(max0, max1) : rule === 'control' ? max1 : max0;
  for (let i = 0; i < n; i++) {
    const applies = rule === 'both' || (rule === 'control' ? treat[i] !== 1 : treat[i] === 1);
    if (applies && (score[i] < lo || score[i] > hi)) out[i] = 1;
  }
  return out;
}
