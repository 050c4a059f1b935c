/**
 * Charts of the mechanism result views, loaded with ECharts on first use: the marginal effect
 * over the moderator (shared/charts/mechanisms.ts) and the subgroup estimates of a
 * heterogeneity split (a coefficient plot). Tooltips are text nodes.
 */
import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefPoint } from '../../../../shared/charts/figureData';
import { marginalEffectsOption } from '../../../../shared/charts/mechanisms';
import type { ChartOption } from '../../../../shared/charts/options';
import type { HeterogeneitySplit } from '../../../../shared/specs/heterogeneity';
import type { ModerationResult } from '../../../../shared/specs/moderation';
import { EChart } from '../../charts/EChart';
import { outputLanguage } from '../../charts/figureSpecs';
import { formatEstimate } from '../../components/format';
import { CoefficientChart } from '../analysis-kit/CoefficientChart';
import { textTooltip } from '../analysis-kit/textTooltip';

export type MechChartProps =
  | { kind: 'moderation'; result: ModerationResult; source: string }
  | { kind: 'heterogeneity'; split: HeterogeneitySplit; outcome: string; source: string };

/** Johnson–Neyman bounds that fall inside the moderator's observed range. */
function boundsInRange(r: ModerationResult): number[] {
  return r.johnson_neyman.bounds.filter((b) => b >= r.moderator_summary.min && b <= r.moderator_summary.max);
}

function ModerationChart({ result }: { result: ModerationResult }): ReactElement {
  const { t, i18n } = useTranslation();
  const language = outputLanguage(i18n.language);
  const option = useMemo<ChartOption>(() => {
    const curve = result.marginal_effects;
    return {
      ...marginalEffectsOption(
        {
          language,
          title: t('rdmech.charts.meTitle', { treatment: result.treatment, moderator: result.moderator }),
          x_label: result.moderator,
          y_label: t('rdmech.charts.meY', { treatment: result.treatment }),
        },
        {
          curve: curve.map((p) => ({ moderator: p.moderator, estimate: p.estimate, conf_low: p.conf_low, conf_high: p.conf_high })),
          level: result.level,
          distribution: { breaks: result.distribution.breaks, counts: result.distribution.counts },
          bins: (result.binning?.bins ?? []).map((b) => ({ moderator: b.moderator, estimate: b.estimate, conf_low: b.conf_low, conf_high: b.conf_high })),
          jn_bounds: boundsInRange(result),
        },
      ),
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
  }, [result, language, t]);
  const title = t('rdmech.charts.meTitle', { treatment: result.treatment, moderator: result.moderator });
  return <EChart option={option} label={title} height={420} testId="marginal-effects-chart" />;
}

function HeterogeneityChart({ split, outcome, source }: { split: HeterogeneitySplit; outcome: string; source: string }): ReactElement {
  const { t } = useTranslation();
  const rows: CoefPoint[] = useMemo(
    () =>
      split.groups
        .filter((g) => g.estimate && g.estimate.estimate !== null)
        .map((g) => ({ term: `${g.label} (N = ${g.nobs})`, estimate: g.estimate?.estimate ?? null, conf_low: g.estimate?.conf_low ?? null, conf_high: g.estimate?.conf_high ?? null })),
    [split],
  );
  return (
    <CoefficientChart
      rows={rows}
      title={t('rdmech.charts.hetTitle', { outcome, column: split.column })}
      xLabel={t('rdmech.charts.hetX')}
      source={source}
      testId={`heterogeneity-chart-${split.column}`}
    />
  );
}

export default function MechCharts(props: MechChartProps): ReactElement {
  return props.kind === 'moderation' ? <ModerationChart result={props.result} /> : <HeterogeneityChart split={props.split} outcome={props.outcome} source={props.source} />;
}
