/**
 * Kernels of rdrobust, rdplot, rddensity and lpdensity, with their canonical names and the
 * pilot-bandwidth constants of rdrobust (Calonico, Cattaneo & Titiunik 2014; the rule-of-thumb
 * constant C_c of rdbwselect's first step).
 */
export type RdKernel = 'triangular' | 'epanechnikov' | 'uniform';

const ALIASES: Record<string, RdKernel> = {
  tri: 'triangular',
  triangular: 'triangular',
  epa: 'epanechnikov',
  epanechnikov: 'epanechnikov',
  uni: 'uniform',
  uniform: 'uniform',
};

export function kernelName(k: string): RdKernel | undefined {
  return ALIASES[k.toLowerCase()];
}

/** The label rdrobust prints ("Triangular", …). */
export function kernelLabel(k: RdKernel): 'Triangular' | 'Epanechnikov' | 'Uniform' {
  return k === 'triangular' ? 'Triangular' : k === 'epanechnikov' ? 'Epanechnikov' : 'Uniform';
}

/**
 * K((x - c)/h)/h as rdrobust_kweight computes it. The boundary |u| = 1 is inside the support
 * (it gets weight 0 under the triangular and Epanechnikov kernels, 0.5/h under the uniform).
 */
export function kweight(x: number, c: number, h: number, kernel: RdKernel): number {
  const u = (x - c) / h;
  const a = Math.abs(u);
  if (!(a <= 1)) return 0;
  if (kernel === 'triangular') return (1 - a) / h;
  if (kernel === 'epanechnikov') return (0.75 * (1 - u * u)) / h;
  return 0.5 / h;
}

/** Rule-of-thumb constant for the pilot bandwidth c_bw = C_c · min(sd, IQR/1.349) · N^(-1/5). */
export function pilotConstant(kernel: RdKernel): number {
  return kernel === 'triangular' ? 2.576 : kernel === 'epanechnikov' ? 2.34 : 1.843;
}

/**
 * The kernel as a polynomial on [0, 1] (coefficients of 1, u, u², …), used for the exact
 * kernel moments in rddensity: ∫ u^m K(u) du has a closed form for these kernels.
 */
export function kernelPolyOnUnit(kernel: RdKernel): number[] {
  if (kernel === 'triangular') return [1, -1];
  if (kernel === 'epanechnikov') return [0.75, 0, -0.75];
  return [0.5];
}
