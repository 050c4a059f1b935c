/**
 * ECharts options of the publication figures: black on white, serif text (Times-like Latin,
 * Song-style Chinese), no animation, every label plain text. Pure functions of the figure data,
 * so the app's preview and the server-side export draw the same chart.
 */
import type { FigureSpec } from '../specs/figure';
import type { BaconChartData, CoefPoint, CompareChartData, Curve, DensityTestData, EventPoint, PlaceboData, PlaceboPValueData, RdplotData, ScoreDensityData } from './figureData';
import { polynomialCurve } from './figureData';
import { FIGURE_FONT_FAMILY } from './fonts';

/** An ECharts option as plain data (the subset of keys these figures use is not worth a type). */
export type ChartOption = Record<string, unknown>;

export const INK = '#000000';
export const GREY = '#6b6b6b';
export const ACCENT = '#b2182b';

const T = {
  en: {
    event_x: 'Periods relative to treatment',
    estimate: 'Estimate',
    ci: '95% CI',
    reference: 'Reference period',
    coef_x: 'Estimate (95% CI)',
    placebo_x: 'Placebo estimate',
    density: 'Density',
    actual: 'Actual estimate',
    rd_x: 'Running variable',
    rd_y: 'Outcome',
    treated: 'Treated',
    control: 'Control',
    before: 'Before matching',
    after: 'After matching',
    pscore: 'Propensity score',
    weight: 'Weight',
    bacon_y: '2×2 DID estimate',
    twfe: 'TWFE estimate',
    left: 'Left of cutoff',
    right: 'Right of cutoff',
    bins: 'Bin means',
    fit: 'Polynomial fit',
    draws: 'Placebo draws',
    p_value: 'p-value',
  },
  zh: {
    event_x: '相对政策实施的期数',
    estimate: '估计值',
    ci: '95% 置信区间',
    reference: '基期',
    coef_x: '估计值（95% 置信区间）',
    placebo_x: '安慰剂估计值',
    density: '密度',
    actual: '真实估计值',
    rd_x: '驱动变量',
    rd_y: '结果变量',
    treated: '处理组',
    control: '对照组',
    before: '匹配前',
    after: '匹配后',
    pscore: '倾向得分',
    weight: '权重',
    bacon_y: '2×2 DID 估计值',
    twfe: 'TWFE 估计值',
    left: '断点左侧',
    right: '断点右侧',
    bins: '分箱均值',
    fit: '多项式拟合',
    draws: '安慰剂抽样',
    p_value: 'p 值',
  },
};

/** Title, legend, grid and text style every figure shares (also shared/charts/mechanisms.ts). */
export function base(spec: Pick<FigureSpec, 'title'>, extra: { legend?: string[]; subtitle?: string } = {}): ChartOption {
  const hasTitle = Boolean(spec.title);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FIGURE_FONT_FAMILY, color: INK, fontSize: 13 },
    title: hasTitle || extra.subtitle ? { text: spec.title ?? '', subtext: extra.subtitle ?? '', left: 'center', top: 6, textStyle: { fontFamily: FIGURE_FONT_FAMILY, fontSize: 16, fontWeight: 'normal', color: INK }, subtextStyle: { fontFamily: FIGURE_FONT_FAMILY, color: GREY } } : undefined,
    legend: extra.legend ? { data: extra.legend, bottom: 4, textStyle: { fontFamily: FIGURE_FONT_FAMILY, color: INK }, itemWidth: 22 } : undefined,
    grid: { left: 76, right: 28, top: hasTitle || extra.subtitle ? 64 : 24, bottom: extra.legend ? 78 : 56, containLabel: false },
  };
}

export function axis(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    nameLocation: 'middle',
    nameTextStyle: { fontFamily: FIGURE_FONT_FAMILY, color: INK, fontSize: 13 },
    // Axes sit on the plot's edge, not where the other axis is zero (ECharts' default).
    axisLine: { show: true, onZero: false, lineStyle: { color: INK } },
    axisTick: { show: true, lineStyle: { color: INK } },
    axisLabel: { color: INK, fontFamily: FIGURE_FONT_FAMILY },
    splitLine: { show: false },
    ...extra,
  };
}

