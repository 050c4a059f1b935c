import type { ReactElement } from 'react';

/** The error under a group of controls (a list, a fieldset) that has no single Field around it. */
export function FieldErrorText({ error }: { error?: string }): ReactElement | null {
  return error ? (
    <p className="field-error" role="alert">
      {error}
    </p>
  ) : null;
}
