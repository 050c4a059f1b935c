import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from './formErrors';
import { serverFieldErrors } from './formErrors';
import { useAnalysisJob, type JobState, type StoredRun } from './useAnalysisJob';

export interface BuilderOptions<S, Spec extends { model: string }, K extends string> {
  initial: () => S;
  /** The spec of a form state, or the error of each field. */
  build: (state: S) => { spec: Spec | null; errors: FieldErrors<K> };
  /** The form field an issue path inside the spec belongs to (for the Node side's issues). */
  fieldOf: (path: readonly PropertyKey[]) => K | null;
  /** Applies a change (defaults: a shallow merge). */
  update?: (state: S, patch: Partial<S>) => S;
  /** The saved analysis' name. */
  name: (spec: Spec) => string;
  onDone: (run: StoredRun) => void;
}

export interface Builder<S, K extends string> {
  form: S;
  set: (patch: Partial<S>) => void;
  /** Replaces the whole form (a new dataset starts afresh). */
  reset: (state: S) => void;
  errorText: (field: K) => string | undefined;
  /** Submitted with errors: the form says so. */
  invalid: boolean;
  submit: () => Promise<void>;
  job: JobState;
  running: boolean;
  cancel: () => void;
}

/**
 * A builder's state: the form, its spec (checked on every change, errors shown after the first
 * submit), the run as a job with progress and cancel, and the Node side's field errors.
 */
export function useBuilder<S, Spec extends { model: string }, K extends string>(opts: BuilderOptions<S, Spec, K>): Builder<S, K> {
  const { t } = useTranslation();
  const [form, setForm] = useState<S>(opts.initial);
  const [showErrors, setShowErrors] = useState(false);
  /** The form changed since the last run failed: the Node side's field errors are old news. */
  const [edited, setEdited] = useState(false);
  const job = useAnalysisJob();
  const { build } = opts;
  const built = useMemo(() => build(form), [build, form]);
  const errors: FieldErrors<K> = showErrors ? built.errors : {};

  const set = (patch: Partial<S>): void => {
    setForm((f) => (opts.update ? opts.update(f, patch) : { ...f, ...patch }));
    setEdited(true);
  };

  const submit = async (): Promise<void> => {
    setShowErrors(true);
    if (!built.spec) return;
    setEdited(false);
    const done = await job.run(built.spec, opts.name(built.spec));
    if (!done) return;
    opts.onDone(done);
  };

  // An invalid_request from the Node side lands on the field its path names.
  const failed = job.state.kind === 'failed' ? job.state.error : null;
  const { fieldOf } = opts;
  const serverErrors = useMemo<Partial<Record<K, string>>>(
    () => (failed && !edited ? serverFieldErrors(failed, fieldOf) : {}),
    [failed, edited, fieldOf],
  );

  return {
    form,
    set,
    reset: (state) => {
      setForm(state);
      setShowErrors(false);
    },
    errorText: (field) => {
      const e = errors[field];
      if (e) return t(e.key, e.values ?? {});
      return serverErrors[field];
    },
    invalid: showErrors && !built.spec,
    submit,
    job: job.state,
    running: job.state.kind === 'running',
    cancel: job.cancel,
  };
}
