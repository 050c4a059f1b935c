/**
 * Charts of the mechanism result views, loaded with ECharts on first use: the marginal effect
 * over the moderator (shared/charts/mechanisms.ts) and the subgroup estimates of a
 * heterogeneity split (a coefficient plot), each with "Export figure" for its figure spec
 * (marginal_effects, heterogeneity). Tooltips are text nodes.
 */
import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { marginalEffectsOption } from '../../../../shared/charts/mechanisms';
import type { ChartOption } from '../../../../shared/charts/options';
import { heterogeneityPoints, marginalEffectsData } from '../../../../shared/charts/resultFigures';
import type { HeterogeneitySplit } from '../../../../shared/specs/heterogeneity';
import type { ModerationResult } from '../../../../shared/specs/moderation';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { formatEstimate } from '../../components/format';
import { CoefficientChart } from '../analysis-kit/CoefficientChart';
import { textTooltip } from '../analysis-kit/textTooltip';
import { FigureChart } from '../publish/FigureChart';

export type MechChartProps =
  | { kind: 'moderation'; result: ModerationResult; source: string }
  | { kind: 'heterogeneity'; split: HeterogeneitySplit; outcome: string; source: string };

function ModerationChart({ result, source }: { result: ModerationResult; source: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(
    () =>
      appFigureSpec({
        kind: 'marginal_effects',
        source,
        title: t('rdmech.charts.meTitle', { treatment: result.treatment, moderator: result.moderator }),
        x_label: result.moderator,
        y_label: t('rdmech.charts.meY', { treatment: result.treatment }),
        language: outputLanguage(i18n.language),
      }),
    [t, i18n.language, result, source],
  );
  const option = useMemo<ChartOption>(() => {
    const curve = result.marginal_effects;
    return {
      ...marginalEffectsOption(spec, marginalEffectsData(result)),
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: textTooltip(({ value }) => {
          const x = Array.isArray(value) ? Number(value[0]) : Number.NaN;
          if (!Number.isFinite(x)) return null;
          // The curve point nearest the pointer.
          let best = curve[0];
          for (const p of curve) if (Math.abs(p.moderator - x) < Math.abs(best.moderator - x)) best = p;
          if (!best) return null;
          return [
            t('rdmech.charts.meAt', { moderator: result.moderator, x: formatEstimate(best.moderator, 3) }),
            t('rdmech.charts.estimateCi', { estimate: formatEstimate(best.estimate), low: formatEstimate(best.conf_low), high: formatEstimate(best.conf_high) }),
          ];
        }),
      },
    };
  }, [result, spec, t]);
  return <FigureChart spec={spec} option={option} height={420} testId="marginal-effects-chart" />;
}

function HeterogeneityChart({ split, outcome, source }: { split: HeterogeneitySplit; outcome: string; source: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(
    () =>
      appFigureSpec({
        kind: 'heterogeneity',
        panel: split.column,
        source,
        title: t('rdmech.charts.hetTitle', { outcome, column: split.column }),
        x_label: t('rdmech.charts.hetX'),
        language: outputLanguage(i18n.language),
      }),
    [t, i18n.language, split.column, outcome, source],
  );
  const rows = useMemo(() => heterogeneityPoints(split), [split]);
  return <CoefficientChart spec={spec} rows={rows} testId={`heterogeneity-chart-${split.column}`} />;
}

export default function MechCharts(props: MechChartProps): ReactElement {
  return props.kind === 'moderation' ? <ModerationChart result={props.result} source={props.source} /> : <HeterogeneityChart split={props.split} outcome={props.outcome} source={props.source} />;
}
