/**
 * Matching weights and pair ids from a match list, as MatchIt's match.data() / get_matches()
 * produce them:
 * - a matched treated unit has weight 1; each control gets, summed over the treated units it
 *   serves, 1 / (number of controls of that treated unit) (MatchIt's weights_matrixC);
 * - control weights are then rescaled to sum to the number of distinct matched controls, so
 *   for 1:1 matching a control used k times weighs k × (distinct controls) / (matched treated)
 *   (lalonde.json notes, item 7);
 * - pair ids (MatchIt's `subclass`) number the matched treated units in data order.
 */
export interface MatchList {
  /** Treated unit indices in data order. */
  treated: number[];
  /** Controls matched to each treated unit (same order as `treated`). */
  matches: number[][];
}

export function matchWeights(n: number, treat: Uint8Array, list: MatchList): Float64Array {
  const w = new Float64Array(n);
  list.treated.forEach((t, i) => {
    const m = list.matches[i];
    if (m.length === 0) return;
    w[t] += 1;
    for (const c of m) w[c] += 1 / m.length;
  });
  normalizeControlWeights(w, treat);
  return w;
}

/** Rescales control weights to sum to the number of controls with positive weight. */
export function normalizeControlWeights(w: Float64Array, treat: Uint8Array): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < w.length; i++)
    if (treat[i] !== 1 && w[i] > 0) {
      sum += w[i];
      count++;
    }
  if (sum > 0) for (let i = 0; i < w.length; i++) if (treat[i] !== 1) w[i] *= count / sum;
}

/** Pair id (1-based) per unit, 0 when unmatched; defined only without replacement. */
export function pairIds(n: number, list: MatchList): Int32Array {
  const id = new Int32Array(n);
  let k = 0;
  list.treated.forEach((t, i) => {
    const m = list.matches[i];
    if (m.length === 0) return;
    k++;
    id[t] = k;
    for (const c of m) id[c] = k;
  });
  return id;
}

/** (treated, control) pairs ordered by treated unit, one per match (get_matches() rows). */
export function matchedPairs(list: MatchList): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  list.treated.forEach((t, i) => {
    for (const c of list.matches[i]) out.push([t, c]);
  });
  return out;
}
