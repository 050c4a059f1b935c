/**
 * Figure data read from the results of the analyses whose charts are more than one field of
 * the result: placebo p-values, RD sensitivity checks, a moderation's marginal effects,
 * heterogeneity splits and a PSM-DID's matchings. The result views and main/publish's figure
 * export both call these on the same stored result, so the exported file is the chart on screen.
 */
import type { FigureSpec } from '../specs/figure';
import type { HeterogeneityResult, HeterogeneitySplit } from '../specs/heterogeneity';
import type { ModerationResult } from '../specs/moderation';
import type { PlaceboResult } from '../specs/placebo';
import type { RdSensitivityRow, RdsensitivityResult } from '../specs/rdsensitivity';
import type { CoefPoint, DensitySide, PlaceboPValueData } from './figureData';
import type { MarginalEffectsData } from './mechanisms';

/** The placebo draws' estimates and p-values with the actual estimate; null without draws. */
export function placeboPValueData(r: Pick<PlaceboResult, 'charts'>): PlaceboPValueData | null {
  const { estimate, p } = r.charts.p_values;
  return estimate.length > 0 ? { estimate, p, actual: r.charts.actual } : null;
}

export const RD_SENSITIVITY_CHECKS = ['bandwidth', 'placebo', 'donut', 'balance'] as const;
export type RdSensitivityCheck = (typeof RD_SENSITIVITY_CHECKS)[number];

/** The row id of the true cutoff's estimate on the placebo-cutoff chart. */
export const RD_TRUE_CUTOFF = 'main';

/** The check a figure draws: the spec's panel, else the first check with rows; null when none has. */
export function rdSensitivityCheck(r: RdsensitivityResult, panel: string | undefined): RdSensitivityCheck | null {
  if (panel !== undefined) return (RD_SENSITIVITY_CHECKS as readonly string[]).includes(panel) ? (panel as RdSensitivityCheck) : null;
  return RD_SENSITIVITY_CHECKS.find((c) => r[c].length > 0) ?? null;
}

/**
 * One check's rows as coefficient-plot points with ids as terms (`bandwidth:0`, …): the rows
 * with an estimate, and for placebo cutoffs the estimate at the true cutoff to read them against.
 * The labels on the axis come from the figure spec's `labels` (rdSensitivityLabels by default).
 */
export function rdSensitivityPoints(r: RdsensitivityResult, check: RdSensitivityCheck): CoefPoint[] {
  const point = (term: string, row: RdSensitivityRow): CoefPoint => ({ term, estimate: row.estimate, conf_low: row.ci_lower, conf_high: row.ci_upper });
  const rows = r[check].map((row, i) => point(`${check}:${i}`, row));
  if (check === 'placebo') rows.push(point(RD_TRUE_CUTOFF, r.main));
  return rows.filter((p) => p.estimate !== null);
}

const SENSITIVITY_TEXT = {
  en: { selected: 'selected', donut: 'radius', trueCutoff: 'true cutoff' },
  zh: { selected: '自动选择', donut: '半径', trueCutoff: '真实断点' },
};

/** Axis labels of one check's rows, where the figure spec gives none (the CLI): h, cutoff, radius, covariate. */
export function rdSensitivityLabels(r: RdsensitivityResult, check: RdSensitivityCheck, language: FigureSpec['language']): Record<string, string> {
  const t = SENSITIVITY_TEXT[language];
  const v = (row: RdSensitivityRow): string => (row.value === null ? '' : String(Number(row.value.toPrecision(4))));
  const label = (row: RdSensitivityRow): string => {
    switch (check) {
      case 'bandwidth':
        return row.label === 'selected' ? `h = ${v(row)} (${t.selected})` : `h = ${v(row)}`;
      case 'placebo':
        return `c = ${v(row)}`;
      case 'donut':
        return `${t.donut} ${v(row)}`;
      case 'balance':
        return row.label;
    }
  };
  const labels: Record<string, string> = Object.fromEntries(r[check].map((row, i) => [`${check}:${i}`, label(row)]));
  if (check === 'placebo') labels[RD_TRUE_CUTOFF] = t.trueCutoff;
  return labels;
}

/** The marginal-effect chart's data: the curve, binning estimates and Johnson–Neyman bounds inside the observed range. */
export function marginalEffectsData(r: ModerationResult): MarginalEffectsData {
  const { min, max } = r.moderator_summary;
  return {
    curve: r.marginal_effects.map((p) => ({ moderator: p.moderator, estimate: p.estimate, conf_low: p.conf_low, conf_high: p.conf_high })),
    level: r.level,
    distribution: { breaks: r.distribution.breaks, counts: r.distribution.counts },
    bins: (r.binning?.bins ?? []).map((b) => ({ moderator: b.moderator, estimate: b.estimate, conf_low: b.conf_low, conf_high: b.conf_high })),
    jn_bounds: r.johnson_neyman.bounds.filter((b) => b >= min && b <= max),
  };
}

/** The split a heterogeneity figure draws: the spec's panel (a split column), else the first. */
export function heterogeneitySplit(r: Pick<HeterogeneityResult, 'splits'>, panel: string | undefined): HeterogeneitySplit | null {
  return (panel === undefined ? r.splits[0] : r.splits.find((s) => s.column === panel)) ?? null;
}

/** A split's subgroups with an estimate, labelled with their size. */
export function heterogeneityPoints(split: HeterogeneitySplit): CoefPoint[] {
  return split.groups
    .filter((g) => g.estimate !== null && g.estimate.estimate !== null)
    .map((g) => ({ term: `${g.label} (N = ${g.nobs})`, estimate: g.estimate?.estimate ?? null, conf_low: g.estimate?.conf_low ?? null, conf_high: g.estimate?.conf_high ?? null }));
}

/** One side of rdplotdensity's chart: the grid points with a density estimate (a missing CI bound is NaN, not drawn). */
export function densitySide(points: readonly { x: number; f_p: number | null; ci_lower?: number | null; ci_upper?: number | null }[]): DensitySide {
  const ok = points.filter((q) => q.f_p !== null);
  return {
    x: ok.map((q) => q.x),
    y: ok.map((q) => q.f_p as number),
    ci_lower: ok.map((q) => q.ci_lower ?? Number.NaN),
    ci_upper: ok.map((q) => q.ci_upper ?? Number.NaN),
  };
}