/** Vertical whiskers as one line series: [x, low], [x, high], then a gap. */
export function whiskers(points: { x: number; lo: number | null; hi: number | null }[], cap: number): number[][] {
  const out: (number | null)[][] = [];
  for (const p of points) {
    if (p.lo === null || p.hi === null) continue;
    out.push([p.x, p.lo], [p.x, p.hi], [null, null]);
    out.push([p.x - cap, p.lo], [p.x + cap, p.lo], [null, null], [p.x - cap, p.hi], [p.x + cap, p.hi], [null, null]);
  }
  return out as number[][];
}

export function zeroLine(axisKey: 'xAxis' | 'yAxis', value = 0, color = GREY, label?: string): Record<string, unknown> {
  return {
    symbol: 'none',
    silent: true,
    // A function formatter: a string one would be read as a template ("{b}", "{c}").
    label: label ? { show: true, formatter: () => label, color, fontFamily: FIGURE_FONT_FAMILY } : { show: false },
    lineStyle: { color, type: 'dashed', width: 1 },
    data: [{ [axisKey]: value }],
  };
}

export function eventStudyOption(spec: FigureSpec, points: EventPoint[]): ChartOption {
  const t = T[spec.language];
  const est = points.filter((p) => !p.reference);
  const ref = points.filter((p) => p.reference);
  const periods = points.map((p) => p.period);
  return {
    ...base(spec, { legend: [t.estimate, t.ci, ...(ref.length ? [t.reference] : [])] }),
    // Integer ticks with a free period of margin on each side (its label hidden).
    xAxis: axis(spec.x_label ?? t.event_x, { type: 'value', min: Math.min(...periods) - 1, max: Math.max(...periods) + 1, interval: 1, nameGap: 30, axisLabel: { color: INK, fontFamily: FIGURE_FONT_FAMILY, showMinLabel: false, showMaxLabel: false } }),
    yAxis: axis(spec.y_label ?? t.estimate, { type: 'value', scale: true, nameGap: 52 }),
    series: [
      {
        name: t.ci,
        type: 'line',
        data: whiskers(est.map((p) => ({ x: p.period, lo: p.conf_low, hi: p.conf_high })), 0.08),
        connectNulls: false,
        symbol: 'none',
        lineStyle: { color: INK, width: 1.2 },
        itemStyle: { color: INK },
        markLine: zeroLine('yAxis'),
      },
      {
        name: t.estimate,
        type: 'line',
        data: est.map((p) => [p.period, p.estimate]),
        symbol: 'circle',
        symbolSize: 7,
        lineStyle: { color: INK, width: 1, type: 'dotted' },
        itemStyle: { color: INK },
        markLine: ref.length ? zeroLine('xAxis', ref[0].period + 0.5) : undefined,
      },
      ...(ref.length
        ? [{ name: t.reference, type: 'scatter', data: ref.map((p) => [p.period, 0]), symbol: 'emptyCircle', symbolSize: 8, itemStyle: { color: INK, borderColor: INK } }]
        : []),
    ],
  };
}

