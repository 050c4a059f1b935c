/**
 * The FWL re-estimation of fwl.ts (same contract, FwlModel) for the usual DID design, two
 * fixed effects without weights, with the fixed-effect projection solved exactly instead of
 * by iterative demeaning. Placebo draws change one 0/1 column; demeaning it iteratively costs
 * a dozen passes over the data per draw, a quarter of a full estimate at a million rows.
 *
 * Here the larger fixed effect (A, units) is eliminated in closed form and the smaller one
 * (B, periods) solved from its Schur complement S, factorised once (did/twoway.ts):
 *
 *   γ = S⁻¹ (b_B − N' D_A⁻¹ b_A),  α = D_A⁻¹ (b_A − N γ),  d̃ = d − α_A(i) − γ_B(i),
 *
 * b_A, b_B the column's sums per level, N the A × B counts. The outcome and the controls are
 * projected the same exact way once, so X̃ and y⊥ (the outcome net of fixed effects and
 * controls) are orthogonal to every fixed-effect dummy, and for d⊥ = M d (M the annihilator
 * of fixed effects and controls, symmetric and idempotent):
 *
 *   X̃'d̃ = X̃'d,  d⊥'y⊥ = d'y⊥,  d⊥'d⊥ = d'd⊥,
 *
 * sums over the rows where d ≠ 0 only, so β costs O(treated rows). Σ_{i∈a} γ_B(i) is shared
 * by units observed in the same periods (a "pattern"; one for a balanced panel). The variance
 * is fwl.ts's single-score sandwich, with the small-sample K (fixed effects nested in
 * clusters) taken from the full model once: iid needs no pass over the data, robust and
 * multiway-clustered variances one pass per draw.
 *
 * Clustering by units, or by anything units are nested in, needs no pass either. A unit a
 * without treated rows has α_a = −γ̄_a (its mean of γ_B) and, since y⊥ and X̃ sum to zero
 * within every unit, its score s_a = Σ_{i∈a} d⊥ᵢ eᵢ = Σ d⊥y⊥ − β Σ d⊥² is linear in fixed
 * per-unit moments z_a (y⊥ per period, X̃'y⊥, X̃ per period, X̃'X̃, the unit's pattern):
 *
 *   s_a = −γ'Y_a − c'P_a − β (q_p + 2 Σ_j c_j γ'X_aj + c'Q_a c) = z_a'θ,
 *   q_p = Σ_{i∈a} (γ̄_a − γ_B(i))²,  c the controls' coefficients on d (d̃ on X̃).
 *
 * With z_G the sum over the units of cluster G, Σ_G (z_G'θ)² = θ'(Σ_G z_G z_G')θ is one
 * quadratic form in a matrix built once. A treated unit's score differs from z_a'θ by
 * δ_a = Σ_{treated rows of a} y⊥ − β (2 (b_a γ̄_a − Σ_{treated} γ_B − c'Σ_{treated} X̃) + b_a − b_a²/n_a)
 * (b_a its treated rows, n_a all its rows; from d⊥ = d⊥(untreated) + d − b_a/n_a), so
 *
 *   meat = θ'Zθ + Σ_{G with treated units} δ_G (2 z_G'θ + δ_G),
 *
 * and a draw costs O(treated rows + treated units × dim z) (θ'Zθ = Σ_G (z_G'θ)² is summed
 * directly until Z is worth building). Draws given as (unit, first treated period) cost
 * O(treated units): their sums over treated rows come from per-unit suffix sums, and when γ
 * repeats (in-space draws with the real timing on a balanced panel) z_a is contracted with γ
 * once (see AdoptionTables). Draws that share γ are best estimated together
 * (estimateAdoptions): on a large panel a draw's time goes to waiting for its treated units'
 * rows of the per-unit tables, scattered over more memory than the cache holds; a batch reads
 * them a block of units at a time for all its draws, with each draw's arithmetic unchanged.
 * The zero sums above hold to rounding only, so the results agree with the row pass to
 * ~1e-12, not bit for bit.
 */
import type { RunContext } from '../context';
import type { Design } from '../design';
import { UserError, isUserError } from '../errors';
import { fixefDof, resolveVcovRequest } from '../fitcore';
import type { FwlModel, FwlOptions } from '../fwl';
import { choleskySolve, type Matrix } from '../linalg';
import { choleskyExclude, coefficientRow, crossProducts, type CoefficientRow } from '../ols';
import { computeVcov, FIXEST_SSC, type ClusterFactor } from '../vcov';
import { buildTwoWay, residualizeTwoWay, type TwoWaySystem } from '../did/twoway';

/** The smaller fixed effect's Schur system is dense: keep it small. */
export const MAX_SMALL_FE_LEVELS = 2000;

type Row = CoefficientRow & { df_t: number };

/** A draw by adoption periods: units (levels of the larger fixed effect) and their first treated period levels, the first `count` of each. */
export interface AdoptionRequest {
  units: Int32Array;
  from: Int32Array;
  count: number;
}

/** A re-estimation by adoption periods: the treated row count, and the row (null when collinear). */
export interface AdoptionDraw {
  treatedRows: number;
  row: Row | null;
}

export interface SparseFwlModel extends FwlModel {
  /** Re-estimates with the 0/1 column that is 1 on `ones[0 .. count)` (indices into the rows). */
  estimateOnes(ones: Int32Array, count: number): Row;
  /**
   * Re-estimates with the column that is 1 on the rows of unit `units[j]` (a level of
   * `unitCodes`) whose period level (`periodCodes`) is at least `from[j]`, for j < count; the
   * units must be distinct. Costs O(count) instead of O(treated rows) with cluster moments.
   */
  estimateAdoption(units: Int32Array, from: Int32Array, count: number): AdoptionDraw;
  /**
   * estimateAdoption of each request, the same numbers; draws sharing γ (in-space draws with
   * the real timing on a balanced panel) read the per-unit tables together, a block of units
   * at a time, which on a large panel is several times faster than one draw after another.
   */
  estimateAdoptions(draws: AdoptionRequest[]): AdoptionDraw[];
  /** Levels of the larger (units) and smaller (periods) fixed effect of each row. */
  readonly unitCodes: Int32Array;
  readonly periodCodes: Int32Array;
  /**
   * How a draw's variance is formed: 'iid' from sums over the treated rows, 'cluster_moments'
   * from the per-cluster moments (no pass over the data), 'row_pass' with one pass.
   */
  readonly variancePath: 'iid' | 'cluster_moments' | 'row_pass';
}

interface Patterns {
  /** Pattern of each unit (level of the larger fixed effect). */
  patternOf: Int32Array;
  /** CSR over patterns: the periods (levels of the smaller fixed effect, ascending) and their counts. */
  start: Int32Array;
  period: Int32Array;
  count: Float64Array;
  /** Rows of each pattern. */
  size: Float64Array;
}

/** Row indices grouped by unit (CSR), each unit's rows by period level, ties in row order. */
function rowsByUnitAndPeriod(A: Int32Array, B: Int32Array, nA: number, nB: number): { start: Int32Array; rows: Int32Array } {
  const n = A.length;
  const byPeriod = new Int32Array(n);
  const pStart = new Int32Array(nB + 1);
  for (let i = 0; i < n; i++) pStart[B[i] + 1]++;
  for (let t = 0; t < nB; t++) pStart[t + 1] += pStart[t];
  for (let i = 0; i < n; i++) byPeriod[pStart[B[i]]++] = i;
  const start = new Int32Array(nA + 1);
  for (let i = 0; i < n; i++) start[A[i] + 1]++;
  for (let a = 0; a < nA; a++) start[a + 1] += start[a];
  const fill = start.slice(0, nA);
  const rows = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = byPeriod[r];
    rows[fill[A[i]]++] = i;
  }
  return { start, rows };
}

