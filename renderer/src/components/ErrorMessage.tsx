import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export interface ErrorMessageProps {
  error: unknown;
  /** What failed, e.g. "The file could not be imported"; the code's own sentence otherwise. */
  title?: string;
  onDismiss?: () => void;
}

/** The details worth showing a person: where in the file the problem is. */
const DETAIL_KEYS = ['file', 'line', 'row', 'column', 'term'] as const;

interface ErrorParts {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export function errorParts(error: unknown): ErrorParts {
  if (error instanceof ApiError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof Error) return { code: 'internal', message: error.message, details: {} };
  return { code: 'internal', message: String(error), details: {} };
}

/**
 * A failure as the user sees it: a translated sentence for the error code, the engine's own
 * message (English, naming the file, row, column or term) and those details as a list. All
 * of it is text: messages can quote file contents.
 */
export function ErrorMessage({ error, title, onDismiss }: ErrorMessageProps): ReactElement {
  const { t, i18n } = useTranslation();
  const { code, message, details } = errorParts(error);
  // Codes with dots ("did.treatment_not_binary") are nested keys; a code that names a group
  // of codes rather than one sentence gets the generic heading.
  const codeKey = `errors.codes.${code}`;
  const resolved: unknown = i18n.exists(codeKey) ? t(codeKey, { returnObjects: true }) : null;
  const codeText = typeof resolved === 'string' ? resolved : null;
  const heading = title ?? codeText ?? t('errors.generic');
  const shown = DETAIL_KEYS.filter((k) => typeof details[k] === 'string' || typeof details[k] === 'number');
  return (
    <div className="error-box" role="alert" data-error-code={code}>
      <p className="error-title">{heading}</p>
      {title && codeText ? <p>{codeText}</p> : null}
      <p className="error-message">{message}</p>
      {shown.length > 0 ? (
        <dl className="error-details">
          {shown.map((k) => (
            <div key={k}>
              <dt>{t(`errors.detail.${k}`)}</dt>
              <dd>{String(details[k])}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {onDismiss ? (
        <button type="button" className="btn btn-small" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
