/**
 * Variance of OLS / 2SLS coefficients with fixest's small-sample rules (fixest 0.12,
 * vcov.fixest and ssc(); see the "On standard errors" vignette):
 *
 * - iid:     V = SSR / (n - 1) · (X'WX)⁻¹ · adj
 * - hetero:  V = B (Σ sᵢsᵢ') B · n / (n - 1) · adj            (= HC1 when adj is on)
 * - HC3:     V = B (Σ sᵢsᵢ' / (1 - hᵢ)²) B                      (sandwich::vcovHC, no adj)
 * - cluster: V = Σ_S (-1)^{|S|+1} B (Σ_g u_g u_g') B · c · adj  over every non-empty subset S of
 *            the cluster variables, u_g the score sums of the intersection groups
 *            (Cameron, Gelbach & Miller 2011); c = G_min / (G_min - 1), or G_S / (G_S - 1)
 *            inside each term with cluster_df = "conventional"
 *
 * with B = (X'WX)⁻¹, sᵢ = wᵢ eᵢ x̃ᵢ, and adj = (n - 1) / (n - K). K is the number of
 * parameters, where with fixef.K = "nested" the fixed effects nested in a cluster variable
 * are not counted. The t distribution has G_min - 1 degrees of freedom when clustered
 * (t.df = "min"), else n - K. A multiway matrix with a negative variance is made positive
 * semi-definite by clipping its eigenvalues at 1e-10, as fixest and CGM (2011) do.
 */
import { UserError } from './errors';
import type { Matrix } from './linalg';
import { zeros } from './linalg';

export interface ClusterFactor {
  name: string;
  codes: Int32Array;
  nlevels: number;
}

export type VcovRequest = { type: 'iid' } | { type: 'hetero' } | { type: 'HC3' } | { type: 'cluster'; clusters: ClusterFactor[] };

export interface Ssc {
  adj: boolean;
  fixefK: 'nested' | 'full' | 'none';
  fixefForceExact: boolean;
  clusterAdj: boolean;
  clusterDf: 'min' | 'conventional';
  tDf: 'min' | 'conventional' | number;
}

export const FIXEST_SSC: Ssc = { adj: true, fixefK: 'nested', fixefForceExact: false, clusterAdj: true, clusterDf: 'min', tDf: 'min' };

/**
 * reghdfe's corrections: fixest's nested rule with the fixed-effect parameters counted exactly
 * (redundant levels of two fixed effects found from their connected components).
 */
export const REGHDFE_SSC: Ssc = { ...FIXEST_SSC, fixefForceExact: true };

export function describeSsc(s: Ssc): string {
  const b = (x: boolean): string => (x ? 'TRUE' : 'FALSE');
  const base = `ssc(adj=${b(s.adj)}, fixef.K='${s.fixefK}', cluster.adj=${b(s.clusterAdj)}, cluster.df='${s.clusterDf}', t.df=${typeof s.tDf === 'number' ? s.tDf : `'${s.tDf}'`}${s.fixefForceExact ? ', fixef.force_exact=TRUE' : ''})`;
  const same = (o: Ssc): boolean => JSON.stringify(o) === JSON.stringify(s);
  if (same(FIXEST_SSC)) return `fixest default ${base}`;
  if (same(REGHDFE_SSC)) return `reghdfe ${base}`;
  return base;
}

export interface VcovFixedEffect {
  name: string;
  /** Source columns (several for `a^b`). */
  columns: string[];
  codes: Int32Array;
  nlevels: number;
}

export interface Scores {
  /** The (demeaned) regressors of the estimated coefficients. */
  columns: Float64Array[];
  /** wᵢ eᵢ: weight times residual. */
  weightedResiduals: Float64Array;
}

export interface VcovInput {
  /** (X'WX)⁻¹ of the estimated (non-collinear) coefficients. */
  bread: Matrix;
  /** Scores sᵢⱼ = rᵢ x̃ᵢⱼ, kept factored (rᵢ = wᵢ eᵢ) so no n × k array is materialised. */
  scores: Scores;
  /** Weighted sum of squared residuals. */
  ssr: number;
  n: number;
  /** Coefficients plus fixed-effect parameters. */
  nparams: number;
  fixedEffects: VcovFixedEffect[];
  /** HC3 only: leverage of each observation. */
  leverage?: () => Float64Array;
}