/** Units grouped by the periods they are observed in (with multiplicity), as CSR lists. */
function periodPatterns(B: Int32Array, nA: number, nB: number, byUnit: { start: Int32Array; rows: Int32Array }): Patterns {
  const times = new Float64Array(nB);
  const seen: number[] = [];
  // Patterns are found by a hash of (period, count) pairs, then compared in full.
  const byHash = new Map<number, number[]>();
  const patternOf = new Int32Array(nA);
  const starts = [0];
  const period: number[] = [];
  const count: number[] = [];
  for (let a = 0; a < nA; a++) {
    seen.length = 0;
    // The unit's rows come by ascending period, so `seen` is sorted.
    for (let p = byUnit.start[a]; p < byUnit.start[a + 1]; p++) {
      const t = B[byUnit.rows[p]];
      if (times[t] === 0) seen.push(t);
      times[t]++;
    }
    let h = seen.length;
    for (const t of seen) h = Math.imul(h ^ t, 0x9e3779b1) + times[t];
    const candidates = byHash.get(h);
    let found = -1;
    for (const c of candidates ?? []) {
      const from = starts[c];
      if (starts[c + 1] - from !== seen.length) continue;
      let same = true;
      for (let e = 0; e < seen.length && same; e++) same = period[from + e] === seen[e] && count[from + e] === times[seen[e]];
      if (same) {
        found = c;
        break;
      }
    }
    if (found < 0) {
      found = starts.length - 1;
      for (const t of seen) {
        period.push(t);
        count.push(times[t]);
      }
      starts.push(period.length);
      if (candidates) candidates.push(found);
      else byHash.set(h, [found]);
    }
    patternOf[a] = found;
    for (const t of seen) times[t] = 0;
  }
  const start = Int32Array.from(starts);
  const size = new Float64Array(start.length - 1);
  for (let p = 0; p < size.length; p++) for (let e = start[p]; e < start[p + 1]; e++) size[p] += count[e];
  return { patternOf, start, period: Int32Array.from(period), count: Float64Array.from(count), size };
}

/**
 * A draw's treated units in compact arrays (index e = 0 … count − 1), so the work after the
 * first sums reads memory sequentially.
 */
interface Touched {
  count: number;
  unit: Int32Array;
  pattern: Int32Array;
  /** Rows of the unit (n_a) and its treated rows (b_a). */
  rows: Float64Array;
  treated: Float64Array;
  /** Σ y⊥, Σ X̃ (k per unit) and Σ γ_B over the unit's treated rows. */
  sy: Float64Array;
  sx: Float64Array;
  sg: Float64Array;
  alpha: Float64Array;
}

function touchedArrays(nA: number, k: number): Touched {
  return {
    count: 0,
    unit: new Int32Array(nA),
    pattern: new Int32Array(nA),
    rows: new Float64Array(nA),
    treated: new Float64Array(nA),
    sy: new Float64Array(nA),
    sx: new Float64Array(nA * k),
    sg: new Float64Array(nA),
    alpha: new Float64Array(nA),
  };
}

/** Per-unit accumulators of the treated-rows path (estimateOnes), zero between draws. */
interface PerUnit {
  b: Float64Array;
  sy: Float64Array;
  sx: Float64Array;
  sg: Float64Array;
}

/**
 * The first pass over the rows where d = 1: treated rows per unit and per period, Σ y⊥ per
 * unit, and the touched units in first-seen order. A unit's treated rows usually follow each
 * other (draws list them unit by unit), so sums are kept in registers over a run of rows.
 */
function countOnes(ones: Int32Array, count: number, A: Int32Array, B: Int32Array, yPerp: Float64Array, u: PerUnit, t: Touched, perPeriod: Float64Array): void {
  const { b, sy } = u;
  let nTouched = 0;
  let q = 0;
  while (q < count) {
    const a = A[ones[q]];
    let c = 0;
    let ys = 0;
    do {
      const i = ones[q];
      c++;
      ys += yPerp[i];
      perPeriod[B[i]] += 1;
      q++;
    } while (q < count && A[ones[q]] === a);
    if (b[a] === 0) t.unit[nTouched++] = a;
    b[a] += c;
    sy[a] += ys;
  }
  t.count = nTouched;
}

/** Σ of x over the rows where d = 1 into perUnit[a·stride + j], summed over runs of a unit's rows. */
function sumOverOnes(ones: Int32Array, count: number, A: Int32Array, x: Float64Array, perUnit: Float64Array, stride: number, j: number): void {
  let q = 0;
  while (q < count) {
    const a = A[ones[q]];
    let s = 0;
    do {
      s += x[ones[q]];
      q++;
    } while (q < count && A[ones[q]] === a);
    perUnit[a * stride + j] += s;
  }
}

/** Σ γ_B over the rows where d = 1 into perUnit[a], summed over runs of a unit's rows. */
function gammaOverOnes(ones: Int32Array, count: number, A: Int32Array, B: Int32Array, gamma: Float64Array, perUnit: Float64Array): void {
  let q = 0;
  while (q < count) {
    const a = A[ones[q]];
    let s = 0;
    do {
      s += gamma[B[ones[q]]];
      q++;
    } while (q < count && A[ones[q]] === a);
    perUnit[a] += s;
  }
}

/**
 * Right-hand side of the Schur system, b_B − N' D_A⁻¹ b_A: treated rows per free period minus,
 * per pattern, the touched units' shares b_a / n_a spread over the pattern's periods. The
 * shares per pattern are summed here from the touched units unless `sharesGiven`.
 */
function schurRhs(t: Touched, perPeriod: Float64Array, sys: TwoWaySystem, patterns: Patterns, shareOfPattern: Float64Array, sharesGiven: boolean, rhs: Float64Array): void {
  const { row } = sys;
  rhs.fill(0);
  for (let p = 0; p < row.length; p++) if (row[p] >= 0) rhs[row[p]] = perPeriod[p];
  if (!sharesGiven) {
    shareOfPattern.fill(0);
    for (let e = 0; e < t.count; e++) shareOfPattern[t.pattern[e]] += t.treated[e] / t.rows[e];
  }
  for (let p = 0; p < shareOfPattern.length; p++) {
    const share = shareOfPattern[p];
    if (share === 0) continue;
    for (let e = patterns.start[p]; e < patterns.start[p + 1]; e++) {
      const r = row[patterns.period[e]];
      if (r >= 0) rhs[r] -= share * patterns.count[e];
    }
  }
}

interface ScorePass {
  n: number;
  dense: Uint8Array;
  A: Int32Array;
  B: Int32Array;
  alpha: Float64Array;
  gamma: Float64Array;
  controls: Float64Array[];
  yPerp: Float64Array;
  /** One-way clustering: cluster of each row and the per-cluster score sums to fill. */
  codes: Int32Array | null;
  clusterScores: Float64Array | null;
  /** Multiway clustering: d⊥ᵢ and eᵢ per row. */
  dRow: Float64Array | null;
  eRow: Float64Array | null;
}

/**
 * The one pass over the rows a draw needs for a robust or clustered variance without cluster
 * moments: d⊥ᵢ, the residual eᵢ = y⊥ᵢ − β d⊥ᵢ and the score d⊥ᵢ eᵢ. Returns Σᵢ (d⊥ᵢ eᵢ)², or
 * with one-way clustering Σ_g (Σ_{i∈g} d⊥ᵢ eᵢ)².
 */
