import { useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisSpecInput } from '../../../../shared/specs/index';
import { BuilderShell as FormShell } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { serverFieldErrors } from '../didkit/formErrors';
import type { Built, FieldErrors } from './formKit';
import { useAnalysisRuns, type AfterRuns, type AnalysisRun, type PlannedRun } from './useAnalysisRuns';
import './kit.css';

export interface BuilderState {
  /** The translated error of a field: the form's (after a run attempt), else the Node side's. */
  errorText: (field: string) => string | undefined;
  running: boolean;
}

export interface BuilderShellProps<S extends AnalysisSpecInput> {
  id: string;
  title: string;
  intro: string;
  built: Built<S, string>;
  /** The runs a valid spec starts: the analysis itself, maybe companions on the same design. */
  plan: (spec: S) => PlannedRun[];
  /** Spec path → field, for the Node side's `invalid_request` issues. */
  fieldOf: (path: readonly PropertyKey[]) => string | null;
  /** Work after the runs, shown on the same progress bar (saving an index column). */
  after?: AfterRuns | null;
  runLabel: string;
  children: (state: BuilderState) => ReactNode;
  /** The first run of the plan (the others are saved beside it). */
  onDone: (run: AnalysisRun) => void;
  disabled?: boolean;
}

/**
 * What every RD, mechanism and discrete-outcome builder does around its fields (in didkit's
 * form shell and run bar): validate on run, show errors beside the fields (the schema's, then
 * the Node side's), run the plan with one progress bar and cancel, and hand the first stored
 * run back; when a later run of the plan fails, the finished ones stay reachable.
 */
export function BuilderShell<S extends AnalysisSpecInput>({ id, title, intro, built, plan, fieldOf, after = null, runLabel, children, onDone, disabled }: BuilderShellProps<S>): ReactElement {
  const { t } = useTranslation();
  const runs = useAnalysisRuns();
  const [showErrors, setShowErrors] = useState(false);
  const [server, setServer] = useState<Partial<Record<string, string>>>({});
  const errors: FieldErrors<string> = showErrors ? built.errors : {};
  const errorText = (field: string): string | undefined => {
    const e = errors[field];
    return e ? (e.text ?? t(`rdmech.errors.${e.key}`, e.values ?? {})) : server[field];
  };

  const submit = async (): Promise<void> => {
    setShowErrors(true);
    setServer({});
    if (!built.spec) return;
    const outcome = await runs.start(plan(built.spec), after);
    if (outcome.kind === 'done') onDone(outcome.runs[0]);
    if (outcome.kind === 'failed') setServer(serverFieldErrors(outcome.error, fieldOf));
  };

  const state = runs.state;
  const formProblem = showErrors && !built.spec ? errorText('form') : undefined;
  return (
    <FormShell id={id} title={title} intro={intro} onSubmit={() => void submit()} invalid={showErrors && !built.spec}>
      {formProblem ? <p className="field-error">{formProblem}</p> : null}
      {children({ errorText, running: state.kind === 'running' })}
      <RunBar
        state={state.kind === 'running' ? { kind: 'running', fraction: state.fraction, label: t('rdmech.common.runningWhat', { what: state.label }) } : state}
        runLabel={runLabel}
        onCancel={runs.cancel}
        disabled={disabled}
      />
      {state.kind === 'failed' && state.done.length > 0 ? (
        <div className="form-actions">
          <p className="muted">{t('rdmech.common.failedWhat', { what: state.label })}</p>
          <button type="button" className="btn" onClick={() => onDone(state.done[0])}>
            {t('rdmech.common.showDone', { count: state.done.length })}
          </button>
        </div>
      ) : null}
    </FormShell>
  );
}
