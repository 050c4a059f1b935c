/**
 * Small form pieces the data-management dialogs share: a list of column checkboxes, radio
 * choices, a text area, and the translation of a field error. Single columns are picked with
 * the DID builder's ColumnSelect (labels and value labels beside the name).
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import { Check as KitCheck, type CheckProps } from '../analysis-kit/BuilderParts';
import { Field, FieldNotes, describedBy } from '../../components/Field';
import { columnOptionText } from '../data/columnText';
import type { FieldError, FieldErrors } from './stepForms';

/** Translates a field error (a key under dataTools.errors); undefined when there is none. */
export function useErrorText(errors: FieldErrors): (field: string) => string | undefined {
  const { t } = useTranslation();
  return (field) => {
    const e: FieldError | undefined = errors[field];
    return e ? t(`dataTools.errors.${e.key}`, e.params ?? {}) : undefined;
  };
}

/**
 * The Node side's `invalid_request` names fields by path ("step.expr"); they become field
 * errors with the schema's message, under the name after the prefix (none: the first key).
 */
export function serverFieldErrors(error: unknown, prefix = ''): FieldErrors {
  if (!(error instanceof ApiError) || error.code !== 'invalid_request' || !Array.isArray(error.details.issues)) return {};
  const out: FieldErrors = {};
  const head = prefix === '' ? '' : `${prefix}.`;
  for (const issue of error.details.issues as { path?: unknown; message?: unknown }[]) {
    if (typeof issue.path !== 'string' || !issue.path.startsWith(head)) continue;
    const field = issue.path.slice(head.length).split('.')[0];
    if (!out[field]) out[field] = { key: 'invalid', params: { message: String(issue.message ?? '') } };
  }
  return out;
}

export interface ColumnChecksProps {
  id: string;
  label: string;
  columns: readonly ColumnInfo[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
}

/** Several columns as checkboxes, in the dataset's order. */
export function ColumnChecks({ id, label, columns, selected, onChange, hint, error, disabled }: ColumnChecksProps): ReactElement {
  const toggle = (name: string, on: boolean): void => onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  return (
    <fieldset className={error ? 'dt-fieldset field-invalid' : 'dt-fieldset'} aria-describedby={describedBy(id, !!hint, !!error)}>
      <legend>{label}</legend>
      <div className="check-list" id={id}>
        {columns.map((c) => (
          <label key={c.name} className="check" title={columnOptionText(c)}>
            <input type="checkbox" checked={selected.includes(c.name)} onChange={(e) => toggle(c.name, e.target.checked)} disabled={disabled} />
            <span>{c.name}</span>
          </label>
        ))}
      </div>
      <FieldNotes id={id} hint={hint} error={error} />
    </fieldset>
  );
}

export interface ChoiceProps<V extends string> {
  name: string;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  disabled?: boolean;
}

/** One of a few options as radio buttons in a row. */
export function Choice<V extends string>({ name, label, value, options, onChange, disabled }: ChoiceProps<V>): ReactElement {
  return (
    <fieldset className="dt-fieldset">
      <legend>{label}</legend>
      <div className="dt-choice">
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} disabled={disabled} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The builders' checkbox with the spacing the data dialogs put under it. */
export function Check(props: Omit<CheckProps, 'className'>): ReactElement {
  return <KitCheck {...props} className="dt-check" />;
}

export interface TextAreaFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  placeholder?: string;
  rows?: number;
  disabled?: boolean;
  /** Expressions and code: a monospace font. */
  code?: boolean;
}

export function TextAreaField({ id, label, value, onChange, hint, error, placeholder, rows = 3, disabled, code }: TextAreaFieldProps): ReactElement {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        className={code ? 'dt-code' : undefined}
        value={value}
        rows={rows}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
      />
    </Field>
  );
}
