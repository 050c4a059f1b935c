import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { RecipeInfo } from '../../../../shared/contract-data';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { JobStatus } from './JobStatus';
import { describeStep } from './describeStep';
import { useDataJob } from './useDataJob';

export interface RecipePanelProps {
  dataset: DatasetInfo;
  onChanged: (dataset: DatasetInfo, message: string) => void;
}

/**
 * The dataset's recipe: the original import, then every step in order (as a Stata-like
 * command with what it did). Undo replays the import through all steps but the last; replay
 * runs them all again (after a merged dataset changed, say).
 */
export function RecipePanel({ dataset, onChanged }: RecipePanelProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const job = useDataJob();
  const [recipe, setRecipe] = useState<RecipeInfo | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api.call('dataset.recipe', { datasetId: dataset.id }).then(
      (r) => {
        if (!live) return;
        setRecipe(r);
        setLoadError(null);
      },
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [api, dataset.id, dataset.fingerprint]);

  const steps = recipe?.steps ?? [];
  const undo = async (): Promise<void> => {
    const r = await job.run('dataset.undo', { datasetId: dataset.id });
    if (r.kind === 'done') onChanged(r.result.dataset, t('dataTools.recipe.undone', { step: describeStep(r.result.removed.step) }));
  };
  const replay = async (): Promise<void> => {
    const r = await job.run('dataset.replay', { datasetId: dataset.id });
    if (r.kind === 'done') onChanged(r.result.dataset, t('dataTools.recipe.replayed', { count: r.result.reports.length }));
  };

  const { file, format } = dataset.source;
  const origin = file
    ? t('dataTools.recipe.original', { file })
    : format === 'merge' || format === 'append'
      ? t(`dataTools.recipe.derived_${format}`)
      : t('dataTools.recipe.generated');
  return (
    <section className="dt-recipe" aria-labelledby="recipe-title">
      <h3 id="recipe-title">{t('dataTools.recipe.title')}</h3>
      {loadError !== null ? <ErrorMessage error={loadError} /> : null}
      <ol className="dt-steps" data-testid="recipe-steps">
        <li className="dt-step dt-step-origin">
          <span>{origin}</span>
          {recipe ? (
            <span className="muted small">
              {t('data.shape', { rows: formatCount(recipe.original.nrow, i18n.language), columns: formatCount(recipe.original.ncol, i18n.language) })}
            </span>
          ) : null}
        </li>
        {steps.map((s, k) => (
          <li key={`${k}-${s.at}`} className="dt-step" data-step={k + 1}>
            <code className="dt-step-command">{describeStep(s.step)}</code>
            <span className="muted small">{s.message}</span>
          </li>
        ))}
      </ol>
      {recipe && steps.length === 0 ? <p className="muted small">{t('dataTools.recipe.empty')}</p> : null}
      <div className="dt-actions">
        <button type="button" className="btn" onClick={() => void undo()} disabled={job.busy || steps.length === 0}>
          {t('dataTools.recipe.undo')}
        </button>
        <button type="button" className="btn" onClick={() => void replay()} disabled={job.busy || steps.length === 0}>
          {t('dataTools.recipe.replay')}
        </button>
      </div>
      <JobStatus job={job} label={t('dataTools.recipe.working')} failedTitle={t('dataTools.recipe.failed')} />
    </section>
  );
}