export interface VcovOutput {
  matrix: Matrix;
  type: string;
  dofK: number;
  dfT: number;
  clusterVars: string[] | null;
  nClusters: Record<string, number> | null;
  nClustersMin: number | null;
  /** True when the multiway matrix had to be made positive semi-definite. */
  fixedPsd: boolean;
}

/** Codes of the intersection of two groupings (no labels: only counts matter here). */
export function intersectCodes(a: Int32Array, na: number, b: Int32Array, nb: number): { codes: Int32Array; nlevels: number } {
  const n = a.length;
  const codes = new Int32Array(n);
  const total = na * nb;
  if (total <= Math.max(1 << 22, 4 * n)) {
    const slot = new Int32Array(total).fill(-1);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const key = a[i] * nb + b[i];
      if (slot[key] < 0) slot[key] = next++;
      codes[i] = slot[key];
    }
    return { codes, nlevels: next };
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = a[i] * nb + b[i];
    let c = map.get(key);
    if (c === undefined) {
      c = map.size;
      map.set(key, c);
    }
    codes[i] = c;
  }
  return { codes, nlevels: map.size };
}

/** True when every level of `fe` lies within a single cluster. */
export function isNested(fe: Int32Array, nfe: number, cluster: Int32Array): boolean {
  const owner = new Int32Array(nfe).fill(-1);
  for (let i = 0; i < fe.length; i++) {
    const g = fe[i];
    if (owner[g] < 0) owner[g] = cluster[i];
    else if (owner[g] !== cluster[i]) return false;
  }
  return true;
}

/**
 * Number of redundant fixed-effect coefficients: the connected components of the first two
 * fixed effects' bipartite graph, plus one per further fixed effect (the exact count for two
 * fixed effects; the usual normalisation beyond).
 */
export function redundantFixefCoefficients(fes: ReadonlyArray<{ codes: Int32Array; nlevels: number }>): number {
  if (fes.length === 0) return 0;
  if (fes.length === 1) return 0;
  const [a, b] = fes;
  const parent = new Int32Array(a.nlevels + b.nlevels);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let i = 0; i < a.codes.length; i++) {
    const ra = find(a.codes[i]);
    const rb = find(a.nlevels + b.codes[i]);
    if (ra !== rb) parent[ra] = rb;
  }
  let components = 0;
  for (let i = 0; i < parent.length; i++) if (find(i) === i) components++;
  return components + (fes.length - 2);
}

function sandwich(bread: Matrix, meat: Matrix): Matrix {
  const k = bread.length;
  const tmp = zeros(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += bread[i][l] * meat[l][j];
    tmp[i][j] = s;
  }
  const out = zeros(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += tmp[i][l] * bread[l][j];
    out[i][j] = s;
  }
  return out;
}

/** Σᵢ sᵢ sᵢ' · scaleᵢ with sᵢⱼ = rᵢ xᵢⱼ (scale 1 when absent). */
function crossMeat(s: Scores, scale: Float64Array | null): Matrix {
  const cols = s.columns;
  const k = cols.length;
  const r = s.weightedResiduals;
  const n = r.length;
  const r2 = new Float64Array(n);
  if (scale) for (let i = 0; i < n; i++) r2[i] = r[i] * r[i] * scale[i];
  else for (let i = 0; i < n; i++) r2[i] = r[i] * r[i];
  const meat = zeros(k, k);
  for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) {
    const ca = cols[a];
    const cb = cols[b];
    let v = 0;
    for (let i = 0; i < n; i++) v += r2[i] * ca[i] * cb[i];
    meat[a][b] = v;
    meat[b][a] = v;
  }
  return meat;
}

/** Σ_g u_g u_g' with u_g = Σ_{i∈g} sᵢ the score sums of group g. */
function clusterMeat(s: Scores, codes: Int32Array, nlevels: number): Matrix {
  const r = s.weightedResiduals;
  const sums = s.columns.map((x) => {
    const u = new Float64Array(nlevels);
    for (let i = 0; i < r.length; i++) u[codes[i]] += r[i] * x[i];
    return u;
  });
  const k = sums.length;
  const meat = zeros(k, k);
  for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) {
    const ua = sums[a];
    const ub = sums[b];
    let v = 0;
    for (let g = 0; g < nlevels; g++) v += ua[g] * ub[g];
    meat[a][b] = v;
    meat[b][a] = v;
  }
  return meat;
}

