import { useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisSpecInput } from '../../../../shared/specs/index';
import { InvalidAlert } from './BuilderParts';
import { RunFooter } from './RunFooter';
import { serverFieldErrors, type Built, type FieldErrors } from './formKit';
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
 * What every RD, mechanism and discrete-outcome builder does around its fields: validate on
 * run, show errors beside the fields (the schema's, then the Node side's), run with progress
 * and cancel, and hand the stored run back.
 */
export function BuilderShell<S extends AnalysisSpecInput>({ id, title, intro, built, plan, fieldOf, after = null, runLabel, children, onDone, disabled }: BuilderShellProps<S>): ReactElement {
  const { t } = useTranslation();
  const runs = useAnalysisRuns();
  const [showErrors, setShowErrors] = useState(false);
  const [server, setServer] = useState<FieldErrors<string>>({});
  const errors: FieldErrors<string> = showErrors ? built.errors : {};
  const errorText = (field: string): string | undefined => {
    const e = errors[field] ?? server[field];
    return e ? (e.text ?? t(`rdmech.errors.${e.key}`, e.values ?? {})) : undefined;
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setShowErrors(true);
    setServer({});
    if (!built.spec) return;
    const outcome = await runs.start(plan(built.spec), after);
    if (outcome.kind === 'done') onDone(outcome.runs[0]);
    if (outcome.kind === 'failed') setServer(serverFieldErrors(outcome.error, fieldOf));
  };

  return (
    <form className="rdmech-builder" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <div className="view-head">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="muted">{intro}</p>
        </div>
      </div>
      <InvalidAlert show={showErrors && !built.spec} detail={errorText('form')} />
      {children({ errorText, running: runs.state.kind === 'running' })}
      <RunFooter state={runs.state} runLabel={runLabel} onCancel={runs.cancel} onShowDone={(done) => onDone(done[0])} disabled={disabled} />
    </form>
  );
}
