import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons in the footer. */
  footer?: ReactNode;
  /** While work is running the dialog stays open: Escape and the backdrop do nothing. */
  busy?: boolean;
}

/** A modal dialog: focus moves into it, Escape closes it unless it is busy. */
export function Dialog({ title, onClose, children, footer, busy = false }: DialogProps): ReactElement {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !busy) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onClose]);

  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-footer">{footer}</div> : null}
      </div>
    </div>
  );
}

export interface FormFooterProps {
  /** The id of the form the primary button submits. */
  formId: string;
  submitLabel: string;
  onCancel: () => void;
  /** Text of the cancel button. */
  cancelLabel: string;
  /** Both buttons off while work runs. */
  busy: boolean;
  /** The submit button is off for another reason as well (nothing to submit yet). */
  submitDisabled?: boolean;
}

/** A dialog footer for a form: cancel, and the primary button that submits the form. */
export function FormFooter({ formId, submitLabel, onCancel, cancelLabel, busy, submitDisabled = false }: FormFooterProps): ReactElement {
  return (
    <>
      <button type="button" className="btn" onClick={onCancel} disabled={busy}>
        {cancelLabel}
      </button>
      <button type="submit" form={formId} className="btn btn-primary" disabled={busy || submitDisabled}>
        {submitLabel}
      </button>
    </>
  );
}
