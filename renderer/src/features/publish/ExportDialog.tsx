import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ExportStatus } from './ExportStatus';
import type { ExportJob } from './useExport';

export interface ExportDialogProps {
  title: string;
  job: ExportJob;
  /** Starts the export (the primary button). */
  onExport: () => void;
  onClose: () => void;
  /** The export's options. */
  children: ReactNode;
}

/** A dialog around one export: its options, Close and Export, then progress with cancel and where the file went. */
export function ExportDialog({ title, job, onExport, onClose, children }: ExportDialogProps): ReactElement {
  const { t } = useTranslation();
  const running = job.state.kind === 'running';
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={running}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={running}>
            {t('publish.close')}
          </button>
          <button type="button" className="btn btn-primary" disabled={running} onClick={onExport}>
            {t('publish.export')}
          </button>
        </>
      }
    >
      {children}
      <ExportStatus state={job.state} onCancel={job.cancel} />
    </Dialog>
  );
}