/** Several estimators' event studies on one axis (did_compare), told apart by marker and grey level. */
export function eventStudyCompareOption(spec: FigureSpec, d: CompareChartData): ChartOption {
  const t = T[spec.language];
  const symbols = ['circle', 'triangle', 'rect', 'diamond', 'emptyCircle', 'emptyTriangle'];
  const inks = [INK, GREY, '#9a9a9a', '#3d3d3d', INK, GREY];
  const es = d.series.flatMap((s) => s.points.map((p) => p.e));
  const names = d.series.map((s) => (s.id !== undefined ? spec.labels[s.id] : undefined) ?? s.label);
  const b = base(spec, { legend: names });
  return {
    ...b,
    // Legend entries show each estimator's marker in its grey level.
    legend: { ...(b.legend as object), data: d.series.map((s, i) => ({ name: names[i], icon: symbols[i % symbols.length].replace('empty', '').toLowerCase(), itemStyle: { color: inks[i % inks.length] } })) },
    xAxis: axis(spec.x_label ?? t.event_x, { type: 'value', min: Math.min(...es) - 1, max: Math.max(...es) + 1, interval: 1, nameGap: 30, axisLabel: { color: INK, fontFamily: FIGURE_FONT_FAMILY, showMinLabel: false, showMaxLabel: false } }),
    yAxis: axis(spec.y_label ?? t.estimate, { type: 'value', scale: true, nameGap: 52 }),
    series: d.series.flatMap((s, i) => [
      {
        name: names[i],
        type: 'line',
        data: whiskers(s.points.map((p) => ({ x: p.x, lo: p.low, hi: p.high })), 0.05),
        connectNulls: false,
        symbol: 'none',
        lineStyle: { color: inks[i % inks.length], width: 1 },
        itemStyle: { color: inks[i % inks.length] },
        markLine: i === 0 ? { ...zeroLine('yAxis'), data: [{ yAxis: 0 }, { xAxis: d.treatment_x }] } : undefined,
      },
      { name: names[i], type: 'scatter', data: s.points.map((p) => [p.x, p.y]), symbol: symbols[i % symbols.length], symbolSize: 7, itemStyle: { color: inks[i % inks.length], borderColor: inks[i % inks.length] } },
    ]),
  };
}

export function coefficientOption(spec: FigureSpec, rows: CoefPoint[]): ChartOption {
  const t = T[spec.language];
  const labels = rows.map((r) => spec.labels[r.term] ?? r.term);
  // Category axis from top to bottom in the given order.
  const idx = (i: number): number => rows.length - 1 - i;
  const segs: (number | null)[][] = [];
  rows.forEach((r, i) => {
    if (r.conf_low === null || r.conf_high === null) return;
    segs.push([r.conf_low, idx(i)], [r.conf_high, idx(i)], [null, null]);
  });
  return {
    ...base(spec),
    grid: { left: 150, right: 28, top: spec.title ? 64 : 24, bottom: 56 },
    xAxis: axis(spec.x_label ?? t.coef_x, { type: 'value', scale: true, nameGap: 30 }),
    yAxis: axis(spec.y_label ?? '', { type: 'category', data: [...labels].reverse(), axisTick: { show: false } }),
    series: [
      { name: t.ci, type: 'line', data: segs, connectNulls: false, symbol: 'none', lineStyle: { color: INK, width: 1.2 }, markLine: zeroLine('xAxis') },
      { name: t.estimate, type: 'scatter', data: rows.map((r, i) => [r.estimate, idx(i)]), symbol: 'circle', symbolSize: 7, itemStyle: { color: INK } },
    ],
  };
}

export function placeboOption(spec: FigureSpec, d: PlaceboData): ChartOption {
  const t = T[spec.language];
  const subtitle = d.p !== null ? `p = ${d.p.toFixed(3)}` : undefined;
  const h = d.histogram;
  const xs = [...d.density.x, ...(h ? h.breaks : []), ...(d.actual !== null ? [d.actual] : [])];
  return {
    ...base(spec, { subtitle, legend: [t.density, ...(d.actual !== null ? [t.actual] : [])] }),
    xAxis: axis(spec.x_label ?? t.placebo_x, { type: 'value', min: Math.min(...xs), max: Math.max(...xs), nameGap: 30 }),
    yAxis: axis(spec.y_label ?? t.density, { type: 'value', nameGap: 52 }),
    series: [
      ...(h ? [{ type: 'bar', data: h.density.map((v, i) => [(h.breaks[i] + h.breaks[i + 1]) / 2, v]), barWidth: '95%', itemStyle: { color: '#e0e0e0' }, silent: true }] : []),
      { name: t.density, type: 'line', data: curveData(d.density), symbol: 'none', lineStyle: { color: INK, width: 1.5 }, itemStyle: { color: INK } },
      ...(d.actual !== null
        ? [{ name: t.actual, type: 'line', data: [], symbol: 'none', lineStyle: { color: ACCENT, type: 'dashed' }, itemStyle: { color: ACCENT }, markLine: zeroLine('xAxis', d.actual, ACCENT) }]
        : []),
    ],
  };
}

