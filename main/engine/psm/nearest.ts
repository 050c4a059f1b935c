/**
 * Greedy nearest-neighbour matching on a scalar score, MatchIt's rule (version 4.5.4 on, its
 * `nn_matchC_vec`; lalonde.json notes items 2–6):
 * - all units sorted by score ascending with a stable sort (equal scores keep data order);
 * - focal (treated) units visited one at a time in the chosen order; for k:1 matching the
 *   whole pass is repeated k times, one more control per treated unit per pass;
 * - a treated unit looks at the nearest still-available control below it and above it in the
 *   sorted order and takes the closer one, the lower one on an exact tie;
 * - a candidate farther than the caliper is rejected (the nearer ones were unavailable, so no
 *   control on that side qualifies);
 * - without replacement a chosen control becomes unavailable; with replacement it stays.
 * Available controls are kept in a doubly linked list in score order, so each step costs
 * O(1) amortised instead of a scan past every treated and used unit.
 */
import type { RunContext } from '../context';
import { silentContext } from '../context';
import { UserError } from '../errors';
import mt19937 from '@stdlib/random-base-mt19937';

export type MatchOrder = 'largest' | 'smallest' | 'random' | 'data';

export interface NearestOptions {
  /** Controls per treated unit (k in k:1). */
  ratio: number;
  replace: boolean;
  /** Maximum |score difference| in score units; null for none. */
  caliper: number | null;
  order: MatchOrder;
  /** Units excluded from matching (common-support discard). */
  discarded?: Uint8Array;
  /** Uniform draws in [0, 1) for `order = "random"` (seeded by the caller). */
  random?: () => number;
  ctx?: RunContext;
}

export interface NearestResult {
  /** Treated unit indices (data order). */
  treated: number[];
  /** For each entry of `treated`, the matched control indices in the order they were found. */
  matches: number[][];
  /** Treated indices in the order the first pass visited them. */
  order: number[];
  /** Treated units (not discarded) that received no control. */
  unmatched: number[];
}

/** Indices 0 … n-1 sorted by score ascending; equal scores keep their index order. */
export function stableOrder(score: ArrayLike<number>): Int32Array {
  const idx = Array.from({ length: score.length }, (_, i) => i);
  idx.sort((a, b) => score[a] - score[b] || a - b);
  return Int32Array.from(idx);
}

/** Treated units in the order they are matched. */
export function matchingOrder(score: ArrayLike<number>, treated: number[], order: MatchOrder, random?: () => number): number[] {
  const t = treated.slice();
  switch (order) {
    case 'data':
      return t;
    case 'largest':
      return t.sort((a, b) => score[b] - score[a] || a - b);
    case 'smallest':
      return t.sort((a, b) => score[a] - score[b] || a - b);
    case 'random': {
      if (!random) throw new UserError('psm_seed_required', 'Random matching order needs a seed: set "seed" in the spec.', {});
      // Fisher–Yates with the caller's seeded stream.
      for (let i = t.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const tmp = t[i];
        t[i] = t[j];
        t[j] = tmp;
      }
      return t;
    }
  }
}

export function nearestNeighborMatch(score: Float64Array, treat: Uint8Array, opts: NearestOptions): NearestResult {
  const ctx = opts.ctx ?? silentContext;
  const n = score.length;
  const discarded = opts.discarded ?? new Uint8Array(n);
  const sorted = stableOrder(score);
  const pos = new Int32Array(n);
  for (let r = 0; r < n; r++) pos[sorted[r]] = r;

  // Linked list over available controls in sorted positions; -1 ends it.
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  let last = -1;
  for (let r = 0; r < n; r++) {
    const u = sorted[r];
    if (treat[u] === 1 || discarded[u]) continue;
    if (last >= 0) {
      next[sorted[last]] = r;
      prev[u] = last;
    }
    last = r;
  }
  const available = new Uint8Array(n);
  let nAvailable = 0;
  for (let u = 0; u < n; u++)
    if (treat[u] !== 1 && !discarded[u]) {
      available[u] = 1;
      nAvailable++;
    }
  const leftOf = new Int32Array(n + 1).fill(-1);
  const rightOf = new Int32Array(n + 1).fill(-1);
  {
    let l = -1;
    for (let r = 0; r < n; r++) {
      leftOf[r] = l;
      if (available[sorted[r]]) l = r;
    }
    let rr = -1;
    for (let r = n - 1; r >= 0; r--) {
      rightOf[r] = rr;
      if (available[sorted[r]]) rr = r;
    }
  }
  const remove = (u: number): void => {
    available[u] = 0;
    nAvailable--;
    const p = prev[u];
    const q = next[u];
    if (p >= 0) next[sorted[p]] = q;
    if (q >= 0) prev[sorted[q]] = p;
  };
  // leftOf/rightOf hold, per sorted position, the nearest control position on each side that
  // was available when last looked at; stale entries are skipped and compressed (union–find
  // style) so repeated look-ups past removed controls stay cheap.
  const nearestAvailable = (link: Int32Array, r: number): number => {
    let c = link[r];
    while (c >= 0 && !available[sorted[c]]) c = link[c];
    let p = link[r];
    link[r] = c;
    while (p >= 0 && p !== c) {
      const q = link[p];
      link[p] = c;
      p = q;
    }
    return c;
  };

  const treated: number[] = [];
  for (let u = 0; u < n; u++) if (treat[u] === 1) treated.push(u);
  const slot = new Map<number, number>();
  treated.forEach((u, i) => slot.set(u, i));
  const matches: number[][] = treated.map(() => []);
  const order = matchingOrder(score, treated, opts.order, opts.random);
  const passes = Math.max(1, Math.floor(opts.ratio));
  const total = passes * order.length;
  let done = 0;

  outer: for (let pass = 0; pass < passes; pass++) {
    for (const u of order) {
      if (++done % 1024 === 0) {
        ctx.checkCancelled();
        ctx.progress(done / total, 'matching');
      }
      if (discarded[u]) continue;
      const own = matches[slot.get(u) as number];
      if (own.length < pass) continue;
      const r = pos[u];
      const s = score[u];
      // Walk outwards past controls this unit already holds (only possible with replacement).
      let lc = nearestAvailable(leftOf, r);
      while (lc >= 0 && own.includes(sorted[lc])) lc = prev[sorted[lc]];
      let rc = nearestAvailable(rightOf, r);
      while (rc >= 0 && own.includes(sorted[rc])) rc = next[sorted[rc]];
      let dl = lc >= 0 ? Math.abs(score[sorted[lc]] - s) : Infinity;
      let dr = rc >= 0 ? Math.abs(score[sorted[rc]] - s) : Infinity;
      if (opts.caliper !== null) {
        if (dl > opts.caliper) dl = Infinity;
        if (dr > opts.caliper) dr = Infinity;
      }
      if (dl === Infinity && dr === Infinity) continue;
      const chosen = dl <= dr ? sorted[lc] : sorted[rc];
      own.push(chosen);
      if (!opts.replace) {
        remove(chosen);
        if (nAvailable === 0) break outer;
      }
    }
  }
  ctx.progress(1, 'matching');
  const unmatched = treated.filter((u, i) => !discarded[u] && matches[i].length === 0);
  return { treated, matches, order, unmatched };
}

/** Uniform draws in [0, 1) from a seeded 32-bit Mersenne Twister (the project's seeded stream). */
export function seededUniform(seed: number): () => number {
  const rand = mt19937.factory({ seed });
  return () => rand() / 4294967296;
}