/**
 * Symmetric eigen-decomposition: Householder reduction to tridiagonal form, then the implicit
 * QL method with shifts (EISPACK tred2 and tql2; Wilkinson & Reinsch 1971, Handbook for
 * Automatic Computation II, contributions II/2 and II/3). O(k³) with a small constant, so
 * the variance of hundreds of coefficients (unit-specific trends) is fixed in a fraction of a
 * second. vectors[i][j] is component i of the eigenvector of values[j]; no particular order.
 */
export function symmetricEigen(a: Matrix): { values: number[]; vectors: Matrix } {
  const n = a.length;
  if (n === 0) return { values: [], vectors: [] };
  const v = a.map((r) => r.slice());
  const d = v[n - 1].slice();
  const e = new Array<number>(n).fill(0);

  // tred2: V accumulates the Householder reflections; d and e hold the tridiagonal matrix.
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[i - 1][j];
        v[i][j] = 0;
        v[j][i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[j][i] = f;
        g = e[j] + v[j][j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[k][j] * d[k];
          e[k] += v[k][j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[k][j] -= f * e[k] + g * d[k];
        d[j] = v[i - 1][j];
        v[i][j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    v[n - 1][i] = v[i][i];
    v[i][i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k][i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k][i + 1] * v[k][j];
        for (let k = 0; k <= i; k++) v[k][j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k][i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[n - 1][j];
    v[n - 1][j] = 0;
  }
  v[n - 1][n - 1] = 1;
  e[0] = 0;

  // tql2: QL iterations with implicit shifts on the tridiagonal matrix, rotating V along.
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; ; iter++) {
        if (iter >= 60) throw new Error(`symmetricEigen: no convergence for eigenvalue ${l} of ${n}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            const vk = v[k];
            const t = vk[i + 1];
            vk[i + 1] = s * vk[i] + c * t;
            vk[i] = c * vk[i] - s * t;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]) > eps * tst1)) break;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
  return { values: d, vectors: v };
}

/** fixest's mat_posdef_fix: V = Q diag(max(λ, tol)) Q' when a diagonal element is below tol. */
export function makePositiveSemiDefinite(v: Matrix, tol = 1e-10): Matrix {
  const k = v.length;
  const { values, vectors } = symmetricEigen(v);
  const out = zeros(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += vectors[i][l] * Math.max(values[l], tol) * vectors[j][l];
    out[i][j] = s;
  }
  return out;
}

export function computeVcov(input: VcovInput, request: VcovRequest, ssc: Ssc): VcovOutput {
  const { bread, scores, n, nparams } = input;
  const k = bread.length;
  const fes = input.fixedEffects;
  const nfe = fes.length;
  const feDof = nfe > 0 ? fes.reduce((s, f) => s + f.nlevels, 0) - (nfe - 1) : 0;
  const exactAdjust = (): number => (ssc.fixefForceExact && nfe >= 2 ? nfe - 1 - redundantFixefCoefficients(fes) : 0);

  // K for the (n - 1) / (n - K) factor.
  let K = nparams;
  let nestedFixef: boolean[] = fes.map(() => false);
  const clusters = request.type === 'cluster' ? request.clusters : [];
  if (ssc.fixefK === 'none') K = nparams - feDof;
  else if (ssc.fixefK === 'full' || clusters.length === 0) K = nparams + exactAdjust();
  if (ssc.fixefK === 'nested' && nfe > 0 && clusters.length > 0) {
    const names = clusters.map((c) => c.name);
    nestedFixef = fes.map((f) => names.includes(f.name) || (f.columns.length > 1 && f.columns.some((c) => names.includes(c))));
    // fixest checks the data only when some cluster variable is not itself a fixed effect.
    if (!nestedFixef.every(Boolean) && !names.every((nm) => fes.some((f) => f.name === nm))) {
      nestedFixef = nestedFixef.map((done, q) => done || clusters.some((c) => isNested(fes[q].codes, fes[q].nlevels, c.codes)));
    }
    if (nestedFixef.every(Boolean)) K = nparams - feDof + 1;
    else if (ssc.fixefForceExact && nfe >= 2) {
      // Exact count: the redundancies among the non-nested fixed effects only.
      const kept = fes.filter((_, q) => !nestedFixef[q]);
      const keptDof = kept.reduce((s, f) => s + f.nlevels, 0) - redundantFixefCoefficients(kept);
      K = nparams - feDof + keptDof;
    } else {
      K = nparams - fes.reduce((s, f, q) => s + (nestedFixef[q] ? f.nlevels - 1 : 0), 0);
    }
    K = Math.max(K, k + 1);
  }
  const adj = ssc.adj ? (n - 1) / (n - K) : 1;

  let matrix: Matrix;
  let type: string;
  let nClusters: Record<string, number> | null = null;
  let nClustersMin: number | null = null;
  let fixedPsd = false;
  switch (request.type) {
    case 'iid': {
      const s = (input.ssr / (n - 1)) * adj;
      matrix = bread.map((r) => r.map((x) => x * s));
      type = 'IID';
      break;
    }
    case 'hetero': {
      const meat = crossMeat(scores, null);
      const c = (ssc.clusterAdj ? n / (n - 1) : 1) * adj;
      matrix = sandwich(bread, meat).map((r) => r.map((x) => x * c));
      type = 'Heteroskedasticity-robust';
      break;
    }
    case 'HC3': {
      if (!input.leverage) throw new UserError('vcov.hc3_unavailable', 'HC3 standard errors are not available for this model; use "hetero" or a clustered variance.');
      const h = input.leverage();
      const scale = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (!(h[i] < 1 - 1e-12)) throw new UserError('vcov.hc3_leverage_one', `Observation ${i + 1} of the estimation sample has leverage 1 (it is fitted exactly), so HC3 standard errors are undefined. Use "hetero" instead.`, { row: i + 1 });
        scale[i] = 1 / ((1 - h[i]) * (1 - h[i]));
      }
      const meat = crossMeat(scores, scale);
      matrix = sandwich(bread, meat);
      type = 'HC3';
      break;
    }
    case 'cluster': {
      nClusters = {};
      for (const c of clusters) {
        if (c.nlevels < 2) throw new UserError('vcov.single_cluster', `The cluster variable "${c.name}" has a single value in the estimation sample, so clustered standard errors are undefined. Cluster by a variable with at least two groups, or use "hetero".`, { cluster: c.name });
        nClusters[c.name] = c.nlevels;
      }
      const gMin = Math.min(...clusters.map((c) => c.nlevels));
      nClustersMin = gMin;
      const total = zeros(k, k);
      const m = clusters.length;
      for (let mask = 1; mask < 1 << m; mask++) {
        let codes: Int32Array | null = null;
        let nl = 0;
        let size = 0;
        for (let j = 0; j < m; j++) {
          if (!(mask & (1 << j))) continue;
          size++;
          if (!codes) {
            codes = clusters[j].codes;
            nl = clusters[j].nlevels;
          } else {
            const r = intersectCodes(codes, nl, clusters[j].codes, clusters[j].nlevels);
            codes = r.codes;
            nl = r.nlevels;
          }
        }
        const meat = clusterMeat(scores, codes as Int32Array, nl);
        const sign = size % 2 === 1 ? 1 : -1;
        const termAdj = ssc.clusterAdj && ssc.clusterDf === 'conventional' ? nl / (nl - 1) : 1;
        const part = sandwich(bread, meat);
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) total[a][b] += sign * termAdj * part[a][b];
      }
      const c = (ssc.clusterAdj && ssc.clusterDf === 'min' ? gMin / (gMin - 1) : 1) * adj;
      matrix = total.map((r) => r.map((x) => x * c));
      type = `Clustered (${clusters.map((cl) => cl.name).join(' & ')})`;
      break;
    }
  }
  if (matrix.some((r, i) => r[i] < 0)) {
    matrix = makePositiveSemiDefinite(matrix);
    fixedPsd = true;
  }
  let dfT: number;
  if (typeof ssc.tDf === 'number') dfT = ssc.tDf;
  else if (ssc.tDf === 'min' && nClustersMin !== null) dfT = Math.max(nClustersMin - 1, 1);
  else dfT = Math.max(n - K, 1);
  return { matrix, type, dofK: K, dfT, clusterVars: request.type === 'cluster' ? clusters.map((c) => c.name) : null, nClusters, nClustersMin, fixedPsd };
}
