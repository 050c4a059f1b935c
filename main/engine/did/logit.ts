/**
 * Logistic regression by iteratively reweighted least squares for the propensity scores of
 * the DRDID estimators (Sant'Anna & Zhao 2020). Kept local to did/ until the shared glm lands;
 * it iterates to full convergence (R's glm/fastglm stop at a deviance tolerance of 1e-8, which
 * is why the fixtures allow ~1e-6 for ipw/dr).
 */
import { cholesky, choleskySolve } from '../linalg';
import { logisticCdf } from '../dist';

export interface LogitFit {
  coefficients: number[];
  fitted: Float64Array;
  converged: boolean;
  iterations: number;
}

/**
 * Fits P(d = 1 | x) = plogis(x'b) with columns `x` (include the intercept column yourself).
 * Returns null when X'WX is not positive definite (collinear covariates or complete separation).
 */
export function fitLogit(x: ReadonlyArray<Float64Array>, d: Float64Array, maxIter = 100): LogitFit | null {
  const m = d.length;
  const k = x.length;
  const eta = new Float64Array(m);
  // R's binomial()$initialize: mustart = (y + 0.5) / 2 for unit weights.
  for (let i = 0; i < m; i++) {
    const mu = (d[i] + 0.5) / 2;
    eta[i] = Math.log(mu / (1 - mu));
  }
  let beta = new Array<number>(k).fill(0);
  let devOld = Number.POSITIVE_INFINITY;
  let converged = false;
  let iter = 0;
  const w = new Float64Array(m);
  const z = new Float64Array(m);
  for (iter = 1; iter <= maxIter; iter++) {
    for (let i = 0; i < m; i++) {
      const mu = logisticCdf(eta[i]);
      const v = Math.max(mu * (1 - mu), 1e-300);
      w[i] = v;
      z[i] = eta[i] + (d[i] - mu) / v;
    }
    const xtwx: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const xtwz = new Array<number>(k).fill(0);
    for (let a = 0; a < k; a++) {
      const xa = x[a];
      let s = 0;
      for (let i = 0; i < m; i++) s += xa[i] * w[i] * z[i];
      xtwz[a] = s;
      for (let b = 0; b <= a; b++) {
        const xb = x[b];
        let t = 0;
        for (let i = 0; i < m; i++) t += xa[i] * w[i] * xb[i];
        xtwx[a][b] = t;
        xtwx[b][a] = t;
      }
    }
    const l = cholesky(xtwx);
    if (!l) return null;
    const next = choleskySolve(l, xtwz);
    let dev = 0;
    for (let i = 0; i < m; i++) {
      let e = 0;
      for (let a = 0; a < k; a++) e += x[a][i] * next[a];
      eta[i] = e;
      const mu = logisticCdf(e);
      dev -= 2 * (d[i] === 1 ? Math.log(Math.max(mu, 1e-300)) : Math.log(Math.max(1 - mu, 1e-300)));
    }
    let change = 0;
    for (let a = 0; a < k; a++) change = Math.max(change, Math.abs(next[a] - beta[a]) / (Math.abs(next[a]) + 1e-8));
    beta = next;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-15 || change < 1e-13) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  const fitted = new Float64Array(m);
  for (let i = 0; i < m; i++) fitted[i] = logisticCdf(eta[i]);
  return { coefficients: beta, fitted, converged, iterations: iter };
}
