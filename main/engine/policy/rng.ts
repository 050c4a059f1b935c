/**
 * R-compatible random draws for permutation inference, so a placebo run can be reproduced in R
 * with the same seed: `set.seed(seed); sort(sample(units, m))` gives the first pseudo-treated
 * set of a run, the next call to sample() the second, and so on.
 *
 * The generator is @stdlib's MT19937; only its initial state comes from R's seeding rule
 * (R's RNG.c, RNG_Init and FixupSeeds for "Mersenne-Twister"): the seed is scrambled by 50
 * steps of the LCG s ← 69069 s + 1, the next 625 LCG values fill R's seed vector (the first
 * is overwritten by the position 624, the other 624 are the MT state), so the first draw
 * twists the state. A uniform is the tempered 32-bit output times 2⁻³²; integers below n
 * come from R's "Rejection" sample.kind (R ≥ 3.6, R_unif_index): draw ⌈log₂ n⌉ bits from
 * 16-bit chunks of uniforms, reject values ≥ n.
 */
import mt19937 from '@stdlib/random-base-mt19937';

const MT_N = 624;

/** A source of R-compatible integers and uniforms. */
export interface RStream {
  /** R's unif_rand() (Mersenne-Twister). */
  uniform(): number;
  /** R_unif_index(n): a uniform integer in [0, n) by rejection sampling. */
  index(n: number): number;
}

/** The stream R produces after set.seed(seed) with RNGkind("Mersenne-Twister", "Inversion", "Rejection"). */
export function rStream(seed: number): RStream {
  if (!Number.isInteger(seed) || Math.abs(seed) > 2147483647) throw new RangeError(`seed must be a 32-bit integer, got ${seed}`);
  let s = seed >>> 0;
  const lcg = (): number => {
    s = (Math.imul(69069, s) + 1) >>> 0;
    return s;
  };
  for (let j = 0; j < 50; j++) lcg();
  // stdlib's state layout: | version | sections | N | ...state | 1 | index | 1 | seed |
  const state = new Uint32Array(MT_N + 7);
  state[0] = 1;
  state[1] = 3;
  state[2] = MT_N;
  lcg(); // R's dummy[0], replaced by mti = 624 in FixupSeeds
  for (let k = 0; k < MT_N; k++) state[3 + k] = lcg();
  state[MT_N + 3] = 1;
  state[MT_N + 4] = MT_N;
  state[MT_N + 5] = 1;
  state[MT_N + 6] = seed >>> 0;
  const gen = mt19937.factory({ state, copy: false });
  // R's fixup() keeps uniforms inside (0, 1): a zero output becomes half of 1 / (2³² − 1).
  const uniform = (): number => {
    const y = gen();
    return y === 0 ? 0.5 * 2.328306437080797e-10 : y * 2.3283064365386963e-10;
  };
  const chunk = (): number => gen() >>> 16; // floor(unif_rand() * 65536), exactly
  return {
    uniform,
    index(n: number): number {
      if (!(n > 0)) return 0;
      // ⌈log₂ n⌉ for whole n ≥ 1; R draws bits + 1 bits in 16-bit chunks, then masks.
      const bits = n <= 1 ? 0 : 32 - Math.clz32(n - 1);
      // One or two chunks (n ≤ 2³¹) fit in 32-bit integer arithmetic: the same low bits as
      // R's double arithmetic, without a floating-point modulo per attempt.
      if (bits < 16) {
        const mask = (1 << bits) - 1;
        for (;;) {
          const dv = (gen() >>> 16) & mask;
          if (dv < n) return dv;
        }
      }
      if (bits < 32) {
        const mask = bits === 31 ? 0x7fffffff : (1 << bits) - 1;
        for (;;) {
          const hi = gen() >>> 16;
          const dv = ((hi << 16) | (gen() >>> 16)) & mask;
          if (dv < n) return dv;
        }
      }
      const mod = 2 ** bits;
      for (;;) {
        let v = 0;
        for (let b = 0; b <= bits; b += 16) v = 65536 * v + chunk();
        const dv = v % mod;
        if (dv < n) return dv;
      }
    },
  };
}

/**
 * R's sample.int(n, k) without replacement (0-based): a partial Fisher–Yates shuffle in R's
 * order. `pool` (length ≥ n) and `out` (length k) may be passed to reuse their memory.
 */
export function sampleWithoutReplacement(stream: RStream, n: number, k: number, pool: Int32Array = new Int32Array(n), out: Int32Array = new Int32Array(k)): Int32Array {
  for (let i = 0; i < n; i++) pool[i] = i;
  let left = n;
  for (let i = 0; i < k; i++) {
    const j = stream.index(left);
    out[i] = pool[j];
    pool[j] = pool[--left];
  }
  return out;
}

/** R's sample.int(n, k, replace = TRUE) (0-based). */
export function sampleWithReplacement(stream: RStream, n: number, k: number): Int32Array {
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = stream.index(n);
  return out;
}
