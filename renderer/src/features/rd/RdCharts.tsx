/**
 * The RD charts of the result views, loaded with ECharts on first use: the RD plot and the
 * density test are the publication figures of shared/charts/options.ts (what an export draws),
 * the sensitivity checks a coefficient plot; the app adds tooltips built from text nodes. Each
 * draws the figure spec its view built and offers "Export figure" for it.
 */
import { useMemo, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DensityTestData } from '../../../../shared/charts/figureData';
import { densityTestOption, rdplotOption, type ChartOption } from '../../../../shared/charts/options';
import { densitySide, rdSensitivityPoints, type RdSensitivityCheck } from '../../../../shared/charts/resultFigures';
import type { FigureSpec } from '../../../../shared/specs/figure';
import type { RddensityResult } from '../../../../shared/specs/rddensity';
import type { RdplotResult } from '../../../../shared/specs/rdplot';
import type { RdsensitivityResult } from '../../../../shared/specs/rdsensitivity';
import { formatCount, formatEstimate } from '../../components/format';
import { CoefficientChart } from '../analysis-kit/CoefficientChart';
import { textTooltip } from '../analysis-kit/textTooltip';
import { FigureChart } from '../publish/FigureChart';
import { sensitivityFigureSpec } from './rdFigures';

export type RdChartProps =
  | { kind: 'rdplot'; result: RdplotResult; spec: FigureSpec; controls?: ReactNode }
  | { kind: 'rddensity'; result: RddensityResult; spec: FigureSpec }
  | { kind: 'sensitivity'; check: RdSensitivityCheck; result: RdsensitivityResult; source: string };

/** The RD plot of `spec` (built by the view, whose toggles change it). */
function RdplotChart({ result, spec, controls }: { result: RdplotResult; spec: FigureSpec; controls?: ReactNode }): ReactElement {
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
  return <FigureChart spec={spec} option={option} height={420} testId="rd-plot-chart" controls={controls} />;
}

function DensityChart({ result, spec }: { result: RddensityResult; spec: FigureSpec }): ReactElement {
  const { t } = useTranslation();
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
  return <FigureChart spec={spec} option={option} height={400} testId="rd-density-chart" />;
}

function SensitivityChart({ check, result, source }: { check: RdSensitivityCheck; result: RdsensitivityResult; source: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(() => sensitivityFigureSpec(t, i18n.language, result, check, source), [t, i18n.language, result, check, source]);
  const rows = useMemo(() => rdSensitivityPoints(result, check), [result, check]);
  return <CoefficientChart spec={spec} rows={rows} testId={`rd-sens-chart-${check}`} />;
}

export default function RdCharts(props: RdChartProps): ReactElement {
  switch (props.kind) {
    case 'rdplot':
      return <RdplotChart result={props.result} spec={props.spec} controls={props.controls} />;
    case 'rddensity':
      return <DensityChart result={props.result} spec={props.spec} />;
    case 'sensitivity':
      return <SensitivityChart check={props.check} result={props.result} source={props.source} />;
  }
}