function scorePass(p: ScorePass, coef: Float64Array, beta: number): number {
  const { n, dense, A, B, alpha, gamma, controls, yPerp, codes, clusterScores, dRow, eRow } = p;
  const k = controls.length;
  let sumSq = 0;
  if (clusterScores) clusterScores.fill(0);
  for (let i = 0; i < n; i++) {
    let d = dense[i] - alpha[A[i]] - gamma[B[i]];
    for (let j = 0; j < k; j++) d -= coef[j] * controls[j][i];
    const e = yPerp[i] - beta * d;
    if (clusterScores && codes) clusterScores[codes[i]] += d * e;
    else if (dRow && eRow) {
      dRow[i] = d;
      eRow[i] = e;
    } else sumSq += d * e * d * e;
  }
  if (clusterScores) for (let g = 0; g < clusterScores.length; g++) sumSq += clusterScores[g] * clusterScores[g];
  return sumSq;
}

/**
 * The per-cluster moments z_G of the module comment, laid out as [Y (T) | X̃'y⊥ (k) |
 * X̃ per period (k × T) | X̃'X̃ upper triangle (k(k+1)/2) | units per pattern (P)], and
 * Z = Σ_G z_G z_G' once built (see untreatedMeat).
 */
interface ClusterMoments {
  dim: number;
  nClusters: number;
  /** Cluster of each unit; true when every cluster is one unit (z_G = z_a). */
  clusterOfUnit: Int32Array;
  clusterIsUnit: boolean;
  offP: number;
  offX: number;
  offQ: number;
  offPattern: number;
  /** z, nClusters × dim, row-major. */
  z: Float64Array;
  /** Z, dim × dim (null until built); Σ_G (z_G'θ)² computed directly so far. */
  zz: Float64Array | null;
  directSums: number;
}

/** Above this many doubles of z the moments are not kept (memory); the row pass is used. */
const MAX_MOMENT_DOUBLES = 1 << 24;
/**
 * Z is built (G·dim²/2 multiply-adds, dim² doubles) after this many direct sums Σ_G (z_G'θ)²
 * (G·dim each), unless dim² exceeds MAX_MOMENT_DOUBLES.
 */
const DIRECT_SUMS_BEFORE_Z = 8;

/** Moments for clustering by `cluster` when every unit lies in one cluster; null when units cross clusters. */
function clusterMoments(cluster: ClusterFactor, A: Int32Array, B: Int32Array, nUnits: number, nPeriods: number, yPerp: Float64Array, controls: Float64Array[], patterns: Patterns, ctx: RunContext): ClusterMoments | null {
  const n = A.length;
  const G = cluster.nlevels;
  const clusterOfUnit = new Int32Array(nUnits).fill(-1);
  for (let i = 0; i < n; i++) {
    const a = A[i];
    const g = cluster.codes[i];
    if (clusterOfUnit[a] < 0) clusterOfUnit[a] = g;
    else if (clusterOfUnit[a] !== g) return null;
  }
  const k = controls.length;
  const T = nPeriods;
  const nPatterns = patterns.start.length - 1;
  const offP = T;
  const offX = offP + k;
  const offQ = offX + k * T;
  const offPattern = offQ + (k * (k + 1)) / 2;
  const dim = offPattern + nPatterns;
  if (G * dim > MAX_MOMENT_DOUBLES) return null;
  const z = new Float64Array(G * dim);
  for (let i = 0; i < n; i++) {
    const base = cluster.codes[i] * dim;
    const t = B[i];
    const y = yPerp[i];
    z[base + t] += y;
    let qi = base + offQ;
    for (let j = 0; j < k; j++) {
      const xj = controls[j][i];
      z[base + offP + j] += xj * y;
      z[base + offX + j * T + t] += xj;
      for (let l = j; l < k; l++) z[qi++] += xj * controls[l][i];
    }
  }
  for (let a = 0; a < nUnits; a++) if (clusterOfUnit[a] >= 0) z[clusterOfUnit[a] * dim + offPattern + patterns.patternOf[a]] += 1;
  ctx.checkCancelled();
  const clusterIsUnit = G === nUnits && clusterOfUnit.every((g, a) => g === a);
  return { dim, nClusters: G, clusterOfUnit, clusterIsUnit, offP, offX, offQ, offPattern, z, zz: null, directSums: 0 };
}

/** Σ_g v_g v_g' over `count` vectors of width w stored at offset + g·stride, as a full w × w matrix. */
function outerSum(rows: Float64Array, count: number, w: number, stride = w, offset = 0): Float64Array {
  const out = new Float64Array(w * w);
  for (let g = 0; g < count; g++) {
    const base = offset + g * stride;
    for (let r = 0; r < w; r++) {
      const vr = rows[base + r];
      if (vr === 0) continue;
      const rowOff = r * w;
      for (let c = r; c < w; c++) out[rowOff + c] += vr * rows[base + c];
    }
  }
  for (let r = 0; r < w; r++) for (let c = 0; c < r; c++) out[r * w + c] = out[c * w + r];
  return out;
}

/** v'Mv for a full w × w matrix M. */
function quadraticForm(m: Float64Array, v: Float64Array, w: number): number {
  let total = 0;
  for (let r = 0; r < w; r++) {
    let s = 0;
    const rowOff = r * w;
    for (let c = 0; c < w; c++) s += m[rowOff + c] * v[c];
    total += v[r] * s;
  }
  return total;
}

/**
 * Tables for adoption draws. A draw's cost is reading its treated units' data (random
 * accesses), so the data are in narrow tables indexed by unit (the treated units of a draw
 * come in ascending order, so nearby rows share cache lines and pages):
 * - per first treated period t (built when first needed), row a is [Σ y⊥, Σ X̃_1 … Σ X̃_k]
 *   over unit a's rows in periods ≥ t;
 * - (clusters = units) the projected moments ẑ_a = [γ'Y_a | P_a | γ'X_a1 … γ'X_ak | Q_a], z_a
 *   with the period parts contracted with one γ. In-space draws with the real timing on a
 *   balanced panel all share γ; then z_a'θ needs 1 + 2k + k(k+1)/2 numbers instead of dim z,
 *   and Σ_a (z_a'θ)² follows from Σ ẑ ẑ'.
 */
interface AdoptionTables {
  suffixFrom: (Float64Array | null)[];
  /** before[p·(T + 1) + t]: rows of pattern p in periods below t (t = 0 … T). */
  before: Int32Array;
  /** Projected moments by unit (null: clusters are not units), their γ, and how often γ changed. */
  proj: Float64Array | null;
  projGamma: Float64Array | null;
  projChanges: number;
  /** Σ_a ẑ_a ẑ_a' and Σ_{a of pattern p} ẑ_a. */
  projOuter: Float64Array | null;
  projByPattern: Float64Array | null;
  /** Touched units per (pattern, first period) bucket and each bucket's Σ γ over treated periods. */
  bucketCount: Float64Array;
  bucketGamma: Float64Array;
  buckets: Int32Array;
  bucketOf: Int32Array;
}

/** Projected moments are recomputed (O(units × dim)) at most this often before z is used directly. */
const MAX_PROJECTION_CHANGES = 3;

