import { describe, expect, it } from 'vitest';
import { matchingOrder, nearestNeighborMatch, seededUniform, stableOrder, type MatchOrder } from './nearest';
import { matchWeights, pairIds } from './weights';

/**
 * A literal transcription of MatchIt's nn_matchC_vec scan (walk left and right over the
 * sorted units, skipping treated, used and already-held controls; caliper breaks the walk),
 * O(n) per step: the reference the linked-list implementation must agree with.
 */
function naiveMatch(score: number[], treat: number[], ratio: number, replace: boolean, caliper: number | null, order: number[], discarded: number[]): number[][] {
  const n = score.length;
  const sorted = Array.from(stableOrder(score));
  const pos = new Array<number>(n);
  sorted.forEach((u, r) => (pos[u] = r));
  const canUse = treat.map((t, i) => t !== 1 && !discarded[i]);
  const treated = treat.flatMap((t, i) => (t === 1 ? [i] : []));
  const out = treated.map(() => [] as number[]);
  for (let pass = 0; pass < ratio; pass++) {
    for (const u of order) {
      if (discarded[u]) continue;
      const own = out[treated.indexOf(u)];
      if (own.length < pass) continue;
      const walk = (dir: number): number => {
        for (let r = pos[u] + dir; r >= 0 && r < n; r += dir) {
          const c = sorted[r];
          if (treat[c] === 1 || own.includes(c) || !canUse[c]) continue;
          if (caliper !== null && Math.abs(score[c] - score[u]) > caliper) return -1;
          return c;
        }
        return -1;
      };
      const l = walk(-1);
      const r = walk(1);
      let k = -1;
      if (l >= 0 && r >= 0) k = Math.abs(score[l] - score[u]) <= Math.abs(score[r] - score[u]) ? l : r;
      else k = l >= 0 ? l : r;
      if (k < 0) continue;
      own.push(k);
      if (!replace) canUse[k] = false;
    }
  }
  return out;
}

function randomProblem(seed: number, n: number, distinct: number): { score: Float64Array; treat: Uint8Array } {
  const rng = seededUniform(seed);
  const score = new Float64Array(n);
  const treat = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Few distinct values so exact ties (identical covariates) are common.
    score[i] = Math.floor(rng() * distinct) / distinct;
    treat[i] = rng() < 0.35 ? 1 : 0;
  }
  return { score, treat };
}

describe('nearest-neighbour matching', () => {
  it('agrees with a literal scan of MatchIt\'s rule over random problems with many ties', () => {
    const orders: MatchOrder[] = ['largest', 'smallest', 'data'];
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { score, treat } = randomProblem(seed, 60 + seed, 7 + (seed % 13));
      for (const replace of [false, true])
        for (const ratio of [1, 2, 3])
          for (const caliper of [null, 0.1])
            for (const order of orders) {
              const discarded = new Uint8Array(score.length);
              if (seed % 5 === 0) discarded[3] = 1;
              const got = nearestNeighborMatch(score, treat, { ratio, replace, caliper, order, discarded });
              const want = naiveMatch(Array.from(score), Array.from(treat), ratio, replace, caliper, got.order, Array.from(discarded));
              expect(got.matches).toEqual(want);
              checked++;
            }
    }
    expect(checked).toBe(40 * 2 * 3 * 2 * 3);
  });

  it('breaks an exact left/right tie to the lower score and takes the nearer control otherwise', () => {
    const score = Float64Array.from([0.5, 0.25, 0.75, 0.375]);
    const treat = Uint8Array.from([1, 0, 0, 1]);
    const r = nearestNeighborMatch(score, treat, { ratio: 1, replace: true, caliper: null, order: 'data' });
    // Unit 0 at 0.5 is 0.25 from both 0.25 and 0.75: the lower one (row 1) wins; unit 3 at 0.375 → 0.25.
    expect(r.matches).toEqual([[1], [1]]);
  });

  it('among tied controls takes the highest row below and the lowest row above (stable sort)', () => {
    const score = Float64Array.from([0.25, 0.25, 0.5, 0.25, 0.875, 0.875, 0.875]);
    const treat = Uint8Array.from([0, 0, 1, 0, 0, 1, 0]);
    // Treated row 2 (0.5): below it are rows 0, 1, 3 at 0.25 → nearest in sort order is row 3.
    const below = nearestNeighborMatch(score, treat, { ratio: 1, replace: true, caliper: null, order: 'data' });
    expect(below.matches[0]).toEqual([3]);
    // Treated row 5 (0.875) ties with rows 4 and 6 at distance 0: row 4 sits just below it.
    expect(below.matches[1]).toEqual([4]);
  });

  it('applies the caliper inclusively and leaves a treated unit with no control inside it unmatched', () => {
    const score = Float64Array.from([0.5, 0.625, 0.875]);
    const treat = Uint8Array.from([1, 0, 1]);
    const r = nearestNeighborMatch(score, treat, { ratio: 1, replace: true, caliper: 0.125, order: 'data' });
    expect(r.matches[0]).toEqual([1]);
    expect(r.unmatched).toEqual([2]);
    const tight = nearestNeighborMatch(score, treat, { ratio: 1, replace: true, caliper: 0.124, order: 'data' });
    expect(tight.unmatched).toEqual([0, 2]);
  });

  it('stops when the controls run out without replacement', () => {
    const score = Float64Array.from([0.9, 0.8, 0.1, 0.7]);
    const treat = Uint8Array.from([1, 1, 0, 1]);
    const r = nearestNeighborMatch(score, treat, { ratio: 1, replace: false, caliper: null, order: 'largest' });
    expect(r.order).toEqual([0, 1, 3]);
    expect(r.matches).toEqual([[2], [], []]);
    expect(r.unmatched).toEqual([1, 3]);
  });

  it('orders treated units by score with ties in data order, or randomly from a seed', () => {
    const score = [0.2, 0.5, 0.5, 0.1];
    expect(matchingOrder(score, [0, 1, 2, 3], 'largest')).toEqual([1, 2, 0, 3]);
    expect(matchingOrder(score, [0, 1, 2, 3], 'smallest')).toEqual([3, 0, 1, 2]);
    expect(() => matchingOrder(score, [0, 1, 2, 3], 'random')).toThrow(/seed/);
    const a = matchingOrder(score, [0, 1, 2, 3], 'random', seededUniform(7));
    const b = matchingOrder(score, [0, 1, 2, 3], 'random', seededUniform(7));
    expect(a).toEqual(b);
    expect(a.slice().sort()).toEqual([0, 1, 2, 3]);
  });

  it('gives MatchIt weights and pair ids', () => {
    const treat = Uint8Array.from([1, 1, 0, 0, 0]);
    const list = { treated: [0, 1], matches: [[2, 3], [2]] };
    const w = matchWeights(5, treat, list);
    // Raw: control 2 gets 1/2 + 1, control 3 gets 1/2; rescaled to sum to 2 distinct controls.
    expect(Array.from(w)).toEqual([1, 1, 1.5, 0.5, 0]);
    expect(Array.from(pairIds(5, { treated: [0, 1], matches: [[3], []] }))).toEqual([1, 0, 0, 1, 0]);
  });
});
