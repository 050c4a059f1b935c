/**
 * Saves a computed composite index into its dataset: the index result's `recipe_steps` (plain
 * `generate` steps with every constant written out, preceded by `drop` when the column exists)
 * go through the data-management `dataset.transform` job one by one, so the dataset's recipe
 * shows how the column was built and replaying the recipe recreates it.
 */
import type { RecipeStep } from '../../../../shared/recipe';
import type { Api } from '../../api';

export async function saveIndexColumn(
  api: Pick<Api, 'startJob'>,
  datasetId: string,
  steps: readonly RecipeStep[],
  onProgress: (fraction: number) => void,
): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const job = api.startJob('dataset.transform', { datasetId, step: steps[i] }, { onProgress: (f) => onProgress((i + f) / steps.length) });
    await job.promise;
    onProgress((i + 1) / steps.length);
  }
}
