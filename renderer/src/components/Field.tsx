import type { ReactElement, ReactNode } from 'react';

export interface FieldProps {
  /** The id of the control inside; the label points at it, the error and hint are tied to it. */
  id: string;
  label: string;
  hint?: string;
  /** Already translated; shown next to the field and announced by screen readers. */
  error?: string;
  children: ReactNode;
}

/** Ids of the hint and error of field `id`, for the control's aria-describedby. */
export function describedBy(id: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? `${id}-hint` : null, hasError ? `${id}-error` : null].filter((x): x is string => x !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A field's hint and error lines, with the ids describedBy points at. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }): ReactElement {
  return (
    <>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function Field({ id, label, hint, error, children }: FieldProps): ReactElement {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  placeholder?: string;
  disabled?: boolean;
  inputMode?: 'numeric' | 'text';
}

/** A labelled one-line text input whose hint and error are announced with it. */
export function TextField({ id, label, value, onChange, hint, error, placeholder, disabled, inputMode }: TextFieldProps): ReactElement {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        disabled={disabled}
        inputMode={inputMode}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
      />
    </Field>
  );
}