/**
 * The scatter of placebo estimates against their p-values, as policy papers draw it next to the
 * density: most draws should be insignificant (above the 10% line) and centred on zero, far
 * from the actual estimate.
 */
export function placeboPValueOption(spec: FigureSpec, d: PlaceboPValueData): ChartOption {
  const t = T[spec.language];
  const xs = [...d.estimate, d.actual];
  const pad = (Math.max(...xs) - Math.min(...xs)) * 0.05 || 0.01;
  const frame = base(spec, { legend: [t.draws, t.actual] });
  return {
    ...frame,
    // Room on the right for the label of the 10% line.
    grid: { ...(frame.grid as Record<string, unknown>), right: 64 },
    xAxis: axis(spec.x_label ?? t.placebo_x, { type: 'value', min: Math.min(...xs) - pad, max: Math.max(...xs) + pad, nameGap: 30 }),
    yAxis: axis(spec.y_label ?? t.p_value, { type: 'value', min: 0, max: 1, nameGap: 44 }),
    series: [
      {
        name: t.draws,
        type: 'scatter',
        data: d.estimate.map((x, i) => [x, d.p[i]]),
        symbol: 'circle',
        symbolSize: 4,
        itemStyle: { color: 'transparent', borderColor: INK, borderWidth: 0.8, opacity: 0.7 },
        markLine: zeroLine('yAxis', 0.1, GREY, 'p = 0.1'),
      },
      {
        name: t.actual,
        type: 'line',
        data: [],
        symbol: 'none',
        lineStyle: { color: ACCENT, type: 'dashed' },
        itemStyle: { color: ACCENT },
        markLine: zeroLine('xAxis', d.actual, ACCENT),
      },
    ],
  };
}

/**
 * Axis bounds that hold every finite value, rounded outwards to a step of 1, 2 or 5 × 10^k
 * (about five intervals), with that step as the tick interval; ECharts' own range when there
 * is nothing to hold.
 */
export function niceRange(values: number[]): { min: number; max: number; interval: number } | { scale: true } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { scale: true };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) / 10 : 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  // Rounding after the multiplication keeps bounds like 0.30000000000000004 out of the labels.
  const round = (x: number): number => Number(x.toPrecision(12));
  return { min: round(Math.floor(lo / step) * step), max: round(Math.ceil(hi / step) * step), interval: round(step) };
}

function curveData(c: Curve): number[][] {
  return c.x.map((x, i) => [x, c.y[i]]);
}