function adoptionTables(nA: number, T: number, k: number, patterns: Patterns, moments: ClusterMoments | null): AdoptionTables {
  const nPatterns = patterns.start.length - 1;
  const before = new Int32Array(nPatterns * (T + 1));
  for (let p = 0; p < nPatterns; p++) {
    let e = patterns.start[p];
    let below = 0;
    for (let t = 0; t <= T; t++) {
      while (e < patterns.start[p + 1] && patterns.period[e] < t) below += patterns.count[e++];
      before[p * (T + 1) + t] = below;
    }
  }
  const nBuckets = nPatterns * (T + 1);
  const projWidth = 1 + 2 * k + (k * (k + 1)) / 2;
  return {
    suffixFrom: new Array<Float64Array | null>(T + 1).fill(null),
    before,
    proj: moments?.clusterIsUnit ? new Float64Array(nA * projWidth) : null,
    projGamma: null,
    projChanges: 0,
    projOuter: null,
    projByPattern: null,
    bucketCount: new Float64Array(nBuckets),
    bucketGamma: new Float64Array(nBuckets),
    buckets: new Int32Array(nBuckets),
    bucketOf: new Int32Array(nA),
  };
}

/** Per unit, [Σ y⊥, Σ X̃_1 … Σ X̃_k] over its rows in periods ≥ t (rows come by period within a unit). */
function suffixTable(t: number, byUnit: { start: Int32Array; rows: Int32Array }, B: Int32Array, nA: number, yPerp: Float64Array, controls: Float64Array[]): Float64Array {
  const k = controls.length;
  const width = 1 + k;
  const out = new Float64Array(nA * width);
  for (let a = 0; a < nA; a++) {
    const from = byUnit.start[a];
    const o = a * width;
    for (let r = byUnit.start[a + 1] - 1; r >= from; r--) {
      const i = byUnit.rows[r];
      if (B[i] < t) break;
      out[o] += yPerp[i];
      for (let j = 0; j < k; j++) out[o + 1 + j] += controls[j][i];
    }
  }
  return out;
}

/**
 * Fills the projected moments of every unit for γ (clusters are units: z row a is unit a)
 * and their sums, so that Σ_a (z_a'θ)² = θ̂'(Σ ẑ ẑ')θ̂ + pattern terms needs no pass over units.
 */
function projectUnits(tab: AdoptionTables, proj: Float64Array, mo: ClusterMoments, gamma: Float64Array, patterns: Patterns, nA: number, T: number, k: number): void {
  const { z, dim, offP, offX, offQ } = mo;
  const nq = (k * (k + 1)) / 2;
  const w = 1 + 2 * k + nq;
  const nPatterns = patterns.start.length - 1;
  const byPattern = new Float64Array(nPatterns * w);
  for (let a = 0; a < nA; a++) {
    const zb = a * dim;
    const o = a * w;
    let s = 0;
    for (let t = 0; t < T; t++) s += gamma[t] * z[zb + t];
    proj[o] = s;
    for (let j = 0; j < k; j++) {
      proj[o + 1 + j] = z[zb + offP + j];
      let x = 0;
      for (let t = 0; t < T; t++) x += gamma[t] * z[zb + offX + j * T + t];
      proj[o + 1 + k + j] = x;
    }
    for (let e = 0; e < nq; e++) proj[o + 1 + 2 * k + e] = z[zb + offQ + e];
    const pb = patterns.patternOf[a] * w;
    for (let c = 0; c < w; c++) byPattern[pb + c] += proj[o + c];
  }
  tab.projGamma = Float64Array.from(gamma);
  tab.projOuter = outerSum(proj, nA, w);
  tab.projByPattern = byPattern;
}

/**
 * The parts of a treated unit's δ that depend on its bucket only: for b treated of na rows,
 * γ̄ of its pattern and Σ γ over its treated periods sg, [b γ̄ − sg, b − b²/na].
 */
function bucketDeltaTerms(b: number, na: number, gbar: number, sg: number): [number, number] {
  return [b * gbar - sg, b - (b * b) / na];
}

/**
 * δ of a treated unit (module comment), δ = sy − β (2 (b γ̄ − sg − c'sx) + b − b²/na): its
 * sums over treated rows sy and sx (k values at sx[sxOff]), its bucket's terms
 * (bucketDeltaTerms), the controls' coefficients on d at coef[coefOff].
 */
function unitDelta(sy: number, sx: Float64Array, sxOff: number, bgMinusSg: number, bTerm: number, beta: number, coef: Float64Array, coefOff: number, k: number): number {
  let cx = 0;
  for (let j = 0; j < k; j++) cx += coef[coefOff + j] * sx[sxOff + j];
  return sy - beta * (2 * (bgMinusSg - cx) + bTerm);
}

/**
 * z_a'θ of an untreated unit from its projected moments at proj[o] (module comment):
 * −γ'Y_a − c'P_a − 2β Σ_j c_j γ'X_aj − β c'Q_a c − β q_p, with c at coef[coefOff] and c c' at cc[ccOff].
 */
function projectedScore(proj: Float64Array, o: number, beta: number, coef: Float64Array, coefOff: number, cc: Float64Array, ccOff: number, qp: number, k: number): number {
  const nq = (k * (k + 1)) / 2;
  let zt = -proj[o];
  let quad = 0;
  for (let j = 0; j < k; j++) zt -= coef[coefOff + j] * (proj[o + 1 + j] + 2 * beta * proj[o + 1 + k + j]);
  for (let c = 0; c < nq; c++) quad += cc[ccOff + c] * proj[o + 1 + 2 * k + c];
  return zt - beta * (quad + qp);
}

/** Stands for a suffix table no draw of a batch uses. */
const EMPTY = new Float64Array(0);

/** Units per block of a batch's sweeps: the block's rows of the per-unit tables stay in cache. */
const SWEEP_UNITS = 2048;

/**
 * How a batch of draws is swept block of units by block: for block b and draw d, the entries
 * of d before end[b·D + d] (each draw's units in units[0 … count), mostly ascending; an entry
 * out of order is taken in a later block, so every draw keeps its order). Reading the
 * per-unit tables a block at a time for all draws replaces reading them once per draw at
 * random places, which on a large panel waits on memory for most of a draw's time.
 */
