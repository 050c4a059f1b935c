/**
 * What the step dialogs share: apply a built step to the dataset as a job, keep the form's or
 * the Node side's field errors, and read the dataset's declared panel (unit and time).
 */
import { useEffect, useRef, useState } from 'react';
import type { DatasetInfo } from '../../../../shared/contract';
import type { PanelDeclaration, StepReport } from '../../../../shared/contract-data';
import { useApi } from '../../app/ApiContext';
import { serverFieldErrors } from './formParts';
import type { Built, FieldErrors } from './stepForms';
import { useDataJob, type DataJob } from './useDataJob';

export interface StepApply {
  job: DataJob;
  errors: FieldErrors;
  setErrors: (errors: FieldErrors) => void;
  /** Shows the form's errors, or applies the step; a schema error from the Node side lands on its field. */
  apply: (built: Built) => Promise<void>;
}

export function useStepApply(datasetId: string, onApplied: (dataset: DatasetInfo, report: StepReport) => void): StepApply {
  const job = useDataJob();
  const [errors, setErrors] = useState<FieldErrors>({});
  const apply = async (built: Built): Promise<void> => {
    setErrors(built.errors);
    if (!built.step) return;
    const r = await job.run('dataset.transform', { datasetId, step: built.step });
    if (r.kind === 'done') onApplied(r.result.dataset, r.result.report);
    else if (r.kind === 'failed') setErrors(serverFieldErrors(r.error, 'step'));
  };
  return { job, errors, setErrors, apply };
}

/** Calls `onPanel` with the dataset's declared unit and time once they are known (if declared). */
export function useDeclaredPanel(datasetId: string, onPanel: (panel: PanelDeclaration) => void, onError: (error: unknown) => void = () => undefined): void {
  const api = useApi();
  const handlers = useRef({ onPanel, onError });
  handlers.current = { onPanel, onError };
  useEffect(() => {
    let live = true;
    api.call('dataset.recipe', { datasetId }).then(
      (r) => {
        if (live && r.panel) handlers.current.onPanel(r.panel);
      },
      (e: unknown) => live && handlers.current.onError(e),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId]);
}
