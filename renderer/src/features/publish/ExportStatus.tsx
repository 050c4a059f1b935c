import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import type { ExportState } from './useExport';

export interface ExportStatusProps {
  state: ExportState;
  onCancel: () => void;
}

/** Progress with a cancel button while an export runs; where the file went once it is written. */
export function ExportStatus({ state, onCancel }: ExportStatusProps): ReactElement | null {
  const { t } = useTranslation();
  if (state.kind === 'running') {
    return (
      <div className="form-actions" data-testid="export-progress">
        <ProgressBar fraction={state.fraction} label={t('publish.exporting')} />
        <button type="button" className="btn" onClick={onCancel}>
          {t('publish.cancel')}
        </button>
      </div>
    );
  }
  if (state.kind === 'done') {
    return (
      <p className="notice" role="status" data-testid="export-done">
        {state.file.path ? t('publish.savedTo', { path: state.file.path }) : t('publish.downloaded', { name: state.file.file })}
      </p>
    );
  }
  if (state.kind === 'failed') return <ErrorMessage error={state.error} title={t('publish.exportFailed')} />;
  return null;
}