function blockSchedule(draws: { units: Int32Array; count: number }[], nUnits: number): { blocks: number; end: Int32Array } {
  const D = draws.length;
  const blocks = Math.max(1, Math.ceil(nUnits / SWEEP_UNITS));
  const end = new Int32Array(blocks * D);
  for (let d = 0; d < D; d++) {
    const { units, count } = draws[d];
    let e = 0;
    for (let b = 0; b < blocks; b++) {
      const hi = b === blocks - 1 ? Infinity : (b + 1) * SWEEP_UNITS;
      while (e < count && units[e] < hi) e++;
      end[b * D + d] = b === blocks - 1 ? count : e;
    }
  }
  return { blocks, end };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Null when the design is not two unweighted fixed effects linking every level (use prepareFwl). */
export function prepareTwoWayFwl(design: Design, opts: FwlOptions, ctx: RunContext): SparseFwlModel | null {
  if (design.fixedEffects.length !== 2 || design.weights || design.iv || !design.response || opts.vcov === 'HC3') return null;
  const [f0, f1] = design.fixedEffects;
  const [big, small] = f0.nlevels >= f1.nlevels ? [f0, f1] : [f1, f0];
  if (small.nlevels > MAX_SMALL_FE_LEVELS) return null;
  let sys: TwoWaySystem;
  try {
    sys = buildTwoWay(big.codes, small.codes, big.nlevels, small.nlevels);
  } catch (e) {
    // Fixed effects that do not link every level: leave it to the iterative demeaning.
    if (isUserError(e)) return null;
    throw e;
  }
  ctx.checkCancelled();
  const n = design.rows.length;
  const ssc = opts.ssc ?? FIXEST_SSC;
  const collinTol = opts.collinTol ?? 1e-10;
  const level = opts.level ?? 0.95;
  const pDist = opts.pDist ?? 't';
  const yt = residualizeTwoWay(sys, design.response.values);
  const xt = design.columns.map((c) => residualizeTwoWay(sys, c));
  const { xtx } = crossProducts(xt, null, null);
  // Controls collinear with the fixed effects drop out, as in feols (null: all of them do).
  const chol = (xt.length ? choleskyExclude(xtx, collinTol) : null) ?? { kept: [], excluded: [], inverse: [] as Matrix };
  const controls = chol.kept.map((j) => xt[j]);
  const k = controls.length;
  const inverse = chol.inverse;
  const times = (v: ArrayLike<number>): number[] => inverse.map((row) => row.reduce((s, x, b) => s + x * v[b], 0));
  const xty = controls.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] * yt[i];
    return s;
  });
  // y⊥ = ỹ − X̃ (X̃'X̃)⁻¹ X̃'ỹ, computed in place of ỹ (not used again).
  const yPerp = yt;
  times(xty).forEach((g, a) => {
    const c = controls[a];
    for (let i = 0; i < n; i++) yPerp[i] -= g * c[i];
  });
  let yy = 0;
  for (let i = 0; i < n; i++) yy += yPerp[i] * yPerp[i];

  const request = resolveVcovRequest(opts.vcov, design, opts.clusters);
  const nparams = k + 1 + fixefDof(design);
  if (n - nparams <= 0) throw new UserError('feols.no_residual_df', `The model has ${nparams} parameters for ${n} observations.`);
  const fixedEffects = design.fixedEffects.map((f) => ({ name: f.name, columns: f.columns, codes: f.codes, nlevels: f.nlevels }));
  // For one coefficient and a one-way variance, V = c · meat / (d⊥'d⊥)² (iid: c · SSR / d⊥'d⊥)
  // with c fixed by the design (small-sample K, G / (G − 1)): found once by a probe whose
  // meat is 1 (a single unit score; the cluster of the first row).
  const unit = Float64Array.of(1);
  const probe = computeVcov({ bread: [[1]], scores: { columns: [unit], weightedResiduals: unit }, ssr: 1, n, nparams, fixedEffects }, request, ssc);
  const scale = probe.matrix[0][0];
  const multiway = request.type === 'cluster' && request.clusters.length > 1;
  const oneWay: ClusterFactor | null = request.type === 'cluster' && !multiway ? request.clusters[0] : null;

  const A = big.codes;
  const B = small.codes;
  const nA = big.nlevels;
  const T = small.nlevels;
  const nu = sys.nu;
  const byUnit = rowsByUnitAndPeriod(A, B, nA, T);
  const patterns = periodPatterns(B, nA, T, byUnit);
  const nPatterns = patterns.start.length - 1;
  const moments = oneWay ? clusterMoments(oneWay, A, B, nA, T, yPerp, controls, patterns, ctx) : null;
  const variancePath: SparseFwlModel['variancePath'] = request.type === 'iid' ? 'iid' : moments ? 'cluster_moments' : 'row_pass';
  let tables: AdoptionTables | null = null;

  const touched = touchedArrays(nA, k);
  const perUnit: PerUnit = { b: new Float64Array(nA), sy: new Float64Array(nA), sx: new Float64Array(nA * k), sg: new Float64Array(nA) };
  const perPeriod = new Float64Array(T);
  const xd = new Float64Array(k);
  const gamma = new Float64Array(T);
  const sumGamma = new Float64Array(nPatterns);
  const shareOfPattern = new Float64Array(nPatterns);
  const q = new Float64Array(nPatterns);
  const m = sys.free.length;
  const rhs = new Float64Array(m);
  const coef = new Float64Array(k);
  const nq = (k * (k + 1)) / 2;
  // c_j c_l (doubled off the diagonal), matching the upper triangle of X̃'X̃ in z.
  const cc = new Float64Array(nq);

  // Row pass (robust, multiway, or clusters the units are not nested in).
  let rowPass: ScorePass | null = null;
  if (variancePath === 'row_pass') {
    const dense = new Uint8Array(n);
    const dRow = multiway ? new Float64Array(n) : null;
    const eRow = multiway ? new Float64Array(n) : null;
    const clusterScores = oneWay ? new Float64Array(oneWay.nlevels) : null;
    rowPass = { n, dense, A, B, alpha: new Float64Array(nA), gamma, controls, yPerp, codes: oneWay?.codes ?? null, clusterScores, dRow, eRow };
  }
  // Cluster moments: θ; δ per touched cluster when clusters hold several units; the touched
  // units' projected moments [γ'Y_a | P_a | γ'X_a | Q_a] for adoption draws.
  const theta = moments ? new Float64Array(moments.dim) : null;
  const deltaOfCluster = moments && !moments.clusterIsUnit ? new Float64Array(moments.nClusters) : null;
  const touchedClusters = moments && !moments.clusterIsUnit ? new Int32Array(moments.nClusters) : null;
  const clusterSeen = moments && !moments.clusterIsUnit ? new Uint8Array(moments.nClusters) : null;
  const projWidth = 1 + 2 * k + nq;
  const touchedProj = moments?.clusterIsUnit ? new Float64Array(nA * projWidth) : null;
  const thetaProj = new Float64Array(projWidth);
  const unitsOfPattern = new Float64Array(nPatterns);
  for (let a = 0; a < nA; a++) unitsOfPattern[patterns.patternOf[a]]++;

  /** Σ γ per pattern for the γ in `gamma`. */
  const sumGammaByPattern = (): void => {
    for (let p = 0; p < nPatterns; p++) {
      let s = 0;
      for (let e = patterns.start[p]; e < patterns.start[p + 1]; e++) s += patterns.count[e] * gamma[patterns.period[e]];
      sumGamma[p] = s;
    }
  };

  /** γ from the Schur system, Σ γ per pattern, and α of the touched units. */
  const solveGamma = (sharesGiven: boolean): void => {
    schurRhs(touched, perPeriod, sys, patterns, shareOfPattern, sharesGiven, rhs);
    const g = m ? choleskySolve(sys.chol, rhs) : [];
    for (let t = 0; t < T; t++) gamma[t] = sys.row[t] >= 0 ? g[sys.row[t]] : 0;
    sumGammaByPattern();
    for (let e = 0; e < touched.count; e++) touched.alpha[e] = (touched.treated[e] - sumGamma[touched.pattern[e]]) / touched.rows[e];
  };

  /**
   * The part of d'd⊥ = Σ_{d=1} (d̃ᵢ − X̃ᵢ·coef) = Σ_a b_a (1 − α_a) − Σ_{d=1} γ_B(i) − coef·X̃'d
   * that does not involve the controls, from the touched units and Σ_{treated} γ_B.
   */
  const ddWithoutControls = (gammaTotal: number): number => {
    let dd = -gammaTotal;
    for (let e = 0; e < touched.count; e++) dd += touched.treated[e] * (1 - touched.alpha[e]);
    return dd;
  };

  /** The controls' coefficients on d (from X̃'d in `xd`), d'd⊥, β and the SSR, given d'y⊥. */
  const fitBeta = (dy: number, ddPart: number): { beta: number; dd: number; ssr: number } => {
    times(xd).forEach((c, j) => (coef[j] = c));
    let dd = ddPart;
    for (let j = 0; j < k; j++) dd -= coef[j] * xd[j];
    if (!(dd >= collinTol)) throw new UserError('fwl.collinear', 'The column is collinear with the fixed effects and controls, so its coefficient is not identified.');
    const beta = dy / dd;
    return { beta, dd, ssr: yy - 2 * beta * dy + beta * beta * dd };
  };

  /**
   * θ for the draw (module comment), q_p and c c'; returns Σ_G (z_G'θ)², the meat if no unit
   * were treated: from the projected sums when the draw's γ is theirs, else θ'Zθ once Z is
   * built, else directly.
   */
  const untreatedMeat = (mo: ClusterMoments, th: Float64Array, beta: number, tab: AdoptionTables | null, projected: boolean): number => {
    const { dim, offP, offX, offQ, offPattern } = mo;
    for (let p = 0; p < nPatterns; p++) {
      const gbar = sumGamma[p] / patterns.size[p];
      let s = 0;
      for (let e = patterns.start[p]; e < patterns.start[p + 1]; e++) {
        const dev = gbar - gamma[patterns.period[e]];
        s += patterns.count[e] * dev * dev;
      }
      q[p] = s;
    }
    for (let j = 0, e = 0; j < k; j++) for (let l = j; l < k; l++, e++) cc[e] = coef[j] * coef[l] * (j === l ? 1 : 2);
    for (let t = 0; t < T; t++) th[t] = -gamma[t];
    for (let j = 0; j < k; j++) {
      th[offP + j] = -coef[j];
      for (let t = 0; t < T; t++) th[offX + j * T + t] = -2 * beta * coef[j] * gamma[t];
    }
    for (let e = 0; e < nq; e++) th[offQ + e] = -beta * cc[e];
    for (let p = 0; p < nPatterns; p++) th[offPattern + p] = -beta * q[p];
    if (projected && tab && tab.projOuter && tab.projByPattern) {
      thetaProj[0] = -1;
      for (let j = 0; j < k; j++) {
        thetaProj[1 + j] = -coef[j];
        thetaProj[1 + k + j] = -2 * beta * coef[j];
      }
      for (let e = 0; e < nq; e++) thetaProj[1 + 2 * k + e] = -beta * cc[e];
      let meat = quadraticForm(tab.projOuter, thetaProj, projWidth);
      for (let p = 0; p < nPatterns; p++) {
        const bq = -beta * q[p];
        let dot = 0;
        for (let c = 0; c < projWidth; c++) dot += tab.projByPattern[p * projWidth + c] * thetaProj[c];
        meat += 2 * bq * dot + unitsOfPattern[p] * bq * bq;
      }
      return meat;
    }
    if (!mo.zz && mo.directSums >= DIRECT_SUMS_BEFORE_Z && dim * dim <= MAX_MOMENT_DOUBLES) mo.zz = outerSum(mo.z, mo.nClusters, dim);
    if (mo.zz) return quadraticForm(mo.zz, th, dim);
    mo.directSums++;
    let meat = 0;
    for (let g = 0; g < mo.nClusters; g++) {
      const base = g * dim;
      let zt = 0;
      for (let c = 0; c < dim; c++) zt += mo.z[base + c] * th[c];
      meat += zt * zt;
    }
    return meat;
  };

  /** δ_e: how much treating touched unit e changes its score (module comment). */
  const deltaOf = (e: number, beta: number): number => {
    const [bgMinusSg, bTerm] = bucketDeltaTerms(touched.treated[e], touched.rows[e], sumGamma[touched.pattern[e]] / touched.rows[e], touched.sg[e]);
    return unitDelta(touched.sy[e], touched.sx, e * k, bgMinusSg, bTerm, beta, coef, 0, k);
  };

  /**
   * Σ over the touched clusters of δ_G (2 z_G'θ + δ_G), z_G'θ from z. With projected moments
   * (clusters are units, adoption draws) z_a'θ = −γ'Y_a − c'P_a − 2β Σ_j c_j γ'X_aj − β c'Q_a c − β q_p.
   */
  const touchedMeat = (mo: ClusterMoments, th: Float64Array, beta: number, proj: Float64Array | null): number => {
    const dim = mo.dim;
    let meat = 0;
    if (mo.clusterIsUnit) {
      for (let e = 0; e < touched.count; e++) {
        const d = deltaOf(e, beta);
        let zt: number;
        if (proj) zt = projectedScore(proj, e * projWidth, beta, coef, 0, cc, 0, q[touched.pattern[e]], k);
        else {
          const base = touched.unit[e] * dim;
          zt = 0;
          for (let c = 0; c < dim; c++) zt += mo.z[base + c] * th[c];
        }
        meat += d * (2 * zt + d);
      }
      return meat;
    }
    const delta = deltaOfCluster as Float64Array;
    const seen = clusterSeen as Uint8Array;
    const list = touchedClusters as Int32Array;
    let nTc = 0;
    for (let e = 0; e < touched.count; e++) {
      const g = mo.clusterOfUnit[touched.unit[e]];
      if (!seen[g]) {
        seen[g] = 1;
        list[nTc++] = g;
      }
      delta[g] += deltaOf(e, beta);
    }
    for (let e = 0; e < nTc; e++) {
      const g = list[e];
      const base = g * dim;
      let zt = 0;
      for (let c = 0; c < dim; c++) zt += mo.z[base + c] * th[c];
      const d = delta[g];
      meat += d * (2 * zt + d);
      delta[g] = 0;
      seen[g] = 0;
    }
    return meat;
  };

  const row = (beta: number, variance: number): Row => ({ ...coefficientRow(beta, variance, probe.dfT, pDist, level), df_t: probe.dfT });

  const estimateOnes = (ones: Int32Array, count: number): Row => {
    ctx.checkCancelled();
    touched.count = 0;
    try {
      countOnes(ones, count, A, B, yPerp, perUnit, touched, perPeriod);
      for (let j = 0; j < k; j++) sumOverOnes(ones, count, A, controls[j], perUnit.sx, k, j);
      let dy = 0;
      xd.fill(0);
      for (let e = 0; e < touched.count; e++) {
        const a = touched.unit[e];
        touched.pattern[e] = patterns.patternOf[a];
        touched.rows[e] = nu[a];
        touched.treated[e] = perUnit.b[a];
        touched.sy[e] = perUnit.sy[a];
        dy += perUnit.sy[a];
        for (let j = 0; j < k; j++) {
          const x = perUnit.sx[a * k + j];
          touched.sx[e * k + j] = x;
          xd[j] += x;
        }
      }
      solveGamma(false);
      gammaOverOnes(ones, count, A, B, gamma, perUnit.sg);
      let gammaTotal = 0;
      for (let e = 0; e < touched.count; e++) {
        const s = perUnit.sg[touched.unit[e]];
        touched.sg[e] = s;
        gammaTotal += s;
      }
      const { beta, dd, ssr } = fitBeta(dy, ddWithoutControls(gammaTotal));
      if (request.type === 'iid') return row(beta, (scale * ssr) / dd);
      if (moments && theta) return row(beta, (scale * (untreatedMeat(moments, theta, beta, null, false) + touchedMeat(moments, theta, beta, null))) / (dd * dd));
      const pass = rowPass as ScorePass;
      // α of every unit: untreated ones have α_a = −γ̄_a.
      for (let a = 0; a < nA; a++) pass.alpha[a] = nu[a] > 0 ? (perUnit.b[a] - sumGamma[patterns.patternOf[a]]) / nu[a] : 0;
      for (let e = 0; e < count; e++) pass.dense[ones[e]] = 1;
      const sumSq = scorePass(pass, coef, beta);
      for (let e = 0; e < count; e++) pass.dense[ones[e]] = 0;
      if (multiway && pass.dRow && pass.eRow) return row(beta, computeVcov({ bread: [[1 / dd]], scores: { columns: [pass.dRow], weightedResiduals: pass.eRow }, ssr, n, nparams, fixedEffects }, request, ssc).matrix[0][0]);
      return row(beta, (scale * sumSq) / (dd * dd));
    } finally {
      for (let e = 0; e < touched.count; e++) {
        const a = touched.unit[e];
        perUnit.b[a] = 0;
        perUnit.sy[a] = 0;
        perUnit.sg[a] = 0;
        for (let j = 0; j < k; j++) perUnit.sx[a * k + j] = 0;
      }
      perPeriod.fill(0);
      touched.count = 0;
    }
  };

  /** The row pass visits every row anyway: adoption draws list their treated rows for it. */
  const adoptionByRows = (units: Int32Array, from: Int32Array, count: number): AdoptionDraw => {
    const ones = new Int32Array(n);
    let c = 0;
    for (let e = 0; e < count; e++) {
      const a = units[e];
      for (let r = byUnit.start[a]; r < byUnit.start[a + 1]; r++) {
        const i = byUnit.rows[r];
        if (B[i] >= from[e]) ones[c++] = i;
      }
    }
    try {
      return { treatedRows: c, row: estimateOnes(ones, c) };
    } catch (e) {
      if (!(isUserError(e) && e.code === 'fwl.collinear')) throw e;
      return { treatedRows: c, row: null };
    }
  };

  const adoptionTablesOnce = (): AdoptionTables => tables ?? (tables = adoptionTables(nA, T, k, patterns, moments));
  let bucketsInUse = 0;

  /**
   * A draw's first step, no per-unit data read yet: which units have treated rows, how many,
   * their (pattern, first period) bucket, then γ (which depends on the buckets only). Fills
   * touched.*, bucketOf and the bucket list; clearDraw() undoes the marks. Returns the
   * treated row count.
   */
  const adoptionBuckets = (tab: AdoptionTables, units: Int32Array, from: Int32Array, count: number): number => {
    const { before, bucketCount, buckets, bucketOf } = tab;
    const seen = perUnit.b;
    let treatedRows = 0;
    for (let e = 0; e < count; e++) {
      const a = units[e];
      // A balanced panel has one pattern: no per-unit lookup.
      const p = nPatterns === 1 ? 0 : patterns.patternOf[a];
      const key = p * (T + 1) + Math.max(0, Math.min(T, from[e]));
      const na = patterns.size[p];
      const b = na - before[key];
      if (b <= 0) continue;
      if (seen[a] !== 0) throw new UserError('fwl.duplicate_units', `Unit level ${a} is listed twice in one draw.`);
      seen[a] = 1;
      const t = touched.count++;
      touched.unit[t] = a;
      touched.pattern[t] = p;
      touched.rows[t] = na;
      touched.treated[t] = b;
      bucketOf[t] = key;
      treatedRows += b;
      if (bucketCount[key] === 0) buckets[bucketsInUse++] = key;
      bucketCount[key]++;
    }
    // Treated rows per period and shares per pattern from the buckets (c units of pattern p
    // treated from period t0), in key order: draws with the same buckets get the same γ.
    buckets.subarray(0, bucketsInUse).sort();
    shareOfPattern.fill(0);
    for (let u = 0; u < bucketsInUse; u++) {
      const key = buckets[u];
      const p = Math.floor(key / (T + 1));
      const t0 = key - p * (T + 1);
      const c = bucketCount[key];
      for (let e = patterns.start[p]; e < patterns.start[p + 1]; e++) if (patterns.period[e] >= t0) perPeriod[patterns.period[e]] += c * patterns.count[e];
      shareOfPattern[p] += (c * (patterns.size[p] - before[key])) / patterns.size[p];
    }
    solveGamma(true);
    return treatedRows;
  };

  /** Σ γ over each bucket's treated periods (bucketGamma) and the draw's total Σ_{treated} γ_B; the suffix tables its buckets need. */
  const bucketGammas = (tab: AdoptionTables): number => {
    const { buckets, bucketCount, bucketGamma, suffixFrom } = tab;
    let gammaTotal = 0;
    for (let u = 0; u < bucketsInUse; u++) {
      const key = buckets[u];
      const p = Math.floor(key / (T + 1));
      const t0 = key - p * (T + 1);
      let s = 0;
      for (let e = patterns.start[p]; e < patterns.start[p + 1]; e++) if (patterns.period[e] >= t0) s += patterns.count[e] * gamma[patterns.period[e]];
      bucketGamma[key] = s;
      gammaTotal += bucketCount[key] * s;
      if (!suffixFrom[t0]) suffixFrom[t0] = suffixTable(t0, byUnit, B, nA, yPerp, controls);
    }
    return gammaTotal;
  };

  /** Undoes a draw's marks (after adoptionBuckets, also when it threw part way). */
  const clearDraw = (): void => {
    for (let e = 0; e < touched.count; e++) perUnit.b[touched.unit[e]] = 0;
    if (tables) for (let u = 0; u < bucketsInUse; u++) tables.bucketCount[tables.buckets[u]] = 0;
    bucketsInUse = 0;
    perPeriod.fill(0);
    touched.count = 0;
  };

  const estimateAdoption = (units: Int32Array, from: Int32Array, count: number): AdoptionDraw => {
    ctx.checkCancelled();
    if (rowPass) return adoptionByRows(units, from, count);
    const tab = adoptionTablesOnce();
    const { suffixFrom, proj, bucketGamma, bucketOf } = tab;
    try {
      const treatedRows = adoptionBuckets(tab, units, from, count);
      const gammaTotal = bucketGammas(tab);
      // Projected moments for this γ: kept from earlier draws, recomputed a few times, or
      // (γ changing every draw) formed from z for the touched units only.
      let projected = false;
      if (proj && moments) {
        projected = tab.projGamma !== null && sameValues(tab.projGamma, gamma);
        if (!projected && tab.projChanges < MAX_PROJECTION_CHANGES) {
          tab.projChanges++;
          projectUnits(tab, proj, moments, gamma, patterns, nA, T, k);
          projected = true;
        }
      }
      // The reads of the treated units' data, in two tight loops (more reads in flight): their
      // sums from their first treated period, then their projected moments.
      const nTouched = touched.count;
      const width = 1 + k;
      let dy = 0;
      xd.fill(0);
      for (let e = 0; e < nTouched; e++) {
        const key = bucketOf[e];
        touched.sg[e] = bucketGamma[key];
        const table = suffixFrom[key % (T + 1)] as Float64Array;
        const off = touched.unit[e] * width;
        const ys = table[off];
        touched.sy[e] = ys;
        dy += ys;
        for (let j = 0; j < k; j++) {
          const x = table[off + 1 + j];
          touched.sx[e * k + j] = x;
          xd[j] += x;
        }
      }
      if (projected && proj && touchedProj) {
        for (let e = 0; e < nTouched; e++) {
          const from = touched.unit[e] * projWidth;
          const to = e * projWidth;
          for (let c = 0; c < projWidth; c++) touchedProj[to + c] = proj[from + c];
        }
      }
      let fit: { beta: number; dd: number; ssr: number };
      try {
        fit = fitBeta(dy, ddWithoutControls(gammaTotal));
      } catch (e) {
        if (!(isUserError(e) && e.code === 'fwl.collinear')) throw e;
        return { treatedRows, row: null };
      }
      const { beta, dd, ssr } = fit;
      if (request.type === 'iid' || !moments || !theta) return { treatedRows, row: row(beta, (scale * ssr) / dd) };
      const meat = untreatedMeat(moments, theta, beta, tab, projected) + touchedMeat(moments, theta, beta, projected ? touchedProj : null);
      return { treatedRows, row: row(beta, (scale * meat) / (dd * dd)) };
    } finally {
      clearDraw();
    }
  };

  /**
   * Draws of a batch that share the projected moments' γ (in-space draws with the real timing
   * on a balanced panel, clusters = units): each keeps its touched units and buckets; their
   * sums are then formed in two sweeps over the units (blockSchedule) with exactly the
   * arithmetic, and order, of estimateAdoption.
   */
  interface Waiting {
    index: number;
    units: Int32Array;
    keys: Int32Array;
    count: number;
    treatedRows: number;
    ddPart: number;
  }

  const finishBatch = (waiting: Waiting[], out: AdoptionDraw[]): void => {
    if (waiting.length === 0) return;
    const tab = tables as AdoptionTables;
    const mo = moments as ClusterMoments;
    const th = theta as Float64Array;
    const proj = tab.proj as Float64Array;
    const { suffixFrom, bucketGamma, before } = tab;
    const D = waiting.length;
    const width = 1 + k;
    // γ (and Σ γ per pattern) of the batch: a draw that did not join may have changed them.
    gamma.set(tab.projGamma as Float64Array);
    sumGammaByPattern();
    const { blocks, end } = blockSchedule(waiting, nA);
    // What depends on a unit's bucket only, looked up by key in the sweeps.
    const nKeys = nPatterns * (T + 1);
    const tableOfKey = Array.from({ length: nKeys }, (_, key) => suffixFrom[key % (T + 1)] ?? EMPTY);
    const bgMinusSg = new Float64Array(nKeys);
    const bTerm = new Float64Array(nKeys);
    const qOfKey = new Float64Array(nKeys);
    for (let key = 0; key < nKeys; key++) {
      const p = Math.floor(key / (T + 1));
      const na = patterns.size[p];
      [bgMinusSg[key], bTerm[key]] = bucketDeltaTerms(na - before[key], na, sumGamma[p] / na, bucketGamma[key]);
    }
    const dys = new Float64Array(D);
    const xds = new Float64Array(D * k);
    for (let b = 0; b < blocks; b++) {
      for (let d = 0; d < D; d++) {
        const { units, keys } = waiting[d];
        let dy = dys[d];
        for (let e = b === 0 ? 0 : end[(b - 1) * D + d]; e < end[b * D + d]; e++) {
          const table = tableOfKey[keys[e]];
          const off = units[e] * width;
          dy += table[off];
          for (let j = 0; j < k; j++) xds[d * k + j] += table[off + 1 + j];
        }
        dys[d] = dy;
      }
    }
    const betas = new Float64Array(D);
    const coefs = new Float64Array(D * k);
    const ccs = new Float64Array(D * nq);
    const dds = new Float64Array(D);
    const meats = new Float64Array(D);
    const touchedMeats = new Float64Array(D);
    const fitted = new Uint8Array(D);
    for (let d = 0; d < D; d++) {
      xd.set(xds.subarray(d * k, (d + 1) * k));
      try {
        const { beta, dd } = fitBeta(dys[d], waiting[d].ddPart);
        meats[d] = untreatedMeat(mo, th, beta, tab, true);
        betas[d] = beta;
        dds[d] = dd;
        coefs.set(coef, d * k);
        ccs.set(cc, d * nq);
        fitted[d] = 1;
      } catch (e) {
        if (!(isUserError(e) && e.code === 'fwl.collinear')) throw e;
      }
    }
    // q (per pattern) is the batch's: untreatedMeat set it from the same γ for every draw.
    for (let key = 0; key < nKeys; key++) qOfKey[key] = q[Math.floor(key / (T + 1))];
    for (let b = 0; b < blocks; b++) {
      for (let d = 0; d < D; d++) {
        if (!fitted[d]) continue;
        const { units, keys } = waiting[d];
        const beta = betas[d];
        let meat = touchedMeats[d];
        for (let e = b === 0 ? 0 : end[(b - 1) * D + d]; e < end[b * D + d]; e++) {
          const key = keys[e];
          const table = tableOfKey[key];
          const off = units[e] * width;
          const delta = unitDelta(table[off], table, off + 1, bgMinusSg[key], bTerm[key], beta, coefs, d * k, k);
          const zt = projectedScore(proj, units[e] * projWidth, beta, coefs, d * k, ccs, d * nq, qOfKey[key], k);
          meat += delta * (2 * zt + delta);
        }
        touchedMeats[d] = meat;
      }
    }
    for (let d = 0; d < D; d++) out[waiting[d].index] = { treatedRows: waiting[d].treatedRows, row: fitted[d] ? row(betas[d], (scale * (meats[d] + touchedMeats[d])) / (dds[d] * dds[d])) : null };
    waiting.length = 0;
  };

  // The touched units and buckets of each place in a batch, reused from batch to batch.
  const waitSlots: { units: Int32Array; keys: Int32Array }[] = [];

  const estimateAdoptions = (draws: AdoptionRequest[]): AdoptionDraw[] => {
    const out = new Array<AdoptionDraw>(draws.length);
    const batchable = !rowPass && request.type !== 'iid' && moments !== null && moments.clusterIsUnit && theta !== null;
    const waiting: Waiting[] = [];
    for (let i = 0; i < draws.length; i++) {
      const { units, from, count } = draws[i];
      if (!batchable) {
        out[i] = estimateAdoption(units, from, count);
        continue;
      }
      ctx.checkCancelled();
      const tab = adoptionTablesOnce();
      let joined = false;
      try {
        const treatedRows = adoptionBuckets(tab, units, from, count);
        if (tab.projGamma !== null && sameValues(tab.projGamma, gamma)) {
          const ddPart = ddWithoutControls(bucketGammas(tab));
          const n = touched.count;
          let slot = waitSlots[waiting.length];
          if (!slot || slot.units.length < n) slot = waitSlots[waiting.length] = { units: new Int32Array(n), keys: new Int32Array(n) };
          slot.units.set(touched.unit.subarray(0, n));
          slot.keys.set(tab.bucketOf.subarray(0, n));
          waiting.push({ index: i, units: slot.units, keys: slot.keys, count: n, treatedRows, ddPart });
          joined = true;
        }
      } finally {
        clearDraw();
      }
      if (!joined) {
        // Another γ: the waiting draws are finished first (their sums need their γ and the
        // projected moments, which this draw may replace), then this one on its own.
        finishBatch(waiting, out);
        out[i] = estimateAdoption(units, from, count);
      }
    }
    finishBatch(waiting, out);
    return out;
  };

  return {
    rows: design.rows,
    unitCodes: A,
    periodCodes: B,
    variancePath,
    estimateOnes,
    estimateAdoption,
    estimateAdoptions,
    estimate(column: Float64Array) {
      if (column.length !== n) throw new UserError('fwl.length', `The column has ${column.length} values for ${n} estimation rows.`);
      const ones = new Int32Array(n);
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (column[i] === 1) ones[count++] = i;
        else if (column[i] !== 0) throw new UserError('fwl.not_binary', `The re-estimated column must be 0/1; row ${i + 1} of the estimation sample holds ${column[i]}.`);
      }
      return estimateOnes(ones, count);
    },
  };
}
