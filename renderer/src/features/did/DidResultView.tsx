import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didSpec } from '../../../../shared/specs/did';
import { FitResultView } from '../results/FitResultView';
import type { ResultViewProps } from '../results/resultViews';

/**
 * A DID result, then what reviewers ask for next: a placebo test, robustness variants, triple
 * differences and lag effects, each opening its builder filled from this DID.
 */
export function DidResultView(props: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const { analysis, actions } = props;
  const parsed = didSpec.safeParse(props.stored.spec);
  const spec = parsed.success ? parsed.data : null;
  const canPlacebo = spec?.treatment.kind === 'column';
  return (
    <>
      {spec?.base_id ? (
        <p className="notice" data-testid="variant-of">
          {t('policy.nextSteps.variantOf', { label: spec.label ?? '' })}
          <button type="button" className="btn btn-link" onClick={() => actions.openAnalysis(spec.base_id ?? '')}>
            {t('policy.nextSteps.openBase')}
          </button>
        </p>
      ) : null}
      <FitResultView {...props} />
      {spec ? (
        <section className="next-steps" aria-labelledby="next-steps-title">
          <h3 id="next-steps-title">{t('policy.nextSteps.title')}</h3>
          <div className="next-steps-actions">
            <button
              type="button"
              className="btn"
              disabled={!canPlacebo}
              title={canPlacebo ? undefined : t('policy.nextSteps.placeboNeedsColumn')}
              onClick={() => actions.openBuilder('placebo', spec)}
            >
              {t('policy.nextSteps.placebo')}
            </button>
            <button type="button" className="btn" onClick={() => actions.openBuilder('did_robustness', { base: spec, base_id: analysis.id })}>
              {t('policy.nextSteps.robustness')}
            </button>
            <button type="button" className="btn" onClick={() => actions.openBuilder('ddd', spec)}>
              {t('policy.nextSteps.ddd')}
            </button>
            <button type="button" className="btn" onClick={() => actions.openBuilder('did_lags', spec)}>
              {t('policy.nextSteps.lags')}
            </button>
          </div>
          {canPlacebo ? null : <p className="field-hint">{t('policy.nextSteps.placeboNeedsColumn')}</p>}
        </section>
      ) : null}
    </>
  );
}
