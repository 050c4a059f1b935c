/**
 * The RD charts of the result views, loaded with ECharts on first use: the RD plot and the
 * density test are the publication figures of shared/charts/options.ts (what an export draws),
 * the sensitivity checks a coefficient plot; the app adds tooltips built from text nodes.
 */
import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefPoint, DensitySide, DensityTestData } from '../../../../shared/charts/figureData';
import { densityTestOption, rdplotOption, type ChartOption } from '../../../../shared/charts/options';
import type { FigureSpec } from '../../../../shared/specs/figure';
import type { RddensityPoint, RddensityResult } from '../../../../shared/specs/rddensity';
import type { RdplotResult } from '../../../../shared/specs/rdplot';
import type { RdsensitivityResult } from '../../../../shared/specs/rdsensitivity';
import { EChart } from '../../charts/EChart';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { formatCount, formatEstimate } from '../../components/format';
import { CoefficientChart } from '../analysis-kit/CoefficientChart';
import { textTooltip } from '../analysis-kit/textTooltip';
import { sensitivityLabel } from './rdLabels';

export type RdChartProps =
  | { kind: 'rdplot'; result: RdplotResult; spec: FigureSpec }
  | { kind: 'rddensity'; result: RddensityResult; source: string }
  | { kind: 'sensitivity'; check: 'bandwidth' | 'placebo' | 'donut' | 'balance'; result: RdsensitivityResult; source: string };

/** One side of rdplotdensity's chart: the points with a density estimate. */
function densitySide(points: RddensityPoint[]): DensitySide {
  const ok = points.filter((q) => q.f_p !== null);
  return {
    x: ok.map((q) => q.x),
    y: ok.map((q) => q.f_p as number),
    ci_lower: ok.map((q) => q.ci_lower ?? Number.NaN),
    ci_upper: ok.map((q) => q.ci_upper ?? Number.NaN),
  };
}

/** The RD plot of `spec` (built by the view, which exports the same spec). */
function RdplotChart({ result, spec }: { result: RdplotResult; spec: FigureSpec }): ReactElement {
  const { t, i18n } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const bins = result.bins;
    return {
      ...rdplotOption(spec, { c: result.c, bins, curve: result.curve }),
      tooltip: {
        trigger: 'item',
        confine: true,
        // The bins are the figure's only scatter series, in the result's order.
        formatter: textTooltip(({ seriesType, dataIndex }) => {
          const bin = seriesType === 'scatter' ? bins[dataIndex] : null;
          if (!bin) return null;
          return [
            t('rdmech.charts.binRange', { from: formatEstimate(bin.min_bin, 3), to: formatEstimate(bin.max_bin, 3) }),
            t('rdmech.charts.binMean', { y: formatEstimate(bin.mean_y) }),
            t('rdmech.charts.binCi', { low: formatEstimate(bin.ci_lower), high: formatEstimate(bin.ci_upper) }),
            t('rdmech.charts.binN', { n: formatCount(bin.n, i18n.language) }),
          ];
        }),
      },
    };
  }, [spec, result, t, i18n.language]);
  return <EChart option={option} label={spec.title ?? ''} height={420} testId="rd-plot-chart" />;
}

function DensityChart({ result, source }: { result: RddensityResult; source: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(
    () =>
      appFigureSpec({
        kind: 'density_test',
        source,
        title: t('rdmech.charts.densityTitle'),
        x_label: t('rdmech.charts.runningVariable'),
        y_label: t('rdmech.charts.density'),
        language: outputLanguage(i18n.language),
      }),
    [t, i18n.language, source],
  );
  const option = useMemo<ChartOption>(() => {
    const data: DensityTestData = {
      c: result.c,
      left: densitySide(result.density.left),
      right: densitySide(result.density.right),
      histogram: result.histogram,
      p: result.test.p_jk,
    };
    return {
      ...densityTestOption(spec, data),
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: textTooltip(({ value }) =>
          Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number'
            ? [t('rdmech.charts.densityAt', { x: formatEstimate(value[0], 3), f: formatEstimate(value[1]) })]
            : null,
        ),
      },
    };
  }, [spec, result, t]);
  return <EChart option={option} label={spec.title ?? ''} height={400} testId="rd-density-chart" />;
}

function SensitivityChart({ check, result, source }: { check: 'bandwidth' | 'placebo' | 'donut' | 'balance'; result: RdsensitivityResult; source: string }): ReactElement {
  const { t } = useTranslation();
  const rows: CoefPoint[] = useMemo(() => {
    const say = (key: string, values?: Record<string, unknown>): string => t(key, values ?? {});
    const list = result[check].map((row) => ({ term: sensitivityLabel(say, check, row), estimate: row.estimate, conf_low: row.ci_lower, conf_high: row.ci_upper }));
    // The placebo cutoffs are read against the estimate at the true cutoff.
    if (check === 'placebo') list.push({ term: t('rdmech.charts.trueCutoff'), estimate: result.main.estimate, conf_low: result.main.ci_lower, conf_high: result.main.ci_upper });
    return list.filter((r) => r.estimate !== null);
  }, [result, check, t]);
  return (
    <CoefficientChart
      rows={rows}
      title={t(`rdmech.charts.sensTitle.${check}`)}
      xLabel={t('rdmech.charts.sensX', { level: result.level })}
      source={source}
      testId={`rd-sens-chart-${check}`}
    />
  );
}

export default function RdCharts(props: RdChartProps): ReactElement {
  switch (props.kind) {
    case 'rdplot':
      return <RdplotChart result={props.result} spec={props.spec} />;
    case 'rddensity':
      return <DensityChart result={props.result} source={props.source} />;
    case 'sensitivity':
      return <SensitivityChart check={props.check} result={props.result} source={props.source} />;
  }
}