export function rdplotOption(spec: FigureSpec, d: RdplotData): ChartOption {
  const t = T[spec.language];
  const left = d.bins.filter((b) => (b.side ? b.side === 'left' : b.mean_bin < d.c));
  const right = d.bins.filter((b) => (b.side ? b.side === 'right' : b.mean_bin >= d.c));
  const range = (bins: typeof left): [number, number] => {
    const xs = bins.flatMap((b) => [typeof b.min_bin === 'number' ? b.min_bin : b.mean_bin, typeof b.max_bin === 'number' ? b.max_bin : b.mean_bin]);
    return [Math.min(...xs), Math.max(...xs)];
  };
  const curves: Curve[] = d.curve
    ? [d.curve.left, d.curve.right]
    : d.global_poly_coef && left.length && right.length
      ? [polynomialCurve(d.global_poly_coef.left, d.c, range(left)[0], d.c), polynomialCurve(d.global_poly_coef.right, d.c, d.c, range(right)[1])]
      : [];
  // Each bin's confidence interval (rdplot's CI bars, drawn only when asked for, as rdplot's
  // `ci` option), capped at a quarter of the narrowest bin.
  const withCi = spec.show_ci ? d.bins.filter((b) => typeof b.ci_lower === 'number' && typeof b.ci_upper === 'number') : [];
  const widths = d.bins.map((b) => (typeof b.max_bin === 'number' && typeof b.min_bin === 'number' ? b.max_bin - b.min_bin : Number.NaN)).filter((w) => w > 0);
  const cap = widths.length ? Math.min(...widths) / 4 : 0;
  const legend = [t.bins, ...(curves.length ? [t.fit] : []), ...(withCi.length ? [t.ci] : [])];
  return {
    ...base(spec, { legend }),
    xAxis: axis(spec.x_label ?? t.rd_x, { type: 'value', scale: true, nameGap: 30 }),
    // The y range follows the bin means and the fit: the interval of a nearly empty bin can be
    // many times wider than the data and would flatten everything else (it is clipped instead).
    yAxis: axis(spec.y_label ?? t.rd_y, { type: 'value', nameGap: 52, ...niceRange([...d.bins.map((b) => b.mean_y), ...curves.flatMap((c) => c.y)]) }),
    series: [
      ...(withCi.length
        ? [{ name: t.ci, type: 'line', data: whiskers(withCi.map((b) => ({ x: b.mean_bin, lo: b.ci_lower as number, hi: b.ci_upper as number })), cap), connectNulls: false, symbol: 'none', lineStyle: { color: GREY, width: 1 }, itemStyle: { color: GREY }, silent: true }]
        : []),
      { name: t.bins, type: 'scatter', data: d.bins.map((b) => [b.mean_bin, b.mean_y]), symbol: 'circle', symbolSize: 5, itemStyle: { color: GREY }, markLine: zeroLine('xAxis', d.c, INK) },
      ...curves.map((c) => ({ name: t.fit, type: 'line', data: curveData(c), symbol: 'none', lineStyle: { color: INK, width: 1.8 }, itemStyle: { color: INK } })),
    ],
  };
}

export function densityTestOption(spec: FigureSpec, d: DensityTestData): ChartOption {
  const t = T[spec.language];
  const series: Record<string, unknown>[] = [];
  if (d.histogram.length > 0) {
    series.push({
      type: 'bar',
      data: d.histogram.map((b) => [(b.from + b.to) / 2, b.density]),
      barWidth: '90%',
      itemStyle: { color: '#d9d9d9' },
      silent: true,
    });
  }
  for (const { name, s, color } of [
    { name: t.left, s: d.left, color: INK },
    { name: t.right, s: d.right, color: GREY },
  ]) {
    const band = s.x.map((_, i) => i).filter((i) => Number.isFinite(s.ci_lower[i]) && Number.isFinite(s.ci_upper[i]));
    if (band.length > 0) {
      // A confidence band as a stacked area: the lower bound (invisible) plus the band width.
      series.push({ type: 'line', stack: name, stackStrategy: 'all', data: band.map((i) => [s.x[i], s.ci_lower[i]]), symbol: 'none', lineStyle: { opacity: 0 }, silent: true });
      series.push({ type: 'line', stack: name, stackStrategy: 'all', data: band.map((i) => [s.x[i], s.ci_upper[i] - s.ci_lower[i]]), symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.15 }, silent: true });
    }
    series.push({ name, type: 'line', data: s.x.map((x, i) => [x, s.y[i]]), symbol: 'none', lineStyle: { color, width: 1.8 }, itemStyle: { color } });
  }
  series[series.length - 1] = { ...series[series.length - 1], markLine: zeroLine('xAxis', d.c, INK) };
  return {
    ...base(spec, { legend: [t.left, t.right], subtitle: d.p !== null ? `p = ${d.p.toFixed(3)}` : undefined }),
    xAxis: axis(spec.x_label ?? t.rd_x, { type: 'value', scale: true, nameGap: 30 }),
    yAxis: axis(spec.y_label ?? t.density, { type: 'value', nameGap: 52 }),
    series,
  };
}

