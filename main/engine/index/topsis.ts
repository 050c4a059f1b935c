/**
 * TOPSIS (Hwang & Yoon 1981): with weighted standardised values v_ij = w_j z_ij, the positive
 * ideal v⁺_j is the best value of indicator j (the largest, or the smallest for a negative
 * indicator under vector normalisation; min–max and z-score values already point the better
 * way) and the negative ideal v⁻_j the worst; each unit's closeness is
 *
 *   C_i = D⁻_i / (D⁺_i + D⁻_i),  D±_i = √Σ_j (v_ij − v±_j)²,
 *
 * in [0, 1], 1 at the ideal.
 */
export interface TopsisResult {
  scores: Float64Array;
  /** Ideal values of the weighted standardised indicators, per indicator. */
  best: number[];
  worst: number[];
}

/** `higherIsBetter[j]`: whether a larger z is better for indicator j. */
export function topsis(z: Float64Array[], weights: number[], higherIsBetter: boolean[]): TopsisResult {
  const n = z.length ? z[0].length : 0;
  const best: number[] = [];
  const worst: number[] = [];
  z.forEach((col, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of col) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    best.push(weights[j] * (higherIsBetter[j] ? hi : lo));
    worst.push(weights[j] * (higherIsBetter[j] ? lo : hi));
  });
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dp = 0;
    let dm = 0;
    z.forEach((col, j) => {
      const v = weights[j] * col[i];
      dp += (v - best[j]) ** 2;
      dm += (v - worst[j]) ** 2;
    });
    scores[i] = Math.sqrt(dm) / (Math.sqrt(dp) + Math.sqrt(dm));
  }
  return { scores, best, worst };
}
