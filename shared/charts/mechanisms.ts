/**
 * Figures of the mechanism analyses in the style of the publication figures (options.ts):
 * the marginal effect of a policy over a moderator's range (moderation). Pure functions of the
 * result's chart data, so the app and any export draw the same chart; every label plain text.
 */
import type { FigureSpec } from '../specs/figure';
import { ACCENT, GREY, INK, axis, base, whiskers, zeroLine, type ChartOption } from './options';

/** One point of the marginal-effect curve (moderation result `marginal_effects`). */
export interface MarginalEffectPoint {
  moderator: number;
  estimate: number | null;
  conf_low: number | null;
  conf_high: number | null;
}

export interface MarginalEffectsData {
  curve: MarginalEffectPoint[];
  /** Confidence level of the intervals, e.g. 0.95. */
  level: number;
  /** Histogram of the moderator (breaks has one more entry than counts). */
  distribution: { breaks: number[]; counts: number[] } | null;
  /** Binning estimates at each bin's median (Hainmueller, Mummolo & Xu 2019), or none. */
  bins: { moderator: number; estimate: number | null; conf_low: number | null; conf_high: number | null }[];
  /** Johnson–Neyman bounds inside the plotted range. */
  jn_bounds: number[];
}

type Lang = FigureSpec['language'];
const T: Record<Lang, { x: string; y: string; effect: string; ci: (level: string) => string; bins: string; distribution: string; jn: string }> = {
  en: {
    x: 'Moderator',
    y: 'Marginal effect of the treatment',
    effect: 'Marginal effect',
    ci: (level) => `${level}% CI`,
    bins: 'Binned estimates',
    distribution: 'Distribution of the moderator',
    jn: 'Johnson–Neyman bound',
  },
  zh: {
    x: '调节变量',
    y: '处理变量的边际效应',
    effect: '边际效应',
    ci: (level) => `${level}% 置信区间`,
    bins: '分箱估计',
    distribution: '调节变量分布',
    jn: 'Johnson–Neyman 临界点',
  },
};

/** A level as the legend writes it: 0.95 → "95", 0.9 → "90". */
function percent(level: number): string {
  return String(Number((level * 100).toPrecision(6)));
}

/**
 * The marginal effect of the treatment over the moderator: the curve, its confidence band,
 * the binning estimates with their intervals, a zero line, Johnson–Neyman bounds, and the
 * moderator's histogram along the bottom (on its own axis, a quarter of the plot's height).
 */
export function marginalEffectsOption(spec: Pick<FigureSpec, 'language' | 'title' | 'x_label' | 'y_label'>, d: MarginalEffectsData): ChartOption {
  const t = T[spec.language];
  const ciName = t.ci(percent(d.level));
  const ok = d.curve.filter((p) => p.estimate !== null);
  const band = ok.filter((p) => p.conf_low !== null && p.conf_high !== null);
  const bins = d.bins.filter((b) => b.estimate !== null);
  const hist = d.distribution && d.distribution.counts.length > 0 ? d.distribution : null;
  const xs = [...ok.map((p) => p.moderator), ...(hist ? [hist.breaks[0], hist.breaks[hist.breaks.length - 1]] : [])];
  const span = xs.length ? Math.max(...xs) - Math.min(...xs) : 1;
  const legend = [t.effect, ciName, ...(bins.length ? [t.bins] : []), ...(hist ? [t.distribution] : [])];
  const series: Record<string, unknown>[] = [];
  if (band.length > 0) {
    // The band as a stacked area: the lower bound (invisible) plus the band's width. Stacked
    // whatever the signs ('all'): ECharts' default stacks only values of the same sign, which
    // breaks the band where the lower bound is negative.
    series.push({ type: 'line', stack: 'ci', stackStrategy: 'all', data: band.map((p) => [p.moderator, p.conf_low]), symbol: 'none', lineStyle: { opacity: 0 }, silent: true });
    series.push({
      name: ciName,
      type: 'line',
      stack: 'ci',
      stackStrategy: 'all',
      data: band.map((p) => [p.moderator, (p.conf_high as number) - (p.conf_low as number)]),
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color: GREY, opacity: 0.25 },
      itemStyle: { color: GREY },
      silent: true,
    });
  }
  series.push({
    name: t.effect,
    type: 'line',
    data: ok.map((p) => [p.moderator, p.estimate]),
    symbol: 'none',
    lineStyle: { color: INK, width: 1.8 },
    itemStyle: { color: INK },
    markLine: {
      ...zeroLine('yAxis'),
      data: [
        { yAxis: 0 },
        ...d.jn_bounds.map((x) => ({
          xAxis: x,
          lineStyle: { color: ACCENT, type: 'dotted', width: 1 },
          label: { show: true, formatter: () => t.jn, color: ACCENT, position: 'insideEndTop' },
        })),
      ],
    },
  });
  if (bins.length > 0) {
    series.push({
      name: t.bins,
      type: 'line',
      data: whiskers(
        bins.map((b) => ({ x: b.moderator, lo: b.conf_low, hi: b.conf_high })),
        span / 80,
      ),
      connectNulls: false,
      symbol: 'none',
      lineStyle: { color: ACCENT, width: 1.2 },
      itemStyle: { color: ACCENT },
      silent: true,
    });
    series.push({ name: t.bins, type: 'scatter', data: bins.map((b) => [b.moderator, b.estimate]), symbol: 'diamond', symbolSize: 10, itemStyle: { color: ACCENT } });
  }
  const yAxis = axis(spec.y_label ?? t.y, { type: 'value', scale: true, nameGap: 52 });
  let counts: Record<string, unknown> | null = null;
  if (hist) {
    series.push({
      name: t.distribution,
      type: 'bar',
      yAxisIndex: 1,
      data: hist.counts.map((n, i) => [(hist.breaks[i] + hist.breaks[i + 1]) / 2, n]),
      barWidth: '92%',
      itemStyle: { color: '#d9d9d9' },
      silent: true,
      z: 0,
    });
    // The counts' axis reaches 4 × the tallest bar, so the histogram fills the bottom quarter.
    counts = { type: 'value', min: 0, max: Math.max(...hist.counts, 1) * 4, show: false };
  }
  return {
    ...base(spec, { legend }),
    xAxis: axis(spec.x_label ?? t.x, { type: 'value', scale: true, nameGap: 30 }),
    yAxis: counts ? [yAxis, counts] : yAxis,
    series,
  };
}
