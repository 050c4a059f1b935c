/**
 * What each publication figure draws, as plain data: the input of the option builders in
 * options.ts. main/publish/figures/data.ts reads these from stored results for exports and the
 * CLI; the renderer's result views build the same shapes from the results they show, so the
 * app and the exported file draw one chart.
 */

/** One event time: the estimate and its 95% interval, or the omitted period drawn at zero. */
export interface EventPoint {
  period: number;
  estimate: number;
  conf_low: number | null;
  conf_high: number | null;
  /** The omitted period, drawn at zero without an interval. */
  reference: boolean;
}

/** A coefficient row of a coefficient plot (main/publish/results.ts CoefEntry has these fields). */
export interface CoefPoint {
  term: string;
  estimate: number | null;
  conf_low: number | null;
  conf_high: number | null;
}

export interface Curve {
  x: number[];
  y: number[];
}

export interface PlaceboData {
  density: Curve;
  /** Histogram on the density scale (null when the result has none). */
  histogram: { breaks: number[]; density: number[] } | null;
  actual: number | null;
  /** Randomization-inference p-value. */
  p: number | null;
}

/** One point per placebo draw (its estimate and p-value) and the actual estimate. */
export interface PlaceboPValueData {
  estimate: readonly number[];
  p: readonly number[];
  actual: number;
}

export interface RdplotBin {
  mean_bin: number;
  mean_y: number;
  side?: 'left' | 'right';
  /** Bin edges when the result lists them (rdplot's bin limits); the bin mean stands in otherwise. */
  min_bin?: unknown;
  max_bin?: unknown;
  /** The bin mean's confidence interval (rdplot's CI bars), when the result lists it. */
  ci_lower?: number;
  ci_upper?: number;
}

export interface RdplotData {
  c: number;
  bins: RdplotBin[];
  /** The fitted curve on each side, when the result lists it. */
  curve?: { left: Curve; right: Curve };
  /** Global polynomial coefficients in powers of (x − c), per side. */
  global_poly_coef?: { left: number[]; right: number[] };
}

export interface DensitySide {
  x: number[];
  /** Density estimate of order p (rdplotdensity's line). */
  y: number[];
  ci_lower: number[];
  ci_upper: number[];
}

export interface DensityTestData {
  c: number;
  left: DensitySide;
  right: DensitySide;
  histogram: { from: number; to: number; density: number }[];
  p: number | null;
}

export interface ScoreDensityData {
  grid: number[];
  density_before: { treated: number[]; control: number[] };
  density_after: { treated: number[]; control: number[] };
}

export interface BaconChartData {
  /** `type` is bacondecomp's comparison type; the figure spec's `labels` may rename it. */
  series: { type: string; points: { x: number; y: number; label: string }[] }[];
  reference_y: number;
}

export interface CompareChartData {
  /** `id` names the estimator (twfe, cs, …): the figure spec's `labels` may rename a series by it. */
  series: { id?: string; label: string; points: { x: number; e: number; y: number; low: number | null; high: number | null }[] }[];
  /** Where the dashed treatment line goes on the (offset) x axis. */
  treatment_x: number;
}

/** Evaluates rdplot's global polynomial Σ b_k (x − c)^k on one side, where the result has no curve. */
export function polynomialCurve(coef: number[], c: number, from: number, to: number, points = 200): Curve {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < points; i++) {
    const at = from + ((to - from) * i) / (points - 1);
    let v = 0;
    for (let k = coef.length - 1; k >= 0; k--) v = v * (at - c) + coef[k];
    x.push(at);
    y.push(v);
  }
  return { x, y };
}