export function scoreDensityOption(spec: FigureSpec, d: ScoreDensityData): ChartOption {
  const t = T[spec.language];
  const panels = [
    { title: t.before, curves: d.density_before },
    { title: t.after, curves: d.density_after },
  ];
  const top = spec.title ? 72 : 40;
  const grids = panels.map((_, i) => ({ left: i === 0 ? '9%' : '56%', width: '38%', top, bottom: 78 }));
  return {
    ...base(spec, { legend: [t.treated, t.control] }),
    grid: grids,
    title: [
      ...(spec.title ? [{ text: spec.title, left: 'center', top: 6, textStyle: { fontFamily: FIGURE_FONT_FAMILY, fontSize: 16, fontWeight: 'normal', color: INK } }] : []),
      ...panels.map((p, i) => ({ text: p.title, left: i === 0 ? '28%' : '75%', top: top - 26, textAlign: 'center', textStyle: { fontFamily: FIGURE_FONT_FAMILY, fontSize: 13, fontWeight: 'normal', color: INK } })),
    ],
    xAxis: panels.map((_, i) => axis(spec.x_label ?? t.pscore, { type: 'value', gridIndex: i, min: 0, max: 1, nameGap: 28 })),
    yAxis: panels.map((_, i) => axis(i === 0 ? (spec.y_label ?? t.density) : '', { type: 'value', gridIndex: i, nameGap: 44 })),
    series: panels.flatMap((p, i) => [
      { name: t.treated, type: 'line', xAxisIndex: i, yAxisIndex: i, data: d.grid.map((x, k) => [x, p.curves.treated[k]]), symbol: 'none', lineStyle: { color: INK, width: 1.6 }, itemStyle: { color: INK } },
      { name: t.control, type: 'line', xAxisIndex: i, yAxisIndex: i, data: d.grid.map((x, k) => [x, p.curves.control[k]]), symbol: 'none', lineStyle: { color: GREY, width: 1.6, type: 'dashed' }, itemStyle: { color: GREY } },
    ]),
  };
}

export function baconOption(spec: FigureSpec, d: BaconChartData): ChartOption {
  const t = T[spec.language];
  const symbols = ['circle', 'triangle', 'rect', 'diamond'];
  const twfeLine = zeroLine('yAxis', d.reference_y, ACCENT, `${t.twfe} = ${d.reference_y.toFixed(3)}`);
  const names = d.series.map((s) => spec.labels[s.type] ?? s.type);
  return {
    ...base(spec, { legend: names }),
    xAxis: axis(spec.x_label ?? t.weight, { type: 'value', nameGap: 30 }),
    yAxis: axis(spec.y_label ?? t.bacon_y, { type: 'value', scale: true, nameGap: 52 }),
    series: [
      ...d.series.map((s, i) => ({
        name: names[i],
        type: 'scatter',
        data: s.points.map((p) => [p.x, p.y]),
        symbol: symbols[i % symbols.length],
        symbolSize: 8,
        itemStyle: { color: i === 0 ? INK : i === 1 ? GREY : 'transparent', borderColor: INK, borderWidth: 1 },
        // The label sits inside the plot, above the line's right end, where it is never clipped.
        markLine: i === 0 ? { ...twfeLine, label: { ...(twfeLine.label as object), position: 'insideEndTop' } } : undefined,
      })),
      // An invisible point on the TWFE line keeps the line in the axis range (with round ticks)
      // even when every 2×2 estimate lies on one side of it.
      { type: 'scatter', data: [[0, d.reference_y]], symbolSize: 0, silent: true, tooltip: { show: false } },
    ],
  };
}
